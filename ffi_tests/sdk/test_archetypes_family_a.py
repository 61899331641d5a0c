"""Cylinders3D, Ellipses2D, InstancePoses3D, TransformAxes3D, CoordinateFrame, StateChange,
StateConfiguration, RecordingInfo, McapMessage, Measurements, AssetAudio, AssetVideo,
EncodedDepthImage, VideoFrameReference, GeoPoints, GeoLineStrings, GraphNodes: each accepted
input form gives the same descriptors and Arrow arrays as rerun-sdk 0.41; blobs and large float
arrays are borrowed, not copied; bad input warns and drops the field."""

from __future__ import annotations

import io

import attrs
import numpy as np
import pytest
import rerun  # the reference peer: a hard dependency of the tests (make test installs it)

import nparrow as rr
from ffi_tests.helpers import in_strict_mode
from ffi_tests.sdk._parity import (
    assert_bad_call_logs_nothing,
    assert_field_dropped,
    assert_same_arrays,
    assert_same_batches,
    component_columns,
    field_layout,
)

OURS, THEIRS = rr, rerun

rng = np.random.default_rng(11)
P2 = rng.normal(size=(4, 2)).astype(np.float32)
P3 = rng.normal(size=(4, 3)).astype(np.float32)
LL = np.array([[48.85, 2.35], [51.5, -0.12], [40.71, -74.0]])  # float64 lat/lon
RGB = rng.integers(0, 256, size=(4, 3), dtype=np.uint8)
BLOB = bytes(range(256)) * 4
MAT = np.arange(9, dtype=np.float64).reshape(3, 3)

