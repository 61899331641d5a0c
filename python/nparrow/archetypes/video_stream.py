"""`VideoStream`: one encoded video sample (e.g. an H.264 access unit) per log call
(rerun.archetypes.VideoStream). The sample is borrowed, not copied, from bytes or uint8 numpy."""

from __future__ import annotations

from .. import components as c
from .._baseclasses import Archetype, Field
from ..components import VideoCodec

__all__ = ["VideoCodec", "VideoStream"]


class VideoStream(Archetype):
    _SPEC = (
        Field("codec", c.VideoCodecBatch, positional=True, required=True),
        Field("sample", c.VideoSampleBatch),
        Field("is_keyframe", c.IsKeyframeBatch),
        Field("opacity", c.OpacityBatch),
        Field("draw_order", c.DrawOrderBatch),
    )
