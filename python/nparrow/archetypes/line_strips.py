"""`LineStrips2D` and `LineStrips3D`: batches of polylines (rerun.archetypes.LineStrips2D/3D)."""

from __future__ import annotations

from typing import Any, ClassVar

from .. import components as c
from .._baseclasses import Archetype, BaseBatch


class LineStrips2D(Archetype):
    _FIELDS: ClassVar[dict[str, type[BaseBatch]]] = {
        "strips": c.LineStrip2DBatch,
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
        strips: Any,
        *,
        radii: Any = None,
        colors: Any = None,
        labels: Any = None,
        show_labels: Any = None,
        draw_order: Any = None,
        class_ids: Any = None,
    ) -> None:
        self._set(
            strips=strips,
            radii=radii,
            colors=colors,
            labels=labels,
            show_labels=show_labels,
            draw_order=draw_order,
            class_ids=class_ids,
        )


class LineStrips3D(Archetype):
    _FIELDS: ClassVar[dict[str, type[BaseBatch]]] = {
        "strips": c.LineStrip3DBatch,
        "radii": c.RadiusBatch,
        "colors": c.ColorBatch,
        "labels": c.TextBatch,
        "show_labels": c.ShowLabelsBatch,
        "class_ids": c.ClassIdBatch,
    }
    __slots__ = tuple(_FIELDS)

    def __init__(
        self,
        strips: Any,
        *,
        radii: Any = None,
        colors: Any = None,
        labels: Any = None,
        show_labels: Any = None,
        class_ids: Any = None,
    ) -> None:
        self._set(
            strips=strips,
            radii=radii,
            colors=colors,
            labels=labels,
            show_labels=show_labels,
            class_ids=class_ids,
        )
