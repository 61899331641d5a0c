"""A script that lays out its views in code: a default blueprint at save, then send_blueprint
of a two-view layout while logging (the scene of docs/blueprint_nparrow_vs_rerun.png)."""

import importlib
import sys

import numpy as np
from _common import finish, setup

rr = setup("blueprint_layout")
rrb = importlib.import_module(sys.argv[1] + ".blueprint")
rr.send_blueprint(rrb.Blueprint(rrb.Spatial3DView(origin="/world")), make_active=False, make_default=True)
rr.send_blueprint(
    rrb.Horizontal(
        rrb.Spatial3DView(origin="/world", name="3D", background=[30, 30, 40]),
        rrb.TimeSeriesView(origin="/plots", name="plots", plot_legend=rrb.PlotLegend(visible=True)),
        column_shares=[2, 1],
    )
)
rng = np.random.default_rng(0)
pts = rng.normal(size=(200, 3)).astype(np.float32)
for i in range(20):
    rr.set_time("frame", sequence=i)
    rr.log("world/points", rr.Points3D(pts * (1 + 0.01 * i), radii=0.03))
    rr.log("plots/sin", rr.Scalars(np.sin(i / 5)))
finish(rr)
