"""`Arrows2D` and `Arrows3D`: vectors drawn from origins (rerun.archetypes.Arrows2D/Arrows3D)."""

from __future__ import annotations

from .. import components as c
from .._baseclasses import Archetype, Field


class Arrows2D(Archetype):
    _SPEC = (
        Field("vectors", c.Vector2DBatch, required=True),
        Field("origins", c.Position2DBatch),
        Field("radii", c.RadiusBatch),
        Field("colors", c.ColorBatch),
        Field("labels", c.TextBatch),
        Field("show_labels", c.ShowLabelsBatch),
        Field("draw_order", c.DrawOrderBatch),
        Field("class_ids", c.ClassIdBatch),
    )


class Arrows3D(Archetype):
    _SPEC = (
        Field("vectors", c.Vector3DBatch, required=True),
        Field("origins", c.Position3DBatch),
        Field("radii", c.RadiusBatch),
        Field("colors", c.ColorBatch),
        Field("labels", c.TextBatch),
        Field("show_labels", c.ShowLabelsBatch),
        Field("class_ids", c.ClassIdBatch),
    )
