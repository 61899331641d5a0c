"""Tensor archetypes (Tensor, BarChart, Volume3D) and `AssetVideo.read_frame_timestamps_nanos`:
each accepted input form gives the same descriptors and Arrow as rerun-sdk 0.41; tensor buffers
are borrowed, not copied; the MP4 demuxer reports rerun-sdk's frame timestamps."""

from __future__ import annotations

import pathlib
import warnings

import numpy as np
import pytest
import rerun  # the reference peer: a hard dependency of the tests (make test installs it)

import nparrow as rr
from ffi_tests.sdk._parity import assert_same_arrays, assert_same_batches
from nparrow import _native
from nparrow import _payload as P

OURS, THEIRS = rr, rerun
FIXTURES = pathlib.Path(__file__).parent.parent / "fixtures"
# Made with `ffmpeg -f lavfi -i testsrc=size=64x64:rate=10 -t 1 -pix_fmt yuv420p -c:v libx264 x.mp4`
# (B-frames: decode order is not presentation order), the same at 30 fps without B-frames
# (timestamps that need rounding to ns), and at 25 fps with `-movflags frag_keyframe+empty_moov`
# (a fragmented MP4).
VIDEOS = ["testsrc_10fps_bframes.mp4", "testsrc_30fps.mp4", "testsrc_25fps_fragmented.mp4"]

rng = np.random.default_rng(11)
T4 = rng.integers(0, 256, (8, 6, 3, 5), dtype=np.uint8)
F2 = rng.normal(size=(4, 5))
DTYPES = [np.uint8, np.uint16, np.uint32, np.uint64, np.int8, np.int16, np.int32, np.int64]
DTYPES += [np.float16, np.float32, np.float64]


class _TorchLike:
    """What rerun-sdk asks of a torch tensor: `.numpy(force=True)`."""

    def __init__(self, arr):
        self.arr = arr

    def numpy(self, force):
        return self.arr


V3 = rng.random((4, 3, 2)).astype(np.float16)

# id → `make(rr)`: the same call is made with nparrow and with rerun-sdk.
CASES = {
    **{
        f"tensor-{np.dtype(dt).name}": (
            lambda rr_, dt=dt: rr_.Tensor(np.arange(24).astype(dt).reshape(2, 3, 4))
        )
        for dt in DTYPES
    },
    "tensor-dim-names": lambda rr_: rr_.Tensor(T4, dim_names=("width", "height", "channel", "batch")),
    "tensor-dim-names-list": lambda rr_: rr_.Tensor(F2, dim_names=["rows", "cols"]),
    "tensor-value-range": lambda rr_: rr_.Tensor(F2, value_range=[-1, 1]),
    "tensor-value-range-np": lambda rr_: rr_.Tensor(F2, value_range=np.array([0.0, 2.5], np.float32)),
    "tensor-value-range-tuple": lambda rr_: rr_.Tensor(F2, value_range=(0, 255)),
    "tensor-list": lambda rr_: rr_.Tensor([[1, 2, 3], [4, 5, 6]]),
    "tensor-list-floats": lambda rr_: rr_.Tensor([1.5, 2.5]),
    "tensor-tuple": lambda rr_: rr_.Tensor((1, 2, 3)),
    "tensor-scalar": lambda rr_: rr_.Tensor(7.0),
    "tensor-0d": lambda rr_: rr_.Tensor(np.array(3, np.int16)),
    "tensor-empty": lambda rr_: rr_.Tensor(np.zeros((0, 3), np.float32)),
    "tensor-strided": lambda rr_: rr_.Tensor(F2[:, ::2]),
    "tensor-fortran": lambda rr_: rr_.Tensor(np.asfortranarray(F2)),
    "tensor-torch-like": lambda rr_: rr_.Tensor(_TorchLike(F2.astype(np.float32))),
    "tensor-tensordata": lambda rr_: rr_.Tensor(
        rr_.encodings.TensorData(array=T4, dim_names=["a", "b", "c", "d"])
    ),
    "tensor-tensordata-shape-buffer": lambda rr_: rr_.Tensor(
        rr_.encodings.TensorData(shape=[2, 3], buffer=np.arange(6, dtype=np.int32))
    ),
    "tensor-tensordata-list": lambda rr_: rr_.Tensor.from_fields(data=[rr_.encodings.TensorData(array=F2)]),
    # BarChart
    "bar-list": lambda rr_: rr_.BarChart([1, 2, 3, 4]),
    "bar-f32": lambda rr_: rr_.BarChart(np.array([0.5, 1.5, 2.5], np.float32), color=[255, 0, 0]),
    "bar-row": lambda rr_: rr_.BarChart(np.arange(5, dtype=np.int32).reshape(1, 5), color=0x00FF00FF),
    "bar-one": lambda rr_: rr_.BarChart([3.0]),
    "bar-all": lambda rr_: rr_.BarChart(
        [8, 4, 0, 9], color=(0, 0, 255), abscissa=np.array([0.0, 1.0, 3.0, 6.0]), widths=[1, 2, 3, 0.5]
    ),
    "bar-widths-scalar": lambda rr_: rr_.BarChart(np.arange(3.0), widths=2.0),
    "bar-tensordata": lambda rr_: rr_.BarChart(rr_.encodings.TensorData(array=np.arange(4, dtype=np.uint8))),
    # Volume3D
    "volume-f16": lambda rr_: rr_.Volume3D(V3),
    "volume-all": lambda rr_: rr_.Volume3D(
        V3,
        voxel_size=[0.5, 0.5, 2.0],
        translation=(1, 2, 3),
        quaternion=rr_.Quaternion(xyzw=[0, 0, 0, 1]),
        value_range=[0.1, 0.9],
        gamma=2.0,
        colormap="viridis",
        optical_density=1.5,
    ),
    "volume-enum-colormap": lambda rr_: rr_.Volume3D(
        V3.astype(np.float32),
        colormap=rr_.components.Colormap.Turbo,
        voxel_size=np.array([1, 1, 1], np.float64),
    ),
    "volume-quat-np": lambda rr_: rr_.Volume3D(V3, quaternion=np.array([0, 0, 0.6, 0.8]), gamma=3),
}


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_same_batches_as_rerun_sdk(make):
    assert_same_batches(make(OURS), make(THEIRS))


