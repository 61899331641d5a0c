"""send_columns with `.partition(lengths)`: Arrows3D vectors/origins regrouped 25 → 5 rows of 5,
uneven partitions with empty rows, and Scalars columns of (N, k) arrays (N rows of k)."""

import numpy as np
from _common import finish, perturbed, setup

rr = setup("send_columns_partitions")
rng = np.random.default_rng(21)

v25 = rng.normal(size=(25, 3)).astype(np.float32)
o25 = rng.normal(size=(25, 3)).astype(np.float32)
if perturbed():
    v25[4, 0] += 1.0
rr.send_columns(
    "arrows",
    indexes=[rr.TimeColumn("time", sequence=range(5))],
    columns=rr.Arrows3D.columns(vectors=v25, origins=o25).partition([5] * 5),
)
rr.send_columns(
    "uneven",
    indexes=[rr.TimeColumn("time", sequence=range(4))],
    columns=rr.Points3D.columns(positions=rng.normal(size=(9, 3)), radii=rng.uniform(size=9)).partition(
        [0, 4, 2, 3]
    ),
)
rr.send_columns(
    "scalars",
    indexes=[rr.TimeColumn("time", sequence=range(6))],
    columns=rr.Scalars.columns(scalars=rng.normal(size=(6, 2))),
)
finish(rr)
