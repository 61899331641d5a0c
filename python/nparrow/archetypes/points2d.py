"""`Points2D`: a 2D point cloud (rerun.archetypes.Points2D)."""

from __future__ import annotations

from typing import Any, ClassVar

from .. import components as c
from .._baseclasses import Archetype, BaseBatch


class Points2D(Archetype):
    _FIELDS: ClassVar[dict[str, type[BaseBatch]]] = {
        "positions": c.Position2DBatch,
        "radii": c.RadiusBatch,
        "colors": c.ColorBatch,
        "labels": c.TextBatch,
        "show_labels": c.ShowLabelsBatch,
        "draw_order": c.DrawOrderBatch,
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
        draw_order: Any = None,
        class_ids: Any = None,
        keypoint_ids: Any = None,
    ) -> None:
        if class_ids is None and keypoint_ids is not None:
            class_ids = 0  # as rerun-sdk: keypoints need a class to be looked up in
        self._set(
            positions=positions,
            radii=radii,
            colors=colors,
            labels=labels,
            show_labels=show_labels,
            draw_order=draw_order,
            class_ids=class_ids,
            keypoint_ids=keypoint_ids,
        )