# id → `make(rr)`: the same call is made with nparrow and with rerun-sdk.
CASES = {
    # Cylinders3D
    "cylinders-lists": lambda m: m.Cylinders3D(lengths=[1, 2.5], radii=[0.2, 0.3]),
    "cylinders-scalars": lambda m: m.Cylinders3D(lengths=3, radii=1.0, fill_mode="solid"),
    "cylinders-all-fields": lambda m: m.Cylinders3D(
        lengths=np.array([1.0, 2.0]),
        radii=np.array([0.1, 0.2], dtype=np.float32),
        centers=P3[:2],
        rotation_axis_angles=[m.RotationAxisAngle(axis=[0, 1, 0], degrees=30)],
        quaternions=[m.Quaternion(xyzw=[0, 0, 0, 1])] * 2,
        colors=[[255, 0, 0], [0, 0, 255]],
        line_radii=0.01,
        fill_mode=m.components.FillMode.DenseWireframe,
        labels=["a", "b"],
        show_labels=True,
        class_ids=[1, 2],
    ),
    "cylinders-int-arrays": lambda m: m.Cylinders3D(
        lengths=np.arange(4), radii=np.ones(4, dtype=np.int32), centers=np.arange(12).reshape(4, 3)
    ),
    "cylinders-flat-centers-f64": lambda m: m.Cylinders3D(lengths=[1, 1], centers=np.arange(6.0)),
    "cylinders-colors-float": lambda m: m.Cylinders3D(lengths=[1], colors=[0.5, 0.25, 1.0]),
    "cylinders-empty": lambda m: m.Cylinders3D(lengths=[], radii=np.zeros(0)),
    "cylinders-none": lambda m: m.Cylinders3D(),
    "cylinders-cleared": lambda m: m.Cylinders3D.cleared(),
    "cylinders-from_fields": lambda m: m.Cylinders3D.from_fields(lengths=[2.0], class_ids=3),
    "cylinders-from_fields-clear": lambda m: m.Cylinders3D.from_fields(clear_unset=True, radii=1),
    # Ellipses2D
    "ellipses-numpy": lambda m: m.Ellipses2D(half_sizes=P2, centers=P2 * 2, colors=RGB),
    "ellipses-lists": lambda m: m.Ellipses2D(
        half_sizes=[[1, 2], [3, 4]],
        centers=[(0, 0), (5, 5)],
        line_radii=[0.1, 0.2],
        labels=["a", "b"],
        show_labels=False,
        draw_order=3,
        class_ids=np.array([1, 2], dtype=np.uint16),
    ),
    "ellipses-one-flat": lambda m: m.Ellipses2D(half_sizes=[1.5, 2.5], colors=0xFF00FFFF, labels="one"),
    "ellipses-f64-flat": lambda m: m.Ellipses2D(half_sizes=np.arange(6, dtype=np.float64)),
    "ellipses-cleared": lambda m: m.Ellipses2D.cleared(),
    # InstancePoses3D
    "poses-translations": lambda m: m.InstancePoses3D(translations=P3),
    "poses-all": lambda m: m.InstancePoses3D(
        translations=[[1, 2, 3], [4, 5, 6]],
        rotation_axis_angles=[
            m.RotationAxisAngle(axis=[0, 0, 1], degrees=90),
            m.RotationAxisAngle(axis=[1, 0, 0], radians=0.5),
        ],
        quaternions=[m.Quaternion(xyzw=[0, 0, 0, 1]), m.Quaternion(xyzw=[0, 0.6, 0, 0.8])],
        scales=[[1, 1, 1], [2, 2, 2]],
        mat3x3=[MAT, np.eye(3)],
    ),
    "poses-one-matrix": lambda m: m.InstancePoses3D(mat3x3=MAT),
    "poses-matrix-flat": lambda m: m.InstancePoses3D(mat3x3=list(range(9))),
    "poses-quat-array": lambda m: m.InstancePoses3D(quaternions=np.array([[0, 0, 0, 1.0]])),
    "poses-scale-f64": lambda m: m.InstancePoses3D(scales=np.array([[1.0, 2.0, 3.0]])),
    "poses-cleared": lambda m: m.InstancePoses3D.cleared(),
    # TransformAxes3D
    "axes-float": lambda m: m.TransformAxes3D(0.5),
    "axes-int": lambda m: m.TransformAxes3D(2, show_frame=True),
    "axes-keyword": lambda m: m.TransformAxes3D(axis_length=np.float32(1.5), show_frame=False),
    "axes-cleared": lambda m: m.TransformAxes3D.cleared(),
    "axes-from_fields": lambda m: m.TransformAxes3D.from_fields(show_frame=True),
    # CoordinateFrame
    "frame-str": lambda m: m.CoordinateFrame("world"),
    "frame-keyword": lambda m: m.CoordinateFrame(frame="tf#/robot/arm"),
    "frame-unicode": lambda m: m.CoordinateFrame("Straße"),
    "frame-cleared": lambda m: m.CoordinateFrame.cleared(),
    # StateChange / StateConfiguration
    "state-str": lambda m: m.StateChange(state="running"),
    "state-list": lambda m: m.StateChange(state=["idle", "running"]),
    "state-none": lambda m: m.StateChange(),
    "state-cleared": lambda m: m.StateChange.cleared(),
    "state-config": lambda m: m.StateConfiguration(
        values=["idle", "running", "error"],
        labels=["Idle", "Running", "Error"],
        colors=[[128, 128, 128], [0, 255, 0], [255, 0, 0]],
        visible=[True, True, False],
    ),
    "state-config-numpy": lambda m: m.StateConfiguration(
        values=np.array(["a", "b"]), colors=np.array([0xFF0000FF, 0x00FF00FF], dtype=np.uint32), visible=True
    ),
    "state-config-cleared": lambda m: m.StateConfiguration.cleared(),
    # RecordingInfo
    "info-all": lambda m: m.archetypes.RecordingInfo(
        start_time=1_700_000_000_000_000_000, name="my recording"
    ),
    "info-name": lambda m: m.archetypes.RecordingInfo(name="x"),
    "info-numpy-time": lambda m: m.archetypes.RecordingInfo(start_time=np.int64(5)),
    "info-cleared": lambda m: m.archetypes.RecordingInfo.cleared(),
    # McapMessage
    "mcap-bytes": lambda m: m.McapMessage(b"\x00\x01\x02"),
    "mcap-numpy": lambda m: m.McapMessage(np.frombuffer(BLOB, np.uint8)),
    "mcap-empty": lambda m: m.McapMessage(b""),
    "mcap-bytesio": lambda m: m.McapMessage(io.BytesIO(BLOB)),
    "mcap-2d-rows": lambda m: m.McapMessage(np.arange(8, dtype=np.uint8).reshape(2, 4)),
    "mcap-list-of-blobs": lambda m: m.McapMessage([b"ab", b"cde"]),
    "mcap-cleared": lambda m: m.McapMessage.cleared(),
    # Measurements
    "measurements-float": lambda m: m.Measurements(1.5),
    "measurements-all": lambda m: m.Measurements(
        [1.0, 2.0],
        variances=[0.1, 0.2],
        units=["m", "s"],
        colors=[[255, 0, 0], [0, 255, 0]],
        widths=[1, 2.5],
        names=["a", "b"],
        visible_series=[True, False],
        aggregation_policy="minmax",
        interpolation_mode=m.components.InterpolationMode.StepBefore,
    ),
    "measurements-numpy": lambda m: m.Measurements(
        np.linspace(0, 1, 5, dtype=np.float32), variances=np.arange(5), units="kg"
    ),
    "measurements-int": lambda m: m.Measurements(3, variances=1, aggregation_policy="Off"),
    "measurements-cleared": lambda m: m.Measurements.cleared(),
    "measurements-from_fields": lambda m: m.Measurements.from_fields(units="m", variances=[0.5]),
    # AssetAudio / AssetVideo
    "audio-bytes": lambda m: m.AssetAudio(contents=BLOB, media_type="audio/wav"),
    "audio-media-const": lambda m: m.AssetAudio(contents=BLOB, media_type=m.MediaType.MP3),
    "audio-numpy": lambda m: m.AssetAudio(contents=np.frombuffer(BLOB, np.uint8)),
    "audio-bytesio": lambda m: m.AssetAudio(contents=io.BytesIO(BLOB), media_type="audio/ogg"),
    "audio-cleared": lambda m: m.AssetAudio.cleared(),
    "video-bytes": lambda m: m.AssetVideo(contents=BLOB, media_type="video/mp4"),
    "video-no-media-type": lambda m: m.AssetVideo(contents=BLOB),
    "video-numpy": lambda m: m.AssetVideo(contents=np.frombuffer(BLOB, np.uint8), media_type="video/mp4"),
    "video-cleared": lambda m: m.AssetVideo.cleared(),
    "video-from_fields": lambda m: m.AssetVideo.from_fields(media_type="video/mp4"),
    # EncodedDepthImage
    "depth-blob": lambda m: m.EncodedDepthImage(BLOB),
    "depth-all": lambda m: m.EncodedDepthImage(
        blob=BLOB,
        media_type="image/png",
        meter=1000,
        colormap="viridis",
        depth_range=[0.5, 10],
        point_fill_ratio=0.5,
        draw_order=-5,
        magnification_filter=m.components.MagnificationFilter.Nearest,
    ),
    "depth-numpy": lambda m: m.EncodedDepthImage(
        np.frombuffer(BLOB, np.uint8), media_type=m.MediaType.RVL, colormap=m.components.Colormap.Turbo
    ),
    "depth-range-numpy": lambda m: m.EncodedDepthImage(BLOB, depth_range=np.array([0.0, 5.0], np.float32)),
    "depth-bytesio": lambda m: m.EncodedDepthImage(io.BytesIO(BLOB), meter=0.001),
    "depth-int-array": lambda m: m.EncodedDepthImage(np.arange(10)),
    "depth-cleared": lambda m: m.EncodedDepthImage.cleared(),
    # VideoFrameReference
    "vfr-nanoseconds": lambda m: m.VideoFrameReference(nanoseconds=1_500_000_000),
    "vfr-seconds": lambda m: m.VideoFrameReference(seconds=1.5),
    "vfr-seconds-rounding": lambda m: m.VideoFrameReference(seconds=0.1234567891),
    "vfr-seconds-int": lambda m: m.VideoFrameReference(seconds=3),
    "vfr-timestamp-int": lambda m: m.VideoFrameReference(42, video_reference="videos/a"),
    "vfr-timestamp-numpy": lambda m: m.VideoFrameReference(np.int64(7), opacity=0.5, draw_order=-15),
    "vfr-all": lambda m: m.VideoFrameReference(
        seconds=2.0, video_reference="world/video", opacity=1.0, draw_order=2
    ),
    "vfr-cleared": lambda m: m.VideoFrameReference.cleared(),
    "vfr-from_fields": lambda m: m.VideoFrameReference.from_fields(video_reference="v"),
    # GeoPoints
    "geo-points-numpy": lambda m: m.GeoPoints(lat_lon=LL, radii=2.0, colors=[255, 0, 0]),
    "geo-points-list": lambda m: m.GeoPoints(lat_lon=[[48.85, 2.35], [51.5, -0.12]], class_ids=[1, 2]),
    "geo-points-one": lambda m: m.GeoPoints(lat_lon=[59.3, 18.07]),
    "geo-points-f32": lambda m: m.GeoPoints(lat_lon=LL.astype(np.float32)),
    "geo-points-flat": lambda m: m.GeoPoints(lat_lon=LL.reshape(-1), radii=[1, 2, 3]),
    "geo-points-int": lambda m: m.GeoPoints(lat_lon=np.array([[1, 2], [3, 4]])),
    "geo-points-empty": lambda m: m.GeoPoints(lat_lon=np.zeros((0, 2))),
    "geo-points-cleared": lambda m: m.GeoPoints.cleared(),
    "geo-points-from_fields": lambda m: m.GeoPoints.from_fields(positions=LL[:1], radii=3),
    # GeoLineStrings
    "geo-lines-one-list": lambda m: m.GeoLineStrings(lat_lon=[[48.85, 2.35], [51.5, -0.12]]),
    "geo-lines-many-lists": lambda m: m.GeoLineStrings(
        lat_lon=[[[0, 0], [1, 1], [2, 0]], [[3, 3], [4.5, 4.25]]],
        radii=[1, 2],
        colors=[[255, 0, 0], [0, 0, 255]],
    ),
    "geo-lines-one-array": lambda m: m.GeoLineStrings(lat_lon=LL, radii=0.5),
    "geo-lines-arrays": lambda m: m.GeoLineStrings(lat_lon=[LL, LL[:2] * 2], colors=0x00FF00FF),
    "geo-lines-f32-arrays": lambda m: m.GeoLineStrings(lat_lon=[LL.astype(np.float32), P2]),
    "geo-lines-3d-array": lambda m: m.GeoLineStrings(
        lat_lon=np.arange(24, dtype=np.float64).reshape(3, 4, 2)
    ),
    "geo-lines-points-as-arrays": lambda m: m.GeoLineStrings(
        lat_lon=[np.array([1.0, 2.0]), np.array([3.0, 4.0])]
    ),
    "geo-lines-empty": lambda m: m.GeoLineStrings(lat_lon=[]),
    "geo-lines-cleared": lambda m: m.GeoLineStrings.cleared(),
    "geo-lines-from_fields": lambda m: m.GeoLineStrings.from_fields(line_strings=[LL], radii=1),
    # GraphNodes
    "graph-ids": lambda m: m.GraphNodes(["a", "b", "c"]),
    "graph-one-id": lambda m: m.GraphNodes("a", labels="A", show_labels=True),
    "graph-all": lambda m: m.GraphNodes(
        node_ids=["a", "b"],
        positions=[[0, 0], [1, 1]],
        colors=[[255, 0, 0], [0, 255, 0]],
        labels=["A", "B"],
        show_labels=False,
        radii=[1, 2],
    ),
    "graph-numpy": lambda m: m.GraphNodes(np.array(["x", "y"]), positions=P2[:2], radii=np.float32(3)),
    "graph-cleared": lambda m: m.GraphNodes.cleared(),
    "graph-from_fields": lambda m: m.GraphNodes.from_fields(node_ids=["n"], radii=1),
}


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_same_batches_as_rerun_sdk(make):
    assert_same_batches(make(OURS), make(THEIRS))


