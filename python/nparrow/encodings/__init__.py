"""Encodings (rerun-sdk 0.41's `rerun.encodings`, also reachable as `datatypes`): one batch
class per entry of the registry, generated from its shape on first use; the single values (`Vec3D`, `Utf8`,
`Rgba32` ...) and the `*Like` / `*ArrayLike` aliases are made on first use (`_values.py`)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from .. import _values
from .._baseclasses import BaseBatch
from .._registry import ENCODINGS
from .._shapes import _tensor_numpy

if TYPE_CHECKING:
    from . import TensorBuffer  # a value class made on first use (`__getattr__`)

__all__ = ["Angle", "Quaternion", "RotationAxisAngle", "TensorData"]

# The batch classes are made on first use (import time), see `__getattr__`.
__all__ += [f"{_name}Batch" for _name in ENCODINGS]
_LOCK = threading.RLock()


def _batch(row: str) -> type[BaseBatch]:
    """The `<Row>Batch` class of an encoding row, made once (even when threads race for it)."""
    with _LOCK:
        made = globals().get(f"{row}Batch")
        if made is not None:
            return made  # type: ignore[no-any-return]
        shape = ENCODINGS[row]
        cls = type(
            f"{row}Batch",
            (BaseBatch,),
            {"__slots__": (), "_SHAPE": shape, "__init__": shape.make_init(), "__module__": __name__},
        )
        if not _values.reads_values(
            shape
        ):  # after the class is made (its `__init__` may be regenerated then)
            cls.__init__ = _values.accepting_values(cls.__init__)  # type: ignore[method-assign]
        globals()[cls.__name__] = cls
        return cls


class Quaternion:
    """A rotation as a unit quaternion, stored `xyzw` (rerun's `Quaternion(xyzw=...)`)."""

    __slots__ = ("xyzw",)

    def __init__(self, *, xyzw: Any) -> None:
        self.xyzw = np.asarray(xyzw, dtype=np.float32).reshape(4)

    @staticmethod
    def identity() -> Quaternion:
        return Quaternion(xyzw=[0, 0, 0, 1])

    @staticmethod
    def invalid() -> Quaternion:
        """The all-zero quaternion, which Rerun treats as an invalid rotation (hides the entity)."""
        return Quaternion(xyzw=[0, 0, 0, 0])

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self.xyzw if dtype is None else self.xyzw.astype(dtype)

    def __len__(self) -> int:
        return 4

    def __getitem__(self, i: int) -> float:
        return float(self.xyzw[i])

    def __repr__(self) -> str:
        return f"Quaternion(xyzw={self.xyzw.tolist()})"


class Angle:
    """An angle, given in radians or degrees (`Angle(rad=...)` / `Angle(deg=...)`); `float()` and
    `__array__` give the radians (what `AngleBatch` reads)."""

    __slots__ = ("radians",)

    def __init__(self, rad: float | None = None, *, deg: float | None = None) -> None:
        if (rad is None) == (deg is None):
            raise ValueError("Angle: give exactly one of rad or deg")
        self.radians = float(rad) if rad is not None else float(np.deg2rad(deg))

    def __float__(self) -> float:
        return self.radians

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return np.array(self.radians, dtype=dtype or np.float32)

    def __eq__(self, other: object) -> bool:
        return self.radians == other.radians if isinstance(other, Angle) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.radians)

    def __repr__(self) -> str:
        return f"Angle(rad={self.radians})"


class RotationAxisAngle:
    """A rotation of `angle` about `axis` (rerun's `RotationAxisAngle(axis=..., angle=...|radians=|degrees=)`)."""

    __slots__ = ("angle", "axis")

    def __init__(
        self,
        axis: Any,
        angle: Angle | float | None = None,
        *,
        radians: float | None = None,
        degrees: float | None = None,
    ) -> None:
        self.axis = np.asarray(axis, dtype=np.float32).reshape(3)
        if angle is not None:
            self.angle = angle if isinstance(angle, Angle) else Angle(rad=float(angle))
        elif radians is not None:
            self.angle = Angle(rad=radians)
        elif degrees is not None:
            self.angle = Angle(deg=degrees)
        else:
            raise ValueError("RotationAxisAngle: give angle, radians or degrees")

    def __repr__(self) -> str:
        return f"RotationAxisAngle(axis={self.axis.tolist()}, angle={self.angle!r})"


class TensorData:
    """rerun's `encodings.TensorData`: an N-d array as its `shape` (uint64), a `buffer` (a
    `TensorBuffer` whose `inner` is the flat data) and optional dimension `names`. Built from
    `array=` (shape inferred) or `shape=` + `buffer=` (an array or a TensorBuffer, kept as it is).

    `buffer.inner` is a view of the caller's memory when it is C-contiguous (rerun-sdk copies it
    with `flatten()`): it is borrowed, not copied, when logged. `TensorDataShape` reads the
    fields, so rerun-sdk's TensorData is logged the same way."""

    __slots__ = ("buffer", "names", "shape")

    def __init__(
        self,
        *,
        shape: Sequence[int] | npt.NDArray[Any] | None = None,
        buffer: Any = None,
        array: Any = None,
        dim_names: Sequence[str] | None = None,
    ) -> None:
        from ..error_utils import _warn

        if array is None and buffer is None:
            raise ValueError("Must provide one of 'array' or 'buffer'")
        if array is not None and buffer is not None:
            raise ValueError("Can only provide one of 'array' or 'buffer'")
        if buffer is not None and shape is None:
            raise ValueError("If 'buffer' is provided, 'shape' is also required")
        tensor_buffer = _MODULE.TensorBuffer
        if array is not None:
            arr = _tensor_numpy(array)
            if shape and tuple(shape) != arr.shape:
                _warn(
                    f"Provided array ({arr.shape}) does not match shape argument ({tuple(shape)}). "
                    "Ignoring shape argument.",
                    ValueError,
                )
            dims: Any = arr.shape
            # a view of a C-contiguous array (else numpy's one copy)
            self.buffer: TensorBuffer = tensor_buffer(arr.reshape(-1))
        else:
            dims = shape
            # as rerun-sdk: a TensorBuffer is kept, anything else (an array, rerun-sdk's) wrapped
            self.buffer = buffer if isinstance(buffer, tensor_buffer) else tensor_buffer(buffer)
        self.shape: npt.NDArray[np.uint64] = np.asarray(dims, dtype=np.uint64).reshape(-1)
        self.names: list[str] | None = None
        if dim_names:
            if len(dim_names) == len(self.shape):
                self.names = [str(n) for n in dim_names]
            else:
                _warn(
                    f"len(shape) = {len(self.shape)} != len(dim_names) = {len(dim_names)}. "
                    "Ignoring tensor dimension names.",
                    ValueError,
                )
        size = self.buffer.inner.size
        expected = int(np.prod(self.shape, dtype=np.uint64))
        if size != expected:
            raise ValueError(f"Shape and buffer size do not match. {size} {self.shape}->{expected}")

    def numpy(self, force: bool = False) -> npt.NDArray[Any]:
        """The tensor as an N-d numpy array (a view of the buffer)."""
        return self.buffer.inner.reshape([int(d) for d in self.shape])  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"TensorData(shape={self.shape.tolist()}, dtype={self.buffer.inner.dtype}, names={self.names})"


_MODULE = sys.modules[__name__]
__all__.extend(_values.lazy_names(ENCODINGS, globals()))


# A batch class, single value or type alias of a registry row, made on first use.
__getattr__ = _values.row_getattr(_MODULE, ENCODINGS, _batch)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
