"""The one table of encodings and components: each type is declared once, by shape.

Shapes carry the behaviour (`_shapes.py`); this file only says which shape, dtype and size each
encoding has, and which encoding each component delegates to (as rerun-sdk's components do).
"""

from __future__ import annotations

import numpy as np

from ._shapes import Enum, FixedSize, Mat3x3, Primitive, Rgba32, Shape, Utf8

# encoding name → shape
ENCODINGS: dict[str, Shape] = {
    "Vec2D": FixedSize(np.float32, 2),
    "Vec3D": FixedSize(np.float32, 3),
    "Vec4D": FixedSize(np.float32, 4),
    "Quaternion": FixedSize(np.float32, 4),
    "Mat3x3": Mat3x3(),
    "Float32": Primitive(np.float32),
    "Float64": Primitive(np.float64),
    "UInt16": Primitive(np.uint16),
    "UInt32": Primitive(np.uint32),
    "Bool": Primitive(np.bool_),
    "ClassId": Primitive(np.uint16),
    "KeypointId": Primitive(np.uint16),
    "Rgba32": Rgba32(),
    "Utf8": Utf8(),
}

# component name → encoding name (or an enum shape). `rerun.components.<name>` is its type.
COMPONENTS: dict[str, str | Shape] = {
    "Position3D": "Vec3D",
    "Position2D": "Vec2D",
    "Vector3D": "Vec3D",
    "Vector2D": "Vec2D",
    "Translation3D": "Vec3D",
    "Scale3D": "Vec3D",
    "HalfSize3D": "Vec3D",
    "HalfSize2D": "Vec2D",
    "RotationQuat": "Quaternion",
    "TransformMat3x3": "Mat3x3",
    "Color": "Rgba32",
    "Radius": "Float32",
    "ClassId": "ClassId",
    "KeypointId": "KeypointId",
    "Text": "Utf8",
    "TransformFrameId": "Utf8",
    "ShowLabels": "Bool",
    "TransformRelation": Enum("TransformRelation", ["ParentFromChild", "ChildFromParent"]),
}
