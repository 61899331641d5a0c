"""Recording streams: rerun-sdk 0.41's `RecordingStream` and the module-level API on top."""

from __future__ import annotations

import atexit
import os
import sys
import weakref
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Self

# `_grpc` (logging, socket, subprocess), `_log_file` (subprocess), `_send_columns` and
# `_dataframe` are imported where they are used, so `import nparrow` does not load them.
from . import _globals, _native, _payload, _sinks
from ._baseclasses import ARCHETYPE_TYPES, Archetype, BaseBatch, DescribedComponentBatch
from ._batcher_config import ChunkBatcherConfig
from ._entity_path import _check_path, _path_str
from ._native import ComponentDescriptor
from ._sinks import BinaryStream, FileSink, GrpcSink
from ._time import _RESERVED_TIMELINE, AUTO_INDEX, _duration_ns, _sequence, _timestamp_ns
from .error_utils import _report, set_strict_mode

if TYPE_CHECKING:
    import uuid
    from pathlib import Path

__all__ = [
    "BinaryStream",
    "ChunkBatcherConfig",
    "FileSink",
    "GrpcSink",
    "MemoryRecording",
    "RecordingStream",
    "binary_stream",
    "cleanup_if_forked_child",
    "disable_timeline",
    "disconnect",
    "flush",
    "get_application_id",
    "get_data_recording",
    "get_global_data_recording",
    "get_recording_id",
    "get_thread_local_data_recording",
    "init",
    "is_enabled",
    "log",
    "log_file_from_contents",
    "log_file_from_path",
    "memory_recording",
    "rerun_shutdown",
    "reset_time",
    "save",
    "send_blueprint",
    "send_property",
    "send_recording_name",
    "send_recording_start_time_nanos",
    "set_global_data_recording",
    "set_log_tick_enabled",
    "set_log_time_enabled",
    "set_sinks",
    "set_thread_local_data_recording",
    "set_time",
    "stdout",
    "unregister_shutdown",
]

_LIVE: weakref.WeakSet[RecordingStream] = weakref.WeakSet()


def _new_recording_id() -> str:
    """A random recording id, as rerun-sdk makes it (a UUID v4)."""
    import uuid  # not at the top: `import nparrow` does not need it

    return str(uuid.uuid4())


class MemoryRecording:
    """Chunks captured in memory: as pyarrow record batches (`chunks()`), as one pyarrow table
    per entity (`tables()`, readable by polars and duckdb), or as `.rrd` bytes."""

    def __init__(self, stream: RecordingStream, sink: _native.MemorySink) -> None:
        self._stream = stream
        self._sink = sink

    def chunks(self) -> list[Any]:
        """Flushes the recording, then returns every chunk so far as a `pyarrow.RecordBatch`
        (rerun's chunk layout: `rerun.controls.RowId`, the timelines, one column per component;
        `rerun:*` schema and field metadata)."""
        from ._optional import pyarrow as pa

        self._stream.flush()
        return [pa.record_batch(c) for c in self._sink.chunks()]

    def tables(self) -> dict[str, Any]:
        """Flushes the recording, then returns its data as one `pyarrow.Table` per entity:
        `{entity_path: table}`, keyed by rerun's form of the path (`"/world/points"`, and
        `"/__properties"` for the recording's properties).

        A table has a row per logged row, in the order they were captured: first the timelines
        (`int64` for sequences, `timestamp[ns]`, `duration[ns]`, as rerun stores them), then one
        column per component (named as rerun names it, `"Points3D:positions"`, each value the
        row's list of instances). A row has null in the timelines it was not logged on; static
        rows have null in every timeline. The row id column is left out. Each field's metadata
        is rerun's descriptor: `rerun:archetype`, `rerun:component`, `rerun:component_type` on
        components, `rerun:index_name` on timelines; the table's metadata has
        `rerun:entity_path`. The columns are the chunks' own Arrow buffers (no copy), so
        `polars.from_arrow(table)` and duckdb (`duckdb.sql("select * from table")`) read them
        directly."""
        from ._optional import pyarrow as pa

        by_entity: dict[str, list[Any]] = {}
        for chunk in self.chunks():
            entity = chunk.schema.metadata[b"rerun:entity_path"].decode()
            by_entity.setdefault(entity, []).append(chunk)
        return {entity: _entity_table(pa, entity, chunks) for entity, chunks in by_entity.items()}

    def num_chunks(self) -> int:
        self._stream.flush()
        return len(self._sink)

    def num_msgs(self) -> int:
        """Messages the recording's `.rrd` stream would hold (store info and one per chunk)."""
        self._stream.flush()
        return int(self._sink.num_msgs())

    def drain_as_bytes(self) -> bytes:
        """Everything captured so far as one `.rrd` stream (with footer), taken out of memory."""
        self._stream.flush()
        return bytes(self._sink.drain_as_bytes())


