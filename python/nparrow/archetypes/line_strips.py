"""`LineStrips2D` and `LineStrips3D`: batches of polylines (rerun.archetypes.LineStrips2D/3D)."""

from __future__ import annotations

from .. import components as c
from .._baseclasses import Archetype, Field


class LineStrips2D(Archetype):
    _SPEC = (
        Field("strips", c.LineStrip2DBatch, positional=True, required=True),
        Field("radii", c.RadiusBatch),
        Field("colors", c.ColorBatch),
        Field("labels", c.TextBatch),
        Field("show_labels", c.ShowLabelsBatch),
        Field("draw_order", c.DrawOrderBatch),
        Field("class_ids", c.ClassIdBatch),
    )


class LineStrips3D(Archetype):
    _SPEC = (
        Field("strips", c.LineStrip3DBatch, positional=True, required=True),
        Field("radii", c.RadiusBatch),
        Field("colors", c.ColorBatch),
        Field("labels", c.TextBatch),
        Field("show_labels", c.ShowLabelsBatch),
        Field("class_ids", c.ClassIdBatch),
    )
