"""The one table of encodings and components: each type is declared once, by shape.

Shapes carry the behaviour (`_shapes.py`); this file only says which shape, dtype and size each
encoding has, and which encoding each component delegates to (as rerun-sdk's components do).
"""

from __future__ import annotations

import numpy as np

from ._shapes import (
    Blob,
    Enum,
    FixedSize,
    LineStrips,
    Matrix,
    Primitive,
    Rgba32,
    RotationAxisAngle,
    Shape,
    Utf8,
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
    # --- encodings: family B ---
    # --- encodings: family C ---
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
    # --- components: family B ---
    # --- components: family C ---
}
