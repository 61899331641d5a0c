"""Several entities interleaved in one loop; static and temporal data on the same entity."""

import numpy as np
from _common import finish, setup

rr = setup("mixed_entities")
rng = np.random.default_rng(7)

# static data first on entities that also get temporal data later
rr.log("robot/arm", rr.Transform3D(translation=[0, 0, 0.5]), static=True)
rr.log("robot/cloud", rr.Points3D(np.zeros((4, 3), dtype=np.float32), colors=[0x00FF00FF]), static=True)

for step in range(12):
    rr.set_time("step", sequence=step)
    rr.log("robot/arm", rr.Transform3D(translation=[step * 0.1, 0.0, 0.5], scale=1.0 + step * 0.01))
    rr.log("robot/cloud", rr.Points3D(rng.normal(size=(10 + step, 3)).astype(np.float32), radii=0.02))
    if step % 4 == 0:
        rr.log("markers", rr.Points3D([[step, 0, 0]], labels=[f"step {step}"], class_ids=[step]))
    rr.log(f"per_step/e{step % 3}", rr.Points3D([[0, 0, step]], colors=[[255, 0, 0]]))
    if step == 6:
        # an empty batch is a row too
        rr.log("robot/empty", rr.Points3D(np.zeros((0, 3), dtype=np.float32)))
# a late static overwrite on an entity with temporal data
rr.log("robot/arm", rr.Transform3D(translation=[1, 1, 1]), static=True)
finish(rr)