ARCHETYPES = {
    "Cylinders3D": rr.Cylinders3D,
    "Ellipses2D": rr.Ellipses2D,
    "InstancePoses3D": rr.InstancePoses3D,
    "TransformAxes3D": rr.TransformAxes3D,
    "CoordinateFrame": rr.CoordinateFrame,
    "StateChange": rr.StateChange,
    "StateConfiguration": rr.StateConfiguration,
    "RecordingInfo": rr.archetypes.RecordingInfo,
    "McapMessage": rr.McapMessage,
    "Measurements": rr.Measurements,
    "AssetAudio": rr.AssetAudio,
    "AssetVideo": rr.AssetVideo,
    "EncodedDepthImage": rr.EncodedDepthImage,
    "VideoFrameReference": rr.VideoFrameReference,
    "GeoPoints": rr.GeoPoints,
    "GeoLineStrings": rr.GeoLineStrings,
    "GraphNodes": rr.GraphNodes,
}


@pytest.mark.parametrize("name", ARCHETYPES)
def test_fields_and_name_match_rerun_sdk(name):
    ours, theirs = ARCHETYPES[name], getattr(rerun.archetypes, name)
    assert list(ours._FIELDS) == [f.name for f in attrs.fields(theirs)]
    assert field_layout(ours) == (list(ours._FIELDS), False)
    assert ours.archetype() == theirs.archetype() == f"rerun.archetypes.{name}"
    assert_same_batches(ours.cleared(), theirs.cleared())


