"""`Pinhole`: a pinhole camera projection (rerun.archetypes.Pinhole), and `ViewCoordinates`.

`ViewCoordinates` (the `rerun.components.ViewCoordinates` component, `FixedSizeList<3 x u8>`,
and the `rerun.archetypes.ViewCoordinates` archetype with rerun's named constants such as
`ViewCoordinates.RDF` / `RIGHT_HAND_Z_UP`) lives here because `Pinhole(camera_xyz=...)` needs it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .. import components as c
from .._baseclasses import Archetype, Field
from .._view_coordinates import ViewDir, constant_codes
from ..error_utils import _report

__all__ = ["Pinhole", "ViewCoordinates", "ViewCoordinatesBatch", "ViewDir"]


ViewCoordinatesBatch = c.ViewCoordinatesBatch


class ViewCoordinates(Archetype):
    """How the entity's axes map to up/down, left/right, forward/back (rerun.archetypes.ViewCoordinates).

    The constants (`ViewCoordinates.RDF`, `RIGHT_HAND_Z_UP`, ...) can be logged directly and
    passed as `Pinhole(camera_xyz=...)`.
    """

    _SPEC = (Field("xyz", ViewCoordinatesBatch, positional=True, required=True),)
    ViewDir = ViewDir


class _Constant:
    """A named ViewCoordinates constant: a fresh instance per access, so no class-level object
    keeps an Arrow array (and the buffer it borrows) alive for the life of the process."""

    __slots__ = ("code",)

    def __init__(self, code: str) -> None:
        self.code = code

    def __get__(self, obj: Any, owner: Any) -> ViewCoordinates:
        return ViewCoordinates(self.code)


def _define_view_coordinates_constants() -> None:
    """`ViewCoordinates.RDF`, `.RIGHT_HAND_Z_UP`, ...: one constant per code of the shared table."""
    for name, code in constant_codes().items():
        setattr(ViewCoordinates, name, _Constant(code))


_define_view_coordinates_constants()

_EPSILON = 1.19209e-07  # rerun-sdk's guard against fov_y == 0


def _image_from_camera(
    resolution: Any, focal_length: Any, principal_point: Any, fov_y: Any, aspect_ratio: Any
) -> tuple[Any, Any]:
    """(image_from_camera rows, resolution) from the convenience parameters, as rerun-sdk 0.41's
    `PinholeExt` computes them (same operations in the same dtypes, so the values are equal)."""
    if fov_y is not None and aspect_ratio is not None:
        focal_length = 0.5 / math.tan(max(fov_y * 0.5, _EPSILON))
        resolution = [aspect_ratio, 1.0]
    width = height = None
    if resolution is not None:
        res = np.asarray(resolution, dtype=np.float32).reshape(-1)
        if res.size != 2:
            raise ValueError(f"expected resolution [width, height], got {res.size} values")
        width, height = res[0], res[1]
    if focal_length is None:
        if height is None or width is None:
            raise ValueError("Either image_from_camera or focal_length must be set")
        _report("Pinhole", ValueError("Either image_from_camera or focal_length must be set"), stacklevel=4)
        focal_length = (width * height) ** 0.5  # rerun-sdk's best-effort default
    if principal_point is None:
        if height is None or width is None:
            raise ValueError("Must provide one of principal_point, resolution, or width/height")
        principal_point = [width / 2, height / 2]
    # rerun-sdk accepts only Python int/float as a scalar; numpy scalars are accepted here too.
    if np.ndim(focal_length) == 0:
        fl_x = fl_y = focal_length
    else:
        try:
            fl_x, fl_y = focal_length[0], focal_length[1]
        except (TypeError, IndexError, KeyError):
            raise ValueError("Expected focal_length to be one or two floats") from None
    try:
        u_cen, v_cen = principal_point[0], principal_point[1]
    except (TypeError, IndexError, KeyError):
        raise ValueError("Expected principal_point to be one or two floats") from None
    return [[fl_x, 0, u_cen], [0, fl_y, v_cen], [0, 0, 1]], resolution


class Pinhole(Archetype):
    _SPEC = (
        Field("image_from_camera", c.PinholeProjectionBatch),
        Field("resolution", c.ResolutionBatch),
        Field("camera_xyz", ViewCoordinatesBatch),
        Field("child_frame", c.TransformFrameIdBatch),
        Field("parent_frame", c.TransformFrameIdBatch),
        Field("image_plane_distance", c.ImagePlaneDistanceBatch),
        Field("color", c.ColorBatch),
        Field("line_width", c.RadiusBatch),
    )

    def __init__(
        self,
        *,
        image_from_camera: Any = None,
        resolution: Any = None,
        camera_xyz: Any = None,
        width: float | None = None,
        height: float | None = None,
        focal_length: Any = None,
        principal_point: Any = None,
        fov_y: float | None = None,
        aspect_ratio: float | None = None,
        child_frame: Any = None,
        parent_frame: Any = None,
        image_plane_distance: float | None = None,
        color: Any = None,
        line_width: Any = None,
    ) -> None:
        try:
            if resolution is None and width is not None and height is not None:
                resolution = [width, height]
            elif resolution is not None and (width is not None or height is not None):
                _report("Pinhole", ValueError("Can't set both resolution and width/height"))
            if image_from_camera is None:
                image_from_camera, resolution = _image_from_camera(
                    resolution, focal_length, principal_point, fov_y, aspect_ratio
                )
            else:
                if focal_length is not None:
                    _report("Pinhole", ValueError("Both image_from_camera and focal_length set"))
                if principal_point is not None:
                    _report("Pinhole", ValueError("Both image_from_camera and principal_point set"))
                if fov_y is not None or aspect_ratio is not None:
                    _report("Pinhole", ValueError("Both image_from_camera and fov_y or aspect_ratio set"))
        except (TypeError, ValueError) as err:
            # As rerun-sdk: a camera that can't be computed logs nothing.
            _report("Pinhole", err)
            self._unset()
            return
        self._core(
            image_from_camera=image_from_camera,
            resolution=resolution,
            camera_xyz=camera_xyz,
            child_frame=child_frame,
            parent_frame=parent_frame,
            image_plane_distance=image_plane_distance,
            color=color,
            line_width=line_width,
        )
