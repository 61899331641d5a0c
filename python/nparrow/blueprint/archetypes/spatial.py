"""View properties of the spatial views (and the visible time ranges every time-aware view has)."""

from __future__ import annotations

from typing import Any

from ...error_utils import _report
from .. import components as bpc
from ..datatypes import VisibleTimeRange
from ._declare import BlueprintArchetype, spec


class Background(BlueprintArchetype):
    _SPEC = spec("kind:BackgroundKind color:Color")

    def __init__(self, color_or_kind: Any = None, *, color: Any = None, kind: Any = None) -> None:
        """A solid color, or a kind (`BackgroundKind`); no argument is the dark gradient."""
        if color_or_kind is not None:
            if color is not None or kind is not None:
                _report(
                    "Background", ValueError("Only one of `color_or_kind` and `color`/`kind` can be set.")
                )
                self._unset()
                return
            if isinstance(color_or_kind, bpc.BackgroundKind):
                kind = color_or_kind
            else:
                color = color_or_kind
        if kind is None:
            kind = bpc.BackgroundKind.GradientDark if color is None else bpc.BackgroundKind.SolidColor
        self._core(kind=kind, color=color)


class EyeControls3D(BlueprintArchetype):
    _SPEC = spec(
        "kind:Eye3DKind position:Position3D look_target:Position3D eye_up:Vector3D speed:LinearSpeed "
        "tracking_entity:EntityPath spin_speed:AngularSpeed"
    )


class LineGrid3D(BlueprintArchetype):
    _SPEC = spec("visible^:Visible spacing:GridSpacing plane:Plane3D stroke_width:StrokeWidth color:Color")


class SpatialInformation(BlueprintArchetype):
    _SPEC = spec(
        "target_frame!:TransformFrameId show_bounding_box:Enabled show_axes:Enabled axes:ViewCoordinates"
    )


class NearClipPlane(BlueprintArchetype):
    _SPEC = spec("near_clip_plane!:NearClipPlane")


class VisualBounds2D(BlueprintArchetype):
    _SPEC = spec("range:VisualBounds2D")

    def __init__(self, *, x_range: Any = None, y_range: Any = None) -> None:
        """The visible x and y ranges, both or neither."""
        if (x_range is None) != (y_range is None):
            raise ValueError("Both x_range and y_range must be specified.")
        self._core(range=None if x_range is None else {"x_range": _pair(x_range), "y_range": _pair(y_range)})


def _pair(r: Any) -> Any:
    return list(r) if isinstance(r, (list, tuple)) else r


class VisibleTimeRanges(BlueprintArchetype):
    _SPEC = spec("ranges:VisibleTimeRange")

    def __init__(
        self,
        ranges: Any = None,
        *,
        timeline: Any = None,
        range: Any = None,
        start: Any = None,
        end: Any = None,
    ) -> None:
        """Visible time ranges, per timeline: a list of `VisibleTimeRange`, or one given by parts."""
        try:
            if timeline is not None:
                if ranges is not None:
                    raise ValueError("`timeline` and `ranges` are mutually exclusive.")
                ranges = [VisibleTimeRange(timeline=timeline, range=range, start=start, end=end)]
            elif ranges is None:
                raise ValueError("Either `ranges` or `timeline` must be set.")
            if not isinstance(ranges, (list, tuple)):
                ranges = [ranges]
            seen = set()
            for r in ranges:
                if r.timeline in seen:
                    _report(
                        "VisibleTimeRanges",
                        ValueError(
                            f"Warning: Timeline {r.timeline} is listed twice in the list of visible time "
                            "ranges. Only the first entry will be used."
                        ),
                    )
                seen.add(r.timeline)
        except (TypeError, ValueError, AttributeError) as err:
            _report("VisibleTimeRanges", err)
            self._unset()
            return
        self._core(ranges=ranges)