COLUMNS = {
    "cylinders": lambda m: m.Cylinders3D.columns(lengths=np.arange(4.0), radii=[1, 2, 3, 4], centers=P3),
    "geo-points": lambda m: m.GeoPoints.columns(positions=LL, radii=[1, 2, 3]),
    "measurements": lambda m: m.Measurements.columns(values=np.arange(5.0), variances=np.ones(5)),
    "vfr": lambda m: m.VideoFrameReference.columns(timestamp=np.arange(0, 5_000_000_000, 1_000_000_000)),
    "vfr-nanos": lambda m: m.VideoFrameReference.columns_nanos([0, 40_000_000, 80_000_000]),
    "vfr-millis": lambda m: m.VideoFrameReference.columns_millis(np.array([0, 40, 80])),
    "vfr-secs-whole": lambda m: m.VideoFrameReference.columns_secs([0, 1, 2]),
    "state": lambda m: m.StateChange.columns(state=["a", "b", "a"]),
    "graph": lambda m: m.GraphNodes.columns(node_ids=["a", "b"], positions=P2[:2]),
}


@pytest.mark.parametrize("make", COLUMNS.values(), ids=COLUMNS.keys())
def test_columns_match_rerun_sdk(make):
    assert_same_arrays(make(OURS), make(THEIRS))


