"""`Points3D`: a 3D point cloud (rerun.archetypes.Points3D)."""

from __future__ import annotations

from .. import components as c
from .._baseclasses import Archetype, Field


class Points3D(Archetype):
    _SPEC = (
        Field("positions", c.Position3DBatch, positional=True, required=True),
        Field("radii", c.RadiusBatch),
        Field("colors", c.ColorBatch),
        Field("labels", c.TextBatch),
        Field("show_labels", c.ShowLabelsBatch),
        Field("point_shading", c.PointShadingBatch),
        Field("class_ids", c.ClassIdBatch, implied=("keypoint_ids", 0)),
        Field("keypoint_ids", c.KeypointIdBatch),
    )
