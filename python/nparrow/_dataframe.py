"""`send_record_batch`, `send_dataframe`, `send_chunks`: Arrow tables in Rerun's columnar layout,
logged through `send_columns` without copying the column buffers (rerun-sdk 0.41's rules).

A batch's columns are classified as rerun-sdk's `Chunk.from_record_batch` does: the row-id
column (`rerun:kind` `control`) is dropped (nparrow mints fresh row ids); index columns come
from `rerun:kind` `index` / `rerun:index_name` metadata or `index=`, and must be dense `int64`
(sequence), `timestamp[ns]` or `duration[ns]`; every other column is a component, logged to
its `rerun:entity_path`, else the batch's, else the `/entity:component` column name, else
`entity_path=`, else `/`. A `List` column holds one component batch per row, any other array
one value per row. One `send_columns` chunk per entity.

Zero-copy: each component column's values and offsets reach Rust through the Arrow C Data
Interface (`("arrow", values)` payloads), and int64 time columns as numpy views, so the chunk
holds the caller's buffers. Copied: the validity of a column with null rows (they stay null
cells: nothing logged for that component in that row, as in rerun), view and large string
types (cast to `Utf8`/`Binary`, which Rerun stores), `large_list` offsets (narrowed to int32).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from . import _globals, _native, _payload, _time

__all__ = ["AUTO_INDEX", "send_chunks", "send_dataframe", "send_record_batch"]


# The default of `index=` (index columns from the batch's Rerun metadata) lives in `_time`, so
# `RecordingStream`'s methods name it without importing this module (import time).
AUTO_INDEX = _time.AUTO_INDEX
_AutoIndex = _time._AutoIndex

_ROW_ID_NAMES = ("rerun.controls.RowId", "RowId")


def _md(field: Any) -> dict[bytes, bytes]:
    return dict(field.metadata or {})


def _text(value: bytes | None) -> str | None:
    return None if value is None else value.decode()


def _is_row_id(field: Any) -> bool:
    return _md(field).get(b"rerun:kind") == b"control" or field.name in _ROW_ID_NAMES


def _is_index(field: Any) -> bool:
    md = _md(field)
    return md.get(b"rerun:kind") == b"index" or b"rerun:index_name" in md


def _batches(df: Any) -> list[Any]:
    """A pyarrow `RecordBatch` / `Table` / `RecordBatchReader`, or any Arrow PyCapsule producer
    (`__arrow_c_stream__`: polars, duckdb, ...; `__arrow_c_array__`: a record batch), as
    record batches (imported without copying)."""
    from ._optional import pyarrow as pa

    if isinstance(df, pa.RecordBatch):
        return [df]
    if isinstance(df, pa.Table):
        return list(df.to_batches())
    if isinstance(df, pa.RecordBatchReader):
        return list(df)
    if hasattr(df, "__arrow_c_stream__"):
        return list(pa.RecordBatchReader.from_stream(df))
    if hasattr(df, "__arrow_c_array__"):
        return [pa.record_batch(df)]
    raise TypeError(
        "send_dataframe: expected a pyarrow RecordBatch, Table or RecordBatchReader, or an object "
        f"with __arrow_c_stream__ / __arrow_c_array__ (polars, duckdb, ...), got {type(df).__name__}"
    )


def _index_fields(batch: Any, index: Any) -> list[Any]:
    """The batch's index fields under `index=` (rerun-sdk's rules and messages)."""
    schema = batch.schema
    with_metadata = [f for f in schema if _is_index(f)]
    if isinstance(index, _AutoIndex):
        identified = any(_is_row_id(f) for f in schema) and b"rerun:id" in (schema.metadata or {})
        if not with_metadata and not identified:
            raise ValueError(
                "The record batch carries no index column, so it cannot be unambiguously "
                "interpreted as temporal or static. Pass `index=<column>` for temporal data or "
                "`index=None` for static data."
            )
        return with_metadata
    if index is None:
        if with_metadata:
            raise ValueError(
                f"index=None asks for static data, but the record batch has the index column "
                f'"{with_metadata[0].name}"'
            )
        return []
    names = [index] if isinstance(index, str) else list(index)
    fields = []
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"index: expected column names (str), got {type(name).__name__}")
        if schema.get_field_index(name) < 0:
            raise ValueError(f'The requested index column "{name}" is not present in the record batch.')
        fields.append(schema.field(name))
    return fields


def _timeline(pa: Any, field: Any, column: Any) -> tuple[str, str, np.ndarray]:
    """`(timeline, kind, int64 values)`; the values are a view of the column when it is dense."""
    if column.null_count:
        raise ValueError(
            f'The index column "{field.name}" contains null values. Time columns must be dense — '
            "express static data with `index=None` rather than null times. (Mixing static and "
            "temporal rows in a single batch is not supported.)"
        )
    t = column.type
    if t == pa.int64():
        kind = "sequence"
    elif pa.types.is_timestamp(t) and t.unit == "ns":
        kind = "timestamp"
    elif pa.types.is_duration(t) and t.unit == "ns":
        kind = "duration"
    else:
        raise ValueError(f"Unsupported time type: {t}")
    values = column.view(pa.int64()).to_numpy(zero_copy_only=True)
    name = _text(_md(field).get(b"rerun:index_name")) or field.name
    return (name, kind, values)


def _descriptor(field: Any, batch_entity: str | None, default_entity: str | None) -> tuple[str, Any]:
    """`(entity path, ComponentDescriptor)` of a component column."""
    md = _md(field)
    component = _text(md.get(b"rerun:component"))
    entity = _text(md.get(b"rerun:entity_path")) or batch_entity
    name = field.name
    if entity is None and component is None and name.startswith("/") and ":" in name:
        entity, name = name.split(":", 1)
    descriptor = _native.ComponentDescriptor(
        component or name,
        archetype=_text(md.get(b"rerun:archetype")),
        component_type=_text(md.get(b"rerun:component_type")),
    )
    return (entity or default_entity or "/", descriptor)


def _storable(pa: Any, values: Any) -> Any:
    """Values of a type Rerun stores: view and large string/binary types become Utf8/Binary."""
    t = values.type
    if pa.types.is_string_view(t) or pa.types.is_large_string(t):
        return values.cast(pa.string())
    if pa.types.is_binary_view(t) or pa.types.is_large_binary(t):
        return values.cast(pa.binary())
    return values


def _cells(pa: Any, column: Any) -> tuple[Any, np.ndarray]:
    """`(payload, offsets)` cutting the column into one component batch per row."""
    if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
        offsets = column.offsets.to_numpy(zero_copy_only=True)
        values = _storable(pa, column.values)
    else:
        offsets = np.arange(len(column) + 1, dtype=np.int32)
        values = _storable(pa, column)
    return (_payload.arrow(values), offsets)


def _calls(batch: Any, index: Any, entity_path: str | None) -> list[tuple[str, list[Any], list[Any]]]:
    """The `send_columns` calls of one batch: `(entity, timelines, columns)` each."""
    from ._optional import pyarrow as pa

    index_fields = _index_fields(batch, index)
    index_names = {f.name for f in index_fields}
    timelines = [_timeline(pa, f, batch.column(f.name)) for f in index_fields]
    batch_entity = _text((batch.schema.metadata or {}).get(b"rerun:entity_path"))

    by_entity: dict[str, list[Any]] = {}  # in first-seen column order
    for i, field in enumerate(batch.schema):
        if field.name in index_names or _is_row_id(field):
            continue
        entity, descriptor = _descriptor(field, batch_entity, entity_path)
        column = batch.column(i)
        cell: tuple[Any, ...] = (descriptor, *_cells(pa, column))
        if column.null_count:
            # Null rows stay null cells (nothing logged for this component there), as in rerun.
            cell = (*cell, column.is_valid().to_numpy(zero_copy_only=False))
        by_entity.setdefault(entity, []).append(cell)
    if not by_entity:
        raise ValueError("The record batch contains no component columns, so there is nothing to log.")
    return [(entity, timelines, cols) for entity, cols in by_entity.items()]


def _send(batches: Iterable[Any], recording: Any, index: Any, entity_path: str | None) -> None:
    rec = _globals.data_recording(recording)
    if rec is None:
        return
    # Every batch is interpreted before anything is sent: a bad one sends nothing.
    calls = [call for batch in batches for call in _calls(batch, index, entity_path)]
    for entity, timelines, cols in calls:
        rec._rec.send_columns(entity, timelines, cols, False)


def send_record_batch(
    batch: Any,
    recording: Any = None,
    *,
    index: str | list[str] | _AutoIndex | None = AUTO_INDEX,
    entity_path: str | None = None,
) -> None:
    """Logs one Arrow record batch in Rerun's columnar layout (see the module docstring for how
    columns are read). `index`: the index column name(s); `None` for static data; by default
    the columns with Rerun index metadata. A batch that cannot be read raises `ValueError` with
    rerun-sdk's message, and nothing of it is sent."""
    from ._optional import pyarrow as pa

    if not isinstance(batch, pa.RecordBatch):
        if not hasattr(batch, "__arrow_c_array__"):
            raise TypeError(f"send_record_batch: expected a pyarrow RecordBatch, got {type(batch).__name__}")
        batch = pa.record_batch(batch)
    _send([batch], recording, index, entity_path)


