"""`Image`, `DepthImage`, `SegmentationImage`: raw pixel buffers plus their `ImageFormat`
(rerun.archetypes.Image / DepthImage / SegmentationImage).

The pixel buffer is the array's own memory viewed as bytes: a C-contiguous, native-endian array
of any dtype is borrowed, not copied (rerun-sdk copies it with `tobytes()`). Strided views and
Fortran-order arrays are copied once, by Rust when logged (`("pixels", array)` payload);
byte-swapped arrays are converted to native order in that copy, so the logged values are right
(rerun-sdk logs their raw bytes).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from .. import _native, _payload
from .. import components as c
from .._baseclasses import Archetype, BaseBatch, Field
from ..error_utils import _report
from ._image_format import (
    CHANNEL_DATATYPE_VALUE,
    ChannelDatatype,
    ColorModel,
    ImageFormat,
    ImageFormatBatch,
    PixelFormat,
    format_payload,
)

__all__ = [
    "ChannelDatatype",
    "ColorModel",
    "DepthImage",
    "Image",
    "ImageFormat",
    "PixelFormat",
    "SegmentationImage",
]

# color model name → channel count, as rerun-sdk checks it (incl. names ColorModel lacks)
_CHANNELS_OF_MODEL = {"a": 1, "l": 1, "la": 1, "bgr": 3, "rgb": 3, "yuv": 3, "bgra": 4, "rgba": 4}
_DEFAULT_MODEL = {1: ColorModel.L.value, 3: ColorModel.RGB.value, 4: ColorModel.RGBA.value}
_NP_TYPES = tuple(CHANNEL_DATATYPE_VALUE)


class _BadImage(Exception):
    """An image that cannot be logged: the whole archetype is dropped (rerun-sdk raises)."""

    def __init__(self, err: Exception) -> None:
        super().__init__(str(err))
        self.err = err


def _to_numpy(image: Any) -> npt.NDArray[Any]:
    if type(image) is np.ndarray:
        return image
    if isinstance(image, np.ndarray):
        return np.asarray(image)
    numpy_fn = getattr(image, "numpy", None)  # torch tensors and friends: to the CPU first
    if numpy_fn is not None:
        try:
            return numpy_fn(force=True)  # type: ignore[no-any-return]
        except TypeError:
            return numpy_fn()  # type: ignore[no-any-return]
    return np.asarray(image)  # PIL images, lists, __array__ objects


def _image_bytes(arr: npt.NDArray[Any]) -> npt.NDArray[np.uint8]:
    """The pixels as flat uint8 in row-major order: a view when `arr` is C-contiguous and
    native-endian (borrowed by Rust), else one copy."""
    if not arr.dtype.isnative:
        arr = arr.astype(arr.dtype.newbyteorder("="), order="C")
    elif not arr.flags.c_contiguous:
        arr = np.ascontiguousarray(arr)
    return arr.reshape(-1).view(np.uint8)


def _pixels(image: Any, what: str) -> tuple[npt.NDArray[Any], tuple[int, ...]]:
    """The array and its shape without leading/trailing unit dimensions (as rerun-sdk)."""
    arr = _to_numpy(image)
    if arr.dtype.kind in "OUSV":
        raise _BadImage(TypeError(f"Unsupported dtype {arr.dtype} for {what}"))
    shape = arr.shape
    while len(shape) > 2 and shape[0] == 1:
        shape = shape[1:]
    while len(shape) > 2 and shape[-1] == 1:
        shape = shape[:-1]
    return arr, shape


def _buffer_batch(data: Any) -> BaseBatch:
    if type(data) is np.ndarray and data.dtype.kind in "biuf":
        # The array itself: Rust takes its bytes when it is logged (borrowed when C-contiguous
        # and native-endian, else converted in its one copy) — no numpy view or copy here.
        batch = c.ImageBufferBatch.__new__(c.ImageBufferBatch)
        batch._numpy_data = _payload.pixels(data)
        return batch
    if isinstance(data, np.ndarray):
        data = _image_bytes(data)
    return c.ImageBufferBatch(data)


def _buffer_bytes(batch: BaseBatch) -> Any:
    """An image buffer batch's bytes as a numpy view of its Arrow values (any payload form)."""
    values = batch.as_arrow_array().values
    return np.frombuffer(values.buffers()[1], dtype=np.uint8, count=len(values), offset=values.offset)


def _format_batch(key: tuple[int, int, int | None, int | None, int | None]) -> ImageFormatBatch:
    batch = ImageFormatBatch.__new__(ImageFormatBatch)
    batch._numpy_data = format_payload([key])
    return batch


