"""`Boxes2D` and `Boxes3D`: axis-aligned (2D) or oriented (3D) boxes (rerun.archetypes.Boxes2D/3D).

The convenience forms (`sizes`, `mins`, `array` + `array_format`) become `half_sizes` and
`centers` with rerun-sdk's arithmetic, in its dtypes, so the logged values are bit-identical.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import numpy as np

from .. import components as c
from .._baseclasses import Archetype, Field
from ..error_utils import _report

__all__ = ["Box2DFormat", "Boxes2D", "Boxes3D"]


class Box2DFormat(Enum):
    """How to read the rows of `Boxes2D(array=..., array_format=...)`."""

    XYWH = "XYWH"
    """[x, y, w, h], with x,y = left,top."""

    YXHW = "YXHW"
    """[y, x, h, w], with x,y = left,top."""

    XYXY = "XYXY"
    """[x0, y0, x1, y1], with x0,y0 = left,top and x1,y1 = right,bottom."""

    YXYX = "YXYX"
    """[y0, x0, y1, x1], with x0,y0 = left,top and x1,y1 = right,bottom."""

    XCYCWH = "XCYCWH"
    """[x_center, y_center, width, height]."""

    XCYCW2H2 = "XCYCW2H2"
    """[x_center, y_center, width/2, height/2]."""


def _from_array(array: Any, array_format: Any) -> tuple[Any, Any]:
    """(half_sizes, centers) from `array` rows in `array_format`, computed as rerun-sdk does."""
    if isinstance(array_format, str):
        array_format = Box2DFormat(array_format.upper())
    array = np.asarray(array)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"expected a numeric array of boxes, got dtype {array.dtype}")
    # As rerun-sdk: an all-zero (or empty) array means no boxes at all.
    if np.any(array):
        if array.ndim == 1:
            array = np.expand_dims(array, axis=0)
    else:
        array = np.zeros((0, 4), dtype="float32")
    if array.ndim != 2 or array.shape[1] != 4:
        raise ValueError(f"expected `array` of shape (N, 4) or (4,), got shape {array.shape}")
    if array_format == Box2DFormat.XYWH:
        half_sizes = array[:, 2:4] / 2
        centers = array[:, 0:2] + half_sizes
    elif array_format == Box2DFormat.YXHW:
        half_sizes = np.flip(array[:, 2:4]) / 2
        centers = np.flip(array[:, 0:2]) + half_sizes
    elif array_format in (Box2DFormat.XYXY, Box2DFormat.YXYX):
        if array_format == Box2DFormat.XYXY:
            lo, hi = array[:, 0:2], array[:, 2:4]
        else:
            lo, hi = np.flip(array[:, 0:2]), np.flip(array[:, 2:4])
        centers = (lo + hi) / 2
        half_sizes = hi - centers
    elif array_format == Box2DFormat.XCYCWH:
        half_sizes = array[:, 2:4] / 2
        centers = array[:, 0:2]
    elif array_format == Box2DFormat.XCYCW2H2:
        half_sizes = array[:, 2:4]
        centers = array[:, 0:2]
    else:
        raise ValueError(f"Unknown Box2D format {array_format}")
    return half_sizes, centers


class Boxes2D(Archetype):
    _SPEC = (
        Field("half_sizes", c.HalfSize2DBatch),
        Field("centers", c.Position2DBatch),
        Field("colors", c.ColorBatch),
        Field("radii", c.RadiusBatch),
        Field("labels", c.TextBatch),
        Field("show_labels", c.ShowLabelsBatch),
        Field("draw_order", c.DrawOrderBatch),
        Field("class_ids", c.ClassIdBatch),
    )

    def __init__(
        self,
        *,
        sizes: Any = None,
        mins: Any = None,
        half_sizes: Any = None,
        centers: Any = None,
        array: Any = None,
        array_format: Box2DFormat | None = None,
        radii: Any = None,
        colors: Any = None,
        labels: Any = None,
        show_labels: Any = None,
        draw_order: Any = None,
        class_ids: Any = None,
    ) -> None:
        try:
            if array is not None:
                if array_format is None:
                    raise ValueError("Must specify `array_format` when specifying `array`.")
                for name, value in (
                    ("half_sizes", half_sizes),
                    ("sizes", sizes),
                    ("mins", mins),
                    ("centers", centers),
                ):
                    if value is not None:
                        raise ValueError(f"Cannot specify both `array` and `{name}` at the same time.")
                half_sizes, centers = _from_array(array, array_format)
            else:
                if sizes is not None:
                    if half_sizes is not None:
                        raise ValueError("Cannot specify both `sizes` and `half_sizes` at the same time.")
                    half_sizes = np.asarray(sizes, dtype=np.float32) / 2.0
                if mins is not None:
                    if centers is not None:
                        raise ValueError("Cannot specify both `mins` and `centers` at the same time.")
                    if half_sizes is None:
                        raise ValueError("Cannot specify `mins` without `sizes` or `half_sizes`.")
                    half_sizes = np.asarray(half_sizes, dtype=np.float32)
                    centers = np.asarray(mins, dtype=np.float32) + half_sizes
        except (TypeError, ValueError) as err:
            # As rerun-sdk: a contradictory or unreadable constructor call logs nothing.
            _report("Boxes2D", err)
            self._unset()
            return
        self._core(
            half_sizes=half_sizes,
            centers=centers,
            colors=colors,
            radii=radii,
            labels=labels,
            show_labels=show_labels,
            draw_order=draw_order,
            class_ids=class_ids,
        )


def _infer_rotations(rotations: Any) -> tuple[Any, Any]:
    """`rotations` as (quaternions, rotation_axis_angles): quaternions if they parse, else
    axis-angles; the other field is logged empty, as rerun-sdk does."""
    try:
        return c.RotationQuatBatch(rotations), []
    except (TypeError, ValueError, OverflowError):
        pass
    try:
        return [], c.RotationAxisAngleBatch(rotations)
    except (TypeError, ValueError, OverflowError, IndexError):
        pass
    _report(
        "Boxes3D",
        ValueError(
            "Could not infer the type of rotation from the input. "
            "Please use `quaternions` or `rotation_axis_angles`."
        ),
        stacklevel=4,
    )
    return None, None


class Boxes3D(Archetype):
    _SPEC = (
        Field("half_sizes", c.HalfSize3DBatch),
        Field("centers", c.Translation3DBatch),
        Field("rotation_axis_angles", c.RotationAxisAngleBatch),
        Field("quaternions", c.RotationQuatBatch),
        Field("colors", c.ColorBatch),
        Field("radii", c.RadiusBatch),
        Field("fill_mode", c.FillModeBatch),
        Field("labels", c.TextBatch),
        Field("show_labels", c.ShowLabelsBatch),
        Field("class_ids", c.ClassIdBatch),
    )

    def __init__(
        self,
        *,
        sizes: Any = None,
        mins: Any = None,
        half_sizes: Any = None,
        centers: Any = None,
        rotation_axis_angles: Any = None,
        quaternions: Any = None,
        rotations: Any = None,
        colors: Any = None,
        radii: Any = None,
        fill_mode: Any = None,
        labels: Any = None,
        show_labels: Any = None,
        class_ids: Any = None,
    ) -> None:
        try:
            # Unlike Boxes2D, rerun-sdk only warns here and keeps going.
            if sizes is not None:
                if half_sizes is not None:
                    _report(
                        "Boxes3D",
                        ValueError("Cannot specify both `sizes` and `half_sizes` at the same time."),
                    )
                half_sizes = np.asarray(sizes, dtype=np.float32) / 2.0
            if mins is not None:
                if centers is not None:
                    _report(
                        "Boxes3D", ValueError("Cannot specify both `mins` and `centers` at the same time.")
                    )
                if half_sizes is None:
                    _report("Boxes3D", ValueError("Cannot specify `mins` without `sizes` or `half_sizes`."))
                    half_sizes = np.asarray([1, 1, 1], dtype=np.float32)
                half_sizes = np.asarray(half_sizes, dtype=np.float32)
                centers = np.asarray(mins, dtype=np.float32) + half_sizes
        except (TypeError, ValueError) as err:
            _report("Boxes3D", err)
            self._unset()
            return
        if rotations is not None:
            if quaternions is not None or rotation_axis_angles is not None:
                _report(
                    "Boxes3D",
                    ValueError(
                        "Cannot specify both `rotations` and `quaternions` or `rotation_axis_angles`."
                    ),
                )
            else:
                quaternions, rotation_axis_angles = _infer_rotations(rotations)
        self._core(
            half_sizes=half_sizes,
            centers=centers,
            rotation_axis_angles=rotation_axis_angles,
            quaternions=quaternions,
            colors=colors,
            radii=radii,
            fill_mode=fill_mode,
            labels=labels,
            show_labels=show_labels,
            class_ids=class_ids,
        )
