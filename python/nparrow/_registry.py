"""The one table of encodings and components: each type is declared once, by shape.

Shapes carry the behaviour (`_shapes.py`); this file only says which shape, dtype and size each
encoding has, and which encoding each component delegates to (as rerun-sdk's components do).
"""

from __future__ import annotations

import numpy as np

from ._image_format import ImageFormatStruct
from ._shapes import (
    Blob,
    ChannelMessageCountsShape,
    Enum,
    FixedSize,
    LineStrips,
    Matrix,
    NestedFixed,
    Primitive,
    Rgba32,
    RotationAxisAngle,
    Shape,
    StringPairLists,
    StringPairs,
    TensorDataShape,
    Utf8,
    ValueEnum,
)
from ._view_coordinates import ViewCoordinatesShape

# encoding name → shape
ENCODINGS: dict[str, Shape] = {
    "Vec2D": FixedSize(np.float32, 2),
    "Vec3D": FixedSize(np.float32, 3),
    "Vec4D": FixedSize(np.float32, 4),
    "DVec2D": FixedSize(np.float64, 2),
    "UVec3D": FixedSize(np.uint32, 3),
    "Range1D": FixedSize(np.float64, 2),
    "Quaternion": FixedSize(np.float32, 4),
    "Mat3x3": Matrix(3),
    "Mat4x4": Matrix(4),
    "Float32": Primitive(np.float32),
    "Float64": Primitive(np.float64),
    "UInt8": Primitive(np.uint8),
    "UInt16": Primitive(np.uint16),
    "UInt32": Primitive(np.uint32),
    "Int64": Primitive(np.int64),
    "Bool": Primitive(np.bool_),
    "ClassId": Primitive(np.uint16),
    "KeypointId": Primitive(np.uint16),
    "Rgba32": Rgba32(),
    "Utf8": Utf8(),
    "Blob": Blob(),
    "RotationAxisAngle": RotationAxisAngle(),
    # --- encodings: family A ---
    "VideoTimestamp": Primitive(np.int64),  # nanoseconds since the video's start
    "EntityPath": Utf8(),
    # --- encodings: family B ---
    "SphericalHarmonics3Rgb": NestedFixed(np.float16, 15, 3),
    "UInt64": Primitive(np.uint64),
    "IVec3D": FixedSize(np.int32, 3),
    "Utf8Pair": StringPairs(),
    "ImageFormat": ImageFormatStruct(),
    # --- encodings: family C ---
    "TensorData": TensorDataShape(),
}

