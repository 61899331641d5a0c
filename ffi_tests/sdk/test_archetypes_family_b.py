"""GraphEdges, McapSchema/Channel/Statistics, VideoStream, Mesh3D, GridMap, VoxelGridMap: each
accepted input form gives the same descriptors and Arrow arrays as rerun-sdk 0.41; large numeric
and blob payloads are borrowed, not copied; bad input warns and drops the field."""

from __future__ import annotations

import warnings

import attrs
import numpy as np
import pytest
import rerun  # the reference peer: a hard dependency of the tests (make test installs it)

import nparrow as rr
from ffi_tests.sdk._parity import SDK, assert_field_dropped, assert_same_batches, component_columns

OURS = rr  # every helper type is exported at nparrow's top level
THEIRS = SDK(
    rerun, ImageFormat=rerun.components.ImageFormat, MeshFaceRendering=rerun.components.MeshFaceRendering
)

rng = np.random.default_rng(11)
P3 = rng.normal(size=(6, 3)).astype(np.float32)
N3 = rng.normal(size=(6, 3)).astype(np.float32)
TRI = np.array([[0, 1, 2], [3, 4, 5]], dtype=np.uint32)
UV = rng.random((6, 2)).astype(np.float32)
RGB = rng.integers(0, 256, size=(6, 3), dtype=np.uint8)
TEX_RGB = rng.integers(0, 256, size=(4, 5, 3), dtype=np.uint8)
TEX_RGBA = rng.random((4, 5, 4)).astype(np.float32)
GRID = rng.integers(0, 100, size=(8, 10), dtype=np.uint8)
VOX = rng.integers(-5, 5, size=(7, 3), dtype=np.int32)
VALS = rng.random(7).astype(np.float32)
SAMPLE = bytes(range(40))

_STATS = {
    "message_count": 10,
    "schema_count": 2,
    "channel_count": 3,
    "attachment_count": 0,
    "metadata_count": 1,
    "chunk_count": 4,
    "message_start_time": 1_000,
    "message_end_time": 2_000_000,
}

