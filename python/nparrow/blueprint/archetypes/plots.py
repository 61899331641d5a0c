"""View properties of the plot views (time series, bar chart, state timeline)."""

from __future__ import annotations

from ._declare import BlueprintArchetype, spec


class PlotBackground(BlueprintArchetype):
    _SPEC = spec("color:Color show_grid:Enabled")


class PlotInteraction(BlueprintArchetype):
    _SPEC = spec("tooltip_mode:TooltipMode points_display:PointsDisplay")


class PlotLegend(BlueprintArchetype):
    _SPEC = spec("corner^:Corner2D visible:Visible")


class ScalarAxis(BlueprintArchetype):
    _SPEC = spec("range:Range1D zoom_lock:LockRangeDuringZoom")


class TimeAxis(BlueprintArchetype):
    _SPEC = spec("link:LinkAxis view_range:TimeRange zoom_lock:LockRangeDuringZoom")