def _entity_table(pa: Any, entity: str, chunks: list[Any]) -> Any:
    """The chunks of one entity as one table: timelines first, then components, each in the
    order they first appear; a column a chunk lacks is null in its rows."""
    fields: dict[str, Any] = {}
    for kind in (b"index", b"data"):
        for chunk in chunks:
            for field in chunk.schema:
                meta = field.metadata or {}
                if field.name not in fields and meta.get(b"rerun:kind") == kind:
                    # A chunk's own sortedness says nothing about the concatenation.
                    meta = {k: v for k, v in meta.items() if k != b"rerun:is_sorted"}
                    fields[field.name] = field.with_metadata(meta)
    schema = pa.schema(list(fields.values()), metadata={b"rerun:entity_path": entity.encode()})
    parts = []
    for chunk in chunks:
        names = set(chunk.schema.names)
        columns = [
            _as_type(chunk.column(name), field.type)
            if name in names
            else pa.nulls(chunk.num_rows, field.type)
            for name, field in fields.items()
        ]
        parts.append(pa.Table.from_arrays(columns, schema=schema))
    return pa.concat_tables(parts)


def _as_type(column: Any, arrow_type: Any) -> Any:
    """`column` as `arrow_type` (the same type in the common case: no copy)."""
    return column if column.type == arrow_type else column.cast(arrow_type)


