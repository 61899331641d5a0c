"""`AssetAudio`, `AssetVideo`, `EncodedDepthImage` and `VideoFrameReference`
(rerun.archetypes.*): encoded media as one blob plus its media type, and a reference into a
video by timestamp.

Blobs are borrowed as `encoded.py` does (bytes, bytearray, memoryview, uint8 arrays); `path=`
reads the file once and guesses the media type from its extension.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _native
from .. import components as c
from .._baseclasses import Archetype, Field
from ..error_utils import _report
from .encoded import _blob, _load

__all__ = ["AssetAudio", "AssetVideo", "EncodedDepthImage", "VideoFrameReference"]


def _asset_init(self: Any, *, path: Any = None, contents: Any = None, media_type: Any = None) -> None:
    """A blob and its media type from exactly one of `path` / `contents` (rerun-sdk's
    `AssetAudio` / `AssetVideo` constructors)."""
    name = type(self).__name__
    try:
        blob, media_type = _load(name, path, contents, media_type)
    except (ValueError, TypeError, OSError) as err:
        _report(name, err)  # as rerun-sdk: warn and log nothing
        self._unset()
        return
    self._core(blob=blob, media_type=media_type)


class AssetAudio(Archetype):
    _SPEC = (Field("blob", c.BlobBatch), Field("media_type", c.MediaTypeBatch))
    __init__ = _asset_init


class AssetVideo(Archetype):
    _SPEC = (Field("blob", c.BlobBatch), Field("media_type", c.MediaTypeBatch))
    __init__ = _asset_init

    def read_frame_timestamps_nanos(self) -> np.ndarray:
        """The presentation timestamps (ns) of every frame of the video, sorted; demuxed in Rust
        (the blob is read in place). Raises RuntimeError if the video cannot be read."""
        if self.blob is None:  # type: ignore[attr-defined]  # a field, generated from `_SPEC`
            raise RuntimeError("Asset video has no video buffer")
        media_type = None if self.media_type is None else self.media_type._numpy_data  # type: ignore[attr-defined]  # a field, generated from `_SPEC`
        nanos = _native.asset_video_read_frame_timestamps_nanos(self.blob._numpy_data, media_type)  # type: ignore[attr-defined]  # a field, generated from `_SPEC`
        return np.frombuffer(nanos, dtype=np.int64)


class EncodedDepthImage(Archetype):
    _SPEC = (
        Field("blob", c.BlobBatch, positional=True, required=True),
        Field("media_type", c.MediaTypeBatch),
        Field("meter", c.DepthMeterBatch),
        Field("colormap", c.ColormapBatch),
        Field("depth_range", c.ValueRangeBatch),
        Field("point_fill_ratio", c.FillRatioBatch),
        Field("draw_order", c.DrawOrderBatch),
        Field("magnification_filter", c.MagnificationFilterBatch),
    )

    def __init__(
        self,
        blob: Any,
        *,
        media_type: Any = None,
        meter: Any = None,
        colormap: Any = None,
        depth_range: Any = None,
        point_fill_ratio: Any = None,
        draw_order: Any = None,
        magnification_filter: Any = None,
    ) -> None:
        # rerun-sdk's blob forms: file-like objects are read, a 2-d uint8 array is one blob per row.
        self._core(
            blob=_blob(blob),
            media_type=media_type,
            meter=meter,
            colormap=colormap,
            depth_range=depth_range,
            point_fill_ratio=point_fill_ratio,
            draw_order=draw_order,
            magnification_filter=magnification_filter,
        )


def _nanoseconds(seconds: Any) -> Any:
    """Seconds (scalar or array) → int64 nanoseconds as rerun-sdk's `VideoTimestamp` computes
    them: `int(seconds * 1e9 + 0.5)` (half up, truncated toward zero)."""
    ns = np.trunc(np.asarray(seconds, dtype=np.float64) * 1e9 + 0.5).astype(np.int64)
    return int(ns) if ns.ndim == 0 else ns


class VideoFrameReference(Archetype):
    _SPEC = (
        Field("timestamp", c.VideoTimestampBatch),
        Field("video_reference", c.EntityPathBatch),
        Field("opacity", c.OpacityBatch),
        Field("draw_order", c.DrawOrderBatch),
    )

    def __init__(
        self,
        timestamp: Any = None,
        *,
        seconds: float | None = None,
        nanoseconds: int | None = None,
        video_reference: Any = None,
        opacity: Any = None,
        draw_order: Any = None,
    ) -> None:
        try:
            if timestamp is None:
                if seconds is None and nanoseconds is None:
                    raise ValueError("Either timestamp or seconds/nanoseconds must be specified.")
                if seconds is not None and nanoseconds is not None:
                    raise ValueError("Cannot specify both `seconds` and `nanoseconds`.")
                timestamp = _nanoseconds(seconds) if seconds is not None else int(nanoseconds)  # type: ignore[arg-type]
            elif seconds is not None or nanoseconds is not None:
                raise ValueError("Cannot specify both `timestamp` and `seconds`/`nanoseconds`.")
            elif isinstance(timestamp, float):
                # rerun-sdk warns and goes on with the value truncated to whole nanoseconds.
                _report(
                    "VideoFrameReference",
                    TypeError("Timestamp can't be specified as a float, use `seconds` instead."),
                )
        except (ValueError, TypeError) as err:
            _report("VideoFrameReference", err)
            self._unset()
            return
        self._core(
            timestamp=timestamp,
            video_reference=video_reference,
            opacity=opacity,
            draw_order=draw_order,
        )

    @classmethod
    def columns_secs(cls, seconds: Any) -> Any:
        """`columns(timestamp=...)` from seconds since the video's start."""
        return cls.columns(timestamp=_nanoseconds(np.atleast_1d(seconds)))

    @classmethod
    def columns_millis(cls, milliseconds: Any) -> Any:
        """`columns(timestamp=...)` from milliseconds since the video's start."""
        return cls.columns(timestamp=np.asarray(milliseconds, dtype=np.int64) * 1_000_000)

    @classmethod
    def columns_nanos(cls, nanoseconds: Any) -> Any:
        """`columns(timestamp=...)` from nanoseconds since the video's start."""
        return cls.columns(timestamp=np.asarray(nanoseconds, dtype=np.int64))
