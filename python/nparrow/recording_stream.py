"""Recording streams: rerun-sdk 0.41's `RecordingStream` and the module-level API on top."""

from __future__ import annotations

import atexit
import sys
import uuid
import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from . import _globals, _grpc, _native
from ._baseclasses import Archetype, DescribedComponentBatch
from ._entity_path import _check_path, _path_str
from ._send_columns import _send
from ._time import _RESERVED_TIMELINE, _duration_ns, _sequence, _timestamp_ns
from .error_utils import _report, set_strict_mode

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
    "send_blueprint",
    "set_time",
]

_LIVE: weakref.WeakSet[RecordingStream] = weakref.WeakSet()


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
        max_queue_bytes: int | None = None,
        on_full: str = "block",
        _blueprint: bool = False,
    ) -> None:
        """`copy`: snapshot every array at `log` (no borrowing). `max_queue_bytes` (default
        `NPARROW_MAX_QUEUE_BYTES` or 2 GiB) bounds the data waiting for a slow sink; when it is
        reached `log` blocks (`on_full="block"`, without holding the GIL) or drops the call with a
        warning (`on_full="drop"`)."""
        rid = str(recording_id) if recording_id is not None else str(uuid.uuid4())
        self._rec = _native.Recording(
            str(application_id),
            rid,
            tuple(sys.version_info[:3]),
            copy_below_bytes=copy_below_bytes,
            always_copy=copy,
            max_queue_bytes=max_queue_bytes,
            on_full=on_full,
            blueprint=_blueprint,
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
        """Sets this thread's time on `timeline`. Bad input (NaN/inf, out of int64 range, a
        non-integer sequence, another kind than this thread used for the timeline, `log_time`)
        warns and leaves the time unchanged; strict mode raises."""
        given = (sequence is not None) + (duration is not None) + (timestamp is not None)
        if given != 1:
            _report(
                f"set_time({timeline!r})",
                ValueError("exactly one of sequence, duration or timestamp must be given"),
            )
            return
        try:
            if timeline == _RESERVED_TIMELINE:
                raise ValueError(
                    "'log_time' is reserved: the SDK sets it to the time of each log call "
                    "(rerun-sdk overwrites it too); use another timeline name"
                )
            if sequence is not None:
                self._rec.set_time(timeline, "sequence", _sequence(sequence))
            elif duration is not None:
                self._rec.set_time(timeline, "duration", _duration_ns(duration))
            else:
                self._rec.set_time(timeline, "timestamp", _timestamp_ns(timestamp))
        except (TypeError, ValueError) as err:
            _report(f"set_time({timeline!r})", err)
        except OverflowError as err:
            _report(f"set_time({timeline!r})", ValueError(f"out of range: {err}"))

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
        archetype = type(entity) is not list and isinstance(entity, Archetype) and not extra
        if not archetype:
            payload = _collect(entity, extra, entity_path)
            if payload is None:
                return
        if type(entity_path) is str and "\\" in entity_path:
            _check_path(entity_path, "log")  # warns, or raises in strict mode (the call is dropped)
        try:
            path = entity_path if type(entity_path) is str else _path_str(entity_path)
            if archetype:  # Rust walks the archetype's fields itself
                self._rec.log_archetype(path, entity, entity._DESCRIPTORS, static, copy)
            else:
                self._rec.log(path, payload, static, copy)
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
        _send(self, entity_path, indexes, columns, strict, copy)

    def flush(self) -> None:
        """Blocks until everything logged is captured by the sink and all borrows are released."""
        self._rec.flush()

    def save(self, path: str | Path, default_blueprint: Any = None) -> None:
        """Streams the recording (from its start) to an `.rrd` file, with `default_blueprint`
        (made the app's default layout, not activated) if given. An unwritable path warns
        (raises in strict mode) and keeps the current sink, so logging continues."""
        try:
            self._rec.save(str(path))
        except (ValueError, OSError, RuntimeError) as err:
            _report(f"save({str(path)!r})", err)
            return
        if default_blueprint is not None:
            self.send_blueprint(default_blueprint, make_active=False, make_default=True)

    def connect_grpc(self, url: str | None = None, *, default_blueprint: Any = None) -> None:
        """Streams this recording (from its start) to a Rerun viewer or proxy over gRPC."""
        _grpc.connect_grpc(url, default_blueprint=default_blueprint, recording=self)

    def send_blueprint(self, blueprint: Any, *, make_active: bool = True, make_default: bool = True) -> None:
        """Sends a blueprint (`Blueprint`, a container or a view: anything with `to_blueprint()`)
        through this recording's sink as rerun-sdk does: a blueprint store of the same
        application, then the command that makes it active and/or the app's default."""
        stream = _blueprint_stream(self.application_id, blueprint)
        self._rec.send_blueprint(stream._rec, make_active, make_default)
        stream._close()

    def spawn(
        self,
        *,
        port: int = 9876,
        connect: bool = True,
        memory_limit: str = "75%",
        hide_welcome_screen: bool = False,
        detach_process: bool = True,
        default_blueprint: Any = None,
    ) -> None:
        """Starts a Rerun viewer (if none listens on `port`) and streams this recording to it."""
        _grpc.spawn(
            port=port,
            connect=connect,
            memory_limit=memory_limit,
            hide_welcome_screen=hide_welcome_screen,
            detach_process=detach_process,
            default_blueprint=default_blueprint,
            recording=self,
        )

    def memory_recording(self) -> MemoryRecording:
        return MemoryRecording(self, self._rec.memory_sink())

    def disconnect(self) -> None:
        """Flushes and closes the current sink (an `.rrd` file gets its footer)."""
        self._rec.disconnect()

    def _close(self) -> None:
        self._rec.close()


def _blueprint_stream(application_id: str, blueprint: Any) -> RecordingStream:
    """A blueprint store holding `blueprint` (logged at `blueprint=0`, as rerun-sdk does)."""
    to_blueprint = getattr(blueprint, "to_blueprint", None)
    if to_blueprint is None:
        raise TypeError(
            f"expected a Blueprint, container or view (BlueprintLike), got {type(blueprint).__name__}"
        )
    stream = RecordingStream(application_id, recording_id=f"rec_{uuid.uuid4().hex}", _blueprint=True)
    stream.set_time("blueprint", sequence=0)
    to_blueprint()._log_to_stream(stream)
    return stream


def _save_blueprint(application_id: str, blueprint: Any, path: str | Path) -> None:
    """`Blueprint.save`: a blueprint store alone in a file (`.rbl`), activating itself."""
    stream = _blueprint_stream(application_id, blueprint)
    stream._rec.save(str(path))
    stream._rec.activate_blueprint(True, True)
    stream._close()


def _collect(entity: Any, extra: tuple[Any, ...], entity_path: Any) -> list[tuple[Any, Any]] | None:
    out: list[tuple[Any, Any]] = []
    for item in (entity, *extra):
        if isinstance(item, Archetype):
            out.extend(item._log_payload())
        elif isinstance(item, DescribedComponentBatch):
            out.append((item.component_descriptor(), item.batch._numpy_data))
        elif hasattr(item, "as_component_batches") and not isinstance(item, type):  # e.g. ClassDescription
            out.extend((b.component_descriptor(), b.batch._numpy_data) for b in item.as_component_batches())
        elif isinstance(item, Iterable) and not isinstance(item, (str, bytes)):
            for sub in item:
                if isinstance(sub, DescribedComponentBatch):
                    out.append((sub.component_descriptor(), sub.batch._numpy_data))
                else:
                    _report(
                        f"log({entity_path!r})",
                        TypeError(
                            f"expected an archetype or described component batches, got {type(sub).__name__}"
                        ),
                    )
                    return None
        else:
            _report(
                f"log({entity_path!r})",
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
    default_blueprint: Any = None,
) -> None:
    """Creates the global recording. Until `save()` (or `memory_recording()`), data is buffered."""
    if strict is not None:
        set_strict_mode(strict)
    with _globals.lock:
        old = _globals.recording
        _globals.recording = RecordingStream(application_id, recording_id=recording_id)
    if old is not None:
        old._close()
    if spawn:
        _grpc.spawn(recording=_globals.recording, default_blueprint=default_blueprint)


def get_global_data_recording() -> RecordingStream | None:
    return _globals.recording


def _rec(recording: RecordingStream | None) -> RecordingStream | None:
    return recording if recording is not None else _globals.recording


def log(
    entity_path: str | Sequence[Any],
    entity: Any,
    *extra: Any,
    static: bool = False,
    copy: bool = False,
    recording: RecordingStream | None = None,
) -> None:
    rec = recording if recording is not None else _globals.recording
    if rec is None:
        return
    if not extra and type(entity_path) is str and isinstance(entity, Archetype) and "\\" not in entity_path:
        # The hot path (one archetype, a plain path): Rust walks the archetype's fields itself.
        try:
            rec._rec.log_archetype(entity_path, entity, entity._DESCRIPTORS, static, copy)
        except (TypeError, ValueError) as err:
            _report(f"log({entity_path!r})", err)
        return
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


def save(
    path: str | Path, default_blueprint: Any = None, recording: RecordingStream | None = None
) -> None:
    rec = _rec(recording)
    if rec is not None:
        rec.save(path, default_blueprint)


def send_blueprint(
    blueprint: Any,
    *,
    make_active: bool = True,
    make_default: bool = True,
    recording: RecordingStream | None = None,
) -> None:
    """Sends `blueprint` to the recording's sink (see `RecordingStream.send_blueprint`)."""
    rec = _rec(recording)
    if rec is None:
        raise ValueError("No application id found. You must call nparrow.init before sending a blueprint.")
    rec.send_blueprint(blueprint, make_active=make_active, make_default=make_default)


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
