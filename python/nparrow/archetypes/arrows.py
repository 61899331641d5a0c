"""`Arrows2D` and `Arrows3D`: vectors drawn from origins (rerun.archetypes.Arrows2D/Arrows3D)."""

from __future__ import annotations

from typing import Any, ClassVar

from .. import components as c
from .._baseclasses import Archetype, BaseBatch


class Arrows2D(Archetype):
    _FIELDS: ClassVar[dict[str, type[BaseBatch]]] = {
        "vectors": c.Vector2DBatch,
        "origins": c.Position2DBatch,
        "radii": c.RadiusBatch,
        "colors": c.ColorBatch,
        "labels": c.TextBatch,
        "show_labels": c.ShowLabelsBatch,
        "draw_order": c.DrawOrderBatch,
        "class_ids": c.ClassIdBatch,
    }
    __slots__ = tuple(_FIELDS)

    def __init__(
        self,
        *,
        vectors: Any,
        origins: Any = None,
        radii: Any = None,
        colors: Any = None,
        labels: Any = None,
        show_labels: Any = None,
        draw_order: Any = None,
        class_ids: Any = None,
    ) -> None:
        self._set(
            vectors=vectors,
            origins=origins,
            radii=radii,
            colors=colors,
            labels=labels,
            show_labels=show_labels,
            draw_order=draw_order,
            class_ids=class_ids,
        )


class Arrows3D(Archetype):
    _FIELDS: ClassVar[dict[str, type[BaseBatch]]] = {
        "vectors": c.Vector3DBatch,
        "origins": c.Position3DBatch,
        "radii": c.RadiusBatch,
        "colors": c.ColorBatch,
        "labels": c.TextBatch,
        "show_labels": c.ShowLabelsBatch,
        "class_ids": c.ClassIdBatch,
    }
    __slots__ = tuple(_FIELDS)

    def __init__(
        self,
        *,
        vectors: Any,
        origins: Any = None,
        radii: Any = None,
        colors: Any = None,
        labels: Any = None,
        show_labels: Any = None,
        class_ids: Any = None,
    ) -> None:
        self._set(
            vectors=vectors,
            origins=origins,
            radii=radii,
            colors=colors,
            labels=labels,
            show_labels=show_labels,
            class_ids=class_ids,
        )
