"""`Points2D`: a 2D point cloud (rerun.archetypes.Points2D)."""

from __future__ import annotations

from .. import components as c
from .._baseclasses import Archetype, Field


class Points2D(Archetype):
    _SPEC = (
        Field("positions", c.Position2DBatch, positional=True, required=True),
        Field("radii", c.RadiusBatch),
        Field("colors", c.ColorBatch),
        Field("labels", c.TextBatch),
        Field("show_labels", c.ShowLabelsBatch),
        Field("draw_order", c.DrawOrderBatch),
        Field("class_ids", c.ClassIdBatch, implied=("keypoint_ids", 0)),
        Field("keypoint_ids", c.KeypointIdBatch),
    )
