"""`ImageFormat` (the struct describing an image buffer), its enums `ColorModel`,
`ChannelDatatype`, `PixelFormat` (rerun-sdk 0.41's names, values and converters) and the one shape
of the ImageFormat component (`ImageFormatStruct`, a registry row), used by `Image`, `Mesh3D`
and `GridMap`. Below the registry: it imports no component or archetype."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._enums import AutoEnum
from ._shapes import Payload, Shape, _describe

__all__ = [
    "ChannelDatatype",
    "ColorModel",
    "ImageFormat",
    "ImageFormatStruct",
    "PixelFormat",
]


class ColorModel(AutoEnum):
    """What color components an `Image` has (with `ChannelDatatype`, its pixel format)."""

    L = 1
    RGB = 2
    RGBA = 3
    BGR = 4
    BGRA = 5

    def num_channels(self) -> int:
        return _NUM_CHANNELS[self]


_NUM_CHANNELS = {
    ColorModel.L: 1,
    ColorModel.RGB: 3,
    ColorModel.RGBA: 4,
    ColorModel.BGR: 3,
    ColorModel.BGRA: 4,
}


class ChannelDatatype(AutoEnum):
    """How each channel of a pixel is stored."""

    U8 = 6
    I8 = 7
    U16 = 8
    I16 = 9
    U32 = 10
    I32 = 11
    U64 = 12
    I64 = 13
    F16 = 33
    F32 = 34
    F64 = 35

    @staticmethod
    def from_np_dtype(dtype: Any) -> ChannelDatatype:
        """The channel datatype of a numpy dtype (`KeyError` if it has none)."""
        return _FROM_NP[np.dtype(dtype).type]

    def to_np_dtype(self) -> type:
        return _TO_NP[self]


_TO_NP: dict[ChannelDatatype, type] = {
    ChannelDatatype.U8: np.uint8,
    ChannelDatatype.U16: np.uint16,
    ChannelDatatype.U32: np.uint32,
    ChannelDatatype.U64: np.uint64,
    ChannelDatatype.I8: np.int8,
    ChannelDatatype.I16: np.int16,
    ChannelDatatype.I32: np.int32,
    ChannelDatatype.I64: np.int64,
    ChannelDatatype.F16: np.float16,
    ChannelDatatype.F32: np.float32,
    ChannelDatatype.F64: np.float64,
}
_FROM_NP: dict[type, ChannelDatatype] = {v: k for k, v in _TO_NP.items()}
# numpy scalar type → channel datatype value, for the hot path (no enum construction)
CHANNEL_DATATYPE_VALUE: dict[type, int] = {k: v.value for k, v in _FROM_NP.items()}


class PixelFormat(AutoEnum):
    """Chroma-subsampled and Bayer formats (takes precedence over color model and datatype)."""

    Y_U_V12_LimitedRange = 20
    NV12 = 26
    YUY2 = 27
    Y8_FullRange = 30
    Y_U_V24_LimitedRange = 39
    Y_U_V24_FullRange = 40
    Y8_LimitedRange = 41
    Y_U_V12_FullRange = 44
    Y_U_V16_LimitedRange = 49
    Y_U_V16_FullRange = 50
    BayerRGGB8 = 128
    BayerBGGR8 = 129
    BayerGBRG8 = 130
    BayerGRBG8 = 131


class ImageFormat:
    """The metadata of an image buffer: size plus either a pixel format or a color model and a
    channel datatype (rerun.components.ImageFormat)."""

    __slots__ = ("channel_datatype", "color_model", "height", "pixel_format", "width")

    def __init__(
        self,
        width: int,
        height: int,
        *,
        pixel_format: Any = None,
        color_model: Any = None,
        channel_datatype: Any = None,
    ) -> None:
        self.width = int(width)
        self.height = int(height)
        self.pixel_format = None if pixel_format is None else PixelFormat.auto(pixel_format)
        self.color_model = None if color_model is None else ColorModel.auto(color_model)
        self.channel_datatype = None if channel_datatype is None else ChannelDatatype.auto(channel_datatype)

    def _key(self) -> tuple[int, int, int | None, int | None, int | None]:
        return (
            self.width,
            self.height,
            None if self.pixel_format is None else self.pixel_format.value,
            None if self.color_model is None else self.color_model.value,
            None if self.channel_datatype is None else self.channel_datatype.value,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ImageFormat):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"ImageFormat(width={self.width}, height={self.height}, pixel_format={self.pixel_format}, "
            f"color_model={self.color_model}, channel_datatype={self.channel_datatype})"
        )


FormatKey = tuple[int, int, "int | None", "int | None", "int | None"]


def _u8_column(values: list[int | None]) -> Payload:
    """A nullable u8 child: a validity mask only where there are nulls (as pyarrow builds it)."""
    if all(v is not None for v in values):
        return (np.array(values, dtype=np.uint8), 0)
    valid = np.array([v is not None for v in values], dtype=np.bool_)
    return (np.array([0 if v is None else v for v in values], dtype=np.uint8), 0, valid)


def format_payload(keys: Sequence[FormatKey]) -> Payload:
    """`struct<width: u32, height: u32, pixel_format: u8?, color_model: u8?, channel_datatype: u8?>`."""
    if len(keys) == 1:  # the common case: one image; formats repeat across frames, so cache
        cached = _CACHE.get(keys[0])
        if cached is not None:
            return cached
    width = np.array([k[0] for k in keys], dtype=np.uint32)
    height = np.array([k[1] for k in keys], dtype=np.uint32)
    payload = (
        "struct",
        (
            ("width", (width, 0), False),
            ("height", (height, 0), False),
            ("pixel_format", _u8_column([k[2] for k in keys]), True),
            ("color_model", _u8_column([k[3] for k in keys]), True),
            ("channel_datatype", _u8_column([k[4] for k in keys]), True),
        ),
    )
    if len(keys) == 1:
        if len(_CACHE) >= 256:
            _CACHE.clear()
        _CACHE[keys[0]] = payload
    return payload


# One-image format payloads by key. The arrays in them are never written to (Rust only reads).
_CACHE: dict[FormatKey, Payload] = {}


def _key_of(fmt: Any) -> FormatKey:
    if isinstance(fmt, ImageFormat):
        return fmt._key()
    if hasattr(fmt, "width") and hasattr(fmt, "height"):  # e.g. rerun-sdk's own ImageFormat
        return ImageFormat(
            fmt.width,
            fmt.height,
            pixel_format=getattr(fmt, "pixel_format", None),
            color_model=getattr(fmt, "color_model", None),
            channel_datatype=getattr(fmt, "channel_datatype", None),
        )._key()
    raise TypeError(f"expected an ImageFormat, got {_describe(fmt)}")


class ImageFormatStruct(Shape):
    """`ImageFormat` objects (or a sequence of them) → `struct<width: u32, height: u32,
    pixel_format: u8?, color_model: u8?, channel_datatype: u8?>` (built by `format_payload`)."""

    expected = "an ImageFormat or a sequence of them"

    def convert(self, data: Any) -> Payload:
        items = data if isinstance(data, (list, tuple)) else [data]
        return format_payload([_key_of(f) for f in items])