# component name → encoding name (or an enum shape). `rerun.components.<name>` is its type.
COMPONENTS: dict[str, str | Shape] = {
    # fixed-size
    "Position3D": "Vec3D",
    "Position2D": "Vec2D",
    "Vector3D": "Vec3D",
    "Vector2D": "Vec2D",
    "Translation3D": "Vec3D",
    "Scale3D": "Vec3D",
    "HalfSize3D": "Vec3D",
    "HalfSize2D": "Vec2D",
    "Texcoord2D": "Vec2D",
    "Resolution": "Vec2D",
    "RotationQuat": "Quaternion",
    "TransformMat3x3": "Mat3x3",
    "PinholeProjection": "Mat3x3",
    "TriangleIndices": "UVec3D",
    "ValueRange": "Range1D",
    "Range1D": "Range1D",
    # primitive
    "Color": "Rgba32",
    "AlbedoFactor": "Rgba32",
    "Radius": "Float32",
    "Opacity": "Float32",
    "StrokeWidth": "Float32",
    "MarkerSize": "Float32",
    "DrawOrder": "Float32",
    "ImagePlaneDistance": "Float32",
    "DepthMeter": "Float32",
    "FillRatio": "Float32",
    "Length": "Float32",
    "Scalar": "Float64",
    "ClassId": "ClassId",
    "KeypointId": "KeypointId",
    "ShowLabels": "Bool",
    "Visible": "Bool",
    "ClearIsRecursive": "Bool",
    "Timestamp": "Int64",
    # var-length
    "Text": "Utf8",
    "Name": "Utf8",
    "MediaType": "Utf8",
    "TextLogLevel": "Utf8",
    "TransformFrameId": "Utf8",
    "Blob": "Blob",
    "ImageBuffer": "Blob",
    "LineStrip2D": LineStrips(2),
    "LineStrip3D": LineStrips(3),
    "ViewCoordinates": ViewCoordinatesShape(),
    # struct
    "RotationAxisAngle": "RotationAxisAngle",
    # enums (u8, 1-based)
    "TransformRelation": Enum("TransformRelation", ["ParentFromChild", "ChildFromParent"]),
    "Colormap": Enum(
        "Colormap",
        [
            "Grayscale",
            "Inferno",
            "Magma",
            "Plasma",
            "Turbo",
            "Viridis",
            "CyanToYellow",
            "Spectral",
            "Twilight",
            "RvizMap",
            "RvizCostmap",
            "Costmap",
        ],
    ),
    "FillMode": Enum(
        "FillMode", ["MajorWireframe", "DenseWireframe", "Solid", "TransparentFillMajorWireframe"]
    ),
    "MarkerShape": Enum(
        "MarkerShape",
        ["Circle", "Diamond", "Square", "Cross", "Plus", "Up", "Down", "Left", "Right", "Asterisk"],
    ),
    "AggregationPolicy": Enum(
        "AggregationPolicy", ["Off", "Average", "Max", "Min", "MinMax", "MinMaxAverage"]
    ),
    "InterpolationMode": Enum("InterpolationMode", ["Linear", "StepAfter", "StepBefore", "StepMid"]),
    "PointShading": Enum("PointShading", ["Gradient", "Flat"]),
    "MagnificationFilter": Enum("MagnificationFilter", ["Nearest", "Linear", "Bicubic"]),
    # --- components: family A ---
    "AxisLength": "Float32",
    "Variance": "Float64",
    "Unit": "Utf8",
    "VideoTimestamp": "VideoTimestamp",
    "EntityPath": "EntityPath",
    "LatLon": "DVec2D",
    "GeoLineString": LineStrips(2, np.float64),
    "GraphNode": "Utf8",
    # --- components: family B ---
    "SphericalHarmonics3Rgb": "SphericalHarmonics3Rgb",
    "GraphEdge": "Utf8Pair",
    "GraphType": Enum("GraphType", ["Undirected", "Directed"]),
    "SchemaId": "UInt16",
    "ChannelId": "UInt16",
    "KeyValuePairs": StringPairLists(),
    "Count": "UInt64",
    "ChannelMessageCounts": ChannelMessageCountsShape(),
    "VideoCodec": ValueEnum(
        "VideoCodec",
        {"AV1": 0x61763031, "H264": 0x61766331, "H265": 0x68657631, "VP8": 0x76703038, "VP9": 0x76703039},
        np.uint32,
    ),
    "VideoSample": "Blob",
    "IsKeyframe": "Bool",
    "MeshFaceRendering": Enum("MeshFaceRendering", ["DoubleSided", "Front", "Back"]),
    "ImageFormat": "ImageFormat",
    "CellSize": "Float32",
    "VoxelIndex": "IVec3D",
    "VoxelSize": "Vec3D",
    "VoxelValue": "Float32",
    "SphericalHarmonicsDegree": "UInt32",
    # --- components: family C ---
    "TensorData": "TensorData",
    "OpticalDensity": "Float32",
}

# --- blueprint components ---
# `rerun.blueprint.components.<name>` is their type (`nparrow.blueprint.components`).
from ._shapes import ListOf, Struct, TimeBoundaryUnion, Uuid  # this block's own shapes


def _is_str(x: object) -> bool:
    return isinstance(x, str)


_COLUMN_SELECTOR = Struct(
    "ComponentColumnSelector", (("entity_path", Utf8(), False), ("component", Utf8(), False))
)
_TIME_RANGE = Struct("TimeRange", (("start", TimeBoundaryUnion(), True), ("end", TimeBoundaryUnion(), True)))

