"""The blueprint datatypes with rerun-sdk 0.41's names (`rerun.encodings.TimeRange`, ...):
plain value classes; the blueprint components' shapes read their attributes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "AbsoluteTimeRange",
    "ColumnType",
    "ComponentColumnSelector",
    "FilterByRange",
    "FilterIsNotNull",
    "SelectedColumns",
    "SortBy",
    "TensorDimensionIndexSelection",
    "TensorDimensionIndexSlider",
    "TensorDimensionSelection",
    "TextLogColumn",
    "TimeInt",
    "TimeRange",
    "TimeRangeBoundary",
    "TimelineColumn",
    "VisibleTimeRange",
    "VisualizerComponentMapping",
]


@dataclass(init=False, eq=True)
class TimeInt:
    """A time or offset on a timeline: a sequence number, or nanoseconds."""

    value: int

    def __init__(
        self, *, seq: int | None = None, seconds: float | None = None, nanos: int | None = None
    ) -> None:
        if sum(x is not None for x in (seq, seconds, nanos)) != 1:
            raise ValueError("Exactly one of 'seq', 'seconds', or 'nanos' must be provided.")
        if seq is not None:
            self.value = int(seq)
        elif seconds is not None:
            self.value = int(seconds * 1e9)
        else:
            self.value = int(nanos)  # type: ignore[arg-type]

    def __int__(self) -> int:
        return self.value

    def __hash__(self) -> int:
        return hash(self.value)


def _time_value(t: Any) -> int:
    return int(t.value) if hasattr(t, "value") else int(t)


@dataclass(eq=True)
class TimeRangeBoundary:
    """One end of a time range: relative to the time cursor, absolute, or infinite."""

    inner: TimeInt | None
    kind: Literal["cursor_relative", "absolute", "infinite"] = "cursor_relative"

    @staticmethod
    def cursor_relative(
        offset: TimeInt | None = None,
        *,
        seq: int | None = None,
        seconds: float | None = None,
        nanos: int | None = None,
    ) -> TimeRangeBoundary:
        if offset is None:
            if seq is None and seconds is None and nanos is None:
                offset = TimeInt(seq=0)
            else:
                offset = TimeInt(seq=seq, seconds=seconds, nanos=nanos)
        elif seq is not None or seconds is not None or nanos is not None:
            raise ValueError("Only one of time, seq, seconds, or nanos can be provided.")
        return TimeRangeBoundary(inner=offset, kind="cursor_relative")

    @staticmethod
    def infinite() -> TimeRangeBoundary:
        return TimeRangeBoundary(inner=None, kind="infinite")

    @staticmethod
    def absolute(
        time: TimeInt | None = None,
        *,
        seq: int | None = None,
        seconds: float | None = None,
        nanos: int | None = None,
    ) -> TimeRangeBoundary:
        if sum(x is not None for x in (time, seq, seconds, nanos)) != 1:
            raise ValueError("Exactly one of 'time', 'seq', 'seconds', or 'nanos' must be provided.")
        if time is None:
            time = TimeInt(seq=seq, seconds=seconds, nanos=nanos)
        return TimeRangeBoundary(inner=time, kind="absolute")


@dataclass(eq=True)
class TimeRange:
    """A time range between two boundaries."""

    start: TimeRangeBoundary
    end: TimeRangeBoundary


class VisibleTimeRange:
    """The time range shown for one timeline: `VisibleTimeRange("t", start=..., end=...)`."""

    def __init__(
        self,
        timeline: str,
        range: TimeRange | None = None,
        *,
        start: TimeRangeBoundary | None = None,
        end: TimeRangeBoundary | None = None,
    ) -> None:
        if range is None:
            if start is None or end is None:
                raise ValueError("Specify either start_and_end or both start & end")
            range = TimeRange(start=start, end=end)
        elif start is not None or end is not None:
            raise ValueError("Specify either start_and_end or both start & end, not both")
        self.timeline = str(timeline)
        self.range = range

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, VisibleTimeRange):
            return NotImplemented
        return (self.timeline, self.range) == (other.timeline, other.range)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"VisibleTimeRange(timeline={self.timeline!r}, range={self.range!r})"


@dataclass(eq=True)
class AbsoluteTimeRange:
    """An absolute time range `[min, max]` (sequence numbers or nanoseconds)."""

    min: int
    max: int

    def __init__(self, min: Any, max: Any) -> None:
        self.min = _time_value(min)
        self.max = _time_value(max)


# --- the blueprint encodings (`rerun.blueprint.encodings`): value classes the struct shapes read ---


def _parse_spec(spec: str) -> tuple[str, str]:
    """`"/entity/path:Component"` → (entity path, component), as rerun-sdk parses it."""
    try:
        entity_path, component = spec.split(":")
    except ValueError as err:
        raise ValueError(f"Invalid component column specifier: {spec}") from err
    return entity_path, component


class ComponentColumnSelector:
    """A component column of the dataframe view: `"/entity:Component"` or by parts."""

    def __init__(self, spec: str | None = None, *, entity_path: Any = None, component: Any = None) -> None:
        if spec is not None:
            if entity_path is not None or component is not None:
                raise ValueError("Either spec or both entity_path and component must be provided")
            entity_path, component = _parse_spec(spec)
        elif entity_path is None or component is None:
            raise ValueError("Either spec or both entity_path and component must be provided")
        self.entity_path = str(entity_path)
        self.component = str(component)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ComponentColumnSelector):
            return NotImplemented
        return (self.entity_path, self.component) == (other.entity_path, other.component)

    __hash__ = None  # type: ignore[assignment]


class SelectedColumns:
    """Time columns (names without `:`) and component columns (`"/entity:Component"` or selectors)."""

    def __init__(self, columns: Any) -> None:
        self.time_columns: list[str] = []
        self.component_columns: list[ComponentColumnSelector] = []
        for column in columns:
            if isinstance(column, ComponentColumnSelector):
                self.component_columns.append(column)
            elif isinstance(column, str):
                try:
                    self.component_columns.append(ComponentColumnSelector(spec=column))
                except ValueError:
                    self.time_columns.append(column)
            else:
                raise ValueError(f"Unexpected column type: {column}")  # noqa: TRY004 - as rerun-sdk


@dataclass(init=False)
class FilterByRange:
    start: int
    end: int

    def __init__(self, start: Any, end: Any) -> None:
        self.start, self.end = _time_value(start), _time_value(end)


@dataclass
class FilterIsNotNull:
    active: bool
    column: ComponentColumnSelector


@dataclass(init=False)
class TextLogColumn:
    kind: Any
    visible: bool

    def __init__(self, kind: Any, *, visible: bool = True) -> None:
        self.kind, self.visible = kind, bool(visible)


@dataclass(init=False)
class TimelineColumn:
    timeline: str
    visible: bool

    def __init__(self, timeline: str, *, visible: bool = True) -> None:
        self.timeline, self.visible = str(timeline), bool(visible)


@dataclass(init=False)
class SortBy:
    column: str
    direction: Any

    def __init__(self, column: str, *, direction: Any = None) -> None:
        self.column, self.direction = str(column), direction


@dataclass(init=False)
class ColumnType:
    component: str | None
    component_type_name: str | None

    def __init__(self, *, component: str | None = None, component_type_name: str | None = None) -> None:
        self.component, self.component_type_name = component, component_type_name


@dataclass(init=False)
class TensorDimensionIndexSlider:
    dimension: int

    def __init__(self, dimension: Any) -> None:
        self.dimension = int(getattr(dimension, "dimension", dimension))


@dataclass(init=False)
class VisualizerComponentMapping:
    target: str
    source_kind: Any
    source_component: str | None
    selector: str | None

    def __init__(
        self,
        target: str,
        source_kind: Any,
        *,
        source_component: str | None = None,
        selector: str | None = None,
    ) -> None:
        self.target, self.source_kind = str(target), source_kind
        self.source_component, self.selector = source_component, selector


@dataclass(init=False)
class TensorDimensionSelection:
    """`rerun.datatypes.TensorDimensionSelection` (the tensor view's width/height dimension)."""

    dimension: int
    invert: bool

    def __init__(self, dimension: int, *, invert: bool = False) -> None:
        self.dimension, self.invert = int(dimension), bool(invert)


@dataclass
class TensorDimensionIndexSelection:
    """`rerun.datatypes.TensorDimensionIndexSelection` (the index shown along one dimension)."""

    dimension: int
    index: int


# --- the rest of `rerun.blueprint.encodings`: the batches, the enums and the `*Like` /
# `*ArrayLike` aliases of the registry's `BLUEPRINT_ENCODINGS` rows, made on first use ---

import sys as _sys  # this section's own imports

from .. import _values
from .._registry import BLUEPRINT_ENCODINGS as _ROWS

_MODULE = _sys.modules[__name__]
__all__.extend(f"{row}Batch" for row in _ROWS)
__all__.extend(_values.lazy_names(_ROWS, globals()))


def _batch(row: str) -> type:
    from .._baseclasses import BaseBatch

    shape = _ROWS[row]
    cls = type(
        f"{row}Batch",
        (BaseBatch,),
        {"__slots__": (), "_SHAPE": shape, "__init__": shape.make_init(), "__module__": __name__},
    )
    globals()[cls.__name__] = cls
    return cls


# A batch, enum, or type alias of a blueprint encoding row, made on first use.
__getattr__ = _values.row_getattr(_MODULE, _ROWS, _batch)