class RecordingStream:
    """One recording: its own batcher thread and sink; time is per thread, as in rerun-sdk."""

    def __init__(
        self,
        application_id: str,
        *,
        recording_id: str | uuid.UUID | None = None,
        make_default: bool = False,
        make_thread_default: bool = False,
        default_enabled: bool = True,
        send_properties: bool = True,
        batcher_config: ChunkBatcherConfig | None = None,
        copy: bool = False,
        copy_below_bytes: int = 4096,
        max_queue_bytes: int | None = None,
        on_full: str = "block",
        _blueprint: bool = False,
    ) -> None:
        """rerun-sdk's parameters, plus nparrow's: `copy` snapshots every array at `log` (no
        borrowing). `max_queue_bytes` (default `NPARROW_MAX_QUEUE_BYTES` or 2 GiB) bounds the
        data waiting for a slow sink; when it is reached `log` blocks (`on_full="block"`, without
        holding the GIL) or drops the call with a warning (`on_full="drop"`).

        `default_enabled=False` (or the environment variable `RERUN=off`, which wins) makes a
        stream that logs nothing, as rerun-sdk's."""
        if not application_id:
            raise ValueError("Application ID must not be empty")  # as rerun-sdk, a set-up error
        rid = str(recording_id) if recording_id is not None else _new_recording_id()
        self._rec: Any = _native.Recording(
            str(application_id),
            rid,
            tuple(sys.version_info[:3]),
            copy_below_bytes=copy_below_bytes,
            always_copy=copy,
            max_queue_bytes=max_queue_bytes,
            on_full=on_full,
            blueprint=_blueprint,
            batcher=batcher_config._native() if batcher_config is not None else None,
            properties=send_properties,
        )
        self._enabled = _enabled(default_enabled)
        if not self._enabled:
            self._rec = _Disabled(self._rec)
        self._prev: list[RecordingStream | None] = []
        _LIVE.add(self)
        if make_default:
            set_global_data_recording(self)
        if make_thread_default:
            set_thread_local_data_recording(self)

    def __enter__(self) -> Self:
        """Makes this stream this thread's recording until the block ends."""
        self._prev.append(set_thread_local_data_recording(self))
        return self

    def __exit__(self, *exc: object) -> None:
        """Flushes; finishes a file sink (its footer), so the `.rrd` is complete; restores the
        thread's previous recording."""
        self.flush()
        if self._sink == "file":
            self.disconnect()
        set_thread_local_data_recording(self._prev.pop() if self._prev else None)

    def get_recording_id(self) -> str:
        return self._rec.recording_id

    def is_enabled(self) -> bool:
        return self._enabled

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
        """Sets this thread's time on `timeline`.

        As rerun-sdk 0.41, whatever the strict mode: not exactly one of `sequence`, `duration`,
        `timestamp` given raises `ValueError`; a value that is not a time raises too — a
        non-integer sequence `TypeError`; NaN/inf, milliseconds passed as seconds or a value
        out of the int64 range `ValueError` (rerun-sdk: `OverflowError` for the last).
        Where rerun-sdk only prints a warning and goes on (another kind than this thread used
        for the timeline, the reserved `log_time`, a NaT), nparrow warns (`RerunWarning`;
        strict mode raises) and leaves the time unchanged."""
        point = _time_point(timeline, sequence, duration, timestamp)
        if point is None:
            return
        kind, value = point
        try:
            if timeline == _RESERVED_TIMELINE:
                raise ValueError(
                    "'log_time' is reserved: the SDK sets it to the time of each log call "
                    "(rerun-sdk overwrites it too); use another timeline name"
                )
            self._rec.set_time(timeline, kind, value)
        except (TypeError, ValueError) as err:
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
        archetype = not extra and (type(entity) in ARCHETYPE_TYPES or isinstance(entity, Archetype))
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
        from ._send_columns import _send

        _send(self, entity_path, indexes, columns, strict, copy)

    def flush(self) -> None:
        """Blocks until everything logged is captured by the sink and all borrows are released."""
        self._rec.flush()

    def save(self, path: str | Path, default_blueprint: Any = None, *, write_footer: bool = True) -> None:
        """Streams the recording (from its start) to an `.rrd` file, with `default_blueprint`
        (made the app's default layout, not activated) if given.

        A file that cannot be created raises `RuntimeError`, whatever the strict mode, as
        rerun-sdk 0.41 does; the current sink is kept, so logging goes on. Failures later, while
        writing (a full disk), warn once and logging goes on."""
        try:
            self._rec.save(str(path), write_footer)
        except (ValueError, OSError) as err:
            raise RuntimeError(str(err)) from err
        self._sink = "file"
        if default_blueprint is not None:
            self.send_blueprint(default_blueprint, make_active=False, make_default=True)

    def connect_grpc(self, url: str | None = None, *, default_blueprint: Any = None) -> None:
        """Streams this recording (from its start) to a Rerun viewer or proxy over gRPC."""
        from . import _grpc

        _grpc.connect_grpc(url, default_blueprint=default_blueprint, recording=self)

    def serve_grpc(
        self,
        *,
        grpc_port: int | None = None,
        default_blueprint: Any = None,
        server_memory_limit: str = "1GiB",
        newest_first: bool = False,
        cors_allow_origin: list[str] | None = None,
    ) -> str:
        """Hosts a gRPC server for this recording that viewers connect to (see `nparrow.serve_grpc`)."""
        from . import _grpc

        return _grpc.serve_grpc(
            grpc_port=grpc_port,
            default_blueprint=default_blueprint,
            recording=self,
            server_memory_limit=server_memory_limit,
            newest_first=newest_first,
            cors_allow_origin=cors_allow_origin,
        )

    def log_file_from_path(
        self, file_path: str | Path, *, entity_path_prefix: str | None = None, static: bool = False
    ) -> None:
        """Logs a file as rerun-sdk's in-process loaders do (PNG/JPEG, glTF/GLB/OBJ/STL, MP4, PLY)
        at its path (under `entity_path_prefix`); other formats warn (raise in strict mode)."""
        from . import _log_file

        _log_file.log_file_from_path(self, file_path, entity_path_prefix=entity_path_prefix, static=static)

    def log_file_from_contents(
        self,
        file_path: str | Path,
        file_contents: bytes,
        *,
        entity_path_prefix: str | None = None,
        static: bool = False,
    ) -> None:
        """`log_file_from_path` with the file's bytes given (`file_path` names it and its format)."""
        from . import _log_file

        _log_file.log_file_from_contents(
            self, file_path, file_contents, entity_path_prefix=entity_path_prefix, static=static
        )

    def set_sinks(self, *sinks: Any, default_blueprint: Any = None) -> None:
        """Streams this recording (from its start) to every sink at once: `FileSink`s,
        `GrpcSink`s, `GrpcServerSink`s, `BinaryStream`s."""
        _sinks.set_sinks(self, sinks, default_blueprint)
        self._sink = "file" if any(isinstance(s, _sinks.FileSink) for s in sinks) else None

    def stdout(self, default_blueprint: Any = None, *, write_footer: bool = True) -> None:
        """Streams this recording as `.rrd` bytes to standard output (`python app.py | rerun -`)."""
        _sinks.stdout(self, default_blueprint, write_footer)

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
        from . import _grpc

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
        """Streams the recording (from its start) into memory; read it with the returned
        `MemoryRecording` (`tables()`, `chunks()`, `drain_as_bytes()`)."""
        return MemoryRecording(self, self._rec.memory_sink())

    def disconnect(self) -> None:
        """Flushes and closes the current sink (an `.rrd` file gets its footer)."""
        self._rec.disconnect()
        self._sink = None

    # Which sink `save` set (`with` blocks finish file sinks); others are not tracked.
    _sink: str | None = None

    def send_property(self, name: str, values: Any) -> None:
        """Logs `values` (an archetype, or described component batches) as the recording
        property `name`: static, at `/__properties/<name>`."""
        self.log(_PROPERTIES_PATH + "/" + _native.escape_entity_path_part(str(name)), values, static=True)

    def send_recording_name(self, name: str) -> None:
        """The recording's name, shown in the viewer (`RecordingInfo:name` at `/__properties`)."""
        from .archetypes.misc import RecordingInfo

        self.log(_PROPERTIES_PATH, RecordingInfo(name=name), static=True)

    def send_recording_start_time_nanos(self, nanos: int) -> None:
        """The recording's start time (`RecordingInfo:start_time`, ns since the epoch)."""
        from .archetypes.misc import RecordingInfo

        self.log(_PROPERTIES_PATH, RecordingInfo(start_time=int(nanos)), static=True)

    def set_log_tick_enabled(self, enabled: bool) -> None:
        """Whether `log` adds the `log_tick` timeline: this recording's count of `log` calls
        (static ones included). Off by default (`RERUN_LOG_TICK`), as in rerun-sdk."""
        self._rec.set_log_tick_enabled(bool(enabled))

    def set_log_time_enabled(self, enabled: bool) -> None:
        """Whether `log` adds the `log_time` timeline (the wall-clock time of the call). On by
        default (`RERUN_LOG_TIME`), as in rerun-sdk; a row then on no timeline is static."""
        self._rec.set_log_time_enabled(bool(enabled))

    def send_record_batch(
        self, batch: Any, *, index: Any = AUTO_INDEX, entity_path: str | None = None
    ) -> None:
        """`nparrow.send_record_batch` into this recording."""
        from . import _dataframe

        _dataframe.send_record_batch(batch, self, index=index, entity_path=entity_path)

    def send_dataframe(self, df: Any, *, index: Any = AUTO_INDEX, entity_path: str | None = None) -> None:
        """`nparrow.send_dataframe` into this recording."""
        from . import _dataframe

        _dataframe.send_dataframe(df, self, index=index, entity_path=entity_path)

    def send_chunks(self, chunks: Any) -> None:
        """`nparrow.send_chunks` into this recording."""
        from . import _dataframe

        _dataframe.send_chunks(chunks, recording=self)

    def __str__(self) -> str:
        return f"RecordingStream(application_id={self.application_id!r}, recording_id={self.recording_id!r})"

    def _close(self) -> None:
        self._rec.close()