BLUEPRINT_COMPONENTS: dict[str, str | Shape] = {
    "AbsoluteTimeRange": Struct(
        "AbsoluteTimeRange", (("min", Primitive(np.int64), False), ("max", Primitive(np.int64), False))
    ),
    "ActiveTab": "EntityPath",
    "AngularSpeed": "Float64",
    "ApplyLatestAt": "Bool",
    "AutoLayout": "Bool",
    "AutoScroll": "Bool",
    "AutoViews": "Bool",
    "BackgroundKind": Enum("BackgroundKind", ["GradientDark", "GradientBright", "SolidColor"]),
    "ColumnDisplayMode": Enum("ColumnDisplayMode", ["Compact", "Component", "Full"]),
    "ColumnName": "Utf8",
    "ColumnOrder": ListOf(Utf8(), is_item=_is_str),
    "ColumnShare": "Float32",
    "ColumnType": Struct("ColumnType", (("component", Utf8(), True), ("component_type_name", Utf8(), True))),
    "ComponentColumnSelector": _COLUMN_SELECTOR,
    "ContainerKind": Enum("ContainerKind", ["Tabs", "Horizontal", "Vertical", "Grid"]),
    "Corner2D": Enum("Corner2D", ["LeftTop", "RightTop", "LeftBottom", "RightBottom"]),
    "Editable": "Bool",
    "Enabled": "Bool",
    "Eye3DKind": Enum("Eye3DKind", ["FirstPerson", "Orbital"]),
    "FilterByRange": Struct(
        "FilterByRange", (("start", Primitive(np.int64), False), ("end", Primitive(np.int64), False))
    ),
    "FilterIsNotNull": Struct(
        "FilterIsNotNull", (("active", Primitive(np.bool_), False), ("column", _COLUMN_SELECTOR, False))
    ),
    "ForceDistance": "Float64",
    "ForceIterations": "UInt64",
    "ForceStrength": "Float64",
    "Fps": "Float64",
    "GridColumns": "UInt32",
    "GridSpacing": "Float32",
    "IncludedContent": "EntityPath",
    "LinkAxis": Enum("LinkAxis", ["Independent", "LinkToGlobal"]),
    "LockRangeDuringZoom": "Bool",
    "LoopMode": Enum("LoopMode", ["Off", "Selection", "All"]),
    "MapProvider": Enum(
        "MapProvider", ["OpenStreetMap", "MapboxStreets", "MapboxDark", "MapboxSatellite", "MapboxLight"]
    ),
    "NearClipPlane": "Float32",
    "PanelState": Enum("PanelState", ["Hidden", "Collapsed", "Expanded"]),
    "PlayState": Enum("PlayState", ["Paused", "Playing", "Following"]),
    "PlaybackSpeed": "Float64",
    "PointsDisplay": Enum("PointsDisplay", ["OnHover", "Always"]),
    "QueryExpression": "Utf8",
    "RootContainer": Uuid(),
    "RowShare": "Float32",
    "SelectedColumns": Struct(
        "SelectedColumns",
        (
            ("time_columns", ListOf(Utf8(), is_item=_is_str), False),
            ("component_columns", ListOf(_COLUMN_SELECTOR, is_item=lambda x: not isinstance(x, list)), False),
        ),
    ),
    "SortBy": Struct(
        "SortBy",
        (("column", Utf8(), False), ("direction", Enum("SortDirection", ["Ascending", "Descending"]), True)),
    ),
    "SqlFilterExpression": "Utf8",
    "TableLayoutKind": Enum("TableLayoutKind", ["Table", "Cards"]),
    "TensorDimensionIndexSlider": Struct(
        "TensorDimensionIndexSlider", (("dimension", Primitive(np.uint32), False),)
    ),
    "TextLogColumn": Struct(
        "TextLogColumn",
        (
            ("visible", Primitive(np.bool_), False),
            ("kind", Enum("TextLogColumnKind", ["EntityPath", "LogLevel", "Body"]), False),
        ),
    ),
    "TimeInt": "Int64",
    "TimeRange": _TIME_RANGE,
    "TimelineColumn": Struct(
        "TimelineColumn", (("visible", Primitive(np.bool_), False), ("timeline", Utf8(), False))
    ),
    "TimelineFraction": "Float64",
    "TimelineName": "Utf8",
    "TooltipMode": Enum("TooltipMode", ["Nearest", "All"]),
    "ViewClass": "Utf8",
    "ViewFit": Enum("ViewFit", ["Original", "Fill", "FillKeepAspectRatio"]),
    "ViewMaximized": Uuid(),
    "ViewOrigin": "EntityPath",
    "ViewerRecommendationHash": "UInt64",
    "VisibleTimeRange": Struct(
        "VisibleTimeRange", (("timeline", Utf8(), False), ("range", _TIME_RANGE, False))
    ),
    "VisualBounds2D": Struct(
        "VisualBounds2D",
        (("x_range", FixedSize(np.float64, 2), False), ("y_range", FixedSize(np.float64, 2), False)),
    ),
    "VisualizerComponentMapping": Struct(
        "VisualizerComponentMapping",
        (
            ("target", Utf8(), False),
            (
                "source_kind",
                Enum("ComponentSourceKind", ["SourceComponent", "Override", "Default", "AnnotationContext"]),
                False,
            ),
            ("source_component", Utf8(), True),
            ("selector", Utf8(), True),
        ),
    ),
    "VisualizerInstructionId": Uuid(),
    "VisualizerType": "Utf8",
    "Volume": "Float32",
    "ZoomLevel": "Float64",
}

