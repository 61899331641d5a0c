"""Image, DepthImage, SegmentationImage, EncodedImage, Asset3D: each input form gives the same
descriptors and Arrow arrays as rerun-sdk 0.41; pixel buffers and blobs are borrowed, not copied;
bad input warns and drops the image."""

from __future__ import annotations

import io

import numpy as np
import pytest
import rerun  # the reference peer: a hard dependency of the tests (make test installs it)

import nparrow as rr
from ffi_tests.sdk._parity import SDK, assert_same_batches, component_columns, field_layout
from nparrow.archetypes import _image_format as _if
from nparrow.archetypes.encoded import Asset3D, EncodedImage
from nparrow.archetypes.images import DepthImage, Image, SegmentationImage

OURS = rr  # every helper type is exported at nparrow's top level
THEIRS = SDK(rerun, ImageFormat=rerun.components.ImageFormat)

DTYPES = [np.uint8, np.int8, np.uint16, np.int16, np.uint32, np.int32, np.uint64, np.int64]
DTYPES += [np.float16, np.float32, np.float64]


def _img(shape, dtype=np.uint8):
    """Deterministic pixels: both SDKs get equal arrays from the same call."""
    return (np.random.default_rng(7).random(shape) * 200).astype(dtype)


RGB = _img((24, 32, 3))
RGBA = _img((24, 32, 4))
GRAY = _img((24, 32))
DEPTH = _img((24, 32), np.float32)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))