def test_columns_secs_keeps_fractions():
    """rerun-sdk 0.41 casts seconds to int64 before scaling (1.5 s → 1 s); nparrow converts them as
    `VideoTimestamp(seconds=...)` does (1.5 s → 1_500_000_000 ns)."""
    (col,) = rr.VideoFrameReference.columns_secs([0.5, 1.5, 2.25])
    assert col.as_arrow_array().values.to_pylist() == [500_000_000, 1_500_000_000, 2_250_000_000]
    singles = [
        rerun.VideoFrameReference(seconds=s).timestamp.as_arrow_array()[0].as_py() for s in (0.5, 1.5, 2.25)
    ]
    assert col.as_arrow_array().values.to_pylist() == singles


# --- inputs beyond rerun-sdk's ------------------------------------------------------------------


def test_bytearray_and_memoryview_are_one_blob():
    """rerun-sdk 0.41 reads a bytearray as a sequence of ints (one blob per byte); nparrow takes
    it, and a memoryview, as the one blob `bytes` gives."""
    expected = rerun.AssetVideo(contents=BLOB, media_type="video/mp4")
    for form in (bytearray(BLOB), memoryview(BLOB)):
        assert_same_batches(rr.AssetVideo(contents=form, media_type="video/mp4"), expected)
    assert_same_batches(rr.McapMessage(bytearray(b"abc")), rerun.McapMessage(b"abc"))
    assert_same_batches(rr.AssetAudio(contents=memoryview(BLOB)), rerun.AssetAudio(contents=BLOB))