RECORDING_PROPERTIES_PATH = _PROPERTIES_PATH = "/__properties"


def _enabled(default_enabled: bool) -> bool:
    """rerun-sdk's rule: the `RERUN` environment variable (on/off, 1/0, true/false) wins."""
    value = os.environ.get("RERUN", "").strip().lower()
    if value in ("1", "on", "true", "yes"):
        return True
    if value in ("0", "off", "false", "no"):
        return False
    return bool(default_enabled)


class _Disabled:
    """The native recording of a disabled stream: what logs or sends data does nothing; the
    rest (ids, sinks, flush) is the real recording's."""

    def __init__(self, rec: Any) -> None:
        self._real = rec

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def log(self, *args: Any, **kwargs: Any) -> None:
        pass

    log_archetype = send_columns = set_time = send_blueprint = log


class _Forked:
    """The native recording of a stream inherited by a forked child: the batcher thread did not
    survive the fork and the sink is the parent's, so every call does nothing (the parent's file
    stays the parent's)."""

    def __init__(self, rec: Any) -> None:
        self.application_id = rec.application_id
        self.recording_id = rec.recording_id
        self.is_blueprint = rec.is_blueprint

    def __getattr__(self, name: str) -> Any:
        return _Forked._nothing

    @staticmethod
    def _nothing(*args: Any, **kwargs: Any) -> None:
        return None


