"""A custom archetype (custom descriptors): Rerun batches described under a user archetype, a fully
custom component type, static and temporal; the footer's index columns must be named as Rerun
names them (sanitized `user_CustomPoints3D:points:has_static_data`) or the file does not load."""

import numpy as np
from _common import finish, perturbed, setup

rr = setup("custom_archetype")

points = np.array([[1, 2, 3], [4, 5, 6]], dtype=np.float32)
if perturbed():
    points[1, 2] += 1.0


def described(batch, component, component_type, archetype="user.CustomPoints3D"):
    return batch.described(
        rr.ComponentDescriptor(component, archetype=archetype, component_type=component_type)
    )


rr.log(
    "data",
    [
        described(
            rr.components.Position3DBatch(points), "user.CustomPoints3D:points", "rerun.components.Position3D"
        ),
        described(
            rr.components.ColorBatch([0xFF0000FF, 0x00FF00FF]),
            "user.CustomPoints3D:colors",
            "rerun.components.Color",
        ),
    ],
    static=True,
)
rr.log(
    "data",
    [
        rr.components.Position3DBatch([1, 2, 3]).described(
            rr.ComponentDescriptor(
                "user.CustomPoints3D:points",
                archetype="user.CustomPoints3D",
                component_type="rerun.components.Position3D",
            )
        )
    ],
    static=True,
)
for t in range(3):
    rr.set_time("my time.x-y", sequence=t)
    rr.log(
        "sensors/custom",
        [
            described(rr.components.ScalarBatch([t * 0.5]), "confidence", "user.Confidence", archetype=None),
            described(
                rr.components.TextBatch(f"t{t}"), "a b-c,d.e:note", "user.Note", archetype="my.Arch itype"
            ),
            described(
                rr.components.Position3DBatch([t, 0, 0]),
                "Points3D:positions",
                "rerun.components.Position3D",
                archetype="rerun.archetypes.Points3D",
            ),
        ],
    )
finish(rr)