# --- path= / contents= ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "name"),
    [
        ("AssetVideo", "clip.mp4"),
        ("AssetVideo", "CLIP.MP4"),
        ("AssetAudio", "a.wav"),
        ("AssetAudio", "b.mp3"),
        ("AssetAudio", "c.m4a"),
        ("AssetAudio", "d.flac"),
        ("AssetAudio", "e.ogg"),
        ("AssetAudio", "f.aac"),
        ("AssetAudio", "g.unknown"),
    ],
)
def test_path_reads_the_file_and_guesses_the_media_type(tmp_path, cls, name):
    path = tmp_path / name
    path.write_bytes(BLOB)
    for form in (path, str(path)):
        assert_same_batches(getattr(rr, cls)(path=form), getattr(rerun, cls)(path=form))
    assert_same_batches(
        getattr(rr, cls)(path=path, media_type="x/y"), getattr(rerun, cls)(path=path, media_type="x/y")
    )
    ours = getattr(rr, cls)(path=path)
    assert ours.blob.as_arrow_array().to_pylist() == [list(BLOB)]
    if name.endswith(".unknown"):
        assert ours.media_type is None


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda m: m.AssetVideo(), "exactly one of 'path' or 'contents'"),
        (lambda m: m.AssetAudio(path="x.wav", contents=b"1"), "exactly one of 'path' or 'contents'"),
        (lambda m: m.AssetVideo(path="/nonexistent/clip.mp4"), "No such file"),
        (lambda m: m.VideoFrameReference(), "Either timestamp or seconds/nanoseconds"),
        (lambda m: m.VideoFrameReference(5, seconds=1.0), "Cannot specify both `timestamp`"),
        (lambda m: m.VideoFrameReference(5, nanoseconds=1, opacity=0.5), "Cannot specify both `timestamp`"),
    ],
)
def test_bad_call_logs_nothing_like_rerun_sdk(make, message):
    assert_bad_call_logs_nothing(make, OURS, THEIRS, message, (ValueError, OSError))


def test_seconds_and_nanoseconds_together_log_nothing():
    """rerun-sdk also refuses this (through an AttributeError of its own); nparrow says why."""
    with pytest.warns(rr.RerunWarning, match="both `seconds` and `nanoseconds`"):
        ours = rr.VideoFrameReference(seconds=1.0, nanoseconds=5)
    assert ours.as_component_batches() == []


def test_float_timestamp_warns_and_is_truncated_like_rerun_sdk():
    with pytest.warns(rr.RerunWarning, match="use `seconds` instead"):
        ours = rr.VideoFrameReference(1.7)
    with pytest.warns(Warning, match="use `seconds` instead"):
        theirs = rerun.VideoFrameReference(1.7)
    assert_same_batches(ours, theirs)
    with in_strict_mode(), pytest.raises(TypeError, match="use `seconds` instead"):
        rr.VideoFrameReference(1.7)


@pytest.mark.parametrize(
    "seconds", [0.0, 1.5, -0.5, 0.1234567891, 3, 1e-9, np.float64(0.25), np.float32(2.5)]
)
def test_seconds_round_like_rerun_sdk(seconds):
    assert_same_batches(rr.VideoFrameReference(seconds=seconds), rerun.VideoFrameReference(seconds=seconds))


# --- bad input: warn and drop the field (or raise in strict mode) -------------------------------

