"""Mixing SDKs: rerun-sdk's own archetype objects, a user's AsComponents class and Arrow input
(pyarrow, polars, arro3, nanoarrow) logged through the SDK under test. Under `rerun` every object
is rerun-sdk's; under `nparrow` the same rerun-sdk objects go through nparrow's `log`
(AsComponents, Arrow imported through the C Data Interface)."""

import numpy as np
import pyarrow as pa
import rerun as ref
from _common import finish, perturbed, setup

rr = setup("mixed_sdks")

points = np.arange(12, dtype=np.float32).reshape(4, 3)
if perturbed():
    points[1, 2] += 1.0


class Tagged:
    """A user's AsComponents: its batches are rerun-sdk's described batches."""

    def __init__(self, label: str) -> None:
        self.label = label

    def as_component_batches(self):
        return [
            ref.components.TextBatch([self.label]).described(
                ref.ComponentDescriptor(
                    "user.Tagged:label", archetype="user.Tagged", component_type="user.Label"
                )
            ),
            ref.components.ScalarBatch([len(self.label)]).described(
                ref.ComponentDescriptor("user.Tagged:size")
            ),
        ]


rr.log("rerun_points", ref.Points3D(points, radii=[0.5, 1, 1.5, 2], colors=[255, 0, 0]), static=True)
rr.log("rerun_boxes", ref.Boxes3D(half_sizes=[[1, 2, 3]], labels=["box"]), static=True)
for t in range(3):
    rr.set_time("frame", sequence=t)
    rr.log("series", ref.Scalars([t * 0.25]))
    rr.log("tagged", Tagged(f"t{t}"))
    rr.log("text", ref.TextLog(f"step {t}", level="INFO"))
# Arrow input of the component's own type, from pyarrow (rerun-sdk takes it as it is).
vec3 = pa.list_(pa.field("item", pa.float32(), nullable=False), 3)
rr.log(
    "arrow_points",
    rr.Points3D(pa.FixedSizeListArray.from_arrays(pa.array(points.ravel()), type=vec3)),
    static=True,
)
rr.log("arrow_radii", rr.Points3D(points, radii=pa.array([1, 2, 3, 4], pa.float32())), static=True)
finish(rr)