def cleanup_if_forked_child() -> None:
    """Makes every recording inherited from the parent process inert (nparrow also does this
    by itself right after `fork`): the child never writes into its parent's sinks."""
    if os.getpid() == _PID:
        return
    for rec in list(_LIVE):
        if not isinstance(rec._rec, _Forked):
            raw = rec._rec._real if isinstance(rec._rec, _Disabled) else rec._rec
            rec._rec = _Forked(raw)


_PID = os.getpid()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=cleanup_if_forked_child)


def _blueprint_stream(application_id: str, blueprint: Any) -> RecordingStream:
    """A blueprint store holding `blueprint` (logged at `blueprint=0`, as rerun-sdk does)."""
    to_blueprint = getattr(blueprint, "to_blueprint", None)
    if to_blueprint is None:
        raise TypeError(
            f"expected a Blueprint, container or view (BlueprintLike), got {type(blueprint).__name__}"
        )
    import uuid

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


def _described(b: Any) -> tuple[Any, Any]:
    """One described batch of any SDK as (nparrow descriptor, payload): nparrow's own keep their
    payload; any other (rerun-sdk's, a user's) gives its Arrow array (`__arrow_c_array__`, or
    `as_arrow_array()`), imported by Rust without a copy (`_payload.arrow`)."""
    if type(b) is DescribedComponentBatch:
        return b.component_descriptor(), b.batch._numpy_data
    d = b.component_descriptor()
    if type(d) is not ComponentDescriptor:  # e.g. rerun-sdk's: read its three parts
        d = ComponentDescriptor(
            str(d.component),
            archetype=getattr(d, "archetype", None),
            component_type=getattr(d, "component_type", None),
        )
    batch = getattr(b, "batch", None)
    if isinstance(batch, BaseBatch):
        return d, batch._numpy_data
    t = type(b)
    if hasattr(t, "__arrow_c_array__") or hasattr(t, "__arrow_c_stream__"):
        return d, _payload.arrow(b)
    return d, _payload.arrow(b.as_arrow_array())