# (build, dropped field, message, a field that must survive)
BAD = [
    (lambda: rr.Cylinders3D(lengths="abc", radii=1), "lengths", "LengthBatch", "radii"),
    (lambda: rr.Cylinders3D(lengths=[1], fill_mode="hollow"), "fill_mode", "FillMode", "lengths"),
    (
        lambda: rr.Ellipses2D(half_sizes=[[1, 2, 3]], colors=[1, 2, 3]),
        "half_sizes",
        "HalfSize2DBatch",
        "colors",
    ),
    (
        lambda: rr.InstancePoses3D(mat3x3=np.eye(2), translations=[1, 2, 3]),
        "mat3x3",
        "TransformMat3x3Batch",
        "translations",
    ),
    (lambda: rr.TransformAxes3D("long", show_frame=True), "axis_length", "AxisLengthBatch", "show_frame"),
    (lambda: rr.Measurements([1], variances="x", units="m"), "variances", "VarianceBatch", "units"),
    (
        lambda: rr.Measurements([1], aggregation_policy="bogus", units="m"),
        "aggregation_policy",
        "AggregationPolicy",
        "units",
    ),
    (lambda: rr.AssetVideo(contents=12345, media_type="video/mp4"), "blob", "BlobBatch", "media_type"),
    (lambda: rr.EncodedDepthImage(b"12", colormap="nope", meter=2), "colormap", "Colormap", "meter"),
    (lambda: rr.EncodedDepthImage(b"12", depth_range=[1, 2, 3]), "depth_range", "ValueRangeBatch", "blob"),
    (lambda: rr.VideoFrameReference("abc", opacity=0.5), "timestamp", "VideoTimestampBatch", "opacity"),
    (lambda: rr.GeoPoints(lat_lon=[[1, 2, 3]], radii=1), "positions", "LatLonBatch", "radii"),
    (
        lambda: rr.GeoLineStrings(lat_lon=[np.zeros((2, 3))], radii=1),
        "line_strings",
        "GeoLineStringBatch",
        "radii",
    ),
    (lambda: rr.GeoLineStrings(lat_lon=42, colors=[1, 2, 3]), "line_strings", "GeoLineStringBatch", "colors"),
    (lambda: rr.GraphNodes(["a"], positions=[[1, 2, 3]]), "positions", "Position2DBatch", "node_ids"),
    (
        lambda: rr.archetypes.RecordingInfo(start_time="noon", name="x"),
        "start_time",
        "TimestampBatch",
        "name",
    ),
]
BAD_IDS = [f"{b[2]}-{i}" for i, b in enumerate(BAD)]


@pytest.mark.parametrize(("build", "field", "message", "kept"), BAD, ids=BAD_IDS)
def test_bad_field_warns_and_is_dropped(build, field, message, kept):
    assert_field_dropped(build, field, message, kept)
    with in_strict_mode(), pytest.raises((TypeError, ValueError)):
        build()


# --- zero-copy -----------------------------------------------------------------------------------


def _blob_address(batch):
    arr = batch.as_arrow_array()
    assert arr.offsets.to_pylist() == [0, len(arr.values)]
    return arr.values.buffers()[1].address


@pytest.mark.parametrize("kind", ["bytes", "ndarray", "bytearray", "memoryview"])
@pytest.mark.parametrize("cls", [rr.AssetVideo, rr.AssetAudio])
def test_asset_blobs_are_borrowed(cls, kind):
    data = {
        "bytes": BLOB,
        "ndarray": np.frombuffer(BLOB, np.uint8).copy(),
        "bytearray": bytearray(BLOB),
        "memoryview": memoryview(BLOB),
    }[kind]
    address = np.frombuffer(data, np.uint8).ctypes.data
    arch = cls(contents=data)
    assert _blob_address(arch.blob) == address
    assert arch.blob.as_arrow_array().values.to_numpy().tobytes() == BLOB


@pytest.mark.parametrize("kind", ["bytes", "ndarray"])
def test_mcap_and_depth_blobs_are_borrowed(kind):
    data = BLOB if kind == "bytes" else np.frombuffer(BLOB, np.uint8).copy()
    address = np.frombuffer(data, np.uint8).ctypes.data
    assert _blob_address(rr.McapMessage(data).data) == address
    assert _blob_address(rr.EncodedDepthImage(data, media_type="image/png").blob) == address


