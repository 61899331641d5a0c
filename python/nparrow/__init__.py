"""nparrow: numpy → Arrow without copies, and a Rerun-compatible logging SDK on top.

`import nparrow as rr` works for the archetypes nparrow covers. pyarrow is imported only when
an Arrow array is requested from Python (`as_arrow_array()`, `pa_array`, memory chunks).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from . import archetypes, components, datatypes, encodings
from ._baseclasses import (
    Archetype,
    AsComponents,
    BaseBatch,
    ComponentBatchMixin,
    ComponentDescriptor,
    DescribedComponentBatch,
)
from ._batcher_config import ChunkBatcherConfig
from ._entity_path import escape_entity_path_part, new_entity_path
from ._native import __version__
from ._sinks import GrpcServerSink
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

# Checkers and IDEs see every lazily served name (the archetypes, the component enums, the
# blueprint package and its datatypes) through these imports; at run time `__getattr__` below
# loads them on first use, so `import nparrow` does not pay for them.
if TYPE_CHECKING:
    from . import blueprint
    from ._any_values import AnyBatchValue, AnyValues, DynamicArchetype
    from ._contexts import recording_stream_generator_ctx, shutdown_at_exit, thread_local_stream
    from ._dataframe import send_chunks, send_dataframe, send_record_batch
    from ._grpc import connect_grpc, serve_grpc, spawn
    from ._logging_handler import LoggingHandler
    from ._script_helpers import script_add_args, script_setup, script_teardown
    from ._send_columns import ComponentColumn, ComponentColumnList, TimeColumn, TimeColumnLike, send_columns
    from ._web import serve_web_viewer, start_web_viewer_server
    from .archetypes import (
        AnnotationContext,
        AnnotationInfo,
        Arrows2D,
        Arrows3D,
        Asset3D,
        AssetAudio,
        AssetVideo,
        BarChart,
        Box2DFormat,
        Boxes2D,
        Boxes3D,
        Capsules3D,
        ChannelDatatype,
        ClassDescription,
        ClassDescriptionMapElem,
        Clear,
        ColorModel,
        CoordinateFrame,
        Cylinders3D,
        DepthImage,
        Ellipses2D,
        Ellipsoids3D,
        EncodedDepthImage,
        EncodedImage,
        GaussianSplats3D,
        GeoLineStrings,
        GeoPoints,
        GraphEdges,
        GraphNodes,
        GridMap,
        Image,
        ImageFormat,
        InstancePoses3D,
        KeypointPair,
        LineStrips2D,
        LineStrips3D,
        McapChannel,
        McapMessage,
        McapSchema,
        McapStatistics,
        Measurements,
        MediaType,
        Mesh3D,
        MeshFaceRendering,
        Pinhole,
        PixelFormat,
        Points2D,
        RecordingInfo,
        Scalars,
        SegmentationImage,
        SeriesLines,
        SeriesPoints,
        StateChange,
        StateConfiguration,
        Tensor,
        TensorData,
        TextDocument,
        TextLog,
        TextLogLevel,
        TransformAxes3D,
        VideoCodec,
        VideoFrameReference,
        VideoStream,
        ViewCoordinates,
        ViewDir,
        Volume3D,
        VoxelGridMap,
    )
    from .blueprint.datatypes import TimeInt, TimeRange, TimeRangeBoundary, VisibleTimeRange
    from .components import (
        AggregationPolicy,
        Colormap,
        EntryKind,
        FillMode,
        GraphType,
        InterpolationMode,
        MagnificationFilter,
        MarkerShape,
        PointShading,
    )

__all__ = [
    "RECORDING_PROPERTIES_PATH",
    "AggregationPolicy",
    "AnnotationContext",
    "AnnotationInfo",
    "AnyBatchValue",
    "AnyValues",
    "Archetype",
    "Arrows2D",
    "Arrows3D",
    "AsComponents",
    "Asset3D",
    "AssetAudio",
    "AssetVideo",
    "BarChart",
    "BaseBatch",
    "BinaryStream",
    "Box2DFormat",
    "Boxes2D",
    "Boxes3D",
    "Capsules3D",
    "ChannelDatatype",
    "ChunkBatcherConfig",
    "ClassDescription",
    "ClassDescriptionMapElem",
    "Clear",
    "ColorModel",
    "Colormap",
    "ComponentBatchMixin",
    "ComponentColumn",
    "ComponentColumnList",
    "ComponentDescriptor",
    "CoordinateFrame",
    "Cylinders3D",
    "DepthImage",
    "DescribedComponentBatch",
    "DynamicArchetype",
    "Ellipses2D",
    "Ellipsoids3D",
    "EncodedDepthImage",
    "EncodedImage",
    "EntryKind",
    "FileSink",
    "FillMode",
    "GaussianSplats3D",
    "GeoLineStrings",
    "GeoPoints",
    "GraphEdges",
    "GraphNodes",
    "GraphType",
    "GridMap",
    "GrpcServerSink",
    "GrpcSink",
    "Image",
    "ImageFormat",
    "InstancePoses3D",
    "InterpolationMode",
    "KeypointPair",
    "LineStrips2D",
    "LineStrips3D",
    "LoggingHandler",
    "MagnificationFilter",
    "MarkerShape",
    "McapChannel",
    "McapMessage",
    "McapSchema",
    "McapStatistics",
    "Measurements",
    "MediaType",
    "MemoryRecording",
    "Mesh3D",
    "MeshFaceRendering",
    "Pinhole",
    "PixelFormat",
    "PointShading",
    "Points2D",
    "Points3D",
    "Quaternion",
    "RecordingInfo",
    "RecordingStream",
    "RerunWarning",
    "RotationAxisAngle",
    "Scalars",
    "SegmentationImage",
    "SeriesLines",
    "SeriesPoints",
    "StateChange",
    "StateConfiguration",
    "Tensor",
    "TensorData",
    "TextDocument",
    "TextLog",
    "TextLogLevel",
    "TimeColumn",
    "TimeColumnLike",
    "TimeInt",
    "TimeRange",
    "TimeRangeBoundary",
    "Transform3D",
    "TransformAxes3D",
    "TransformRelation",
    "VideoCodec",
    "VideoFrameReference",
    "VideoStream",
    "ViewCoordinates",
    "ViewDir",
    "VisibleTimeRange",
    "Volume3D",
    "VoxelGridMap",
    "__version__",
    "archetypes",
    "binary_stream",
    "blueprint",
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
    "script_add_args",
    "script_setup",
    "script_teardown",
    "send_blueprint",
    "send_chunks",
    "send_columns",
    "send_dataframe",
    "send_property",
    "send_record_batch",
    "send_recording_name",
    "send_recording_start_time_nanos",
    "serve_grpc",
    "serve_web_viewer",
    "set_global_data_recording",
    "set_log_tick_enabled",
    "set_log_time_enabled",
    "set_sinks",
    "set_strict_mode",
    "set_thread_local_data_recording",
    "set_time",
    "shutdown_at_exit",
    "spawn",
    "start_web_viewer_server",
    "stdout",
    "strict_mode",
    "thread_local_stream",
    "unregister_shutdown",
    "version",
]

# Served on first use by `__getattr__` (their modules import argparse, logging, subprocess,
# socket …, or are not needed to log); `ffi_tests/sdk/test_import_graph.py` checks that
# `import nparrow` loads none of them.
_LAZY_MODULES = {
    "AnyBatchValue": "._any_values",
    "AnyValues": "._any_values",
    "ComponentColumn": "._send_columns",
    "ComponentColumnList": "._send_columns",
    "DynamicArchetype": "._any_values",
    "LoggingHandler": "._logging_handler",
    "TimeColumn": "._send_columns",
    "TimeColumnLike": "._send_columns",
    "connect_grpc": "._grpc",
    "recording_stream_generator_ctx": "._contexts",
    "script_add_args": "._script_helpers",
    "script_setup": "._script_helpers",
    "script_teardown": "._script_helpers",
    "send_chunks": "._dataframe",
    "send_dataframe": "._dataframe",
    "send_columns": "._send_columns",
    "send_record_batch": "._dataframe",
    "serve_grpc": "._grpc",
    "serve_web_viewer": "._web",
    "shutdown_at_exit": "._contexts",
    "spawn": "._grpc",
    "start_web_viewer_server": "._web",
    "thread_local_stream": "._contexts",
}


def version() -> str:
    """nparrow's version and the rerun-sdk whose API it provides."""
    return f"nparrow {__version__} (rerun-sdk 0.41 API)"


