"""Points2D, Arrows2D, LineStrips2D and Boxes2D: static, over a timeline, partial updates, clears."""

import numpy as np
from _common import finish, log_alone, setup

rr = setup("geometry2d")
rng = np.random.default_rng(3)
try:
    Box2DFormat = rr.Box2DFormat
except AttributeError:  # nparrow before the top-level export
    from nparrow.archetypes.boxes import Box2DFormat

# static
rr.log("img/points", rr.Points2D([[0, 0], [1, 1]], colors=[255, 0, 0], labels=["a", "b"]), static=True)
rr.log("img/arrows", rr.Arrows2D(vectors=[[1, 0], [0, 1]], origins=[[0, 0], [2, 2]]), static=True)
rr.log("img/strips", rr.LineStrips2D([[[0, 0], [1, 1], [2, 0]]], draw_order=5), static=True)
rr.log("img/boxes", rr.Boxes2D(array=[[1, 2, 10, 20]], array_format=Box2DFormat.XYWH), static=True)

for frame in range(8):
    rr.set_time("frame", sequence=frame)
    n = 3 + frame
    rr.log(
        "img/points",
        rr.Points2D(
            rng.uniform(0, 100, size=(n, 2)).astype(np.float32),
            radii=rng.uniform(0.5, 2, size=n).astype(np.float32),
            colors=rng.integers(0, 256, size=(n, 3), dtype=np.uint8),
            draw_order=float(frame),
            class_ids=np.arange(n, dtype=np.uint16),
            keypoint_ids=np.arange(n, dtype=np.uint16),
        ),
    )
    rr.log(
        "img/arrows",
        rr.Arrows2D(
            vectors=rng.normal(size=(n, 2)),
            origins=rng.normal(size=(n, 2)),
            radii=0.1,
            labels=[f"a{i}" for i in range(n)],
            show_labels=frame % 2 == 0,
        ),
    )
    rr.log(
        "img/strips",
        rr.LineStrips2D(
            [rng.normal(size=(k + 2, 2)).astype(np.float32) for k in range(frame % 3 + 1)],
            colors=[0x00FF00FF],
            class_ids=[frame],
        ),
    )
    fmt = list(Box2DFormat)[frame % len(Box2DFormat)]
    rr.log(
        "img/boxes",
        rr.Boxes2D(array=rng.uniform(1, 50, size=(2, 4)), array_format=fmt, labels=["l", "r"], draw_order=3),
    )
    rr.log("img/boxes_sized", rr.Boxes2D(sizes=[[4, 2], [1, 1]], mins=[[frame, 0], [0, frame]], radii=0.5))
    if frame == 3:  # partial updates
        log_alone(
            rr,
            ("img/points", rr.Points2D.from_fields(radii=[9.0])),
            ("img/boxes", rr.Boxes2D.from_fields(colors=[[0, 0, 255]], show_labels=True)),
            ("img/arrows", rr.Arrows2D.from_fields(clear_unset=True, vectors=[[5, 5]])),
        )
    if frame == 5:
        log_alone(
            rr,
            ("img/strips", rr.LineStrips2D.cleared()),
            ("img/boxes_sized", rr.Boxes2D.cleared()),
        )
finish(rr)
