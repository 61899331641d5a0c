"""`Transform3D`: a 3D transform of an entity relative to its parent (rerun.archetypes.Transform3D)."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from .. import components as c
from .._baseclasses import Archetype, BaseBatch
from ..encodings import Quaternion
from ..error_utils import _report


class Transform3D(Archetype):
    _FIELDS: ClassVar[dict[str, type[BaseBatch]]] = {
        "translation": c.Translation3DBatch,
        "quaternion": c.RotationQuatBatch,
        "scale": c.Scale3DBatch,
        "mat3x3": c.TransformMat3x3Batch,
        "relation": c.TransformRelationBatch,
        "child_frame": c.TransformFrameIdBatch,
        "parent_frame": c.TransformFrameIdBatch,
    }
    __slots__ = tuple(_FIELDS)

    def __init__(
        self,
        *,
        translation: Any = None,
        rotation: Any = None,
        quaternion: Any = None,
        scale: Any = None,
        mat3x3: Any = None,
        relation: Any = None,
        child_frame: Any = None,
        parent_frame: Any = None,
    ) -> None:
        if rotation is not None:
            if quaternion is not None:
                _report("Transform3D", ValueError("`rotation` can't be combined with `quaternion`"))
                rotation = None
            elif isinstance(rotation, Quaternion) or (
                isinstance(rotation, (list, tuple)) and rotation and isinstance(rotation[0], Quaternion)
            ):
                quaternion = rotation
            else:
                _report(
                    "Transform3D",
                    ValueError("rotation must be a Quaternion (RotationAxisAngle is not supported yet)"),
                )
        if quaternion is not None:
            if isinstance(quaternion, Quaternion):
                quaternion = quaternion.xyzw
            elif (
                isinstance(quaternion, (list, tuple)) and quaternion and isinstance(quaternion[0], Quaternion)
            ):
                quaternion = np.stack([q.xyzw for q in quaternion])
        if scale is not None and np.ndim(scale) == 0:
            scale = np.full(3, scale, dtype=np.float32)
        self._set(
            translation=translation,
            quaternion=quaternion,
            scale=scale,
            mat3x3=mat3x3,
            relation=relation,
            child_frame=child_frame,
            parent_frame=parent_frame,
        )