def _single_channel(image: Any, what: str) -> tuple[BaseBatch, ImageFormatBatch]:
    """Buffer and format of a 2-D depth or segmentation image."""
    arr, shape = _pixels(image, what)
    if len(shape) != 2:
        raise _BadImage(ValueError(f"{what} must be 2D, got shape {arr.shape}"))
    dt = CHANNEL_DATATYPE_VALUE.get(arr.dtype.type)
    if dt is None:
        raise _BadImage(ValueError(f"Unsupported dtype {arr.dtype} for {what}"))
    height, width = shape
    return _buffer_batch(arr), _format_batch((width, height, None, None, dt))


def _image_format(self: Any) -> ImageFormat:
    """The image format of this image (rerun-sdk's `image_format()`)."""
    row = self.format.as_arrow_array()[0].as_py()
    return ImageFormat(
        row["width"],
        row["height"],
        pixel_format=row["pixel_format"],
        color_model=row["color_model"],
        channel_datatype=row["channel_datatype"],
    )


class Image(Archetype):
    _SPEC = (
        Field("buffer", c.ImageBufferBatch),
        Field("format", ImageFormatBatch),
        Field("opacity", c.OpacityBatch),
        Field("draw_order", c.DrawOrderBatch),
        Field("magnification_filter", c.MagnificationFilterBatch),
    )

    def __init__(
        self,
        image: Any = None,
        color_model: Any = None,
        *,
        pixel_format: Any = None,
        datatype: Any = None,
        bytes: Any = None,
        width: int | None = None,
        height: int | None = None,
        opacity: Any = None,
        draw_order: Any = None,
        magnification_filter: Any = None,
    ) -> None:
        try:
            if bytes is not None:
                buffer, fmt = self._from_bytes(bytes, color_model, pixel_format, datatype, width, height)
            else:
                buffer, fmt = self._from_image(image, color_model, width, height)
        except _BadImage as bad:
            _report("Image", bad.err)
            self._unset()
            return
        self._core(
            buffer=buffer,
            format=fmt,
            opacity=opacity,
            draw_order=draw_order,
            magnification_filter=magnification_filter,
        )

    @staticmethod
    def _from_bytes(
        data: Any, color_model: Any, pixel_format: Any, datatype: Any, width: Any, height: Any
    ) -> tuple[BaseBatch, ImageFormatBatch]:
        if width is None or height is None:
            raise _BadImage(ValueError("Specifying 'bytes' requires 'width' and 'height'"))
        try:
            if pixel_format is not None:
                if datatype is not None:
                    raise ValueError("Specifying 'datatype' is mutually exclusive with 'pixel_format'")
                if color_model is not None:
                    raise ValueError("Specifying 'color_model' is mutually exclusive with 'pixel_format'")
                fmt = ImageFormat(width, height, pixel_format=pixel_format)
            else:
                if datatype is None or color_model is None:
                    raise ValueError(
                        "Specifying 'bytes' requires 'pixel_format' or both 'color_model' and 'datatype'"
                    )
                if isinstance(datatype, np.dtype) or datatype in _NP_TYPES:
                    datatype = ChannelDatatype.from_np_dtype(datatype)
                fmt = ImageFormat(width, height, channel_datatype=datatype, color_model=color_model)
            buffer = _buffer_batch(data)
        except (TypeError, ValueError, KeyError) as err:
            raise _BadImage(err) from None
        return buffer, _format_batch(fmt._key())

    @staticmethod
    def _from_image(
        image: Any, color_model: Any, width: Any, height: Any
    ) -> tuple[BaseBatch, ImageFormatBatch]:
        if image is None:
            raise _BadImage(ValueError("Must specify either 'image' or 'bytes'"))
        arr, shape = _pixels(image, "Image")
        if len(shape) == 2:
            (h, w), channels = shape, 1
        elif len(shape) == 3:
            h, w, channels = shape
        else:
            raise _BadImage(ValueError(f"Expected a 2D or 3D tensor, got {shape}"))
        if width is not None and width != w:
            raise _BadImage(ValueError(f"Provided width {width} does not match image width {w}"))
        if height is not None and height != h:
            raise _BadImage(ValueError(f"Provided height {height} does not match image height {h}"))

        if color_model is None:
            model = _DEFAULT_MODEL.get(channels)
            if model is None:  # rerun-sdk warns and logs it without a color model
                _report("Image", ValueError(f"Expected 1, 3, or 4 channels; got {channels}"), stacklevel=4)
        else:
            try:
                model = ColorModel.auto(color_model).value
            except ValueError:
                raise _BadImage(ValueError(f"Unknown ColorModel: '{color_model}'")) from None
            expected = _CHANNELS_OF_MODEL[ColorModel(model).name.lower()]
            if channels != expected:
                _report(
                    "Image",
                    ValueError(f"Expected {expected} channels for {color_model}; got {channels} channels"),
                    stacklevel=4,
                )
        dt = CHANNEL_DATATYPE_VALUE.get(arr.dtype.type)
        if dt is None:  # rerun-sdk warns and logs the raw bytes without a channel datatype
            _report("Image", TypeError(f"Unsupported dtype {arr.dtype} for Image"), stacklevel=4)
        return _buffer_batch(arr), _format_batch((int(w), int(h), None, model, dt))

    image_format = _image_format

    def compress(self, jpeg_quality: int = 95) -> Any:
        """This image as a JPEG `EncodedImage` (8-bit L, RGB or BGR only), encoded in Rust. An
        image that cannot be compressed warns (raises in strict mode) and is returned as is."""
        from .encoded import EncodedImage

        try:
            if self.format is None:  # type: ignore[attr-defined]  # a field, generated from `_SPEC`
                raise ValueError("Cannot JPEG compress an image without a known image_format")
            if self.buffer is None:  # type: ignore[attr-defined]  # a field, generated from `_SPEC`
                raise ValueError("Cannot JPEG compress an image without data")
            fmt = self.image_format()
            if fmt.color_model is None or fmt.color_model.name not in ("L", "RGB", "BGR"):
                raise ValueError(
                    f"Cannot JPEG compress an image of type {fmt.color_model}. "
                    "Only L (monochrome), RGB and BGR are supported."
                )
            if fmt.channel_datatype is None or fmt.channel_datatype.name != "U8":
                raise ValueError(
                    f"Cannot JPEG compress an image of datatype {fmt.channel_datatype}. Only U8 is supported."
                )
            data = self.buffer._numpy_data  # type: ignore[attr-defined]  # a field, generated from `_SPEC`
            pixels = (
                data[1]
                if type(data) is tuple and data[0] in ("pixels", "blob")
                else _buffer_bytes(self.buffer)  # type: ignore[attr-defined]  # a field, generated from `_SPEC`
            )
            jpeg = _native.encode_jpeg(pixels, fmt.width, fmt.height, fmt.color_model.name, int(jpeg_quality))
        except (ValueError, TypeError) as err:
            _report("Image compression", err)
            return self
        return EncodedImage(contents=jpeg, media_type="image/jpeg")