# id → `make(sdk)`: the same call is made with nparrow and with rerun-sdk.
CASES = {
    # GraphEdges
    "edges-tuples": lambda m: m.GraphEdges([("a", "b"), ("b", "c")]),
    "edges-lists": lambda m: m.GraphEdges([["a", "b"], ["c", "a"]], graph_type="Directed"),
    "edges-numpy": lambda m: m.GraphEdges(np.array([["x", "y"], ["y", "z"]]), graph_type="undirected"),
    "edges-objects": lambda m: m.GraphEdges(
        [rerun.components.GraphEdge("a", "b")], graph_type=m.components.GraphType.Directed
    ),
    "edges-enum-int": lambda m: m.GraphEdges([("a", "b")], graph_type=2),
    "edges-empty": lambda m: m.GraphEdges([]),
    "edges-graph-type-list": lambda m: m.GraphEdges([("a", "b")], graph_type=["Directed"]),
    "edges-tuple-of-pairs": lambda m: m.GraphEdges((("a", "b"), ("c", "d"))),
    "edges-keyword": lambda m: m.GraphEdges(edges=[("1", "2")], graph_type=m.GraphType.Undirected),
    # McapSchema
    "schema-bytes": lambda m: m.McapSchema(id=1, name="foo.Bar", encoding="protobuf", data=b"\x01\x02\x03"),
    "schema-numpy": lambda m: m.McapSchema(
        id=np.uint16(7), name="s", encoding="jsonschema", data=np.frombuffer(b'{"type":1}', np.uint8)
    ),
    "schema-list-data": lambda m: m.McapSchema(id=2, name="n", encoding="e", data=[b"ab"]),
    "schema-empty-data": lambda m: m.McapSchema(id=0, name="", encoding="ros2msg", data=b""),
    # McapChannel
    "channel-no-metadata": lambda m: m.McapChannel(id=3, topic="/cam", message_encoding="cdr"),
    "channel-dict": lambda m: m.McapChannel(
        id=3, topic="/cam", message_encoding="cdr", metadata={"a": "1", "b": "2"}
    ),
    "channel-empty-dict": lambda m: m.McapChannel(id=3, topic="/t", message_encoding="json", metadata={}),
    "channel-list-of-dicts": lambda m: m.McapChannel(
        id=1, topic="/t", message_encoding="json", metadata=[{"a": "1"}, {"b": "2"}]
    ),
    "channel-nested-pairs": lambda m: m.McapChannel(
        id=1, topic="/t", message_encoding="json", metadata=[[("k", "v"), ("k2", "v2")]]
    ),
    "channel-kv-object": lambda m: m.McapChannel(
        id=1, topic="/t", message_encoding="json", metadata=rerun.components.KeyValuePairs({"x": "y"})
    ),
    "channel-empty-list": lambda m: m.McapChannel(id=1, topic="/t", message_encoding="json", metadata=[]),
    # McapStatistics
    "statistics-ints": lambda m: m.McapStatistics(**_STATS),
    "statistics-lists": lambda m: m.McapStatistics(**{k: [v] for k, v in _STATS.items()}),
    "statistics-numpy": lambda m: m.McapStatistics(**{k: np.array([v]) for k, v in _STATS.items()}),
    # VideoStream
    "video-str": lambda m: m.VideoStream("h264", sample=SAMPLE, is_keyframe=True),
    "video-enum": lambda m: m.VideoStream(m.VideoCodec.H265, sample=np.frombuffer(SAMPLE, np.uint8)),
    "video-upper": lambda m: m.VideoStream(codec="AV1", opacity=0.5, draw_order=3),
    "video-int": lambda m: m.VideoStream(0x76703039, is_keyframe=False),
    "video-vp8": lambda m: m.VideoStream("vp8", sample=[SAMPLE]),
    "video-codec-only": lambda m: m.VideoStream("H264"),
    "video-codec-list": lambda m: m.VideoStream(
        ["h264"], is_keyframe=np.array([True]), opacity=np.float64(0.25)
    ),
    "video-sample-list-of-bytes": lambda m: m.VideoStream("av1", sample=[SAMPLE]),
    # Mesh3D
    "mesh-numpy": lambda m: m.Mesh3D(vertex_positions=P3, triangle_indices=TRI, vertex_normals=N3),
    "mesh-lists": lambda m: m.Mesh3D(
        vertex_positions=[[0, 0, 0], [1, 0, 0], [0, 1, 0]],
        triangle_indices=[0, 1, 2],
        vertex_colors=[[255, 0, 0], [0, 255, 0], [0, 0, 255]],
    ),
    "mesh-f64-int-indices": lambda m: m.Mesh3D(
        vertex_positions=P3.astype(np.float64), triangle_indices=TRI.astype(np.int64)
    ),
    "mesh-flat": lambda m: m.Mesh3D(vertex_positions=P3.reshape(-1), vertex_normals=N3.reshape(-1)),
    "mesh-all": lambda m: m.Mesh3D(
        vertex_positions=P3,
        triangle_indices=TRI,
        vertex_normals=N3,
        vertex_colors=RGB,
        vertex_texcoords=UV,
        albedo_factor=[0.5, 0.5, 1.0, 1.0],
        face_rendering="Front",
        class_ids=[1, 2, 3, 4, 5, 6],
    ),
    "mesh-face-enum": lambda m: m.Mesh3D(vertex_positions=P3, face_rendering=m.MeshFaceRendering.Back),
    "mesh-face-lower": lambda m: m.Mesh3D(vertex_positions=P3, face_rendering="doublesided"),
    "mesh-albedo-int": lambda m: m.Mesh3D(vertex_positions=P3, albedo_factor=0xFF8000FF),
    "mesh-texture-rgb": lambda m: m.Mesh3D(vertex_positions=P3, vertex_texcoords=UV, albedo_texture=TEX_RGB),
    "mesh-texture-rgba-f32": lambda m: m.Mesh3D(vertex_positions=P3, albedo_texture=TEX_RGBA),
    "mesh-texture-strided": lambda m: m.Mesh3D(vertex_positions=P3, albedo_texture=TEX_RGB[:, ::2]),
    "mesh-empty": lambda m: m.Mesh3D(vertex_positions=np.zeros((0, 3), np.float32)),
    "mesh-float-colors-int-classes": lambda m: m.Mesh3D(
        vertex_positions=P3[:2], vertex_colors=[[0.5, 0.25, 1.0], [1.0, 0.0, 0.0]], class_ids=np.array([3, 4])
    ),
    "mesh-texture-u16": lambda m: m.Mesh3D(vertex_positions=P3, albedo_texture=TEX_RGB.astype(np.uint16)),
    "mesh-texture-list": lambda m: m.Mesh3D(vertex_positions=P3, albedo_texture=TEX_RGB.tolist()),
    # GridMap
    "grid-bytes": lambda m: m.GridMap(
        data=GRID.tobytes(),
        format=m.ImageFormat(width=10, height=8, color_model="L", channel_datatype="U8"),
        cell_size=0.05,
    ),
    "grid-numpy-all": lambda m: m.GridMap(
        data=GRID.reshape(-1),
        format=m.ImageFormat(width=10, height=8, color_model="L", channel_datatype="U8"),
        cell_size=[0.1],
        translation=[1, 2, 0],
        quaternion=[0, 0, 0, 1],
        opacity=0.7,
        draw_order=-1,
        colormap="Turbo",
    ),
    "grid-axis-angle": lambda m: m.GridMap(
        data=GRID.tobytes(),
        format=m.ImageFormat(10, 8, color_model="L", channel_datatype="U8"),
        cell_size=1,
        rotation_axis_angle=m.RotationAxisAngle(axis=[0, 0, 1], radians=0.5),
        colormap=m.components.Colormap.RvizCostmap,
    ),
    # VoxelGridMap
    "voxels-numpy": lambda m: m.VoxelGridMap(VOX, [0.1, 0.1, 0.1], values=VALS),
    "voxels-lists": lambda m: m.VoxelGridMap(
        [[0, 0, 0], [1, 2, 3]], voxel_size=[1, 2, 3], colors=[[255, 0, 0], [0, 0, 255]]
    ),
    "voxels-int64": lambda m: m.VoxelGridMap(
        VOX.astype(np.int64),
        np.array([0.5, 0.5, 0.5]),
        values=VALS.astype(np.float64),
        translation=[1, 1, 1],
        rotation_axis_angle=m.RotationAxisAngle(axis=[1, 0, 0], degrees=90),
        opacity=0.5,
        value_range=[0, 1],
        colormap="viridis",
    ),
    "voxels-quaternion": lambda m: m.VoxelGridMap(VOX[:2], [1, 1, 1], quaternion=[0, 0, 0, 1]),
    "voxels-empty": lambda m: m.VoxelGridMap(np.zeros((0, 3), np.int32), [1, 1, 1]),
}


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_same_batches_as_rerun_sdk(make):
    assert_same_batches(make(OURS), make(THEIRS))


