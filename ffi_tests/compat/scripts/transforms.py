"""Transform3D variants, each on its own entity."""

import numpy as np
from _common import finish, setup

rr = setup("transforms")

theta = np.pi / 6
rot_z = np.array(
    [[np.cos(theta), -np.sin(theta), 0.0], [np.sin(theta), np.cos(theta), 0.0], [0.0, 0.0, 1.0]],
    dtype=np.float64,
)

rr.set_time("frame", sequence=0)
rr.log("tf/translation_only", rr.Transform3D(translation=[1, 2, 3]))
rr.log("tf/mat_eye", rr.Transform3D(translation=[0.5, 0.5, 0.5], mat3x3=np.eye(3)))
rr.log("tf/mat_rot", rr.Transform3D(translation=(-1.0, 0.0, 2.0), mat3x3=rot_z))
rr.log(
    "tf/quat_scalar_scale",
    rr.Transform3D(quaternion=rr.Quaternion(xyzw=[0.0, 0.0, 0.0, 1.0]), scale=2.0),
)
rr.log(
    "tf/quat_vec_scale",
    rr.Transform3D(
        quaternion=rr.Quaternion(xyzw=[0.0, np.sin(0.3), 0.0, np.cos(0.3)]),
        scale=[1.0, 2.0, 3.0],
    ),
)
rr.log(
    "tf/child_from_parent",
    rr.Transform3D(translation=[0, 0, 1], relation="ChildFromParent"),
)
rr.log(
    "tf/axis_angle",
    rr.Transform3D(translation=[1, 0, 0], rotation=rr.RotationAxisAngle(axis=[0, 0, 1], degrees=45)),
)
rr.log("tf/cleared", rr.Transform3D.cleared())
rr.log("tf/static_tf", rr.Transform3D(translation=[9, 8, 7], scale=0.5), static=True)
finish(rr)
