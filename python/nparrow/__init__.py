"""nparrow: numpy → Arrow without copies, and a Rerun-compatible logging SDK on top.

`import nparrow as rr` works for the archetypes nparrow covers. pyarrow is imported only when
an Arrow array is requested from Python (`as_arrow_array()`, `pa_array`, memory chunks).
"""

from __future__ import annotations

from . import archetypes, components, datatypes, encodings
from ._baseclasses import (
    Archetype,
    BaseBatch,
    ComponentBatchMixin,
    ComponentDescriptor,
    DescribedComponentBatch,
)
from ._entity_path import escape_entity_path_part, new_entity_path
from ._grpc import connect_grpc, spawn
from ._native import __version__
from ._send_columns import ComponentColumn, ComponentColumnList, TimeColumn, TimeColumnLike, send_columns
from .archetypes import Points3D, Transform3D
from .components import TransformRelation
from .encodings import Quaternion, RotationAxisAngle
from .error_utils import RerunWarning, set_strict_mode, strict_mode
from .recording_stream import (
    MemoryRecording,
    RecordingStream,
    disable_timeline,
    disconnect,
    flush,
    get_global_data_recording,
    init,
    log,
    memory_recording,
    reset_time,
    save,
    send_blueprint,
    set_time,
)

__all__ = [
    "Archetype",
    "BaseBatch",
    "ComponentBatchMixin",
    "ComponentColumn",
    "ComponentColumnList",
    "ComponentDescriptor",
    "DescribedComponentBatch",
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
    "components",
    "connect_grpc",
    "datatypes",
    "disable_timeline",
    "disconnect",
    "encodings",
    "escape_entity_path_part",
    "flush",
    "get_global_data_recording",
    "init",
    "log",
    "memory_recording",
    "new_entity_path",
    "reset_time",
    "save",
    "send_blueprint",
    "send_columns",
    "set_strict_mode",
    "set_time",
    "spawn",
    "strict_mode",
]


def __getattr__(name: str) -> object:
    """Archetypes and component enums load on first use (`rr.Pinhole`, `rr.Colormap`, ...)."""
    if name in archetypes._LAZY:
        return getattr(archetypes, name)
    if name in components.__all__:
        return getattr(components, name)
    raise AttributeError(f"module 'nparrow' has no attribute {name!r}")
