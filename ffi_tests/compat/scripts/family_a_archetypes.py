"""Cylinders3D, Ellipses2D, InstancePoses3D, TransformAxes3D, CoordinateFrame, StateChange,
StateConfiguration, RecordingInfo, McapMessage, Measurements, AssetAudio, AssetVideo,
EncodedDepthImage, VideoFrameReference, GeoPoints, GeoLineStrings and GraphNodes: static, over a
timeline, partial updates and clears."""

import os
import tempfile

import numpy as np
from _common import finish, log_alone, setup

rr = setup("family_a_archetypes")
rng = np.random.default_rng(17)
VIDEO = bytes(rng.integers(0, 256, size=4096, dtype=np.uint8))
AUDIO = bytes(rng.integers(0, 256, size=2048, dtype=np.uint8))

with tempfile.TemporaryDirectory() as tmp:
    wav_path = os.path.join(tmp, "beep.wav")
    with open(wav_path, "wb") as f:
        f.write(AUDIO)

    # static
    rr.log("video", rr.AssetVideo(contents=VIDEO, media_type="video/mp4"), static=True)
    rr.log("audio/file", rr.AssetAudio(path=wav_path), static=True)
    rr.log(
        "audio/bytes",
        rr.AssetAudio(contents=np.frombuffer(AUDIO, np.uint8), media_type="audio/ogg"),
        static=True,
    )
    rr.log(
        "info",
        rr.archetypes.RecordingInfo(start_time=1_700_000_000_000_000_000, name="family a"),
        static=True,
    )
    rr.log("world/frame", rr.CoordinateFrame("world"), static=True)
    rr.log(
        "state",
        rr.StateConfiguration(
            values=["idle", "run", "fail"],
            labels=["Idle", "Running", "Failed"],
            colors=[[128, 128, 128], [0, 255, 0], [255, 0, 0]],
            visible=[True, True, False],
        ),
        static=True,
    )
    rr.log("graph", rr.GraphNodes(["a", "b", "c"], labels=["A", "B", "C"], show_labels=True), static=True)
    rr.log(
        "map/route",
        rr.GeoLineStrings(
            lat_lon=[[[48.85, 2.35], [51.5, -0.12]], [[40.71, -74.0], [34.05, -118.24]]], radii=2.0
        ),
        static=True,
    )

    for frame in range(6):
        rr.set_time("frame", sequence=frame)
        rr.set_time("time", duration=frame * 0.04)
        n = 2 + frame
        rr.log("video", rr.VideoFrameReference(seconds=frame * 0.04))
        rr.log("video_ns", rr.VideoFrameReference(nanoseconds=frame * 40_000_000, video_reference="video"))
        rr.log(
            "world/cylinders",
            rr.Cylinders3D(
                lengths=rng.uniform(0.5, 2, size=n).astype(np.float32),
                radii=rng.uniform(0.1, 0.3, size=n),
                centers=rng.normal(size=(n, 3)),
                quaternions=[rr.Quaternion(xyzw=[0, 0, 0, 1])] * n,
                colors=rng.integers(0, 256, size=(n, 3), dtype=np.uint8),
                fill_mode="Solid",
                class_ids=np.arange(n, dtype=np.uint16),
            ),
        )
        rr.log(
            "plane/ellipses",
            rr.Ellipses2D(
                half_sizes=rng.uniform(0.1, 1, size=(n, 2)),
                centers=rng.normal(size=(n, 2)).astype(np.float32),
                line_radii=0.01,
                labels=[f"e{i}" for i in range(n)],
                draw_order=frame,
            ),
        )
        rr.log(
            "world/instances",
            rr.InstancePoses3D(
                translations=rng.normal(size=(n, 3)),
                scales=rng.uniform(0.5, 2, size=(n, 3)),
                rotation_axis_angles=[rr.RotationAxisAngle(axis=[0, 0, 1], radians=frame * 0.3)],
            ),
        )
        rr.log("world/axes", rr.TransformAxes3D(0.5 + frame * 0.1, show_frame=frame % 2 == 0))
        rr.log("state", rr.StateChange(state=["idle", "run", "fail"][frame % 3]))
        rr.log("mcap", rr.McapMessage(bytes([frame]) * (frame + 1)))
        rr.log(
            "sensor",
            rr.Measurements(float(np.sin(frame)), variances=0.1 * frame, units="m", names="sin"),
        )
        rr.log(
            "depth",
            rr.EncodedDepthImage(
                bytes(rng.integers(0, 256, size=64, dtype=np.uint8)),
                media_type="application/rvl",
                meter=1000.0,
                colormap="Turbo",
                depth_range=[0.1, 10.0],
            ),
        )
        rr.log(
            "map/points",
            rr.GeoPoints(lat_lon=rng.uniform(-80, 80, size=(n, 2)), radii=3.0, colors=[0, 0, 255]),
        )
        rr.log(
            "graph",
            rr.GraphNodes(
                ["a", "b", "c"], positions=rng.normal(size=(3, 2)).astype(np.float32), radii=[1, 2, 3]
            ),
        )
        if frame == 2:  # partial updates
            log_alone(
                rr,
                ("world/cylinders", rr.Cylinders3D.from_fields(line_radii=[0.02], show_labels=False)),
                ("sensor", rr.Measurements.from_fields(aggregation_policy="MinMax", colors=[0xFF0000FF])),
                ("map/points", rr.GeoPoints.from_fields(clear_unset=True, positions=[[0.0, 0.0]])),
            )
        if frame == 4:
            log_alone(
                rr,
                ("world/cylinders", rr.Cylinders3D.cleared()),
                ("plane/ellipses", rr.Ellipses2D.cleared()),
                ("world/instances", rr.InstancePoses3D.cleared()),
                ("depth", rr.EncodedDepthImage.cleared()),
                ("graph", rr.GraphNodes.cleared()),
            )
    finish(rr)