def _collect(entity: Any, extra: tuple[Any, ...], entity_path: Any) -> list[tuple[Any, Any]] | None:
    """The (descriptor, payload) pairs of a non-archetype `log`: described batches, lists of
    them, or any `AsComponents` object (one with `as_component_batches()`), rerun-sdk's
    archetypes included."""
    out: list[tuple[Any, Any]] = []
    try:
        for item in (entity, *extra):
            if isinstance(item, Archetype):
                out.extend(item._log_payload())
            elif hasattr(item, "component_descriptor") and not isinstance(item, type):
                out.append(_described(item))
            elif hasattr(item, "as_component_batches") and not isinstance(item, type):  # AsComponents
                out.extend(_described(b) for b in item.as_component_batches())
            elif isinstance(item, Iterable) and not isinstance(item, (str, bytes)):
                for sub in item:
                    if not hasattr(sub, "component_descriptor") or isinstance(sub, type):
                        raise TypeError(
                            f"expected an archetype or described component batches, got {type(sub).__name__}"
                        )
                    out.append(_described(sub))
            else:
                raise TypeError(
                    f"expected an archetype or described component batches, got {type(item).__name__}"
                )
    except (TypeError, ValueError, AttributeError) as err:
        _report(f"log({entity_path!r})", err)
        return None
    # Nothing to log (e.g. an empty `AnyValues`, which has warned): rerun-sdk's batcher drops a
    # row without components, so no row is written.
    return out or None


# --- module-level API (the global recording) -------------------------------------------------


def init(
    application_id: str,
    *,
    recording_id: str | uuid.UUID | None = None,
    spawn: bool = False,
    init_logging: bool = True,
    default_enabled: bool = True,
    strict: bool | None = None,
    default_blueprint: Any = None,
    send_properties: bool = True,
) -> None:
    """Creates the global recording. Until `save()` (or `memory_recording()`), data is buffered.
    (`init_logging` is accepted for compatibility: nparrow has no Rust logger to set up.)"""
    if strict is not None:
        set_strict_mode(strict)
    with _globals.lock:
        old = _globals.recording
        _globals.recording = RecordingStream(
            application_id,
            recording_id=recording_id,
            default_enabled=default_enabled,
            send_properties=send_properties,
        )
    if old is not None:
        old._close()
    if spawn:
        from . import _grpc

        _grpc.spawn(recording=_globals.recording, default_blueprint=default_blueprint)


def get_global_data_recording() -> RecordingStream | None:
    return _globals.recording


def set_global_data_recording(recording: RecordingStream | None) -> RecordingStream | None:
    """Replaces the global recording (None clears it); returns the previous one."""
    with _globals.lock:
        old = _globals.recording
        _globals.recording = recording
    return old  # type: ignore[no-any-return]


def get_thread_local_data_recording() -> RecordingStream | None:
    return _globals.thread_local()  # type: ignore[no-any-return]


def set_thread_local_data_recording(recording: RecordingStream | None) -> RecordingStream | None:
    """Replaces this thread's recording (None clears it); returns the previous one."""
    return _globals.set_thread_local(recording)  # type: ignore[no-any-return]


def get_data_recording(recording: RecordingStream | None = None) -> RecordingStream | None:
    """The recording a call uses: `recording` if given, else this thread's, else the global one."""
    return _globals.data_recording(recording)  # type: ignore[no-any-return]


def get_application_id(recording: RecordingStream | None = None) -> str | None:
    rec = _rec(recording)
    return rec.application_id if rec is not None else None