@pytest.mark.parametrize("name", ["Tensor", "BarChart", "Volume3D"])
def test_cleared_matches_rerun_sdk(name):
    ours = getattr(OURS, name).cleared()
    assert_same_batches(ours, getattr(THEIRS, name).cleared())
    assert len(ours.as_component_batches()) == len(ours._DESCRIPTORS)


PARTIAL = {
    "Tensor": {"value_range": [0, 1]},
    "BarChart": {"values": [1, 2, 3], "widths": [1.0]},
    "Volume3D": {"values": V3, "gamma": 1.5, "colormap": "Magma"},
}


@pytest.mark.parametrize("clear_unset", [False, True])
@pytest.mark.parametrize("name", PARTIAL)
def test_from_fields_matches_rerun_sdk(name, clear_unset):
    ours = getattr(OURS, name).from_fields(clear_unset=clear_unset, **PARTIAL[name])
    theirs = getattr(THEIRS, name).from_fields(clear_unset=clear_unset, **PARTIAL[name])
    assert_same_batches(ours, theirs)


COLUMNS = {
    "tensor-range": lambda m: m.Tensor.columns(value_range=[[0, 1], [0, 2], [-1, 1]]),
    "bar-widths": lambda m: m.BarChart.columns(widths=[1.0, 2.0], color=[0xFF0000FF, 0x00FF00FF]),
    "volume": lambda m: m.Volume3D.columns(gamma=[1.0, 2.0, 3.0], optical_density=np.arange(3.0)),
}


@pytest.mark.parametrize("make", COLUMNS.values(), ids=COLUMNS.keys())
def test_columns_match_rerun_sdk(make):
    ours = list(make(OURS))
    with warnings.catch_warnings():
        # rerun-sdk's BarChart converter runs on the missing `values` and warns (IndexError).
        warnings.simplefilter("ignore")
        theirs = make(THEIRS)
    assert ours
    assert_same_arrays(ours, theirs)


def test_tensor_data_value_class():
    td = rr.datatypes.TensorData(array=T4, dim_names=["a", "b", "c", "d"])
    assert td.shape.dtype == np.uint64 and td.shape.tolist() == [8, 6, 3, 5]
    assert td.names == ["a", "b", "c", "d"]
    assert np.array_equal(td.numpy(force=True), T4)
    assert rr.encodings.TensorData is rr.datatypes.TensorData is rr.TensorData
    with pytest.raises(ValueError, match="one of 'array' or 'buffer'"):
        rr.datatypes.TensorData()
    with pytest.raises(ValueError, match="'shape' is also required"):
        rr.datatypes.TensorData(buffer=[1, 2])
    with pytest.raises(ValueError, match="do not match"):
        rr.datatypes.TensorData(shape=[2, 2], buffer=np.zeros(3))


def test_dim_names_on_a_tensor_data_are_applied():
    """rerun-sdk 0.41 rebuilds the TensorData without its shape here and drops the tensor (a bug);
    nparrow keeps the shape and applies the names."""
    td = rr.datatypes.TensorData(array=F2)
    ours = rr.Tensor(td, dim_names=["r", "c"])
    expected = rerun.Tensor(F2, dim_names=["r", "c"])
    assert_same_batches(ours, expected)


