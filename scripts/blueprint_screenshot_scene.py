"""The scene of docs/blueprint_nparrow_vs_rerun.png: `python scripts/blueprint_screenshot_scene.py nparrow|rerun OUT.rrd`,
then `xvfb-run -a -s "-screen 0 1280x800x24" rerun OUT.rrd --window-size 1280x800 --screenshot-to OUT.png`."""

import importlib
import sys

import numpy as np

sdk = sys.argv[1]
rr = importlib.import_module(sdk)
rrb = importlib.import_module(sdk + ".blueprint")
rr.init("blueprint_demo", recording_id=f"bp-{sdk}")
rr.save(sys.argv[2])
rr.send_blueprint(
    rrb.Horizontal(
        rrb.Spatial3DView(origin="/world", name="3D"), rrb.TimeSeriesView(origin="/plots", name="plots")
    )
)
rng = np.random.default_rng(0)
pts = rng.normal(size=(500, 3)).astype(np.float32)
for i in range(50):
    rr.set_time("frame", sequence=i)
    rr.log(
        "world/points",
        rr.Points3D(pts * (1 + 0.01 * i), colors=(pts * 60 + 128).clip(0, 255).astype(np.uint8), radii=0.03),
    )
    rr.log("plots/sin", rr.Scalars(np.sin(i / 5)))
    rr.log("plots/cos", rr.Scalars(np.cos(i / 5)))
rr.disconnect()
