"""Tensor, BarChart and Volume3D: static, over a timeline, partial updates, clears."""

import numpy as np
from _common import finish, log_alone, perturbed, setup

rr = setup("tensors")
rng = np.random.default_rng(9)

# static
rr.log(
    "tensors/static",
    rr.Tensor(
        rng.integers(0, 256, (8, 6, 3, 5), dtype=np.uint8), dim_names=("width", "height", "channel", "batch")
    ),
    static=True,
)
rr.log("charts/static", rr.BarChart([8, 4, 0, 9, 1, 4], color=[255, 128, 0]), static=True)
rr.log(
    "volume",
    rr.Volume3D(
        rng.random((6, 5, 4)).astype(np.float16),
        voxel_size=[0.5, 0.5, 2.0],
        translation=[1, 2, 3],
        quaternion=rr.Quaternion(xyzw=[0, 0, 0, 1]),
        value_range=[0.1, 0.9],
        gamma=2.0,
        colormap="Viridis",
        optical_density=1.5,
    ),
    static=True,
)

dtypes = [np.uint8, np.uint16, np.int32, np.int64, np.float16, np.float32, np.float64]
for frame in range(8):
    rr.set_time("frame", sequence=frame)
    data = rng.normal(size=(4, 3 + frame)) * 10
    if perturbed() and frame == 4:
        data[0, 0] += 1
    rr.log("tensors/moving", rr.Tensor(data.astype(dtypes[frame % len(dtypes)]), value_range=[-10, 10]))
    rr.log("tensors/plain", rr.Tensor(np.arange(frame + 1, dtype=np.float32)))
    rr.log(
        "charts/bars",
        rr.BarChart(
            rng.random(5 + frame).astype(np.float32),
            abscissa=np.arange(5 + frame, dtype=np.float64),
            widths=rng.uniform(0.5, 1.0, size=5 + frame),
        ),
    )
    rr.log(
        "volume_t",
        rr.Volume3D(rng.random((3, 3, 3)).astype(np.float16), colormap=rr.components.Colormap.Turbo),
    )
    if frame == 3:
        log_alone(
            rr,
            ("volume_t", rr.Volume3D.from_fields(gamma=3.0, optical_density=0.5)),
            ("tensors/moving", rr.Tensor.from_fields(value_range=[0, 1])),
        )
    if frame == 5:
        log_alone(
            rr,
            ("tensors/plain", rr.Tensor.cleared()),
            ("charts/bars", rr.BarChart.cleared()),
            ("volume_t", rr.Volume3D.cleared()),
        )
finish(rr)