# Names rerun-sdk has at its top level that live in `nparrow.blueprint` (loaded on first use).
_FROM_BLUEPRINT_DATATYPES = ("TimeInt", "TimeRange", "TimeRangeBoundary", "VisibleTimeRange")


def __getattr__(name: str) -> object:
    """Archetypes, component enums and the blueprint package load on first use (`rr.Pinhole`,
    `rr.Colormap`, `rr.blueprint`, ...), so `import nparrow` stays fast. What is found is kept
    in the module's globals: `rr.Scalars` in a logging loop is a plain lookup from then on."""
    value: object
    if name in archetypes._LAZY:
        value = getattr(archetypes, name)
    elif name in _LAZY_MODULES:
        value = getattr(importlib.import_module(_LAZY_MODULES[name], __name__), name)
    elif name in components.__all__:
        value = getattr(components, name)
    elif name == "blueprint":
        value = importlib.import_module(".blueprint", __name__)
    elif name in _FROM_BLUEPRINT_DATATYPES:
        value = getattr(importlib.import_module(".blueprint.datatypes", __name__), name)
    else:
        raise AttributeError(f"module 'nparrow' has no attribute {name!r}")
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    """Module names plus the lazily served archetypes, enums and blueprint names: what `__all__`
    lists and checkers see (the component batches stay in `nparrow.components`, as in rerun-sdk)."""
    return sorted({*globals(), *__all__})
