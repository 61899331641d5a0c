"""AnyValues: numpy columns (borrowed), lists, strings, scalars, nested lists, pyarrow arrays,
component batches, `with_component_override` / `with_component_from_data`, a type kept across
calls (an int list after float data is stored as float), and `AnyValues.columns` partitioned."""

import numpy as np
import pyarrow as pa
from _common import finish, perturbed, setup

rr = setup("any_values")
rng = np.random.default_rng(5)

confidence = rng.uniform(size=1000).astype(np.float32)  # large enough to be borrowed
if perturbed():
    confidence[3] += 1.0
rr.log(
    "any/values",
    rr.AnyValues(
        confidence=confidence,
        counts=np.arange(7, dtype=np.int64),
        flags=np.array([True, False, True]),
        description="Bla bla bla…",
        homepage="https://www.rerun.io",
        names=["a", "bb", "ccc"],
        weight=2.5,
        level=3,
        raw=b"\x00\x01",
        nested=[[1, 2], [3]],
        arrow=pa.array([1.5, None, 3.0]),
        colors=rr.components.ColorBatch([[255, 0, 0], [0, 255, 0]]),
        untyped=None,
    )
    .with_component_override("speed", "user.Speed", [1.0, 2.0])
    .with_component_from_data("extra", np.array([9, 8], dtype=np.uint16)),
)
for t in range(5):
    rr.set_time("frame", sequence=t)
    rr.log("any/series", rr.AnyValues(value=[float(t)], label=f"step {t}"))
# The type is kept: ints after floats are stored as double.
rr.log("any/series", rr.AnyValues(value=[7]))
rr.log("any/static", rr.AnyValues(answer=42), static=True)

rr.send_columns(
    "any/columns",
    indexes=[rr.TimeColumn("frame", sequence=range(4))],
    columns=rr.AnyValues.columns(
        temperature=np.array([20.0, 21.5, 19.0, 22.0]),
        state=["idle", "run", "run", "stop"],
    ),
)
rr.send_columns(
    "any/partitioned",
    indexes=[rr.TimeColumn("frame", sequence=range(3))],
    columns=rr.AnyValues.columns(samples=rng.normal(size=6)).partition([1, 2, 3]),
)
finish(rr)