def test_large_float_arrays_are_borrowed():
    lengths = np.linspace(0, 1, 10_000, dtype=np.float32)
    radii = np.ones(10_000, dtype=np.float32)
    arch = rr.Cylinders3D(lengths=lengths, radii=radii)
    assert arch.lengths.as_arrow_array().buffers()[1].address == lengths.ctypes.data
    assert arch.radii.as_arrow_array().buffers()[1].address == radii.ctypes.data
    values = np.random.default_rng(0).normal(size=10_000)
    meas = rr.Measurements(values, variances=values * 0)
    assert meas.values.as_arrow_array().buffers()[1].address == values.ctypes.data
    lat_lon = np.zeros((10_000, 2))
    geo = rr.GeoPoints(lat_lon=lat_lon)
    assert geo.positions.as_arrow_array().values.buffers()[1].address == lat_lon.ctypes.data
    strip = np.zeros((10_000, 2))
    lines = rr.GeoLineStrings(lat_lon=strip).line_strings.as_arrow_array()
    assert lines.values.values.buffers()[1].address == strip.ctypes.data
    strips = np.zeros((100, 100, 2))
    lines = rr.GeoLineStrings(lat_lon=strips).line_strings.as_arrow_array()
    assert lines.values.values.buffers()[1].address == strips.ctypes.data


def test_borrowed_blob_outlives_its_python_owner():
    data = np.frombuffer(BLOB, np.uint8).copy()
    batch = rr.AssetVideo(contents=data, media_type="video/mp4").blob
    arr = batch.as_arrow_array()
    del data, batch
    assert arr.values.to_numpy().tobytes() == BLOB


# --- memory --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def video_8mb():
    return np.ones(8 << 20, dtype=np.uint8)


@pytest.fixture(scope="module")
def lengths_4mb():
    return np.ones(1 << 20, dtype=np.float32)


@pytest.mark.limit_memory("1 MB")
def test_building_an_8mb_video_allocates_under_1mb(video_8mb):
    arch = rr.AssetVideo(contents=video_8mb, media_type="video/mp4")
    assert len(arch.blob) == 1


@pytest.mark.limit_memory("1 MB")
def test_logging_an_8mb_video_allocates_under_1mb(unbatched_rec, video_8mb):
    unbatched_rec.log("video", rr.AssetVideo(contents=video_8mb, media_type="video/mp4"), static=True)


@pytest.mark.limit_memory("1 MB")
def test_logging_4mb_of_cylinder_lengths_allocates_under_1mb(unbatched_rec, lengths_4mb):
    unbatched_rec.log("cylinders", rr.Cylinders3D(lengths=lengths_4mb, radii=lengths_4mb))


# --- logging -------------------------------------------------------------------------------------


def test_logged_chunks_carry_the_same_arrays():
    rec = rr.RecordingStream("test_family_a")
    try:
        mem = rec.memory_recording()
        rec.log("video", rr.AssetVideo(contents=BLOB, media_type="video/mp4"), static=True)
        rec.log("map", rr.GeoLineStrings(lat_lon=[LL, LL[:2]], radii=2), static=True)
        for step in range(3):
            rec.set_time("step", sequence=step)
            rec.log("video", rr.VideoFrameReference(seconds=step * 0.04))
            rec.log("meas", rr.Measurements(float(step), variances=0.5))
        columns = component_columns(mem)
    finally:
        rec._close()
    assert columns["AssetVideo:blob"] == [[list(BLOB)]]
    assert columns["VideoFrameReference:timestamp"] == [[0], [40_000_000], [80_000_000]]
    assert columns["Measurements:values"] == [[0.0], [1.0], [2.0]]
    expected = rerun.GeoLineStrings(lat_lon=[LL, LL[:2]]).line_strings.as_arrow_array().to_pylist()
    assert columns["GeoLineStrings:line_strings"] == [expected]
