"""`EncodedImage` and `Asset3D`: an encoded file (PNG, JPEG, glTF, OBJ, STL, ...) as one blob
plus its media type (rerun.archetypes.EncodedImage / Asset3D).

`bytes`, `bytearray`, `memoryview` and uint8 arrays are borrowed, not copied; `path=` reads the
file once; file-like `contents` are read once.
"""

from __future__ import annotations

import pathlib
from typing import Any

import numpy as np

from .. import components as c
from .._baseclasses import Archetype, Field
from ..error_utils import _report
from .text import MediaType

__all__ = ["Asset3D", "EncodedImage", "MediaType"]


def _blob(contents: Any) -> Any:
    """What the Blob shape takes for rerun-sdk's `BlobLike` forms."""
    if isinstance(contents, (bytes, bytearray, memoryview)):
        return contents
    if isinstance(contents, np.ndarray):
        if contents.dtype != np.uint8:  # rerun-sdk converts the values, not the bytes
            contents = contents.astype(np.uint8)
        return contents if contents.ndim <= 1 else list(contents)  # one blob per row
    read = getattr(contents, "read", None)
    if read is not None:  # BytesIO, open files
        return read()
    return contents


def _media_type(media_type: Any) -> Any:
    if media_type is None or isinstance(media_type, str):
        return media_type
    value = getattr(media_type, "value", None)  # rerun-sdk's MediaType
    return value if isinstance(value, str) else media_type


def _load(archetype: str, path: Any, contents: Any, media_type: Any) -> tuple[Any, Any]:
    """(blob, media_type) from exactly one of `path` / `contents`; raises ValueError/OSError."""
    if (path is None) == (contents is None):
        raise ValueError("Must provide exactly one of 'path' or 'contents'")
    if path is None:
        if media_type is None and archetype == "EncodedImage":
            raise ValueError("Must provide 'media_type' when 'contents' is provided")
        return _blob(contents), _media_type(media_type)
    blob = pathlib.Path(path).read_bytes()
    if media_type is None:
        media_type = MediaType.guess_from_path(path)
    return blob, _media_type(media_type)


class EncodedImage(Archetype):
    _SPEC = (
        Field("blob", c.BlobBatch),
        Field("media_type", c.MediaTypeBatch),
        Field("opacity", c.OpacityBatch),
        Field("draw_order", c.DrawOrderBatch),
        Field("magnification_filter", c.MagnificationFilterBatch),
    )

    def __init__(
        self,
        *,
        path: Any = None,
        contents: Any = None,
        media_type: Any = None,
        opacity: Any = None,
        draw_order: Any = None,
        magnification_filter: Any = None,
    ) -> None:
        try:
            blob, media_type = _load("EncodedImage", path, contents, media_type)
        except (ValueError, TypeError, OSError) as err:
            _report("EncodedImage", err)  # as rerun-sdk: warn and log nothing
            self._unset()
            return
        self._core(
            blob=blob,
            media_type=media_type,
            opacity=opacity,
            draw_order=draw_order,
            magnification_filter=magnification_filter,
        )


class Asset3D(Archetype):
    _SPEC = (
        Field("blob", c.BlobBatch),
        Field("media_type", c.MediaTypeBatch),
        Field("albedo_factor", c.AlbedoFactorBatch),
    )

    def __init__(
        self,
        *,
        path: Any = None,
        contents: Any = None,
        media_type: Any = None,
        albedo_factor: Any = None,
    ) -> None:
        try:
            blob, media_type = _load("Asset3D", path, contents, media_type)
        except (ValueError, TypeError, OSError) as err:
            _report("Asset3D", err)
            self._unset()
            return
        self._core(blob=blob, media_type=media_type, albedo_factor=albedo_factor)