def get_recording_id(recording: RecordingStream | None = None) -> str | None:
    rec = _rec(recording)
    return rec.recording_id if rec is not None else None


def is_enabled(recording: RecordingStream | None = None) -> bool:
    rec = _rec(recording)
    return rec is not None and rec.is_enabled()


_rec = get_data_recording


def _log(
    entity_path: str | Sequence[Any],
    entity: Any,
    *extra: Any,
    static: bool = False,
    copy: bool = False,
    recording: RecordingStream | None = None,
) -> None:
    """`log` in Python: every call, and the one `_native.log` hands on (all but its hot case)."""
    if recording is not None:
        rec = recording
    elif _globals.thread_locals_used:
        rec = _globals.data_recording()
    else:
        rec = _globals.recording  # the hot path: no thread-local lookup until one is set
    if rec is None:
        return
    if type(entity) in ARCHETYPE_TYPES and not extra and type(entity_path) is str and "\\" not in entity_path:
        # The hot path (one archetype, a plain path): Rust walks the archetype's fields itself.
        try:
            rec._rec.log_archetype(entity_path, entity, entity._DESCRIPTORS, static, copy)
        except (TypeError, ValueError) as err:
            _report(f"log({entity_path!r})", err)
        return
    rec.log(entity_path, entity, *extra, static=static, copy=copy)


# `log` itself is Rust: its hot case (one archetype, a plain path, the global recording, no
# thread-local one set) calls `Recording.log_archetype` directly, as `_log` would, and reports
# its errors through `_report` the same way; every other call is `_log`'s.
# Binding errors name `log()`, as rerun-sdk's do.
_log.__qualname__ = "log"
_native.install_log(_globals, ARCHETYPE_TYPES, _log, _report)
log = _native.log


def set_time(
    timeline: str,
    *,
    sequence: int | None = None,
    duration: Any = None,
    timestamp: Any = None,
    recording: RecordingStream | None = None,
) -> None:
    """Sets this thread's time on `timeline` (see `RecordingStream.set_time`). The arguments
    are checked even when there is no recording, as rerun-sdk 0.41 does."""
    rec = _rec(recording)
    if rec is not None:
        rec.set_time(timeline, sequence=sequence, duration=duration, timestamp=timestamp)
    else:
        _time_point(timeline, sequence, duration, timestamp)


def _time_point(timeline: str, sequence: Any, duration: Any, timestamp: Any) -> tuple[str, int] | None:
    """`(kind, int64 value)` for `set_time`; raises where rerun-sdk 0.41 raises, whatever the
    strict mode; None (after a warning, or raising in strict mode) for a NaT."""
    if (sequence is not None) + (duration is not None) + (timestamp is not None) != 1:
        raise ValueError(
            "set_time: exactly one of `sequence`, `duration` and `timestamp` must be given "
            f"(timeline={timeline!r})"
        )
    try:
        if sequence is not None:
            return ("sequence", _sequence(sequence))
        if duration is not None:
            return ("duration", _duration_ns(duration))
        return ("timestamp", _timestamp_ns(timestamp))
    except (TypeError, ValueError) as err:
        import numpy as np  # only on this error path

        given = duration if duration is not None else timestamp
        if isinstance(given, (np.datetime64, np.timedelta64)) and np.isnat(given):
            _report(f"set_time({timeline!r})", err)  # rerun-sdk takes NaT as int64 min, silently
            return None
        raise type(err)(f"set_time({timeline!r}): {err}") from None


def disable_timeline(timeline: str, recording: RecordingStream | None = None) -> None:
    rec = _rec(recording)
    if rec is not None:
        rec.disable_timeline(timeline)


def reset_time(recording: RecordingStream | None = None) -> None:
    rec = _rec(recording)
    if rec is not None:
        rec.reset_time()


def save(
    path: str | Path,
    default_blueprint: Any = None,
    recording: RecordingStream | None = None,
    *,
    write_footer: bool = True,
) -> None:
    rec = _rec(recording)
    if rec is not None:
        rec.save(path, default_blueprint, write_footer=write_footer)


