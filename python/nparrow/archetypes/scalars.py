"""`Scalars` (time-series values) and their styling, `SeriesLines` and `SeriesPoints`
(rerun.archetypes.Scalars / SeriesLines / SeriesPoints)."""

from __future__ import annotations

from typing import Any, ClassVar

from .. import components as c
from .._baseclasses import Archetype, BaseBatch


class Scalars(Archetype):
    """One or more float64 values per time point; each is plotted as its own series."""

    _FIELDS: ClassVar[dict[str, type[BaseBatch]]] = {"scalars": c.ScalarBatch}
    __slots__ = tuple(_FIELDS)

    def __init__(self, scalars: Any) -> None:
        self._set(scalars=scalars)


class SeriesLines(Archetype):
    """Style of the line series logged with `Scalars` on the same entity (best logged static)."""

    _FIELDS: ClassVar[dict[str, type[BaseBatch]]] = {
        "colors": c.ColorBatch,
        "widths": c.StrokeWidthBatch,
        "names": c.NameBatch,
        "visible_series": c.VisibleBatch,
        "aggregation_policy": c.AggregationPolicyBatch,
        "interpolation_mode": c.InterpolationModeBatch,
    }
    __slots__ = tuple(_FIELDS)

    def __init__(
        self,
        *,
        colors: Any = None,
        widths: Any = None,
        names: Any = None,
        visible_series: Any = None,
        aggregation_policy: Any = None,
        interpolation_mode: Any = None,
    ) -> None:
        self._set(
            colors=colors,
            widths=widths,
            names=names,
            visible_series=visible_series,
            aggregation_policy=aggregation_policy,
            interpolation_mode=interpolation_mode,
        )


class SeriesPoints(Archetype):
    """Style of the point series (scatter plot) logged with `Scalars` on the same entity."""

    _FIELDS: ClassVar[dict[str, type[BaseBatch]]] = {
        "colors": c.ColorBatch,
        "markers": c.MarkerShapeBatch,
        "names": c.NameBatch,
        "visible_series": c.VisibleBatch,
        "marker_sizes": c.MarkerSizeBatch,
    }
    __slots__ = tuple(_FIELDS)

    def __init__(
        self,
        *,
        colors: Any = None,
        markers: Any = None,
        names: Any = None,
        visible_series: Any = None,
        marker_sizes: Any = None,
    ) -> None:
        if (
            colors is None
            and markers is None
            and names is None
            and visible_series is None
            and marker_sizes is None
        ):
            # As rerun-sdk: with no field set nothing would be logged and no visualizer would
            # pick the entity up, so a circle marker is logged by default.
            markers = c.MarkerShape.Circle  # type: ignore[attr-defined]
        self._set(
            colors=colors,
            markers=markers,
            names=names,
            visible_series=visible_series,
            marker_sizes=marker_sizes,
        )