# (id, build(sdk) -> archetype): the same call is made with nparrow and with rerun-sdk.
CASES = [
    ("image-rgb", lambda m: m.Image(RGB)),
    ("image-rgba", lambda m: m.Image(RGBA)),
    ("image-gray", lambda m: m.Image(GRAY)),
    ("image-hw1", lambda m: m.Image(GRAY[:, :, None])),
    ("image-leading-unit-dims", lambda m: m.Image(RGB[None, None])),
    ("image-trailing-unit-dims", lambda m: m.Image(RGB[..., None, None])),
    ("image-strided-view", lambda m: m.Image(RGB[::2, 1::3])),
    ("image-fortran", lambda m: m.Image(np.asfortranarray(RGB))),
    ("image-list", lambda m: m.Image([[0, 1, 2], [3, 4, 5]])),
    ("image-color-model-str", lambda m: m.Image(RGB, "BGR")),
    ("image-color-model-lower", lambda m: m.Image(RGBA, color_model="bgra")),
    ("image-color-model-enum", lambda m: m.Image(GRAY, m.ColorModel.L)),
    ("image-width-height", lambda m: m.Image(RGB, width=32, height=24)),
    (
        "image-all-options",
        lambda m: m.Image(RGB, opacity=0.5, draw_order=-3, magnification_filter="Linear"),
    ),
    (
        "image-filter-enum",
        lambda m: m.Image(GRAY, magnification_filter=m.components.MagnificationFilter.Bicubic),
    ),
    ("bytes-pixel-format", lambda m: m.Image(bytes=bytes(48), width=4, height=8, pixel_format="NV12")),
    (
        "bytes-pixel-format-enum",
        lambda m: m.Image(bytes=bytes(64), width=4, height=8, pixel_format=m.PixelFormat.YUY2),
    ),
    (
        "bytes-datatype-np",
        lambda m: m.Image(bytes=RGB.tobytes(), width=32, height=24, color_model="RGB", datatype=np.uint8),
    ),
    (
        "bytes-datatype-str",
        lambda m: m.Image(bytes=DEPTH.tobytes(), width=32, height=24, color_model="L", datatype="F32"),
    ),
    (
        "bytes-datatype-enum",
        lambda m: m.Image(
            bytes=RGBA.tobytes(),
            width=32,
            height=24,
            color_model=m.ColorModel.RGBA,
            datatype=m.ChannelDatatype.U8,
        ),
    ),
    (
        "bytes-ndarray",
        lambda m: m.Image(bytes=DEPTH, width=32, height=24, color_model="L", datatype=np.dtype("float32")),
    ),
    ("image-from_fields", lambda m: m.Image.from_fields(opacity=0.25, draw_order=2)),
    (
        "image-from_fields-format",
        lambda m: m.Image.from_fields(
            buffer=bytes(6), format=m.ImageFormat(3, 2, color_model="L", channel_datatype="U8")
        ),
    ),
    (
        "image-from_fields-formats",
        lambda m: m.Image.from_fields(
            format=[m.ImageFormat(3, 2, pixel_format="NV12"), m.ImageFormat(4, 4, channel_datatype="F16")]
        ),
    ),
    ("image-from_fields-clear", lambda m: m.Image.from_fields(clear_unset=True, opacity=1.0)),
    ("image-cleared", lambda m: m.Image.cleared()),
    # DepthImage
    ("depth-f32", lambda m: m.DepthImage(DEPTH)),
    ("depth-u16-meter", lambda m: m.DepthImage(_img((24, 32), np.uint16), meter=1000.0)),
    ("depth-unit-dims", lambda m: m.DepthImage(DEPTH[None, :, :, None])),
    (
        "depth-all-options",
        lambda m: m.DepthImage(
            DEPTH,
            meter=10,
            colormap="viridis",
            depth_range=(0.5, 20),
            point_fill_ratio=0.5,
            draw_order=4,
            magnification_filter="nearest",
        ),
    ),
    ("depth-colormap-enum", lambda m: m.DepthImage(DEPTH, colormap=m.components.Colormap.Turbo)),
    ("depth-from_fields", lambda m: m.DepthImage.from_fields(meter=100, depth_range=[0, 5])),
    ("depth-cleared", lambda m: m.DepthImage.cleared()),
    # SegmentationImage
    ("seg-u8", lambda m: m.SegmentationImage(_img((24, 32)))),
    ("seg-u16-options", lambda m: m.SegmentationImage(_img((24, 32), np.uint16), opacity=0.5, draw_order=1)),
    ("seg-strided", lambda m: m.SegmentationImage(_img((24, 32), np.int32)[:, ::2])),
    ("seg-from_fields", lambda m: m.SegmentationImage.from_fields(opacity=0.7)),
    ("seg-cleared", lambda m: m.SegmentationImage.cleared()),
    # EncodedImage
    ("encoded-bytes", lambda m: m.EncodedImage(contents=PNG, media_type="image/png")),
    ("encoded-constant", lambda m: m.EncodedImage(contents=PNG, media_type=m.MediaType.PNG)),
    ("encoded-bytesio", lambda m: m.EncodedImage(contents=io.BytesIO(PNG), media_type="image/png")),
    (
        "encoded-ndarray",
        lambda m: m.EncodedImage(contents=np.frombuffer(PNG, np.uint8), media_type="image/png"),
    ),
    (
        "encoded-options",
        lambda m: m.EncodedImage(
            contents=PNG, media_type="image/jpeg", opacity=0.5, draw_order=3, magnification_filter="bicubic"
        ),
    ),
    ("encoded-from_fields", lambda m: m.EncodedImage.from_fields(opacity=0.1)),
    ("encoded-cleared", lambda m: m.EncodedImage.cleared()),
    # Asset3D
    ("asset-bytes", lambda m: m.Asset3D(contents=b"solid x\nendsolid x\n")),
    ("asset-media-type", lambda m: m.Asset3D(contents=b"v 0 0 0\n", media_type=m.MediaType.OBJ)),
    ("asset-albedo", lambda m: m.Asset3D(contents=b"glTF....", albedo_factor=[255, 128, 0])),
    (
        "asset-albedo-int",
        lambda m: m.Asset3D(contents=b"x", media_type="model/stl", albedo_factor=0xFF0000FF),
    ),
    ("asset-from_fields", lambda m: m.Asset3D.from_fields(albedo_factor=[0.5, 0.5, 0.5, 1.0])),
    ("asset-cleared", lambda m: m.Asset3D.cleared()),
]


def _dtype_case(archetype, shape, dtype):
    return (
        f"{archetype}-{np.dtype(dtype).name}",
        lambda m: getattr(m, archetype)(_img(shape, dtype)),
    )


for _d in DTYPES:
    CASES += [
        _dtype_case("Image", (6, 5, 3), _d),
        _dtype_case("DepthImage", (6, 5), _d),
        _dtype_case("SegmentationImage", (1, 6, 5), _d),
    ]


