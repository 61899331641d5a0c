"""`Tensor`, `BarChart`, `Volume3D`: N-d arrays as one `TensorData` (rerun.archetypes.Tensor /
BarChart / Volume3D).

A C-contiguous array's memory is the tensor buffer, borrowed (not copied) when logged; rerun-sdk
copies it with `flatten()`. Other layouts are copied once, by numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import components as c
from .._baseclasses import Archetype, Field
from ..encodings import TensorData
from ..error_utils import _report, _warn

__all__ = ["BarChart", "Tensor", "TensorData", "Volume3D"]


class Tensor(Archetype):
    _SPEC = (
        Field("data", c.TensorDataBatch, positional=True),
        Field("value_range", c.ValueRangeBatch),
    )

    def __init__(
        self, data: Any = None, *, dim_names: Sequence[str] | None = None, value_range: Any = None
    ) -> None:
        try:
            if not isinstance(data, TensorData):
                data = TensorData(array=data, dim_names=dim_names)
            elif dim_names is not None:
                # rerun-sdk drops the shape here (and then fails): the names are applied instead.
                data = TensorData(shape=data.shape, buffer=data.buffer, dim_names=dim_names)
        except (ValueError, TypeError) as err:
            _report("Tensor", err)  # as rerun-sdk: warn and log nothing
            self._unset()
            return
        self._core(data=data, value_range=value_range)


class BarChart(Archetype):
    _SPEC = (
        Field("values", c.TensorDataBatch, positional=True, required=True),
        Field("color", c.ColorBatch),
        Field("abscissa", c.TensorDataBatch),
        Field("widths", c.LengthBatch),
    )

    def __init__(self, values: Any, *, color: Any = None, abscissa: Any = None, widths: Any = None) -> None:
        tensor = values
        if isinstance(values, Sequence) and len(values) == 1 and isinstance(values[0], TensorData):
            tensor = values[0]
        try:
            if not isinstance(tensor, TensorData):
                tensor = TensorData(array=values)
        except (ValueError, TypeError):
            tensor = values  # the field's own conversion reports it and drops it
        else:
            # As rerun-sdk: a warning, the values are logged all the same.
            dims = tensor.shape.tolist()
            if len(dims) == 0 or sum(d != 1 for d in dims) > 1:
                _warn(
                    f"BarChart: Bar chart data should only be 1D. Got values with shape: {dims}", ValueError
                )
        self._core(values=tensor, color=color, abscissa=abscissa, widths=widths)


class Volume3D(Archetype):
    _SPEC = (
        Field("values", c.TensorDataBatch, positional=True, required=True),
        Field("voxel_size", c.VoxelSizeBatch),
        Field("translation", c.Translation3DBatch),
        Field("quaternion", c.RotationQuatBatch),
        Field("value_range", c.ValueRangeBatch),
        Field("gamma", c.GammaCorrectionBatch),
        Field("colormap", c.ColormapBatch),
        Field("optical_density", c.OpticalDensityBatch),
    )
