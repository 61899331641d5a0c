"""The view classes, each declared by its class identifier and the view properties it takes
(`parameter → property archetype`, in rerun-sdk's order). The constructor is generated: the
common keywords of every view, then one keyword per property; a value that is not already the
archetype is given to the archetype's constructor, as rerun-sdk does."""

from __future__ import annotations

from typing import Any, ClassVar

from . import archetypes as bpa
from .api import View

__all__ = [
    "AudioView",
    "BarChartView",
    "DataframeView",
    "GraphView",
    "MapView",
    "Spatial2DView",
    "Spatial3DView",
    "StateTimelineView",
    "TensorView",
    "TextDocumentView",
    "TextLogView",
    "TimeSeriesView",
]


def _property(archetype_name: str, value: Any) -> Any:
    cls = getattr(bpa, archetype_name)
    return value if isinstance(value, cls) else cls(value)


class _DeclaredView(View):
    """A view class declared as `_CLASS` (its identifier) and `_PROPERTIES`."""

    _CLASS: ClassVar[str]
    _PROPERTIES: ClassVar[tuple[tuple[str, str], ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        props = cls._PROPERTIES
        params = "".join(f", {p}=None" for p, _ in props)
        collect = [
            line
            for p, arch in props
            for line in (
                f"    if {p} is not None:",
                f"        properties[{arch!r}] = _property({arch!r}, {p})",
            )
        ]
        source = "\n".join(
            (
                "def __init__(self, *, origin='/', contents='$origin/**', name=None, visible=None,"
                + f" titlebar=None, defaults=None, overrides=None{params}):",
                "    properties = {}",
                *collect,
                "    View.__init__(self, class_identifier=_CLASS, origin=origin, contents=contents, name=name,",
                "        visible=visible, titlebar=titlebar, properties=properties, defaults=defaults,",
                "        overrides=overrides)",
            )
        )
        namespace: dict[str, Any] = {"View": View, "_property": _property, "_CLASS": cls._CLASS}
        exec(compile(source + "\n", f"<nparrow view {cls.__name__}>", "exec"), namespace)  # noqa: S102 - from the declaration
        init = namespace["__init__"]
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        init.__module__ = cls.__module__
        init.__doc__ = (
            f"A {cls.__name__} (`{cls._CLASS}`); properties: {', '.join(p for p, _ in props) or 'none'}."
        )
        cls.__init__ = init  # type: ignore[method-assign]


_TIME_RANGES = ("time_ranges", "VisibleTimeRanges")


class Spatial3DView(_DeclaredView):
    _CLASS = "3D"
    _PROPERTIES = (
        ("background", "Background"),
        ("line_grid", "LineGrid3D"),
        ("spatial_information", "SpatialInformation"),
        ("eye_controls", "EyeControls3D"),
        _TIME_RANGES,
    )


class Spatial2DView(_DeclaredView):
    _CLASS = "2D"
    _PROPERTIES = (
        ("background", "Background"),
        ("visual_bounds", "VisualBounds2D"),
        ("spatial_information", "SpatialInformation"),
        _TIME_RANGES,
    )


class TimeSeriesView(_DeclaredView):
    _CLASS = "TimeSeries"
    _PROPERTIES = (
        ("axis_x", "TimeAxis"),
        ("axis_y", "ScalarAxis"),
        ("plot_legend", "PlotLegend"),
        ("background", "PlotBackground"),
        ("interaction", "PlotInteraction"),
        _TIME_RANGES,
    )


class BarChartView(_DeclaredView):
    _CLASS = "BarChart"
    _PROPERTIES = (("plot_legend", "PlotLegend"), ("background", "PlotBackground"))


class TensorView(_DeclaredView):
    _CLASS = "Tensor"
    _PROPERTIES = (
        ("slice_selection", "TensorSliceSelection"),
        ("scalar_mapping", "TensorScalarMapping"),
        ("view_fit", "TensorViewFit"),
    )


class TextDocumentView(_DeclaredView):
    _CLASS = "TextDocument"
    _PROPERTIES = (("format_options", "TextDocumentFormat"),)


class TextLogView(_DeclaredView):
    _CLASS = "TextLog"
    _PROPERTIES = (
        ("columns", "TextLogColumns"),
        ("rows", "TextLogRows"),
        ("format_options", "TextLogFormat"),
    )


class DataframeView(_DeclaredView):
    _CLASS = "Dataframe"
    _PROPERTIES = (("query", "DataframeQuery"),)


class MapView(_DeclaredView):
    _CLASS = "Map"
    _PROPERTIES = (("zoom", "MapZoom"), ("background", "MapBackground"))


class GraphView(_DeclaredView):
    _CLASS = "Graph"
    _PROPERTIES = (
        ("background", "GraphBackground"),
        ("visual_bounds", "VisualBounds2D"),
        ("force_link", "ForceLink"),
        ("force_many_body", "ForceManyBody"),
        ("force_position", "ForcePosition"),
        ("force_collision_radius", "ForceCollisionRadius"),
        ("force_center", "ForceCenter"),
    )


class StateTimelineView(_DeclaredView):
    _CLASS = "StateTimeline"
    _PROPERTIES = (("time_view", "TimeAxis"), _TIME_RANGES)


class AudioView(_DeclaredView):
    _CLASS = "Audio"
    _PROPERTIES = (("playback", "AudioPlayback"),)
