"""`Mesh3D`: a triangle mesh with optional per-vertex attributes and an albedo texture
(rerun.archetypes.Mesh3D). float32 positions/normals and uint32 `(N, 3)` indices are borrowed,
not copied; so is a C-contiguous texture's pixel memory (rerun-sdk copies it with `tobytes()`)."""

from __future__ import annotations

from typing import Any

from .. import components as c
from .._baseclasses import Archetype, Field
from ..components import MeshFaceRendering
from ..error_utils import _report
from ._image_format import CHANNEL_DATATYPE_VALUE, ColorModel, ImageFormatBatch
from .images import _buffer_batch, _format_batch, _to_numpy

__all__ = ["Mesh3D", "MeshFaceRendering"]


def _texture(texture: Any) -> tuple[Any, Any]:
    """Buffer and format batches of an `(H, W, 3|4)` albedo texture; (None, None) with a
    warning (as rerun-sdk) when it cannot be one."""
    arr = _to_numpy(texture)
    if arr.ndim != 3:
        _report("Mesh3D", ValueError(f"Bad albedo texture shape: {arr.shape}, expected 3 dimensions"))
        return None, None
    h, w, channels = arr.shape
    if channels not in (3, 4):
        _report("Mesh3D", ValueError(f"Bad albedo texture shape: {arr.shape}, expected 3 or 4 channels"))
        return None, None
    dt = CHANNEL_DATATYPE_VALUE.get(arr.dtype.type)
    if dt is None:
        _report("Mesh3D", TypeError(f"Unsupported dtype {arr.dtype} for Mesh3D:s albedo texture"))
        return None, None
    model = (ColorModel.RGB if channels == 3 else ColorModel.RGBA).value
    return _buffer_batch(arr), _format_batch((int(w), int(h), None, model, dt))


class Mesh3D(Archetype):
    _SPEC = (
        Field("vertex_positions", c.Position3DBatch, required=True),
        Field("triangle_indices", c.TriangleIndicesBatch),
        Field("vertex_normals", c.Vector3DBatch),
        Field("vertex_colors", c.ColorBatch),
        Field("vertex_texcoords", c.Texcoord2DBatch),
        Field("albedo_factor", c.AlbedoFactorBatch),
        Field("face_rendering", c.MeshFaceRenderingBatch),
        Field("albedo_texture_buffer", c.ImageBufferBatch),
        Field("albedo_texture_format", ImageFormatBatch),
        Field("class_ids", c.ClassIdBatch),
    )

    def __init__(
        self,
        *,
        vertex_positions: Any,
        triangle_indices: Any = None,
        vertex_normals: Any = None,
        vertex_colors: Any = None,
        vertex_texcoords: Any = None,
        albedo_texture: Any = None,
        albedo_factor: Any = None,
        face_rendering: Any = None,
        class_ids: Any = None,
    ) -> None:
        buffer = fmt = None
        if albedo_texture is not None:
            buffer, fmt = _texture(albedo_texture)
        self._core(
            vertex_positions=vertex_positions,
            triangle_indices=triangle_indices,
            vertex_normals=vertex_normals,
            vertex_colors=vertex_colors,
            vertex_texcoords=vertex_texcoords,
            albedo_factor=albedo_factor,
            face_rendering=face_rendering,
            albedo_texture_buffer=buffer,
            albedo_texture_format=fmt,
            class_ids=class_ids,
        )