@pytest.mark.parametrize("build", [b for _, b in CASES], ids=[i for i, _ in CASES])
def test_same_batches_as_rerun_sdk(build):
    assert_same_batches(build(OURS), build(THEIRS))


def test_bytearray_is_one_blob():
    """rerun-sdk turns a bytearray into one blob per byte (it is a Sequence of ints); nparrow
    logs it as the one blob it is, like bytes."""
    ours = Asset3D(contents=bytearray(b"glTF")).blob.as_arrow_array()
    assert ours.to_pylist() == [list(b"glTF")]
    fmt = Image(bytes=bytearray(8), width=4, height=2, color_model="L", datatype="U8")
    assert fmt.buffer.as_arrow_array().to_pylist() == [[0] * 8]


# Input rerun-sdk also accepts with a warning; both SDKs must log the same thing.
WARNED = [
    ("five-channels", lambda m: m.Image(_img((4, 3, 5))), "Expected 1, 3, or 4 channels"),
    ("model-mismatch", lambda m: m.Image(RGB, color_model="L"), "Expected 1 channels for L"),
    ("bool-dtype", lambda m: m.Image(np.ones((4, 3), dtype=bool)), "Unsupported dtype bool"),
]


@pytest.mark.parametrize(("build", "match"), [w[1:] for w in WARNED], ids=[w[0] for w in WARNED])
def test_warned_input_logs_what_rerun_sdk_logs(build, match):
    with pytest.warns(rr.RerunWarning, match=match):
        ours = build(OURS)
    with pytest.warns(rerun.error_utils.RerunWarning, match=match):
        theirs = build(THEIRS)
    assert_same_batches(ours, theirs)


def test_field_order_matches_rerun_sdk():
    for ours in (Image, DepthImage, SegmentationImage, EncodedImage, Asset3D):
        theirs = getattr(rerun, ours.__name__)
        assert list(ours._FIELDS) == [f.name for f in theirs.__attrs_attrs__], ours.__name__
        assert field_layout(ours) == (list(ours._FIELDS), False)
        assert ours.archetype() == f"rerun.archetypes.{ours.__name__}"


def test_lazy_names_resolve():
    assert rr.Image is Image and rr.DepthImage is DepthImage and rr.SegmentationImage is SegmentationImage
    assert rr.EncodedImage is EncodedImage and rr.Asset3D is Asset3D


def test_enums_match_rerun_sdk():
    for name in ("ColorModel", "ChannelDatatype", "PixelFormat"):
        ours, theirs = getattr(_if, name), getattr(rerun, name)
        assert [(m.name, m.value) for m in ours] == [(m.name, m.value) for m in theirs], name
        for member in theirs:
            assert ours.auto(member.name.lower()) is ours[member.name]
            assert ours.auto(member.value) is ours[member.name]
            assert ours.auto(member) is ours[member.name]  # rerun-sdk's own member
            assert str(ours[member.name]) == str(member)
    assert _if.ColorModel.BGRA.num_channels() == 4
    assert _if.ChannelDatatype.from_np_dtype(np.dtype("float16")) is _if.ChannelDatatype.F16
    assert _if.ChannelDatatype.U16.to_np_dtype() is np.uint16
    with pytest.raises(ValueError, match="ColorModel"):
        _if.ColorModel.auto("XYZ")


def test_image_format_roundtrip():
    img = Image(_img((2, 3, 3), np.uint16))
    assert img.image_format() == _if.ImageFormat(3, 2, color_model="RGB", channel_datatype="U16")
    assert DepthImage(DEPTH).image_format() == _if.ImageFormat(32, 24, channel_datatype="F32")
    theirs = rerun.components.ImageFormat(3, 2, pixel_format="NV12")
    assert_same_batches(
        Image.from_fields(format=theirs), rerun.Image.from_fields(format=theirs)
    )  # rerun-sdk's ImageFormat accepted as is


# --- zero-copy ---------------------------------------------------------------------------------


