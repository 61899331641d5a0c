"""Recording streams: rerun-sdk 0.41's `RecordingStream` and the module-level API on top."""

from __future__ import annotations

import atexit
import datetime as _dt
import sys
import threading
import uuid
import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from . import _native
from ._baseclasses import Archetype, DescribedComponentBatch
from ._entity_path import _path_str
from .error_utils import _report

__all__ = [
    "MemoryRecording",
    "RecordingStream",
    "disable_timeline",
    "disconnect",
    "flush",
    "get_global_data_recording",
    "init",
    "log",
    "memory_recording",
    "reset_time",
    "save",
    "set_time",
]

_LIVE: weakref.WeakSet[RecordingStream] = weakref.WeakSet()
_global: RecordingStream | None = None
_global_lock = threading.Lock()


def _timestamp_ns(value: Any) -> int:
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.UTC)
        delta = value - _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
        return (delta.days * 86_400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1_000
    if isinstance(value, np.datetime64):
        return int(value.astype("datetime64[ns]").astype(np.int64))
    return round(float(value) * 1e9)


def _duration_ns(value: Any) -> int:
    if isinstance(value, _dt.timedelta):
        return (value.days * 86_400 + value.seconds) * 1_000_000_000 + value.microseconds * 1_000
    if isinstance(value, np.timedelta64):
        return int(value.astype("timedelta64[ns]").astype(np.int64))
    return round(float(value) * 1e9)


class MemoryRecording:
    """Chunks captured in memory, readable as pyarrow record batches."""

    def __init__(self, stream: RecordingStream, sink: _native.MemorySink) -> None:
        self._stream = stream
        self._sink = sink

    def chunks(self) -> list[Any]:
        """Flushes the recording, then returns every chunk so far as a `pyarrow.RecordBatch`."""
        import pyarrow as pa

        self._stream.flush()
        return [pa.record_batch(c) for c in self._sink.chunks()]

    def num_chunks(self) -> int:
        self._stream.flush()
        return len(self._sink)


class RecordingStream:
    """One recording: its own batcher thread and sink; time is per thread, as in rerun-sdk."""

    def __init__(
        self,
        application_id: str,
        *,
        recording_id: str | uuid.UUID | None = None,
        copy: bool = False,
        copy_below_bytes: int = 4096,
    ) -> None:
        rid = str(recording_id) if recording_id is not None else str(uuid.uuid4())
        self._rec = _native.Recording(
            str(application_id),
            rid,
            tuple(sys.version_info[:3]),
            copy_below_bytes=copy_below_bytes,
            always_copy=copy,
        )
        _LIVE.add(self)

    @property
    def application_id(self) -> str:
        return self._rec.application_id

    @property
    def recording_id(self) -> str:
        return self._rec.recording_id

    def set_time(
        self,
        timeline: str,
        *,
        sequence: int | None = None,
        duration: Any = None,
        timestamp: Any = None,
    ) -> None:
        given = (sequence is not None) + (duration is not None) + (timestamp is not None)
        if given != 1:
            _report(
                "set_time",
                ValueError("set_time: exactly one of sequence, duration or timestamp must be given"),
            )
            return
        try:
            if sequence is not None:
                self._rec.set_time(timeline, "sequence", int(sequence))
            elif duration is not None:
                self._rec.set_time(timeline, "duration", _duration_ns(duration))
            else:
                self._rec.set_time(timeline, "timestamp", _timestamp_ns(timestamp))
        except (TypeError, ValueError, OverflowError) as err:
            _report(f"set_time({timeline!r})", err)

    def disable_timeline(self, timeline: str) -> None:
        self._rec.disable_timeline(timeline)

    def reset_time(self) -> None:
        self._rec.reset_time()

    def log(
        self,
        entity_path: str | Sequence[Any],
        entity: Any,
        *extra: Any,
        static: bool = False,
        copy: bool = False,
    ) -> None:
        """Logs archetypes (or described component batches) at `entity_path`: a string parsed as
        rerun-sdk does (`a/b`, backslash escapes such as `a\\ b`), or a list of unescaped parts.

        Arrays are handed to Rust as they are: large C-contiguous ones are borrowed until the
        recording captures them (see the README's borrowing contract); `copy=True` snapshots.
        """
        if type(entity) is not list and isinstance(entity, Archetype) and not extra:
            payload = entity._log_payload()
        else:
            payload = _collect(entity, extra)
            if payload is None:
                return
        try:
            self._rec.log(
                entity_path if type(entity_path) is str else _path_str(entity_path), payload, static, copy
            )
        except (TypeError, ValueError) as err:
            _report(f"log({entity_path!r})", err)

    def send_columns(
        self,
        entity_path: str,
        indexes: Iterable[Any],
        columns: Iterable[Any],
        *,
        strict: bool | None = None,
        copy: bool = False,
    ) -> None:
        """Sends columnar data as one chunk (see `nparrow.send_columns`)."""
        from ._send_columns import _send

        _send(self, entity_path, indexes, columns, strict, copy, stacklevel=3)

    def flush(self) -> None:
        """Blocks until everything logged is captured by the sink and all borrows are released."""
        self._rec.flush()

    def save(self, path: str | Path) -> None:
        """Streams the recording (from its start) to an `.rrd` file."""
        self._rec.save(str(path))

    def memory_recording(self) -> MemoryRecording:
        return MemoryRecording(self, self._rec.memory_sink())

    def disconnect(self) -> None:
        """Flushes and closes the current sink (an `.rrd` file gets its footer)."""
        self._rec.disconnect()

    def _close(self) -> None:
        self._rec.close()


def _collect(entity: Any, extra: tuple[Any, ...]) -> list[tuple[Any, Any]] | None:
    out: list[tuple[Any, Any]] = []
    for item in (entity, *extra):
        if isinstance(item, Archetype):
            out.extend(item._log_payload())
        elif isinstance(item, DescribedComponentBatch):
            out.append((item.component_descriptor(), item.batch._numpy_data))
        elif hasattr(item, "as_component_batches"):  # e.g. ClassDescription, as rerun-sdk allows
            out.extend((b.component_descriptor(), b.batch._numpy_data) for b in item.as_component_batches())
        elif isinstance(item, Iterable) and not isinstance(item, (str, bytes)):
            for sub in item:
                if isinstance(sub, DescribedComponentBatch):
                    out.append((sub.component_descriptor(), sub.batch._numpy_data))
                else:
                    _report(
                        "log",
                        TypeError(
                            f"expected an archetype or described component batches, got {type(sub).__name__}"
                        ),
                    )
                    return None
        else:
            _report(
                "log",
                TypeError(f"expected an archetype or described component batches, got {type(item).__name__}"),
            )
            return None
    return out


# --- module-level API (the global recording) -------------------------------------------------


def init(
    application_id: str,
    *,
    recording_id: str | uuid.UUID | None = None,
    spawn: bool = False,
    default_enabled: bool = True,
    strict: bool | None = None,
) -> None:
    """Creates the global recording. Until `save()` (or `memory_recording()`), data is buffered."""
    global _global
    from .error_utils import set_strict_mode

    if strict is not None:
        set_strict_mode(strict)
    if spawn:
        _report("init", ValueError("spawn=True is not supported yet: use save(path) and `rerun path`"))
    with _global_lock:
        old, _global = _global, RecordingStream(application_id, recording_id=recording_id)
    if old is not None:
        old._close()


def get_global_data_recording() -> RecordingStream | None:
    return _global


def _rec(recording: RecordingStream | None) -> RecordingStream | None:
    return recording if recording is not None else _global


def log(
    entity_path: str | Sequence[Any],
    entity: Any,
    *extra: Any,
    static: bool = False,
    copy: bool = False,
    recording: RecordingStream | None = None,
) -> None:
    rec = recording if recording is not None else _global
    if rec is not None:
        rec.log(entity_path, entity, *extra, static=static, copy=copy)


def set_time(
    timeline: str,
    *,
    sequence: int | None = None,
    duration: Any = None,
    timestamp: Any = None,
    recording: RecordingStream | None = None,
) -> None:
    rec = _rec(recording)
    if rec is not None:
        rec.set_time(timeline, sequence=sequence, duration=duration, timestamp=timestamp)


def disable_timeline(timeline: str, recording: RecordingStream | None = None) -> None:
    rec = _rec(recording)
    if rec is not None:
        rec.disable_timeline(timeline)


def reset_time(recording: RecordingStream | None = None) -> None:
    rec = _rec(recording)
    if rec is not None:
        rec.reset_time()


def save(path: str | Path, recording: RecordingStream | None = None) -> None:
    rec = _rec(recording)
    if rec is not None:
        rec.save(path)


def memory_recording(recording: RecordingStream | None = None) -> MemoryRecording | None:
    rec = _rec(recording)
    return rec.memory_recording() if rec is not None else None


def flush(recording: RecordingStream | None = None) -> None:
    """Blocks until everything logged is captured and every borrowed array is released."""
    rec = _rec(recording)
    if rec is not None:
        rec.flush()


def disconnect(recording: RecordingStream | None = None) -> None:
    rec = _rec(recording)
    if rec is not None:
        rec.disconnect()


@atexit.register
def _shutdown() -> None:
    for rec in list(_LIVE):
        rec._close()