# --- zero copy ----------------------------------------------------------------------------------


def _buffer_values(batch):
    """The tensor buffer's values array (the one used union variant's list values)."""
    union = batch.as_arrow_array().field("buffer")
    (type_id,) = union.type_codes.to_pylist()
    values = union.field(type_id)
    assert values.offsets.to_pylist() == [0, len(values.values)]
    return values.values


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_tensor_buffer_is_borrowed(dtype):
    arr = np.arange(64 * 48, dtype=np.float64).astype(dtype).reshape(64, 48)
    for arch, batch in [
        (rr.Tensor(arr), "data"),
        (rr.Tensor(rr.TensorData(array=arr), dim_names=["h", "w"]), "data"),  # its TensorBuffer passed on
        (rr.BarChart(arr.reshape(-1)), "values"),
        (rr.BarChart(rr.TensorData(shape=[arr.size], buffer=rr.encodings.TensorBuffer(arr))), "values"),
        (rr.Volume3D(arr.reshape(4, 16, 48)), "values"),
    ]:
        values = _buffer_values(getattr(arch, batch))
        assert values.buffers()[1].address == arr.ctypes.data
        assert values.to_numpy().tobytes() == arr.tobytes()


def test_payload_buffer_address_is_the_numpy_pointer():
    arr = np.ones((256, 256), np.float32)
    payload = rr.components.TensorDataBatch(arr)._numpy_data
    built = _native.payload_to_array(payload)
    assert arr.ctypes.data in built.buffer_addresses()


def test_non_contiguous_tensor_is_copied_with_right_values():
    arr = np.arange(64 * 48, dtype=np.float32).reshape(64, 48)
    for view in (arr[:, ::2], np.asfortranarray(arr), arr[::-1]):
        values = _buffer_values(rr.Tensor(view).data)
        assert values.buffers()[1].address != arr.ctypes.data
        assert values.to_numpy().tobytes() == np.ascontiguousarray(view).tobytes()


def test_byte_swapped_tensor_logs_native_values():
    native = np.arange(12, dtype=np.float32).reshape(3, 4)
    values = _buffer_values(rr.Tensor(native.astype(">f4")).data)
    assert values.to_numpy().tobytes() == native.tobytes()


@pytest.fixture(scope="module")
def tensor_8mb():
    # The one-time costs (the lazy import of the archetype module, its generated methods, the
    # TensorData/TensorBuffer classes) are paid here, outside the measured test call.
    rr.Tensor(rr.TensorData(array=np.ones((1, 1, 2), dtype=np.float32)), dim_names=["h", "w", "c"])
    return np.ones((1024, 1024, 2), dtype=np.float32)


@pytest.mark.limit_memory("1 MB")
def test_building_an_8mb_tensor_allocates_under_1mb(tensor_8mb):
    arch = rr.Tensor(tensor_8mb, dim_names=["h", "w", "c"])
    assert len(arch.data) == 1


@pytest.mark.limit_memory("1 MB")
def test_logging_an_8mb_tensor_allocates_under_1mb(unbatched_rec, tensor_8mb):
    unbatched_rec.log("tensor", rr.Tensor(tensor_8mb, value_range=[0, 1]))


# --- the dense-union payload ------------------------------------------------------------------


def test_dense_union_payload():
    variants = (
        ("_null_markers", None, True),
        ("A", P.fixed(np.array([1, 2], np.int64), 0), False),
        ("B", P.fixed(np.array([0.5], np.float32), 0), False),
    )
    payload = P.dense_union(variants, np.array([1, 2, 0, 1], np.int8), np.array([0, 0, 0, 1], np.int32))
    assert P.length(payload) == 4
    arr = _native.payload_to_array(payload, copy=True).to_pyarrow()
    assert arr.type.mode == "dense" and [arr.type.field(i).name for i in range(3)] == [
        "_null_markers",
        "A",
        "B",
    ]
    assert arr.to_pylist() == [1, 0.5, None, 2]
    with pytest.raises(ValueError, match="names no variant"):
        _native.payload_to_array(P.dense_union(variants, np.array([3], np.int8), np.zeros(1, np.int32)))
    with pytest.raises(TypeError, match="int8 type ids"):
        _native.payload_to_array(P.dense_union(variants, np.array([1], np.int64), np.zeros(1, np.int32)))


def test_nullable_list_payload():
    payload = P.nullable(
        P.list_of(np.array([0, 2, 2], np.int32), P.fixed(np.array([1, 2], np.int32), 0), False),
        np.array([True, False]),
    )
    assert _native.payload_to_array(payload, copy=True).to_pyarrow().to_pylist() == [[1, 2], None]


# --- bad input: warn and drop (or raise in strict mode) ------------------------------------------


