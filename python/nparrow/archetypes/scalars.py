"""`Scalars` (time-series values) and their styling, `SeriesLines` and `SeriesPoints`
(rerun.archetypes.Scalars / SeriesLines / SeriesPoints)."""

from __future__ import annotations

from typing import Any

from .. import components as c
from .._baseclasses import Archetype, Field


class Scalars(Archetype):
    """One or more float64 values per time point; each is plotted as its own series."""

    _SPEC = (Field("scalars", c.ScalarBatch, positional=True, required=True),)


class SeriesLines(Archetype):
    """Style of the line series logged with `Scalars` on the same entity (best logged static)."""

    _SPEC = (
        Field("colors", c.ColorBatch),
        Field("widths", c.StrokeWidthBatch),
        Field("names", c.NameBatch),
        Field("visible_series", c.VisibleBatch),
        Field("aggregation_policy", c.AggregationPolicyBatch),
        Field("interpolation_mode", c.InterpolationModeBatch),
    )


class SeriesPoints(Archetype):
    """Style of the point series (scatter plot) logged with `Scalars` on the same entity."""

    _SPEC = (
        Field("colors", c.ColorBatch),
        Field("markers", c.MarkerShapeBatch),
        Field("names", c.NameBatch),
        Field("visible_series", c.VisibleBatch),
        Field("marker_sizes", c.MarkerSizeBatch),
    )

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
        self._core(
            colors=colors,
            markers=markers,
            names=names,
            visible_series=visible_series,
            marker_sizes=marker_sizes,
        )
