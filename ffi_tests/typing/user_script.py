"""A typical logging script, written as a Rerun user writes it (`import nparrow as rr`).

ffi_tests/typing/test_typing.py type-checks it with `mypy --strict` and `pyright`, and the same
script with `import rerun as rr` (rerun-sdk 0.41), and expects no error from either.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt

import nparrow as rr


def make_points(n: int) -> npt.NDArray[np.float32]:
    t = np.linspace(0.0, 4.0 * math.pi, n, dtype=np.float32)
    return np.stack([np.cos(t), np.sin(t), t / 4.0], axis=1).astype(np.float32)


def labelled_points(
    positions: rr.encodings.Vec3DArrayLike, colors: rr.encodings.Rgba32ArrayLike, label: str
) -> rr.Points3D:
    """A helper typed by the SDK's aliases, as a user library would write it."""
    return rr.Points3D(positions, colors=colors, labels=label, radii=[0.1])


def main(out: Path) -> None:
    rr.init("typing_example", spawn=False)
    rr.save(out)

    points = make_points(100)
    colors = np.full((100, 3), [255, 128, 0], dtype=np.uint8)
    image = np.zeros((48, 64, 3), dtype=np.uint8)

    rr.log("world", rr.ViewCoordinates.RIGHT_HAND_Z_UP, static=True)
    rr.log("logs", rr.TextLog("starting", level=rr.TextLogLevel.INFO))

    for frame in range(10):
        rr.set_time("frame", sequence=frame)
        rr.set_time("sim_time", duration=frame * 0.1)
        rr.log("world/points", rr.Points3D(points + frame, colors=colors, radii=0.05, labels="spiral"))
        rr.log(
            "world/camera",
            rr.Transform3D(
                translation=[0.0, 0.0, float(frame)],
                rotation=rr.RotationAxisAngle(axis=[0.0, 0.0, 1.0], degrees=10.0 * frame),
            ),
        )
        rr.log("world/camera/image", rr.Image(image))
        rr.log("plots/sin", rr.Scalars(math.sin(frame / 3.0)))
        rr.log("logs", rr.TextLog(f"frame {frame}", level=rr.TextLogLevel.DEBUG))

    times = np.arange(100, dtype=np.int64)
    rr.send_columns(
        "plots/cos",
        indexes=[rr.TimeColumn("step", sequence=times)],
        columns=rr.Scalars.columns(scalars=np.cos(times / 10.0)),
    )
    rr.log("plots/cos", rr.SeriesLines(colors=[0, 128, 255], names="cos"), static=True)
    rr.log("world/origin", labelled_points([[0.0, 0.0, 0.0]], [[255, 255, 255]], "origin"), static=True)

    recording: rr.RecordingStream = rr.get_global_data_recording() or rr.RecordingStream("typing_example")
    recording.flush()


def in_memory() -> bytes:
    """The same kind of data, kept in memory instead of a file."""
    rr.init("typing_example_memory")
    stream = rr.memory_recording()
    rr.log("world/points", rr.Points3D([[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]], colors=[[255, 0, 0], [0, 255, 0]]))
    rr.log("plots/sin", rr.Scalars([0.0, 0.5]))
    rr.flush()
    return stream.drain_as_bytes()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "typing_example.rrd"))
    print(f"{len(in_memory())} bytes in memory")
