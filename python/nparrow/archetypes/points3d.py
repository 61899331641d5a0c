"""`Points3D`: a 3D point cloud (rerun.archetypes.Points3D)."""

from __future__ import annotations

from typing import Any

from .. import components as c
from .._baseclasses import Archetype


class Points3D(Archetype):
    _FIELDS = {
        "positions": c.Position3DBatch,
        "radii": c.RadiusBatch,
        "colors": c.ColorBatch,
        "labels": c.TextBatch,
        "show_labels": c.ShowLabelsBatch,
        "class_ids": c.ClassIdBatch,
        "keypoint_ids": c.KeypointIdBatch,
    }
    __slots__ = tuple(_FIELDS)

    def __init__(
        self,
        positions: Any,
        *,
        radii: Any = None,
        colors: Any = None,
        labels: Any = None,
        show_labels: Any = None,
        class_ids: Any = None,
        keypoint_ids: Any = None,
    ) -> None:
        self._set(
            positions=positions,
            radii=radii,
            colors=colors,
            labels=labels,
            show_labels=show_labels,
            class_ids=class_ids,
            keypoint_ids=keypoint_ids,
        )