class DepthImage(Archetype):
    _SPEC = (
        Field("buffer", c.ImageBufferBatch),
        Field("format", ImageFormatBatch),
        Field("meter", c.DepthMeterBatch),
        Field("colormap", c.ColormapBatch),
        Field("depth_range", c.ValueRangeBatch),
        Field("point_fill_ratio", c.FillRatioBatch),
        Field("draw_order", c.DrawOrderBatch),
        Field("magnification_filter", c.MagnificationFilterBatch),
    )

    def __init__(
        self,
        image: Any,
        *,
        meter: Any = None,
        colormap: Any = None,
        depth_range: Any = None,
        point_fill_ratio: Any = None,
        draw_order: Any = None,
        magnification_filter: Any = None,
    ) -> None:
        try:
            buffer, fmt = _single_channel(image, "DepthImage")
        except _BadImage as bad:
            _report("DepthImage", bad.err)
            self._unset()
            return
        self._core(
            buffer=buffer,
            format=fmt,
            meter=meter,
            colormap=colormap,
            depth_range=depth_range,
            point_fill_ratio=point_fill_ratio,
            draw_order=draw_order,
            magnification_filter=magnification_filter,
        )

    image_format = _image_format


class SegmentationImage(Archetype):
    _SPEC = (
        Field("buffer", c.ImageBufferBatch),
        Field("format", ImageFormatBatch),
        Field("opacity", c.OpacityBatch),
        Field("draw_order", c.DrawOrderBatch),
    )

    def __init__(self, image: Any, *, opacity: Any = None, draw_order: Any = None) -> None:
        try:
            buffer, fmt = _single_channel(image, "SegmentationImage")
        except _BadImage as bad:
            _report("SegmentationImage", bad.err)
            self._unset()
            return
        self._core(buffer=buffer, format=fmt, opacity=opacity, draw_order=draw_order)
