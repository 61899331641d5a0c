"""DynamicArchetype: components named `<archetype>:<name>` under a user archetype, with numpy,
lists, strings and Rerun batches; an override and a from-data component; columns."""

import numpy as np
from _common import finish, perturbed, setup

rr = setup("dynamic_archetype")
rng = np.random.default_rng(8)

heights = rng.uniform(size=50).astype(np.float64)
if perturbed():
    heights[0] += 1.0
rr.log(
    "dyn/plants",
    rr.DynamicArchetype(
        archetype="user.Plants",
        components={
            "heights": heights,
            "species": ["fern", "oak"],
            "colors": rr.components.ColorBatch([[255, 0, 0], [0, 255, 0]]),
            "note": "Bla bla bla…",
        },
    )
    .with_component_override("age", "user.Age", [3, 4])
    .with_component_from_data("wet", [True, False]),
)
rr.log(
    "dyn/builtin", rr.DynamicArchetype("rerun.archetypes.Points3D", components={"positions": [1.0, 2.0, 3.0]})
)
rr.log("dyn/static", rr.DynamicArchetype("MyThing", components={"id": 7}), static=True)
rr.send_columns(
    "dyn/columns",
    indexes=[rr.TimeColumn("step", sequence=[0, 1, 2])],
    columns=rr.DynamicArchetype.columns(
        archetype="user.Sensor", components={"reading": np.array([1.0, 2.0, 3.0]), "unit": ["m", "m", "cm"]}
    ),
)
finish(rr)
