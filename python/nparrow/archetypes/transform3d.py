"""`Transform3D`: a 3D transform of an entity relative to its parent (rerun.archetypes.Transform3D)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .. import components as c
from .._baseclasses import Archetype, Field
from ..encodings import Quaternion, RotationAxisAngle
from ..error_utils import _report


def _is_a(value: Any, kind: type) -> bool:
    """`value` is a `kind`, or a non-empty sequence whose first item is one."""
    if isinstance(value, kind):
        return True
    try:
        return isinstance(value[0], kind)
    except Exception:  # noqa: BLE001 - as rerun-sdk: whatever cannot be indexed is no sequence of them
        return False


class Transform3D(Archetype):
    _SPEC = (
        Field("translation", c.Translation3DBatch),
        Field("rotation_axis_angle", c.RotationAxisAngleBatch),
        Field("quaternion", c.RotationQuatBatch),
        Field("scale", c.Scale3DBatch),
        Field("mat3x3", c.TransformMat3x3Batch),
        Field("relation", c.TransformRelationBatch),
        Field("child_frame", c.TransformFrameIdBatch),
        Field("parent_frame", c.TransformFrameIdBatch),
    )
    # With `rotation` and `from_parent` None and every field in its hot form, the logic below
    # changes nothing: the constructor's C descriptor (`_native.archetype_init`) stores the
    # fields' payloads itself and calls this `__init__` only for every other call.
    _HOT_INIT = True

    def __init__(
        self,
        *,
        translation: Any = None,
        rotation: Any = None,
        rotation_axis_angle: Any = None,
        quaternion: Any = None,
        scale: Any = None,
        mat3x3: Any = None,
        from_parent: bool | None = None,
        relation: Any = None,
        child_frame: Any = None,
        parent_frame: Any = None,
    ) -> None:
        # As rerun-sdk: a contradictory call warns (raises in strict mode) and logs nothing.
        if rotation is not None:
            if quaternion is not None or rotation_axis_angle is not None:
                _report(
                    "Transform3D",
                    ValueError(
                        "`rotation` parameter can't be combined with `quaternion` or `rotation_axis_angle`."
                    ),
                )
                self._unset()
                return
            if _is_a(rotation, RotationAxisAngle):
                rotation_axis_angle = rotation
            elif _is_a(rotation, Quaternion):
                quaternion = rotation
            else:
                _report(
                    "Transform3D",
                    ValueError("Rotation must be compatible with either RotationQuat or RotationAxisAngle"),
                )
                self._unset()
                return
        if from_parent is not None:
            warnings.warn(
                "`from_parent` is deprecated as an argument to `Transform3D`; prefer "
                "`relation=rerun.TransformRelation.ChildFromParent` instead",
                DeprecationWarning,
                stacklevel=2,
            )
            if relation is not None:
                _report(
                    "Transform3D",
                    ValueError("`from_parent` and `relation` parameters are mutually exclusive."),
                )
                self._unset()
                return
            if from_parent:
                relation = c.TransformRelation.ChildFromParent  # type: ignore[attr-defined]
        if quaternion is not None:
            if isinstance(quaternion, Quaternion):
                quaternion = quaternion.xyzw
            elif type(quaternion) in (list, tuple) and quaternion and isinstance(quaternion[0], Quaternion):
                quaternion = np.stack([q.xyzw for q in quaternion])  # numpy input is not indexed here
        if scale is not None and np.ndim(scale) == 0:
            scale = np.full(3, scale, dtype=np.float32)
        self._core(
            translation=translation,
            rotation_axis_angle=rotation_axis_angle,
            quaternion=quaternion,
            scale=scale,
            mat3x3=mat3x3,
            relation=relation,
            child_frame=child_frame,
            parent_frame=parent_frame,
        )
