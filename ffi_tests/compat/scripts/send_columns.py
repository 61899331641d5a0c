"""send_columns: sequence/timestamp/duration indexes, partitions of every size, static columns, a
hand-built ComponentColumn, and row logging mixed into the same entities."""

import numpy as np
from _common import finish, perturbed, setup

rr = setup("send_columns")
rng = np.random.default_rng(11)
n = 10
frames = np.arange(n)

# 4 points per frame, on a sequence and a timestamp timeline (float seconds, vectorised)
positions = rng.uniform(-1, 1, size=(4 * n, 3)).astype(np.float32)
if perturbed():
    positions[5, 1] += 1.0
colors = rng.integers(0, 2**32, size=4 * n, dtype=np.uint64).astype(np.uint32)
rr.send_columns(
    "cloud",
    indexes=[
        rr.TimeColumn("frame", sequence=frames),
        rr.TimeColumn("time", timestamp=1_700_000_000 + frames * 0.5),
    ],
    columns=rr.Points3D.columns(positions=positions, colors=colors).partition([4] * n),
)

# unit-length rows by default (one radius per frame), list input for the index
rr.send_columns(
    "cloud",
    indexes=[rr.TimeColumn("frame", sequence=list(range(n)))],
    columns=rr.Points3D.columns(radii=rng.uniform(0.01, 0.1, size=n).astype(np.float32)),
)

# rows of 0..4 points with labels on a duration timeline; unsorted times
lengths = [2, 0, 4, 1, 3]
pts = rng.normal(size=(10, 3)).astype(np.float32)
rr.send_columns(
    "labelled",
    indexes=[rr.TimeColumn("elapsed", duration=np.array([1.0, 0.25, 0.5, 2.0, 0.75]))],
    columns=rr.Points3D.columns(positions=pts, labels=[f"p{i}" for i in range(10)]).partition(lengths),
)

# a ComponentColumn built by hand with explicit offsets, next to an archetype column
radius = rr.ComponentDescriptor(
    "Points3D:radii", archetype="rerun.archetypes.Points3D", component_type="rerun.components.Radius"
)
rr.send_columns(
    "hand_built",
    indexes=[rr.TimeColumn("frame", sequence=[0, 1, 2])],
    columns=[
        *rr.Points3D.columns(positions=np.arange(18, dtype=np.float32).reshape(6, 3)).partition([1, 2, 3]),
        rr.ComponentColumn(
            radius,
            rr.components.RadiusBatch(np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], dtype=np.float32)),
            offsets=np.array([0, 1, 3, 6], dtype=np.int32),
        ),
    ],
)

# no indexes: static rows
rr.send_columns("static_cloud", indexes=[], columns=rr.Points3D.columns(positions=rng.normal(size=(3, 3))))

# transforms over time, and a large borrowed column
rr.send_columns(
    "robot",
    indexes=[rr.TimeColumn("frame", sequence=frames)],
    columns=rr.Transform3D.columns(translation=rng.normal(size=(n, 3)).astype(np.float32)),
)
big = rng.normal(size=(40_000, 3)).astype(np.float32)
rr.send_columns(
    "sensors/lidar front",
    indexes=[rr.TimeColumn("frame", sequence=[0, 1])],
    columns=rr.Points3D.columns(positions=big).partition([20_000, 20_000]),
)

# row logging into an entity that also got columns
rr.set_time("frame", sequence=100)
rr.log("cloud", rr.Points3D([[0, 0, 0]], colors=[0xFF0000FF]))
finish(rr)
