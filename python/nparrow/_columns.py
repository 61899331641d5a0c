"""The columns of `send_columns` as in rerun-sdk 0.41: `TimeColumn`, `ComponentColumn(List)`.

A component column is the caller's whole batch cut into one list per row by int32 offsets; Rust
builds the list arrays over the batch without copying. Imports no other nparrow module but
`_native` and `_time`, so `_baseclasses` (`Archetype.columns`) can import it at its top.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from . import _native, _payload
from ._time import _duration_ns, _timestamp_ns

__all__ = ["ComponentColumn", "ComponentColumnList", "TimeColumn", "TimeColumnLike"]

_I32_MAX = np.iinfo(np.int32).max


class TimeColumnLike:
    """What `send_columns` accepts as an index: `timeline_name()` and `as_arrow_array()`."""

    def timeline_name(self) -> str:
        raise NotImplementedError

    def as_arrow_array(self) -> Any:
        raise NotImplementedError


class TimeColumn(TimeColumnLike):
    """A column of index (time) values, the columnar `set_time`: exactly one of `sequence` (ints),
    `duration` (seconds, `timedelta`, `timedelta64`) or `timestamp` (seconds since the epoch,
    `datetime`, `datetime64`). numpy arrays are converted in one vectorised step, as rerun-sdk does."""

    __slots__ = ("_values", "kind", "timeline")

    def __init__(
        self,
        timeline: str,
        *,
        sequence: Iterable[int] | None = None,
        duration: Iterable[Any] | None = None,
        timestamp: Iterable[Any] | None = None,
    ) -> None:
        if sum(x is not None for x in (sequence, duration, timestamp)) != 1:
            raise ValueError(
                "TimeColumn: Exactly one of `sequence`, `duration`, and `timestamp` must be set "
                f"(timeline='{timeline}')"
            )
        self.timeline = timeline
        if sequence is not None:
            self.kind = "sequence"
            self._values = _sequence_values(sequence, timeline)
        elif duration is not None:
            self.kind = "duration"
            self._values = _time_values(duration, np.timedelta64, "timedelta64[ns]", _duration_ns, timeline)
        else:
            self.kind = "timestamp"
            self._values = _time_values(timestamp, np.datetime64, "datetime64[ns]", _timestamp_ns, timeline)

    def timeline_name(self) -> str:
        return self.timeline

    def as_arrow_array(self) -> Any:
        """The times as a pyarrow array (int64, `timestamp[ns]` or `duration[ns]`; imports pyarrow)."""
        from ._optional import pyarrow as pa

        arrow_type = {"sequence": pa.int64(), "timestamp": pa.timestamp("ns"), "duration": pa.duration("ns")}
        return pa.array(self._values).cast(arrow_type[self.kind])

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"TimeColumn({self.timeline!r}, {self.kind}, len={len(self._values)})"


def _as_1d(values: Any, timeline: str) -> np.ndarray:
    if not isinstance(values, (np.ndarray, Sequence)):
        values = list(values)
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"TimeColumn({timeline!r}): expected a 1-d sequence of times, got shape {arr.shape}")
    return arr


def _sequence_values(values: Any, timeline: str) -> np.ndarray:
    arr = _as_1d(values, timeline)
    kind = arr.dtype.kind
    if kind == "u" and arr.size and arr.max() > np.iinfo(np.int64).max:
        raise OverflowError(f"TimeColumn({timeline!r}): sequence values do not fit in int64")
    if kind == "f":
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.trunc(arr)):
            raise ValueError(f"TimeColumn({timeline!r}): sequence values must be integers")
    elif kind not in "iuO":
        raise TypeError(f"TimeColumn({timeline!r}): sequence values must be integers, got dtype {arr.dtype}")
    return np.ascontiguousarray(arr.astype(np.int64, copy=False))


def _time_values(values: Any, np_type: type, ns_dtype: str, scalar_ns: Any, timeline: str) -> np.ndarray:
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise ValueError(
                f"TimeColumn({timeline!r}): expected a 1-d array of times, got shape {values.shape}"
            )
        if np.issubdtype(values.dtype, np_type):
            if np.isnat(values).any():
                raise ValueError(f"TimeColumn({timeline!r}): NaT (not a time) is not a valid time")
            out = values.astype(ns_dtype)
        elif np.issubdtype(values.dtype, np.number):
            # Seconds: the same vectorised conversion as rerun-sdk (scale, then truncate to ns).
            # rerun-sdk turns NaN/inf/out-of-range into nulls; nparrow's int64 times cannot hold
            # them (the cast would give int64 min), so it refuses them.
            ns = values * 1e9
            if ns.size and not (np.isfinite(ns).all() and np.abs(ns).max() < 2.0**63):
                raise ValueError(
                    f"TimeColumn({timeline!r}): times must be finite seconds within the int64 "
                    "nanosecond range (no NaN or inf)"
                )
            out = ns.astype(ns_dtype)
        else:
            raise TypeError(f"TimeColumn({timeline!r}): unsupported numpy dtype {values.dtype}")
        return np.ascontiguousarray(out.view(np.int64))
    if isinstance(values, (str, bytes)):
        raise TypeError(
            f"TimeColumn({timeline!r}): expected a sequence of times, got {type(values).__name__}"
        )
    out = np.fromiter((scalar_ns(v) for v in values), dtype=np.int64)
    return out


def _time_arg(index: Any) -> tuple[str, str, np.ndarray]:
    """`(name, kind, int64 ndarray)` for Rust, from a `TimeColumn` or any `TimeColumnLike`."""
    if isinstance(index, TimeColumn):
        return (index.timeline, index.kind, index._values)
    name, as_arrow = getattr(index, "timeline_name", None), getattr(index, "as_arrow_array", None)
    if name is None or as_arrow is None:
        raise TypeError(f"send_columns: expected TimeColumn indexes, got {type(index).__name__}")
    from ._optional import pyarrow as pa

    arr = as_arrow()
    if pa.types.is_timestamp(arr.type):
        kind, arr = "timestamp", arr.cast(pa.timestamp("ns"))
    elif pa.types.is_duration(arr.type):
        kind, arr = "duration", arr.cast(pa.duration("ns"))
    elif pa.types.is_integer(arr.type):
        kind = "sequence"
    else:
        raise TypeError(f"send_columns: timeline {name()!r} has unsupported Arrow type {arr.type}")
    values = np.ascontiguousarray(arr.cast(pa.int64()).to_numpy(zero_copy_only=False), dtype=np.int64)
    return (str(name()), kind, values)


def _batch_payload(batch: Any) -> Any:
    # A `BaseBatch` is recognised by its `_numpy_data` (importing `_baseclasses` would be a cycle:
    # `Archetype.columns` builds these columns).
    if isinstance(batch, _native.DescribedComponentBatch):
        return batch.batch._numpy_data
    if isinstance(batch, _native.ArrowArray):
        return batch
    if hasattr(batch, "_numpy_data") and not isinstance(batch, type):
        return batch._numpy_data
    raise TypeError(f"ComponentColumn: expected a component batch, got {type(batch).__name__}")


def _offsets_from_lengths(lengths: Any) -> np.ndarray:
    lengths = np.asarray(lengths)
    if lengths.ndim != 1:
        raise ValueError("Lengths must be a 1D array.")
    if lengths.dtype.kind not in "iu":
        if lengths.size and lengths.dtype.kind != "f":
            raise TypeError(f"ComponentColumn: lengths must be integers, got dtype {lengths.dtype}")
        lengths = lengths.astype(np.int64)
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    if offsets[-1] <= _I32_MAX and (lengths.size == 0 or lengths.min() >= 0):
        return offsets.astype(np.int32)
    return offsets  # Rust reports negative lengths / int32 overflow when the column is sent


class ComponentColumn:
    """A component batch cut into one sub-batch per row, for `send_columns`.

    Unit-length rows by default; `lengths=` (summing to the batch length) or `offsets=` (int32,
    with the leading 0) regroup it, as does `partition(lengths)`.
    """

    __slots__ = ("_offsets", "_payload", "component_batch", "descriptor")

    def __init__(
        self,
        descriptor: str | _native.ComponentDescriptor,
        component_batch: Any,
        *,
        lengths: Any = None,
        offsets: Any = None,
    ) -> None:
        if isinstance(descriptor, str):
            descriptor = _native.ComponentDescriptor(descriptor)
        if lengths is not None and offsets is not None:
            raise ValueError("Cannot specify both `lengths` and `offsets`.")
        self.descriptor = descriptor
        self.component_batch = component_batch
        self._payload = _batch_payload(component_batch)
        if offsets is not None:
            offsets = np.asarray(offsets)
            if offsets.dtype not in (np.int32, np.int64):
                if offsets.dtype.kind not in "iu":
                    raise TypeError(f"ComponentColumn: offsets must be integers, got dtype {offsets.dtype}")
                offsets = offsets.astype(np.int64)
            self._offsets = offsets
        elif lengths is not None:
            self._offsets = _offsets_from_lengths(lengths)
        else:
            self._offsets = np.arange(len(component_batch) + 1, dtype=np.int32)

    def component_descriptor(self) -> _native.ComponentDescriptor:
        return self.descriptor

    def as_arrow_array(self) -> Any:
        """The column as a pyarrow `ListArray` (one list per row; imports pyarrow)."""
        from ._optional import pyarrow as pa

        return pa.array(_native.payload_to_array(_payload.list_of(self._offsets, self._payload, True)))

    def partition(self, lengths: Any) -> ComponentColumn:
        """The same batch cut into rows of `lengths` (which must sum to the batch length)."""
        return ComponentColumn(self.descriptor, self.component_batch, lengths=lengths)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __repr__(self) -> str:
        return f"ComponentColumn({self.descriptor.component!r}, rows={len(self)})"


class ComponentColumnList(Iterable[ComponentColumn]):
    """Several `ComponentColumn`s (what `Archetype.columns()` returns), partitioned together."""

    __slots__ = ("_columns",)

    def __init__(self, columns: Iterable[ComponentColumn]) -> None:
        self._columns = list(columns)

    def __iter__(self) -> Iterator[ComponentColumn]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def partition(self, lengths: Any) -> ComponentColumnList:
        """Every column cut into rows of `lengths`."""
        return ComponentColumnList([col.partition(lengths) for col in self._columns])

    def _rows_from_inputs(self, inputs: dict[str, Any]) -> ComponentColumnList:
        """`Archetype.columns`' rows, as rerun-sdk infers them from each field's input shape:
        for primitive and fixed-size-list components the first dimension is the rows (an
        `(N, k)` array of scalars gives N rows of k; `(M, K, 3)` positions M rows of K), every
        other component one row per instance. A shape that does not account for the batch
        keeps unit-length rows."""
        for col in self._columns:
            value = inputs.get(col.descriptor.component.rpartition(":")[2])
            lengths = _rows_of(col.component_batch, value)
            if lengths is not None:
                col._offsets = _offsets_from_lengths(lengths)
        return self

    def __repr__(self) -> str:
        return f"ComponentColumnList({self._columns!r})"


def _rows_of(batch: Any, value: Any) -> np.ndarray | None:
    """Row lengths for `batch` inferred from its input `value` (rerun-sdk's rule), or None when
    unit-length rows are right (or the shape does not account for the batch)."""
    from ._shapes import FixedSize, Primitive

    shape_of = getattr(type(batch), "_SHAPE", None)
    if value is None or not isinstance(shape_of, (Primitive, FixedSize)):
        return None
    try:
        shape = np.shape(value)
    except ValueError:  # ragged input
        return None
    if len(shape) < 2:
        return None
    n, total = shape[0], len(batch)
    if isinstance(shape_of, FixedSize):
        if int(np.prod(shape[1:])) == shape_of.size:
            return None  # one fixed-size element per row
        per_row = shape[1]
    else:
        per_row = total // n if n > 0 else 1
    if n * per_row != total:
        return None
    return np.full(n, per_row, dtype=np.int64)


def _column_arg(column: Any) -> tuple[_native.ComponentDescriptor, Any, np.ndarray]:
    if not isinstance(column, ComponentColumn):
        raise TypeError(
            f"send_columns: expected ComponentColumns (e.g. Archetype.columns(...)), got {type(column).__name__}"
        )
    return (column.descriptor, column._payload, column._offsets)
