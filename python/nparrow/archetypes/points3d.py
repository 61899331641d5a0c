"""`Points3D`: a 3D point cloud (rerun.archetypes.Points3D)."""

from __future__ import annotations

from typing import Any

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
        Field("class_ids", c.ClassIdBatch),
        Field("keypoint_ids", c.KeypointIdBatch),
    )

    def __init__(
        self,
        positions: Any,
        *,
        radii: Any = None,
        colors: Any = None,
        labels: Any = None,
        show_labels: Any = None,
        point_shading: Any = None,
        class_ids: Any = None,
        keypoint_ids: Any = None,
    ) -> None:
        if class_ids is None and keypoint_ids is not None:
            class_ids = 0  # as rerun-sdk: keypoints need a class to be looked up in
        self._core(
            positions=positions,
            radii=radii,
            colors=colors,
            labels=labels,
            show_labels=show_labels,
            point_shading=point_shading,
            class_ids=class_ids,
            keypoint_ids=keypoint_ids,
        )
