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
from ._native import __version__
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
    set_time,
)

__all__ = [
    "Archetype",
    "BaseBatch",
    "ComponentBatchMixin",
    "ComponentDescriptor",
    "DescribedComponentBatch",
    "MemoryRecording",
    "Points3D",
    "Quaternion",
    "RecordingStream",
    "RerunWarning",
    "RotationAxisAngle",
    "Transform3D",
    "TransformRelation",
    "__version__",
    "archetypes",
    "components",
    "datatypes",
    "disable_timeline",
    "disconnect",
    "encodings",
    "flush",
    "get_global_data_recording",
    "init",
    "log",
    "memory_recording",
    "reset_time",
    "save",
    "set_strict_mode",
    "set_time",
    "strict_mode",
]


def __getattr__(name: str) -> object:
    """Archetypes and component enums load on first use (`rr.Pinhole`, `rr.Colormap`, ...)."""
    if name in archetypes._LAZY:
        return getattr(archetypes, name)
    if name in components.__all__:
        return getattr(components, name)
    raise AttributeError(f"module 'nparrow' has no attribute {name!r}")