ARCHETYPES = [
    "GraphEdges",
    "McapSchema",
    "McapChannel",
    "McapStatistics",
    "VideoStream",
    "Mesh3D",
    "GridMap",
    "VoxelGridMap",
]


def _rerun_quietly(fn):
    """rerun-sdk 0.41 warns on every McapStatistics: it cannot serialize ChannelMessageCounts."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rerun.error_utils.RerunWarning)
        return fn()


@pytest.mark.parametrize("name", ARCHETYPES)
def test_cleared_matches_rerun_sdk(name):
    ours, theirs = getattr(rr, name), getattr(rerun, name)
    assert_same_batches(ours.cleared(), _rerun_quietly(theirs.cleared))
    assert [f for f, _ in ours._DESCRIPTORS] == [f.name for f in attrs.fields(theirs)]


PARTIAL = {
    "GraphEdges": {"graph_type": "Directed"},
    "McapChannel": {"topic": "/a", "metadata": {"k": "v"}},
    "McapStatistics": {"message_count": 5, "message_end_time": 9},
    "VideoStream": {"sample": SAMPLE, "is_keyframe": [True]},
    "Mesh3D": {"vertex_positions": P3, "face_rendering": "Back"},
    "GridMap": {"cell_size": 0.5, "colormap": "Magma"},
    "VoxelGridMap": {"voxel_indices": VOX, "values": VALS},
}


@pytest.mark.parametrize("clear_unset", [False, True])
@pytest.mark.parametrize("name", PARTIAL)
def test_from_fields_matches_rerun_sdk(name, clear_unset):
    fields = PARTIAL[name]
    ours = getattr(rr, name).from_fields(clear_unset=clear_unset, **fields)
    theirs = _rerun_quietly(lambda: getattr(rerun, name).from_fields(clear_unset=clear_unset, **fields))
    assert_same_batches(ours, theirs)


def test_columns_match_rerun_sdk():
    for sdk in (OURS, THEIRS):
        assert len(sdk.VideoStream.columns(sample=[SAMPLE, SAMPLE[:3]], is_keyframe=[True, False])) == 2
    ours = rr.VideoStream.columns(sample=[SAMPLE, SAMPLE[:3]], is_keyframe=[True, False])
    theirs = rerun.VideoStream.columns(sample=[SAMPLE, SAMPLE[:3]], is_keyframe=[True, False])
    for o, t in zip(ours, theirs, strict=True):
        assert o.component_descriptor().component == t.component_descriptor().component
        assert o.as_arrow_array().equals(t.as_arrow_array())
    ours = rr.VoxelGridMap.columns(voxel_indices=VOX, values=VALS).partition([3, 4])
    theirs = rerun.VoxelGridMap.columns(voxel_indices=VOX, values=VALS).partition([3, 4])
    for o, t in zip(ours, theirs, strict=True):
        assert o.as_arrow_array().equals(t.as_arrow_array())


def test_enums_match_rerun_sdk():
    for ours, theirs in (
        (rr.components.GraphType, rerun.components.GraphType),
        (rr.components.VideoCodec, rerun.components.VideoCodec),
        (rr.components.MeshFaceRendering, rerun.components.MeshFaceRendering),
    ):
        assert {m.name: m.value for m in ours} == {m.name: m.value for m in theirs}
    assert rr.VideoCodec is rr.components.VideoCodec
    assert rr.GraphType is rr.components.GraphType
    assert rr.MeshFaceRendering is rr.components.MeshFaceRendering


def test_rerun_sdks_own_enum_members_are_accepted():
    assert_same_batches(rr.VideoStream(rerun.VideoCodec.VP9), rerun.VideoStream("vp9"))
    assert_same_batches(
        rr.GraphEdges([("a", "b")], graph_type=rerun.GraphType.Directed),
        rerun.GraphEdges([("a", "b")], graph_type=2),
    )


def test_one_image_format_component_for_every_archetype():
    """Image, Mesh3D and GridMap log the one registry-declared ImageFormat batch class."""
    fmt = rr.ImageFormat(10, 8, color_model="L", channel_datatype="U8")
    image = rr.Image(GRID)
    mesh = rr.Mesh3D(vertex_positions=P3, albedo_texture=TEX_RGB)
    grid = rr.GridMap(data=GRID.tobytes(), format=fmt, cell_size=1)
    assert type(image.format) is type(mesh.albedo_texture_format) is type(grid.format)
    assert type(grid.format) is rr.components.ImageFormatBatch
    assert image.format == grid.format


# --- supersets of rerun-sdk's inputs (documented deviations) ------------------------------------


def test_one_edge_tuple_is_one_edge():
    """rerun-sdk splits `("a", "b")` into characters and fails; nparrow takes it as one edge."""
    ours = rr.GraphEdges(("ab", "cd")).edges.as_arrow_array().to_pylist()
    assert ours == [{"first": "ab", "second": "cd"}]


def test_numpy_codec_values_are_codecs():
    """rerun-sdk fails on a numpy array of codec values (it calls `.lower()` on them)."""
    ours = rr.VideoStream(np.array([0x61763031], dtype=np.uint32))
    assert_same_batches(ours, rerun.VideoStream(rerun.VideoCodec.AV1))


def test_bytearray_is_one_sample():
    """rerun-sdk makes a bytearray one blob per byte (a Sequence of ints); nparrow one sample."""
    ours = rr.VideoStream("vp8", sample=bytearray(SAMPLE)).sample.as_arrow_array()
    assert ours.to_pylist() == [list(SAMPLE)]


def test_flat_list_of_pairs_is_one_metadata_map():
    """rerun-sdk refuses `[(k, v), ...]` (it warns and logs nothing); nparrow takes it as one map."""
    ours = rr.McapChannel(id=1, topic="/t", message_encoding="json", metadata=[("a", "1"), ("b", "2")])
    theirs = rerun.McapChannel(id=1, topic="/t", message_encoding="json", metadata={"a": "1", "b": "2"})
    assert_same_batches(ours, theirs)


# --- ChannelMessageCounts: as rerun-sdk 0.41, which cannot serialize it ------------------------


def test_channel_message_counts_warn_and_log_empty_like_rerun_sdk():
    with pytest.warns(rr.RerunWarning, match="ChannelMessageCounts"):
        ours = rr.McapStatistics(**_STATS, channel_message_counts={1: 5, 2: 7})
    with pytest.warns(rerun.error_utils.RerunWarning, match="ChannelMessageCounts"):
        theirs = rerun.McapStatistics(**_STATS, channel_message_counts={1: 5, 2: 7})
    assert_same_batches(ours, theirs)
    assert ours.channel_message_counts.as_arrow_array().to_pylist() == []


def test_channel_message_counts_raise_in_strict_mode(strict):
    with pytest.raises(NotImplementedError):
        rr.McapStatistics(**_STATS, channel_message_counts={1: 5})


# --- bad input: warn and drop the field (or raise in strict mode) -------------------------------


BAD_FIELDS = [
    (lambda: rr.GraphEdges([("a", "b", "c")], graph_type=1), "edges", "GraphEdgeBatch"),
    (lambda: rr.GraphEdges([("a", "b")], graph_type="sideways"), "graph_type", "GraphType"),
    (lambda: rr.GraphEdges(np.array([["a", "b", "c"]]), graph_type=1), "edges", "GraphEdgeBatch"),
    (lambda: rr.GraphEdges(5, graph_type="Directed"), "edges", "GraphEdgeBatch"),
    (
        lambda: rr.McapChannel(id=1, topic="t", message_encoding="j", metadata=[5]),
        "metadata",
        "KeyValuePairs",
    ),
    (lambda: rr.McapChannel(id=1, topic="t", message_encoding="j", metadata=7), "metadata", "KeyValuePairs"),
    (lambda: rr.McapSchema(id=-1, name="n", encoding="e", data=b""), "id", "SchemaIdBatch"),
    (lambda: rr.McapStatistics(**{**_STATS, "message_count": -3}), "message_count", "CountBatch"),
    (lambda: rr.VideoStream("h266", sample=SAMPLE), "codec", "VideoCodec"),
    (lambda: rr.VideoStream(12345, sample=SAMPLE), "codec", "VideoCodec"),
    (lambda: rr.VideoStream("h264", sample=np.zeros(3, np.float32)), "sample", "VideoSampleBatch"),
    (lambda: rr.Mesh3D(vertex_positions=[[1, 2]], class_ids=[1]), "vertex_positions", "Position3DBatch"),
    (
        lambda: rr.Mesh3D(vertex_positions=P3, triangle_indices=[[0, 1]]),
        "triangle_indices",
        "TriangleIndices",
    ),
    (
        lambda: rr.Mesh3D(vertex_positions=P3, face_rendering="Sideways"),
        "face_rendering",
        "MeshFaceRendering",
    ),
    (lambda: rr.GridMap(data=b"x", format="L", cell_size=1), "format", "ImageFormatBatch"),
    (lambda: rr.VoxelGridMap([[1, 2]], [1, 1, 1]), "voxel_indices", "VoxelIndexBatch"),
]


@pytest.mark.parametrize(("make", "field", "message"), BAD_FIELDS)
def test_bad_field_warns_and_is_dropped(make, field, message):
    arch = assert_field_dropped(make, field, message)
    assert arch.as_component_batches(), "the other fields are kept"


@pytest.mark.parametrize(("make", "field", "message"), BAD_FIELDS)
def test_bad_field_raises_in_strict_mode(strict, make, field, message):
    with pytest.raises((TypeError, ValueError, OverflowError)):
        make()


BAD_TEXTURES = [
    (np.zeros((4, 5), np.uint8), "expected 3 dimensions"),
    (np.zeros((4, 5, 2), np.uint8), "expected 3 or 4 channels"),
    (np.zeros((4, 5, 3), np.bool_), "Unsupported dtype"),
]


@pytest.mark.parametrize(("texture", "message"), BAD_TEXTURES)
def test_bad_texture_warns_and_logs_the_rest_like_rerun_sdk(texture, message):
    with pytest.warns(rr.RerunWarning, match=message):
        ours = rr.Mesh3D(vertex_positions=P3, albedo_texture=texture)
    with pytest.warns(rerun.error_utils.RerunWarning, match=message):
        theirs = rerun.Mesh3D(vertex_positions=P3, albedo_texture=texture)
    assert ours.albedo_texture_buffer is None and ours.albedo_texture_format is None
    assert_same_batches(ours, theirs)


@pytest.mark.parametrize(("texture", "message"), BAD_TEXTURES)
def test_bad_texture_raises_in_strict_mode(strict, texture, message):
    with pytest.raises((TypeError, ValueError), match=message):
        rr.Mesh3D(vertex_positions=P3, albedo_texture=texture)


# --- zero-copy ----------------------------------------------------------------------------------


def _fixed_values_address(batch):
    """The address of a FixedSizeList's child values (or a primitive's values)."""
    arr = batch.as_arrow_array()
    values = arr.values if hasattr(arr, "values") else arr
    return values.buffers()[1].address


def _blob_address(batch):
    arr = batch.as_arrow_array()
    assert arr.offsets.to_pylist() == [0, len(arr.values)]
    return arr.values.buffers()[1].address


def test_mesh_buffers_are_borrowed():
    pos = rng.normal(size=(1000, 3)).astype(np.float32)
    nrm = rng.normal(size=(1000, 3)).astype(np.float32)
    tri = rng.integers(0, 1000, size=(500, 3)).astype(np.uint32)
    mesh = rr.Mesh3D(vertex_positions=pos, vertex_normals=nrm, triangle_indices=tri, albedo_texture=TEX_RGB)
    assert _fixed_values_address(mesh.vertex_positions) == pos.ctypes.data
    assert _fixed_values_address(mesh.vertex_normals) == nrm.ctypes.data
    assert _fixed_values_address(mesh.triangle_indices) == tri.ctypes.data
    assert _blob_address(mesh.albedo_texture_buffer) == TEX_RGB.ctypes.data
    assert mesh.vertex_positions.as_arrow_array().values.to_numpy().tobytes() == pos.tobytes()


@pytest.mark.parametrize("kind", ["bytes", "ndarray"])
def test_video_sample_is_borrowed(kind):
    data = {"bytes": SAMPLE * 100, "ndarray": np.frombuffer(SAMPLE * 100, np.uint8).copy()}[kind]
    stream = rr.VideoStream("h264", sample=data)
    assert _blob_address(stream.sample) == np.frombuffer(data, np.uint8).ctypes.data


def test_voxel_buffers_are_borrowed():
    idx = rng.integers(0, 100, size=(1000, 3)).astype(np.int32)
    vals = rng.random(1000).astype(np.float32)
    grid = rr.VoxelGridMap(idx, [1, 1, 1], values=vals)
    assert _fixed_values_address(grid.voxel_indices) == idx.ctypes.data
    assert _fixed_values_address(grid.values) == vals.ctypes.data


def test_grid_map_data_is_borrowed():
    data = rng.integers(0, 100, size=(64, 64), dtype=np.uint8)
    fmt = rr.ImageFormat(64, 64, color_model="L", channel_datatype="U8")
    # (flat: a 2-d uint8 array is one blob per row, as rerun-sdk's BlobBatch makes it)
    assert _blob_address(rr.GridMap(data=data.reshape(-1), format=fmt, cell_size=1).data) == data.ctypes.data


def test_strided_positions_are_copied_with_right_values():
    pos = rng.normal(size=(100, 6)).astype(np.float32)[:, ::2]
    mesh = rr.Mesh3D(vertex_positions=pos)
    values = mesh.vertex_positions.as_arrow_array().values.to_numpy()
    assert np.array_equal(values.reshape(-1, 3), pos)


# --- memory -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_mesh():
    n = 1 << 20  # 12 MiB of positions, 12 MiB of normals, 12 MiB of indices
    return (
        np.ones((n, 3), dtype=np.float32),
        np.ones((n, 3), dtype=np.float32),
        np.ones((n, 3), dtype=np.uint32),
    )


@pytest.mark.limit_memory("1 MB")
def test_building_a_36mb_mesh_allocates_under_1mb(big_mesh):
    pos, nrm, tri = big_mesh
    mesh = rr.Mesh3D(vertex_positions=pos, vertex_normals=nrm, triangle_indices=tri)
    assert len(mesh.vertex_positions) == len(pos)


@pytest.mark.limit_memory("1 MB")
def test_logging_a_36mb_mesh_allocates_under_1mb(unbatched_rec, big_mesh):
    pos, nrm, tri = big_mesh
    unbatched_rec.log("mesh", rr.Mesh3D(vertex_positions=pos, vertex_normals=nrm, triangle_indices=tri))


@pytest.fixture(scope="module")
def big_sample():
    return np.ones(8 << 20, dtype=np.uint8)


@pytest.mark.limit_memory("1 MB")
def test_logging_an_8mb_video_sample_allocates_under_1mb(unbatched_rec, big_sample):
    unbatched_rec.log("video", rr.VideoStream("h264", sample=big_sample, is_keyframe=True))


@pytest.fixture(scope="module")
def big_voxels():
    n = 1 << 20
    return np.ones((n, 3), dtype=np.int32), np.ones(n, dtype=np.float32)


@pytest.mark.limit_memory("1 MB")
def test_logging_16mb_of_voxels_allocates_under_1mb(unbatched_rec, big_voxels):
    idx, vals = big_voxels
    unbatched_rec.log("voxels", rr.VoxelGridMap(idx, [1, 1, 1], values=vals))


# --- logging ------------------------------------------------------------------------------------


def test_logged_chunks_carry_the_same_arrays():
    stream = rr.RecordingStream("test_app")
    try:
        mem = stream.memory_recording()
        stream.log("graph", rr.GraphEdges([("a", "b")], graph_type="Directed"), static=True)
        stream.set_time("frame", sequence=1)
        stream.log("video", rr.VideoStream("h264", sample=SAMPLE, is_keyframe=True))
        stream.log("mesh", rr.Mesh3D(vertex_positions=P3, triangle_indices=TRI))
        stream.flush()
        columns = component_columns(mem)
    finally:
        stream._close()
    expected = {
        "GraphEdges:edges": rerun.GraphEdges([("a", "b")]).edges,
        "GraphEdges:graph_type": rerun.GraphEdges([], graph_type="Directed").graph_type,
        "VideoStream:codec": rerun.VideoStream("h264").codec,
        "VideoStream:sample": rerun.VideoStream("h264", sample=SAMPLE).sample,
        "Mesh3D:vertex_positions": rerun.Mesh3D(vertex_positions=P3).vertex_positions,
        "Mesh3D:triangle_indices": rerun.Mesh3D(vertex_positions=P3, triangle_indices=TRI).triangle_indices,
    }
    for name, batch in expected.items():
        assert columns.pop(name) == [batch.as_arrow_array().to_pylist()], name