def log_file_from_path(
    file_path: str | Path,
    *,
    entity_path_prefix: str | None = None,
    static: bool = False,
    recording: RecordingStream | None = None,
) -> None:
    rec = _rec(recording)
    if rec is not None:
        rec.log_file_from_path(file_path, entity_path_prefix=entity_path_prefix, static=static)


def log_file_from_contents(
    file_path: str | Path,
    file_contents: bytes,
    *,
    entity_path_prefix: str | None = None,
    static: bool = False,
    recording: RecordingStream | None = None,
) -> None:
    rec = _rec(recording)
    if rec is not None:
        rec.log_file_from_contents(
            file_path, file_contents, entity_path_prefix=entity_path_prefix, static=static
        )


def set_sinks(*sinks: Any, default_blueprint: Any = None, recording: RecordingStream | None = None) -> None:
    """Streams the recording to several sinks at once (`FileSink`, `GrpcSink`, `BinaryStream`)."""
    rec = _rec(recording)
    if rec is not None:
        rec.set_sinks(*sinks, default_blueprint=default_blueprint)


def stdout(
    default_blueprint: Any = None, recording: RecordingStream | None = None, *, write_footer: bool = True
) -> None:
    rec = _rec(recording)
    if rec is not None:
        rec.stdout(default_blueprint, write_footer=write_footer)


def binary_stream(recording: RecordingStream | None = None) -> BinaryStream:
    """Streams the recording into a `BinaryStream` whose `read()` returns the `.rrd` bytes."""
    rec = _rec(recording)
    if rec is None:
        raise RuntimeError(
            "No recording was provided or set as current: call nparrow.init() first, or pass recording=."
        )
    return _sinks.binary_stream(rec)


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


def memory_recording(recording: RecordingStream | None = None) -> MemoryRecording:
    """Streams the recording into memory (see `RecordingStream.memory_recording`). Without a
    recording (no `init()`, no `recording=`) raises `RuntimeError`, as rerun-sdk 0.41 does."""
    rec = _rec(recording)
    if rec is None:
        raise RuntimeError(
            "No recording was provided or set as current: call nparrow.init() first, or pass recording=."
        )
    return rec.memory_recording()


def flush(recording: RecordingStream | None = None) -> None:
    """Blocks until everything logged is captured and every borrowed array is released."""
    rec = _rec(recording)
    if rec is not None:
        rec.flush()


def disconnect(recording: RecordingStream | None = None) -> None:
    rec = _rec(recording)
    if rec is not None:
        rec.disconnect()


def send_property(name: str, values: Any, recording: RecordingStream | None = None) -> None:
    rec = _rec(recording)
    if rec is not None:
        rec.send_property(name, values)


def send_recording_name(name: str, recording: RecordingStream | None = None) -> None:
    rec = _rec(recording)
    if rec is not None:
        rec.send_recording_name(name)


def send_recording_start_time_nanos(nanos: int, recording: RecordingStream | None = None) -> None:
    rec = _rec(recording)
    if rec is not None:
        rec.send_recording_start_time_nanos(nanos)


def set_log_tick_enabled(enabled: bool, recording: RecordingStream | None = None) -> None:
    rec = _rec(recording)
    if rec is not None:
        rec.set_log_tick_enabled(enabled)


def set_log_time_enabled(enabled: bool, recording: RecordingStream | None = None) -> None:
    rec = _rec(recording)
    if rec is not None:
        rec.set_log_time_enabled(enabled)


@atexit.register
def rerun_shutdown() -> None:
    """Flushes and closes every recording (their files get footers); run at exit."""
    for rec in list(_LIVE):
        rec._close()


_shutdown = rerun_shutdown


def unregister_shutdown() -> None:
    """Stops `rerun_shutdown` from running at exit."""
    atexit.unregister(rerun_shutdown)
