"""`Ellipsoids3D`: ellipsoids or spheres (rerun.archetypes.Ellipsoids3D)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import components as c
from .._baseclasses import Archetype, Field
from ..error_utils import _report


class Ellipsoids3D(Archetype):
    _SPEC = (
        Field("half_sizes", c.HalfSize3DBatch),
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

    def __init__(
        self,
        *,
        half_sizes: Any = None,
        radii: Any = None,
        centers: Any = None,
        rotation_axis_angles: Any = None,
        quaternions: Any = None,
        colors: Any = None,
        line_radii: Any = None,
        fill_mode: Any = None,
        labels: Any = None,
        show_labels: Any = None,
        class_ids: Any = None,
    ) -> None:
        if radii is not None:
            if half_sizes is not None:
                _report(
                    "Ellipsoids3D",
                    ValueError("Cannot specify both `radii` and `half_sizes` at the same time."),
                )
            try:
                # Spheres: each radius r becomes the half-size (r, r, r). A scalar is one sphere
                # (rerun-sdk 0.41 fails on a scalar here and logs nothing).
                r = np.asarray(radii, dtype=np.float32).reshape(-1)
            except (TypeError, ValueError) as err:
                _report("Ellipsoids3D", err)
                self._unset()
                return
            half_sizes = np.repeat(np.expand_dims(r, axis=1), 3, axis=1)
        self._core(
            half_sizes=half_sizes,
            centers=centers,
            rotation_axis_angles=rotation_axis_angles,
            quaternions=quaternions,
            colors=colors,
            line_radii=line_radii,
            fill_mode=fill_mode,
            labels=labels,
            show_labels=show_labels,
            class_ids=class_ids,
        )