def _values_address(batch):
    arr = batch.as_arrow_array()
    assert arr.offsets.to_pylist() == [0, len(arr.values)]
    return arr.values.buffers()[1].address


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_image_buffer_is_borrowed(dtype):
    img = _img((48, 64, 3), dtype)
    arch = Image(img)
    assert _values_address(arch.buffer) == img.ctypes.data
    assert arch.buffer.as_arrow_array().values.to_numpy().tobytes() == img.tobytes()


@pytest.mark.parametrize("cls", [DepthImage, SegmentationImage])
def test_single_channel_buffer_is_borrowed(cls):
    img = _img((1, 48, 64, 1), np.uint16)
    assert _values_address(cls(img).buffer) == img.ctypes.data


@pytest.mark.parametrize("kind", ["bytes", "bytearray", "memoryview", "ndarray"])
def test_image_bytes_form_is_borrowed(kind):
    raw = RGB.tobytes()
    data = {"bytes": raw, "bytearray": bytearray(raw), "memoryview": memoryview(raw), "ndarray": RGB}[kind]
    arch = Image(bytes=data, width=32, height=24, color_model="RGB", datatype="U8")
    expected = RGB.ctypes.data if kind == "ndarray" else np.frombuffer(data, np.uint8).ctypes.data
    assert _values_address(arch.buffer) == expected


@pytest.mark.parametrize("kind", ["bytes", "bytearray", "ndarray"])
def test_blobs_are_borrowed(kind):
    data = {"bytes": PNG, "bytearray": bytearray(PNG), "ndarray": np.frombuffer(PNG, np.uint8).copy()}[kind]
    address = np.frombuffer(data, np.uint8).ctypes.data
    assert _values_address(EncodedImage(contents=data, media_type="image/png").blob) == address
    assert _values_address(Asset3D(contents=data).blob) == address


def test_non_contiguous_image_is_copied_once_with_right_values():
    img = _img((48, 64, 4))
    for view in (img[:, ::2], np.asfortranarray(img), img[::-1]):
        arch = Image(view)
        assert _values_address(arch.buffer) != img.ctypes.data
        assert arch.buffer.as_arrow_array().values.to_numpy().tobytes() == view.tobytes()


def test_byte_swapped_image_logs_native_values():
    native = _img((8, 6), np.float32)
    swapped = native.astype(">f4")
    ours = DepthImage(swapped).buffer.as_arrow_array().values.to_numpy()
    assert ours.tobytes() == native.tobytes()  # rerun-sdk would log the big-endian bytes


def test_path_form_reads_the_file_and_guesses_the_media_type(tmp_path):
    for name, data in (("a.png", PNG), ("b.JPG", b"\xff\xd8jpeg"), ("m.glb", b"glTF"), ("m.stl", b"solid")):
        path = tmp_path / name
        path.write_bytes(data)
        if name.endswith(("png", "JPG")):
            assert_same_batches(EncodedImage(path=path), rerun.EncodedImage(path=path))
        assert_same_batches(Asset3D(path=str(path)), rerun.Asset3D(path=str(path)))
    unknown = tmp_path / "x.bin"
    unknown.write_bytes(b"?")
    assert Asset3D(path=unknown).media_type is None


# --- memory --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rgba_4mb():
    return np.ones((1024, 1024, 4), dtype=np.uint8)


@pytest.mark.limit_memory("1 MB")
def test_building_a_4mb_image_allocates_under_1mb(rgba_4mb):
    arch = Image(rgba_4mb)
    assert len(arch.buffer) == 1


@pytest.mark.limit_memory("1 MB")
def test_logging_a_4mb_image_allocates_under_1mb(unbatched_rec, rgba_4mb):
    unbatched_rec.log("camera/image", Image(rgba_4mb, opacity=0.5))


# --- bad input: warn and drop the image (or raise in strict mode) -------------------------------