BAD = {
    "tensor-none": (lambda rr_: rr_.Tensor(), "Tensor", "one of 'array' or 'buffer'"),
    "tensor-strings": (lambda rr_: rr_.Tensor(np.array(["a", "b"])), "Tensor", "unsupported tensor dtype"),
    "tensor-bool": (lambda rr_: rr_.Tensor(np.array([True, False])), "Tensor", "unsupported tensor dtype"),
    "tensor-batch": (
        lambda rr_: rr_.Tensor.from_fields(data=[rr_.encodings.TensorData(array=F2)] * 2),
        "TensorData",
        "do not support batches",
    ),
    "volume-objects": (
        lambda rr_: rr_.Volume3D(np.array([object()])),
        "TensorData",
        "unsupported tensor dtype",
    ),
}


@pytest.mark.parametrize(("make", "component", "message"), BAD.values(), ids=BAD.keys())
def test_bad_tensor_warns_and_is_dropped(make, component, message):
    with pytest.warns(rr.RerunWarning, match=f"{component}.*{message}"):
        ours = make(OURS)
    assert ours.as_component_batches() == []
    with pytest.warns(Warning):  # rerun-sdk warns too (and logs an empty batch in its place)
        make(THEIRS)


@pytest.mark.parametrize(("make", "component", "message"), BAD.values(), ids=BAD.keys())
def test_bad_tensor_raises_in_strict_mode(strict, make, component, message):
    with pytest.raises((ValueError, TypeError), match=message):
        make(OURS)


@pytest.mark.parametrize(
    "make",
    [lambda rr_: rr_.BarChart(np.zeros((3, 4))), lambda rr_: rr_.BarChart(np.float32(2.0))],
    ids=["2d", "0d"],
)
def test_bar_chart_of_non_1d_data_warns_but_logs_like_rerun_sdk(make):
    with pytest.warns(rr.RerunWarning, match="should only be 1D"):
        ours = make(OURS)
    with pytest.warns(Warning, match="should only be 1D"):
        theirs = make(THEIRS)
    assert_same_batches(ours, theirs)


def test_mismatched_dim_names_warn_and_are_dropped_like_rerun_sdk():
    with pytest.warns(rr.RerunWarning, match="Ignoring tensor dimension names"):
        ours = rr.Tensor(F2, dim_names=["x"])
    assert ours.data.as_arrow_array().field("names").to_pylist() == [None]
    with pytest.warns(Warning, match="Ignoring tensor dimension names"):
        theirs = rerun.Tensor(F2, dim_names=["x"])
    assert_same_batches(ours, theirs)


# --- AssetVideo.read_frame_timestamps_nanos --------------------------------------------------------


@pytest.mark.parametrize("name", VIDEOS)
def test_frame_timestamps_match_rerun_sdk(name):
    path = FIXTURES / name  # committed: a missing fixture fails here, it is not skipped
    assert path.stat().st_size > 0
    ours = rr.AssetVideo(path=path).read_frame_timestamps_nanos()
    theirs = rerun.AssetVideo(path=path).read_frame_timestamps_nanos()
    assert ours.dtype == np.int64 and len(ours) > 0
    np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("kind", ["bytes", "bytearray", "memoryview", "ndarray"])
def test_frame_timestamps_from_contents(kind):
    raw = (FIXTURES / VIDEOS[0]).read_bytes()
    data = {"bytes": raw, "bytearray": bytearray(raw), "memoryview": memoryview(raw)}.get(kind)
    if data is None:
        data = np.frombuffer(raw, np.uint8)
    for media_type in (None, "video/mp4"):
        ours = rr.AssetVideo(contents=data, media_type=media_type).read_frame_timestamps_nanos()
        np.testing.assert_array_equal(ours, np.arange(10) * 100_000_000)


@pytest.mark.parametrize(
    ("contents", "media_type", "message"),
    [
        (b"not a video at all", None, "Could not detect MIME type"),
        (b"not a video at all", "video/mp4", "MP4 error"),
        ("video", "video/webm", "'video/webm' is not supported"),
        ("video", "image/png", "not a video"),
    ],
)
def test_unreadable_video_raises_runtime_error_like_rerun_sdk(contents, media_type, message):
    if contents == "video":
        contents = (FIXTURES / VIDEOS[0]).read_bytes()
    with pytest.raises(RuntimeError, match=message):
        rr.AssetVideo(contents=contents, media_type=media_type).read_frame_timestamps_nanos()
    with pytest.raises(RuntimeError, match=message):
        rerun.AssetVideo(contents=contents, media_type=media_type).read_frame_timestamps_nanos()


def test_video_without_blob_raises():
    with pytest.warns(rr.RerunWarning):
        video = rr.AssetVideo()
    with pytest.raises(RuntimeError, match="no video buffer"):
        video.read_frame_timestamps_nanos()
