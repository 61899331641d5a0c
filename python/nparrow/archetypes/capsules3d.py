"""`Capsules3D`: capsules (cylinders with hemispherical caps) along +Z (rerun.archetypes.Capsules3D)."""

from __future__ import annotations

from .. import components as c
from .._baseclasses import Archetype, Field


class Capsules3D(Archetype):
    _SPEC = (
        Field("lengths", c.LengthBatch),
        Field("radii", c.RadiusBatch),
        Field("translations", c.Translation3DBatch),
        Field("rotation_axis_angles", c.RotationAxisAngleBatch),
        Field("quaternions", c.RotationQuatBatch),
        Field("colors", c.ColorBatch),
        Field("line_radii", c.RadiusBatch),
        Field("fill_mode", c.FillModeBatch),
        Field("labels", c.TextBatch),
        Field("show_labels", c.ShowLabelsBatch),
        Field("class_ids", c.ClassIdBatch),
    )
