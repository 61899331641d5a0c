"""Static Points3D with every common component + a static Transform3D(translation, mat3x3)."""

import numpy as np
from _common import finish, perturbed, setup

rr = setup("points_static")
rng = np.random.default_rng(1234)

n = 100
positions = rng.normal(size=(n, 3)).astype(np.float32)
colors = rng.integers(0, 256, size=(n, 3), dtype=np.uint8)
radii = rng.uniform(0.01, 0.1, size=n).astype(np.float32)
labels = [f"pt{i}" for i in range(n)]
class_ids = (np.arange(n) % 7).astype(np.uint16)

if perturbed():
    positions[17, 1] += 0.5  # one coordinate of one point changes

rr.log(
    "world/points",
    rr.Points3D(positions, colors=colors, radii=radii, labels=labels, class_ids=class_ids),
    static=True,
)
rr.log(
    "world",
    rr.Transform3D(translation=[1.0, 2.0, 3.0], mat3x3=np.arange(9, dtype=np.float32).reshape(3, 3)),
    static=True,
)
# A scalar radius (one instance splatted to all points) and python-list inputs.
rr.log(
    "world/few",
    rr.Points3D([[0, 0, 0], [1, 1, 1], [2, 2, 2]], radii=0.25, colors=[255, 128, 0], show_labels=False),
    static=True,
)
rr.log("world/flat", rr.Points3D([[3, 3, 3]], point_shading="Flat"), static=True)
rr.log("world/cleared", rr.Points3D.cleared(), static=True)
finish(rr)
