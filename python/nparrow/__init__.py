"""nparrow: numpy → Arrow without copies, and a Rerun-compatible logging SDK on top.

`import nparrow as rr` works for the archetypes nparrow covers. pyarrow is imported only when
an Arrow array is requested from Python (`as_arrow_array()`, `pa_array`, memory chunks).
"""

from __future__ import annotations

import importlib

from . import archetypes, components, datatypes, encodings
from ._baseclasses import (
    Archetype,
    BaseBatch,
    ComponentBatchMixin,
    ComponentDescriptor,
    DescribedComponentBatch,
)
from ._batcher_config import ChunkBatcherConfig
from ._contexts import recording_stream_generator_ctx, shutdown_at_exit, thread_local_stream
from ._entity_path import escape_entity_path_part, new_entity_path
from ._grpc import connect_grpc, spawn
from ._native import __version__
from ._send_columns import ComponentColumn, ComponentColumnList, TimeColumn, TimeColumnLike, send_columns
from .archetypes import Points3D, Transform3D
from .components import TransformRelation
from .encodings import Quaternion, RotationAxisAngle
from .error_utils import RerunWarning, set_strict_mode, strict_mode
from .recording_stream import (
    RECORDING_PROPERTIES_PATH,
    BinaryStream,
    FileSink,
    GrpcSink,
    MemoryRecording,
    RecordingStream,
    binary_stream,
    cleanup_if_forked_child,
    disable_timeline,
    disconnect,
    flush,
    get_application_id,
    get_data_recording,
    get_global_data_recording,
    get_recording_id,
    get_thread_local_data_recording,
    init,
    is_enabled,
    log,
    log_file_from_contents,
    log_file_from_path,
    memory_recording,
    rerun_shutdown,
    reset_time,
    save,
    send_blueprint,
    send_property,
    send_recording_name,
    send_recording_start_time_nanos,
    set_global_data_recording,
    set_log_tick_enabled,
    set_log_time_enabled,
    set_sinks,
    set_thread_local_data_recording,
    set_time,
    stdout,
    unregister_shutdown,
)

__all__ = [
    "RECORDING_PROPERTIES_PATH",
    "Archetype",
    "BaseBatch",
    "BinaryStream",
    "ChunkBatcherConfig",
    "ComponentBatchMixin",
    "ComponentColumn",
    "ComponentColumnList",
    "ComponentDescriptor",
    "DescribedComponentBatch",
    "FileSink",
    "GrpcSink",
    "MemoryRecording",
    "Points3D",
    "Quaternion",
    "RecordingStream",
    "RerunWarning",
    "RotationAxisAngle",
    "TimeColumn",
    "TimeColumnLike",
    "Transform3D",
    "TransformRelation",
    "__version__",
    "archetypes",
    "binary_stream",
    "cleanup_if_forked_child",
    "components",
    "connect_grpc",
    "datatypes",
    "disable_timeline",
    "disconnect",
    "encodings",
    "escape_entity_path_part",
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
    "new_entity_path",
    "recording_stream_generator_ctx",
    "rerun_shutdown",
    "reset_time",
    "save",
    "send_blueprint",
    "send_columns",
    "send_property",
    "send_recording_name",
    "send_recording_start_time_nanos",
    "set_global_data_recording",
    "set_log_tick_enabled",
    "set_log_time_enabled",
    "set_sinks",
    "set_strict_mode",
    "set_thread_local_data_recording",
    "set_time",
    "shutdown_at_exit",
    "spawn",
    "stdout",
    "strict_mode",
    "thread_local_stream",
    "unregister_shutdown",
    "version",
]


def version() -> str:
    """nparrow's version and the rerun-sdk whose API it provides."""
    return f"nparrow {__version__} (rerun-sdk 0.41 API)"


# Names rerun-sdk has at its top level that live in `nparrow.blueprint` (loaded on first use).
_FROM_BLUEPRINT_DATATYPES = ("TimeInt", "TimeRange", "TimeRangeBoundary", "VisibleTimeRange")


def __getattr__(name: str) -> object:
    """Archetypes, component enums and the blueprint package load on first use (`rr.Pinhole`,
    `rr.Colormap`, `rr.blueprint`, ...), so `import nparrow` stays fast."""
    if name in archetypes._LAZY:
        return getattr(archetypes, name)
    if name in components.__all__:
        return getattr(components, name)
    if name == "blueprint":
        return importlib.import_module(".blueprint", __name__)
    if name in _FROM_BLUEPRINT_DATATYPES:
        return getattr(importlib.import_module(".blueprint.datatypes", __name__), name)
    raise AttributeError(f"module 'nparrow' has no attribute {name!r}")


def __dir__() -> list[str]:
    """Module names plus the lazily served archetypes, enums and blueprint names."""
    return sorted(
        {*globals(), *archetypes._LAZY, *components.__all__, "blueprint", *_FROM_BLUEPRINT_DATATYPES}
    )