# `rerun.components.<name>` components only the blueprint archetypes use (in `nparrow.components`;
# a row a family section also declares is taken from there).
_TENSOR_DIMENSION = Struct(
    "TensorDimensionSelection",
    (("dimension", Primitive(np.uint32), False), ("invert", Primitive(np.bool_), False)),
)
BLUEPRINT_DATA_COMPONENTS: dict[str, str | Shape] = {
    "Interactive": "Bool",
    "LinearSpeed": "Float64",
    "Plane3D": "Vec4D",
    "GammaCorrection": "Float32",
    "TensorWidthDimension": _TENSOR_DIMENSION,
    "TensorHeightDimension": _TENSOR_DIMENSION,
    "TensorDimensionIndexSelection": Struct(
        "TensorDimensionIndexSelection",
        (("dimension", Primitive(np.uint32), False), ("index", Primitive(np.uint64), False)),
    ),
}


# Rows rerun-sdk 0.41 has that the tables above do not (added only where absent), and what each
# row's single value holds (`_values.py` makes the value classes from these rows).
from types import SimpleNamespace  # this section's own imports
from typing import Any

from ._image_format import ChannelDatatype as _ChannelDatatype
from ._image_format import ColorModel as _ColorModel
from ._image_format import PixelFormat as _PixelFormat
from ._shapes import ListPerItem


def _annotation_info_of(x: object) -> object:
    """rerun's `AnnotationInfoLike` besides the class itself: an id, or (id, label[, color])."""
    if isinstance(x, (int, np.integer)):
        return SimpleNamespace(id=int(x), label=None, color=None)
    if isinstance(x, (list, tuple)) and 1 <= len(x) <= 3:
        label = x[1] if len(x) > 1 else None
        color = x[2] if len(x) > 2 else None
        if color is not None:
            color = int(ENCODINGS["Rgba32"].packed(color)[0])  # type: ignore[attr-defined]
        return SimpleNamespace(id=int(x[0]), label=None if label is None else str(label), color=color)
    raise TypeError(f"expected an AnnotationInfo, an id or (id, label[, color]), got {type(x).__name__}")


def _keypoint_pair_of(x: object) -> object:
    if isinstance(x, (list, tuple)) and len(x) == 2:
        return SimpleNamespace(keypoint0=int(x[0]), keypoint1=int(x[1]))
    raise TypeError(f"expected a KeypointPair or (keypoint0, keypoint1), got {type(x).__name__}")


def _never(x: object) -> bool:
    return False


_ANNOTATION_INFO = Struct(
    "AnnotationInfo",
    (("id", Primitive(np.uint16), False), ("label", Utf8(), True), ("color", Primitive(np.uint32), True)),
    make=_annotation_info_of,
)
_KEYPOINT_PAIR = Struct(
    "KeypointPair",
    (("keypoint0", Primitive(np.uint16), False), ("keypoint1", Primitive(np.uint16), False)),
    make=_keypoint_pair_of,
)
_CLASS_DESCRIPTION = Struct(
    "ClassDescription",
    (
        ("info", _ANNOTATION_INFO, False),
        ("keypoint_annotations", ListPerItem(_ANNOTATION_INFO, is_item=_never), False),
        ("keypoint_connections", ListPerItem(_KEYPOINT_PAIR, is_item=_never), False),
    ),
)


