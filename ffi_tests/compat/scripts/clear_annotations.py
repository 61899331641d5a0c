"""AnnotationContext (classes, keypoints, skeleton edges) with points that use it, and Clear."""

import numpy as np
from _common import finish, setup

rr = setup("clear_annotations")

skeleton = rr.ClassDescription(
    info=rr.AnnotationInfo(id=1, label="person", color=(0, 255, 0)),
    keypoint_annotations=[
        rr.AnnotationInfo(id=0, label="nose", color=[255, 0, 0]),
        (1, "left_eye"),
        (2, "right_eye", 0x0000FFFF),
        rr.AnnotationInfo(id=3),  # no label, no color: nulls
    ],
    keypoint_connections=[(0, 1), (0, 2), (1, 3)],
)
rr.log(
    "world",
    rr.AnnotationContext(
        [skeleton, (2, "car", [255, 255, 0, 128]), rr.AnnotationInfo(id=3, color=[9, 9, 9]), 4]
    ),
    static=True,
)
rr.log("world/single", rr.AnnotationContext(rr.ClassDescription(info=(7, "seven"))), static=True)

kp = np.array([[0, 0, 1], [-0.1, 0.1, 1], [0.1, 0.1, 1], [0, -0.2, 1]], dtype=np.float32)
for step in range(10):
    rr.set_time("frame", sequence=step)
    rr.log("world/person", rr.Points3D(kp + step * 0.1, class_ids=1, keypoint_ids=[0, 1, 2, 3]))
    rr.log("world/things/a", rr.Points3D([[step, 0, 0]], class_ids=2))
    rr.log("world/things/b", rr.Points3D([[0, step, 0]], class_ids=3))
    if step == 3:
        rr.log("world/things/a", rr.Clear(recursive=False))
    if step == 5:
        rr.log("world/things", rr.Clear.recursive())
    if step == 6:
        rr.log("world/person", rr.Clear.flat())
        rr.log("world/single", rr.AnnotationContext([(7, "seven"), (8, "eight")]))
    if step == 8:
        rr.log("world/single", rr.AnnotationContext.from_fields(context=[]))
        rr.log("world/things", rr.Clear.from_fields(is_recursive=True))
rr.log("world/single", rr.AnnotationContext.cleared())
rr.log("world/things", rr.Clear.cleared())
rr.log("world/static_clear", rr.Clear(recursive=True), static=True)
finish(rr)
