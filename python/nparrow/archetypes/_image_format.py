"""`ImageFormat` and its enums `ColorModel`, `ChannelDatatype`, `PixelFormat` as the archetypes
use them: defined once in `nparrow._image_format` (below the registry, which declares the
ImageFormat component with its `ImageFormatStruct` shape); the batch class is the registry's."""

from __future__ import annotations

from .._image_format import (
    CHANNEL_DATATYPE_VALUE,
    ChannelDatatype,
    ColorModel,
    FormatKey,
    ImageFormat,
    ImageFormatStruct,
    PixelFormat,
    _key_of,
    format_payload,
)
from ..components import ImageFormatBatch

__all__ = [
    "CHANNEL_DATATYPE_VALUE",
    "ChannelDatatype",
    "ColorModel",
    "FormatKey",
    "ImageFormat",
    "ImageFormatBatch",
    "ImageFormatShape",
    "PixelFormat",
    "_key_of",
    "format_payload",
]

ImageFormatShape = ImageFormatStruct  # the one ImageFormat shape, under its former name
