"""`GaussianSplats3D`: 3D Gaussian splats (rerun.archetypes.GaussianSplats3D)."""

from __future__ import annotations

from .. import components as c
from .._baseclasses import Archetype, Field


class GaussianSplats3D(Archetype):
    _SPEC = (
        Field("centers", c.Position3DBatch, positional=True, required=True),
        Field("scales", c.Scale3DBatch),
        Field("quaternions", c.RotationQuatBatch),
        Field("colors", c.ColorBatch),
        Field("sh_coefficients", c.SphericalHarmonics3RgbBatch),
        Field("spherical_harmonics_degree", c.SphericalHarmonicsDegreeBatch),
    )