def send_dataframe(
    df: Any,
    recording: Any = None,
    *,
    index: str | list[str] | _AutoIndex | None = AUTO_INDEX,
    entity_path: str | None = None,
) -> None:
    """`send_record_batch` for every batch of a pyarrow `Table` / `RecordBatch` /
    `RecordBatchReader` or any Arrow stream producer (a polars `DataFrame`, through
    `__arrow_c_stream__`)."""
    _send(_batches(df), recording, index, entity_path)


def send_chunks(chunks: Any, *, recording: Any = None) -> None:
    """Sends chunks in Rerun's chunk layout (what `MemoryRecording.chunks()` returns, or
    anything with `to_record_batch()`, such as rerun-sdk's `Chunk`): one, or an iterable of
    them. Each keeps its entity, timelines and components; it gets fresh row ids and this
    recording's identity."""
    from ._optional import pyarrow as pa

    def batches(item: Any) -> list[Any]:
        if hasattr(item, "to_record_batch"):
            item = item.to_record_batch()
        return _batches(item)

    single = isinstance(chunks, (pa.RecordBatch, pa.Table, pa.RecordBatchReader)) or any(
        hasattr(chunks, a) for a in ("to_record_batch", "__arrow_c_stream__", "__arrow_c_array__")
    )
    items = [chunks] if single else list(chunks)
    _send([b for item in items for b in batches(item)], recording, AUTO_INDEX, None)