def _value_enum(py_enum: type) -> ValueEnum:
    return ValueEnum(py_enum.__name__, {m.name: m.value for m in py_enum}, np.uint8)  # type: ignore[attr-defined]


_EXTRA_ENCODINGS: dict[str, Any] = {
    "Angle": Primitive(np.float32),
    "UVec2D": FixedSize(np.uint32, 2),
    "UVec4D": FixedSize(np.uint32, 4),
    "Plane3D": FixedSize(np.float32, 4),
    "TimeInt": Primitive(np.int64),
    "Uuid": Uuid(),
    "ViewCoordinates": ViewCoordinatesShape(),
    "ViewDir": Enum("ViewDir", ["Up", "Down", "Right", "Left", "Forward", "Back"]),
    "ColorModel": _value_enum(_ColorModel),
    "ChannelDatatype": _value_enum(_ChannelDatatype),
    "PixelFormat": _value_enum(_PixelFormat),
    "Range2D": Struct(
        "Range2D",
        (("x_range", FixedSize(np.float64, 2), False), ("y_range", FixedSize(np.float64, 2), False)),
    ),
    "AbsoluteTimeRange": BLUEPRINT_COMPONENTS["AbsoluteTimeRange"],
    "TimeRange": _TIME_RANGE,
    "TimeRangeBoundary": TimeBoundaryUnion(),
    "VisibleTimeRange": BLUEPRINT_COMPONENTS["VisibleTimeRange"],
    "TensorDimensionSelection": _TENSOR_DIMENSION,
    "TensorDimensionIndexSelection": BLUEPRINT_DATA_COMPONENTS["TensorDimensionIndexSelection"],
    "ChannelCountPair": Struct(
        "ChannelCountPair",
        (("channel_id", Primitive(np.uint16), False), ("message_count", Primitive(np.uint64), False)),
    ),
    "KeypointPair": _KEYPOINT_PAIR,
    "AnnotationInfo": _ANNOTATION_INFO,
    "ClassDescription": _CLASS_DESCRIPTION,
    "ClassDescriptionMapElem": Struct(
        "ClassDescriptionMapElem",
        (("class_id", Primitive(np.uint16), False), ("class_description", _CLASS_DESCRIPTION, False)),
    ),
}
_EXTRA_COMPONENTS: dict[str, Any] = {
    "Bool": "Bool",
    "Flag": "Bool",
    "Thumbnail": "Blob",
    "Url": "Utf8",
    "EntryKind": Enum(
        "EntryKind", ["Dataset", "DatasetView", "Table", "TableView", "BlueprintDataset", "AssetDataset"]
    ),
}
for _extra, _table in ((_EXTRA_ENCODINGS, ENCODINGS), (_EXTRA_COMPONENTS, COMPONENTS)):
    for _key, _entry in _extra.items():
        _table.setdefault(_key, _entry)  # type: ignore[attr-defined]

# A row's single value: its fields, with rerun-sdk's names (one field named "value" if absent).
# Keyed by encoding, or by component for the components with a shape of their own.
VALUE_FIELDS: dict[str, tuple[str, ...]] = {
    "Vec2D": ("xy",),
    "Vec3D": ("xyz",),
    "Vec4D": ("xyzw",),
    "DVec2D": ("xy",),
    "UVec2D": ("xy",),
    "UVec3D": ("xyz",),
    "UVec4D": ("xyzw",),
    "IVec3D": ("xyz",),
    "Range1D": ("range",),
    "Plane3D": ("xyzd",),
    "Mat3x3": ("flat_columns",),
    "Mat4x4": ("flat_columns",),
    "Rgba32": ("rgba",),
    "Blob": ("data",),
    "ClassId": ("id",),
    "KeypointId": ("id",),
    "EntityPath": ("path",),
    "VideoTimestamp": ("timestamp_ns",),
    "SphericalHarmonics3Rgb": ("coefficients",),
    "Uuid": ("bytes",),
    "ViewCoordinates": ("coordinates",),
    "Utf8Pair": ("first", "second"),
    "Range2D": ("x_range", "y_range"),
    "ChannelCountPair": ("channel_id", "message_count"),
    # components with a shape of their own
    "LineStrip2D": ("points",),
    "LineStrip3D": ("points",),
    "GeoLineString": ("lat_lon",),
    "KeyValuePairs": ("pairs",),
    "ChannelMessageCounts": ("counts",),
    "AnnotationContext": ("class_map",),
}

