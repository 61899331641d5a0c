"""Columnar logging as in rerun-sdk 0.41: `send_columns` (the columns are in `_columns`).

One call is one chunk: the time columns are its indexes (no `log_time`, no thread time), each
component column is the caller's whole batch cut into one list per row by int32 offsets. Large
C-contiguous arrays are borrowed until the recording captures the chunk, as with `log`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from . import _globals, _native
from ._columns import (
    ComponentColumn,
    ComponentColumnList,
    TimeColumn,
    TimeColumnLike,
    _column_arg,
    _time_arg,
)
from ._entity_path import _unknown_escape
from .error_utils import _report

__all__ = ["ComponentColumn", "ComponentColumnList", "TimeColumn", "TimeColumnLike", "send_columns"]


def _send(
    rec: Any,
    entity_path: Any,
    indexes: Iterable[Any],
    columns: Iterable[ComponentColumn],
    strict: bool | None,
    copy: bool,
) -> None:
    """`strict` (the call's `strict=`) overrides strict mode; warnings point at the user's line."""
    context = f"send_columns({entity_path!r})"

    try:
        if not isinstance(entity_path, str):
            # As rerun-sdk 0.41: send_columns takes a string path (use `new_entity_path(parts)`).
            raise TypeError(f"entity_path: expected a str, got {type(entity_path).__name__}")
        path = str(entity_path)
        if "\\" in path and (esc := _unknown_escape(path)) is not None:
            # rerun-sdk warns and sends to the path it parses (`a\\q` → `/aq`); strict mode drops.
            _report(
                context,
                ValueError(
                    f"unknown escape sequence '{esc}' in the entity path (a Windows file path?); "
                    f"read as {_native.normalize_entity_path(path)}, as rerun-sdk does"
                ),
                strict=strict,
            )
        timelines = [_time_arg(t) for t in indexes]
        cols = [_column_arg(c) for c in columns]
        rec._rec.send_columns(path, timelines, cols, copy)
    except (TypeError, ValueError, OverflowError) as err:
        _report(context, err, strict=strict)


def send_columns(
    entity_path: str,
    indexes: Iterable[TimeColumnLike],
    columns: Iterable[ComponentColumn],
    *,
    recording: Any = None,
    strict: bool | None = None,
    copy: bool = False,
) -> None:
    """Sends columnar data as one chunk: row `i` holds the `i`-th value of every index and the
    `i`-th partition of every column; all must have the same number of rows. Ignores the time
    set with `set_time` and adds no `log_time`; without indexes the data is static.

    Bad input warns and drops the call (raises in strict mode, or with `strict=True`). Large
    arrays are borrowed until the recording captures the chunk (`copy=True` snapshots; see the
    README's borrowing contract).
    """
    rec = _globals.data_recording(recording)
    if rec is not None:
        _send(rec, entity_path, indexes, columns, strict, copy)