# (archetype, build): the image (and every field) is dropped
BAD = [
    ("Image", lambda: Image(np.zeros((2, 3, 4, 5)), opacity=0.5)),
    ("Image", lambda: Image(np.zeros((5,)))),
    ("Image", lambda: Image(RGB, width=31)),
    ("Image", lambda: Image(RGB, height=1)),
    ("Image", lambda: Image(RGB, color_model="XYZ")),
    ("Image", lambda: Image(np.array([["a", "b"], ["c", "d"]]))),
    ("Image", lambda: Image()),
    ("Image", lambda: Image(bytes=b"1234", width=2)),
    ("Image", lambda: Image(bytes=b"1234", width=2, height=2)),
    ("Image", lambda: Image(bytes=b"1234", width=2, height=2, pixel_format="NV12", color_model="L")),
    ("Image", lambda: Image(bytes=b"1234", width=2, height=2, pixel_format="NV12", datatype="U8")),
    ("Image", lambda: Image(bytes=b"1234", width=2, height=2, pixel_format="NV13")),
    ("Image", lambda: Image(bytes=b"1234", width=2, height=2, color_model="L", datatype="U9")),
    ("DepthImage", lambda: DepthImage(RGB, meter=1000)),
    ("DepthImage", lambda: DepthImage(np.ones((3, 2), dtype=bool))),
    ("DepthImage", lambda: DepthImage(np.ones((3, 2), dtype=np.complex64))),
    ("SegmentationImage", lambda: SegmentationImage(RGB)),
    ("SegmentationImage", lambda: SegmentationImage(np.zeros((2, 2), dtype=object))),
    ("EncodedImage", lambda: EncodedImage(contents=PNG)),
    ("EncodedImage", lambda: EncodedImage(contents=PNG, path="x.png", media_type="image/png")),
    ("EncodedImage", lambda: EncodedImage()),
    ("EncodedImage", lambda: EncodedImage(path="/nonexistent/x.png")),
    ("Asset3D", lambda: Asset3D()),
    ("Asset3D", lambda: Asset3D(path="/nonexistent/x.glb", albedo_factor=0xFFFFFFFF)),
]
BAD_IDS = [f"{b[0]}-{i}" for i, b in enumerate(BAD)]


@pytest.mark.parametrize(("name", "build"), BAD, ids=BAD_IDS)
def test_bad_input_warns_and_drops_the_image(name, build):
    with pytest.warns(rr.RerunWarning, match=name):
        arch = build()
    assert arch.as_component_batches() == []


@pytest.mark.parametrize(("name", "build"), BAD, ids=BAD_IDS)
def test_bad_input_raises_in_strict_mode(strict, name, build):
    with pytest.raises((TypeError, ValueError, OSError)):
        build()


@pytest.mark.parametrize("build", [w[1] for w in WARNED], ids=[w[0] for w in WARNED])
def test_warned_input_raises_in_strict_mode(strict, build):
    with pytest.raises((TypeError, ValueError)):
        build(OURS)


def test_bad_optional_field_drops_only_that_field():
    with pytest.warns(rr.RerunWarning, match="magnification_filter|MagnificationFilter"):
        arch = Image(RGB, magnification_filter="sharpest")
    assert arch.magnification_filter is None and arch.buffer is not None and arch.format is not None


# --- logging -------------------------------------------------------------------------------------


def test_logged_chunks_carry_the_same_arrays(rec):
    mem = rec.memory_recording()
    big = _img((64, 96, 3))  # over 4 KiB: borrowed until captured
    rec.log("cam/rgb", Image(big), static=True)
    rec.set_time("frame", sequence=1)
    rec.log("cam/depth", DepthImage(DEPTH, meter=1000.0))
    rec.log("cam/seg", SegmentationImage(GRAY))
    rec.log("cam/jpeg", EncodedImage(contents=PNG, media_type="image/png"))
    rec.log("mesh", Asset3D(contents=b"solid x", media_type="model/stl"))
    rec.flush()
    columns = component_columns(mem)
    expected = {
        "Image:buffer": rerun.Image(big).buffer,
        "Image:format": rerun.Image(big).format,
        "DepthImage:format": rerun.DepthImage(DEPTH).format,
        "DepthImage:meter": rerun.DepthImage(DEPTH, meter=1000.0).meter,
        "SegmentationImage:buffer": rerun.SegmentationImage(GRAY).buffer,
        "EncodedImage:blob": rerun.EncodedImage(contents=PNG, media_type="image/png").blob,
        "Asset3D:media_type": rerun.Asset3D(contents=b"x", media_type="model/stl").media_type,
    }
    for name, batch in expected.items():
        assert columns.pop(name) == [batch.as_arrow_array().to_pylist()], name
