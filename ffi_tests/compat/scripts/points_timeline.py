"""20 frames on a `frame` sequence timeline, plus `time` (timestamp) and `dur` (duration) timelines."""

import numpy as np
from _common import finish, setup

rr = setup("points_timeline")
rng = np.random.default_rng(42)

for frame in range(20):
    rr.set_time("frame", sequence=frame)
    rr.set_time("time", timestamp=1_700_000_000 + frame * 0.25)
    if frame % 3 == 0:
        # duration timeline only advances on some frames (seconds -> ns, float and int input)
        rr.set_time("dur", duration=frame * 0.1 if frame % 2 else frame)

    n = 5 + 3 * frame  # a different point count every frame
    positions = rng.uniform(-1, 1, size=(n, 3)).astype(np.float32)
    if frame % 2 == 0:
        # packed 0xRRGGBBAA ints
        colors = rng.integers(0, 2**32, size=n, dtype=np.uint64).astype(np.uint32)
    else:
        # float colors in 0..1 (RGB for odd frames < 10, RGBA afterwards)
        channels = 3 if frame < 10 else 4
        colors = rng.uniform(0, 1, size=(n, channels)).astype(np.float32)
    radii = rng.uniform(0.01, 0.05, size=n).astype(np.float32)
    keypoint_ids = np.arange(n, dtype=np.uint16)
    rr.log("scene/points", rr.Points3D(positions, colors=colors, radii=radii, keypoint_ids=keypoint_ids))

    angle = frame * 0.1
    xyzw = [0.0, 0.0, float(np.sin(angle / 2)), float(np.cos(angle / 2))]
    rr.log(
        "scene",
        rr.Transform3D(translation=[frame * 0.5, 0.0, 1.0], quaternion=rr.Quaternion(xyzw=xyzw)),
    )
finish(rr)
