"""`GridMap` (a 2-D grid of cells from an image buffer) and `VoxelGridMap` (sparse voxels by
integer index) (rerun.archetypes.GridMap / VoxelGridMap). int32 `(N, 3)` voxel indices and
float32 values are borrowed, not copied."""

from __future__ import annotations

from .. import components as c
from .._baseclasses import Archetype, Field


class GridMap(Archetype):
    _SPEC = (
        Field("data", c.ImageBufferBatch, required=True),
        Field("format", c.ImageFormatBatch, required=True),
        Field("cell_size", c.CellSizeBatch, required=True),
        Field("translation", c.Translation3DBatch),
        Field("rotation_axis_angle", c.RotationAxisAngleBatch),
        Field("quaternion", c.RotationQuatBatch),
        Field("opacity", c.OpacityBatch),
        Field("draw_order", c.DrawOrderBatch),
        Field("colormap", c.ColormapBatch),
    )


class VoxelGridMap(Archetype):
    _SPEC = (
        Field("voxel_indices", c.VoxelIndexBatch, positional=True, required=True),
        Field("voxel_size", c.VoxelSizeBatch, positional=True, required=True),
        Field("values", c.VoxelValueBatch),
        Field("colors", c.ColorBatch),
        Field("translation", c.Translation3DBatch),
        Field("rotation_axis_angle", c.RotationAxisAngleBatch),
        Field("quaternion", c.RotationQuatBatch),
        Field("opacity", c.OpacityBatch),
        Field("value_range", c.ValueRangeBatch),
        Field("colormap", c.ColormapBatch),
    )