# Single values written by hand, where their shape lives ("module:attribute", relative to the
# package): rerun-sdk's extension constructors (Angle(deg=), TensorData(array=), ImageFormat ...).
VALUE_CLASSES: dict[str, str] = {
    "Angle": "encodings:Angle",
    "Quaternion": "encodings:Quaternion",
    "RotationAxisAngle": "encodings:RotationAxisAngle",
    "TensorData": "encodings:TensorData",
    "ImageFormat": "_image_format:ImageFormat",
    "ColorModel": "_image_format:ColorModel",
    "ChannelDatatype": "_image_format:ChannelDatatype",
    "PixelFormat": "_image_format:PixelFormat",
    "ViewDir": "_view_coordinates:ViewDir",
    "AnnotationInfo": "archetypes.annotation_context:AnnotationInfo",
    "KeypointPair": "archetypes.annotation_context:KeypointPair",
    "ClassDescription": "archetypes.annotation_context:ClassDescription",
    "ClassDescriptionMapElem": "archetypes.annotation_context:ClassDescriptionMapElem",
    "AbsoluteTimeRange": "blueprint.datatypes:AbsoluteTimeRange",
    "TimeInt": "blueprint.datatypes:TimeInt",
    "TimeRange": "blueprint.datatypes:TimeRange",
    "TimeRangeBoundary": "blueprint.datatypes:TimeRangeBoundary",
    "VisibleTimeRange": "blueprint.datatypes:VisibleTimeRange",
    "TensorDimensionSelection": "blueprint.datatypes:TensorDimensionSelection",
    "TensorDimensionIndexSelection": "blueprint.datatypes:TensorDimensionIndexSelection",
}


# rerun's `TensorBuffer`: the union `TensorData.buffer` holds, as a batch of its own; its single
# value holds `inner` (the flat array), as rerun-sdk's (the value's converter is in `_values.py`).
from ._tensor_buffer import TensorBufferShape  # this section's own import

ENCODINGS["TensorBuffer"] = TensorBufferShape()
VALUE_FIELDS["TensorBuffer"] = ("inner",)


# `rerun.blueprint.encodings`: the structs the blueprint components delegate to (their shapes are
# the components' own rows) and the enums those structs hold.
def _field_shape(row: str, field: str) -> Shape:
    struct = BLUEPRINT_COMPONENTS[row]
    return next(s for f, s, _ in struct.fields if f == field)  # type: ignore[union-attr]


BLUEPRINT_ENCODINGS: dict[str, Shape] = {
    **{
        name: BLUEPRINT_COMPONENTS[name]  # type: ignore[misc]
        for name in (
            "ColumnType",
            "ComponentColumnSelector",
            "FilterByRange",
            "FilterIsNotNull",
            "SelectedColumns",
            "SortBy",
            "TensorDimensionIndexSlider",
            "TextLogColumn",
            "TimelineColumn",
            "VisualizerComponentMapping",
        )
    },
    "ComponentSourceKind": _field_shape("VisualizerComponentMapping", "source_kind"),
    "SortDirection": _field_shape("SortBy", "direction"),
    "TextLogColumnKind": _field_shape("TextLogColumn", "kind"),
}

# A blueprint component's single value derives from its encoding's (rerun-sdk's `RootContainer`
# is a `Uuid`, `VisualBounds2D` a `Range2D`, `SortBy` the blueprint encoding `SortBy`): the rows
# with a shape of their own that have such an encoding name it here.
BLUEPRINT_VALUE_ROWS: dict[str, str | Shape] = {
    **BLUEPRINT_COMPONENTS,
    "RootContainer": "Uuid",
    "ViewMaximized": "Uuid",
    "VisualizerInstructionId": "Uuid",
    "VisualBounds2D": "Range2D",
}
VALUE_FIELDS["ColumnOrder"] = ("entity_paths",)
VALUE_CLASSES.update(
    {
        name: f"blueprint.datatypes:{name}"
        for name, shape in BLUEPRINT_ENCODINGS.items()
        if not isinstance(shape, Enum)
    }
)
