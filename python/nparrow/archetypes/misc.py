"""`RecordingInfo`, `McapMessage` and `Measurements` (rerun.archetypes.*): plain declarations."""

from __future__ import annotations

from typing import Any

from .. import components as c
from .._baseclasses import Archetype, Field
from .encoded import _blob

__all__ = ["McapMessage", "Measurements", "RecordingInfo"]


class RecordingInfo(Archetype):
    """When the recording started (nanoseconds since the Unix epoch) and its name."""

    _SPEC = (
        Field("start_time", c.TimestampBatch),
        Field("name", c.NameBatch),
    )


class McapMessage(Archetype):
    """One raw MCAP message, as a blob."""

    _SPEC = (Field("data", c.BlobBatch, positional=True, required=True),)

    def __init__(self, data: Any) -> None:
        # rerun-sdk's blob forms: file-like objects are read, a 2-d uint8 array is one blob per row.
        self._core(data=_blob(data))


class Measurements(Archetype):
    """Scalar measurements with optional variances and units, drawn as series."""

    _SPEC = (
        Field("values", c.ScalarBatch, positional=True, required=True),
        Field("variances", c.VarianceBatch),
        Field("units", c.UnitBatch),
        Field("colors", c.ColorBatch),
        Field("widths", c.StrokeWidthBatch),
        Field("names", c.NameBatch),
        Field("visible_series", c.VisibleBatch),
        Field("aggregation_policy", c.AggregationPolicyBatch),
        Field("interpolation_mode", c.InterpolationModeBatch),
    )
