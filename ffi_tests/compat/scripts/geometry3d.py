"""Arrows3D, LineStrips3D, Boxes3D, Ellipsoids3D and Capsules3D: static, over a timeline, partial updates, clears."""

import numpy as np
from _common import finish, log_alone, setup

rr = setup("geometry3d")
rng = np.random.default_rng(5)

# static
rr.log("world/arrows", rr.Arrows3D(vectors=[[0, 0, 1]], colors=[[0, 255, 0]]), static=True)
rr.log("world/strips", rr.LineStrips3D(np.arange(18, dtype=np.float32).reshape(2, 3, 3)), static=True)
rr.log(
    "world/boxes",
    rr.Boxes3D(sizes=[[1, 2, 3]], mins=[[0, 0, 0]], fill_mode="Solid", labels=["crate"]),
    static=True,
)
rr.log("world/spheres", rr.Ellipsoids3D(radii=[0.5, 1.0], centers=[[0, 0, 0], [2, 0, 0]]), static=True)

for frame in range(8):
    rr.set_time("frame", sequence=frame)
    rr.set_time("time", timestamp=1_700_000_000 + frame * 0.5)
    n = 2 + frame
    angle = frame * 0.2
    quat = rr.Quaternion(xyzw=[0.0, 0.0, float(np.sin(angle / 2)), float(np.cos(angle / 2))])
    rr.log(
        "world/arrows",
        rr.Arrows3D(
            vectors=rng.normal(size=(n, 3)).astype(np.float32),
            origins=rng.normal(size=(n, 3)),
            radii=rng.uniform(0.01, 0.1, size=n),
            class_ids=np.arange(n, dtype=np.uint16),
        ),
    )
    rr.log(
        "world/strips",
        rr.LineStrips3D(
            [rng.normal(size=(k + 2, 3)) for k in range(frame % 4 + 1)],
            radii=0.02,
            labels=["s"] * (frame % 4 + 1),
            show_labels=False,
        ),
    )
    rr.log(
        "world/boxes",
        rr.Boxes3D(
            half_sizes=rng.uniform(0.1, 1, size=(n, 3)),
            centers=rng.normal(size=(n, 3)),
            rotations=quat,
            colors=rng.integers(0, 256, size=(n, 4), dtype=np.uint8),
            fill_mode=rr.components.FillMode.MajorWireframe,
        ),
    )
    rr.log(
        "world/boxes_aa",
        rr.Boxes3D(
            half_sizes=[1, 1, 1],
            rotation_axis_angles=[rr.RotationAxisAngle(axis=[0, 0, 1], radians=angle)],
            radii=0.01,
        ),
    )
    rr.log(
        "world/ellipsoids",
        rr.Ellipsoids3D(
            half_sizes=rng.uniform(0.1, 1, size=(n, 3)).astype(np.float32),
            centers=rng.normal(size=(n, 3)),
            quaternions=[quat] * n,
            line_radii=0.01,
            fill_mode="DenseWireframe",
            labels=[f"e{i}" for i in range(n)],
        ),
    )
    rr.log(
        "world/capsules",
        rr.Capsules3D(
            lengths=rng.uniform(0.5, 2, size=n).astype(np.float32),
            radii=rng.uniform(0.1, 0.3, size=n),
            translations=rng.normal(size=(n, 3)),
            quaternions=[quat] * n,
            colors=rng.integers(0, 256, size=(n, 3), dtype=np.uint8),
            fill_mode="Solid",
        ),
    )
    if frame == 3:  # partial updates
        log_alone(
            rr,
            ("world/boxes", rr.Boxes3D.from_fields(radii=[0.05], show_labels=True)),
            ("world/ellipsoids", rr.Ellipsoids3D.from_fields(colors=[0xFF00FFFF])),
            ("world/capsules", rr.Capsules3D.from_fields(line_radii=[0.02], show_labels=False)),
            ("world/arrows", rr.Arrows3D.from_fields(clear_unset=True, vectors=[[1, 1, 1]])),
        )
    if frame == 5:
        log_alone(
            rr,
            ("world/strips", rr.LineStrips3D.cleared()),
            ("world/boxes_aa", rr.Boxes3D.cleared()),
            ("world/ellipsoids", rr.Ellipsoids3D.cleared()),
            ("world/capsules", rr.Capsules3D.cleared()),
        )
finish(rr)
