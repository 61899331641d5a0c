"""`Cylinders3D`, `Ellipses2D`, `InstancePoses3D`, `TransformAxes3D` and `CoordinateFrame`
(rerun.archetypes.*): plain declarations; only `Ellipses2D` orders its constructor's keywords
differently from its fields, as rerun-sdk does."""

from __future__ import annotations

from typing import Any

from .. import components as c
from .._baseclasses import Archetype, Field

__all__ = ["CoordinateFrame", "Cylinders3D", "Ellipses2D", "InstancePoses3D", "TransformAxes3D"]


class Cylinders3D(Archetype):
    _SPEC = (
        Field("lengths", c.LengthBatch),
        Field("radii", c.RadiusBatch),
        Field("centers", c.Translation3DBatch),
        Field("rotation_axis_angles", c.RotationAxisAngleBatch),
        Field("quaternions", c.RotationQuatBatch),
        Field("colors", c.ColorBatch),
        Field("line_radii", c.RadiusBatch),
        Field("fill_mode", c.FillModeBatch),
        Field("labels", c.TextBatch),
        Field("show_labels", c.ShowLabelsBatch),
        Field("class_ids", c.ClassIdBatch),
    )


class Ellipses2D(Archetype):
    _SPEC = (
        Field("half_sizes", c.HalfSize2DBatch),
        Field("centers", c.Position2DBatch),
        Field("colors", c.ColorBatch),
        Field("line_radii", c.RadiusBatch),
        Field("labels", c.TextBatch),
        Field("show_labels", c.ShowLabelsBatch),
        Field("draw_order", c.DrawOrderBatch),
        Field("class_ids", c.ClassIdBatch),
    )

    def __init__(
        self,
        *,
        half_sizes: Any = None,
        centers: Any = None,
        line_radii: Any = None,
        colors: Any = None,
        labels: Any = None,
        show_labels: Any = None,
        draw_order: Any = None,
        class_ids: Any = None,
    ) -> None:
        self._core(
            half_sizes=half_sizes,
            centers=centers,
            colors=colors,
            line_radii=line_radii,
            labels=labels,
            show_labels=show_labels,
            draw_order=draw_order,
            class_ids=class_ids,
        )


class InstancePoses3D(Archetype):
    _SPEC = (
        Field("translations", c.Translation3DBatch),
        Field("rotation_axis_angles", c.RotationAxisAngleBatch),
        Field("quaternions", c.RotationQuatBatch),
        Field("scales", c.Scale3DBatch),
        Field("mat3x3", c.TransformMat3x3Batch),
    )


class TransformAxes3D(Archetype):
    _SPEC = (
        Field("axis_length", c.AxisLengthBatch, positional=True, required=True),
        Field("show_frame", c.ShowLabelsBatch),
    )


class CoordinateFrame(Archetype):
    _SPEC = (Field("frame", c.TransformFrameIdBatch, positional=True, required=True),)
