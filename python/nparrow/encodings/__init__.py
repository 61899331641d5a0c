"""Encodings (rerun-sdk 0.41's `rerun.encodings`, also reachable as `datatypes`): one batch
class per entry of the registry, generated from its shape on first use; the single values (`Vec3D`, `Utf8`,
`Rgba32` ...) and the `*Like` / `*ArrayLike` aliases are made on first use (`_values.py`)."""

from __future__ import annotations

import sys
import threading
from typing import Any

import numpy as np

from .. import _values
from .._baseclasses import BaseBatch
from .._registry import ENCODINGS
from .._shapes import TensorData  # the value class lives with its shape

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


_MODULE = sys.modules[__name__]
__all__.extend(_values.lazy_names(ENCODINGS, globals()))


def __getattr__(name: str) -> Any:
    """A batch class, single value or type alias of a registry row, made on first use."""
    if name.endswith("Batch") and name[: -len("Batch")] in ENCODINGS:
        return _batch(name[: -len("Batch")])
    row = name.removesuffix("ArrayLike") if name.endswith("ArrayLike") else name.removesuffix("Like")
    if row in ENCODINGS and f"{row}Batch" not in globals():
        _batch(row)  # a value or alias names its batch
    return _values.resolve(_MODULE, name, ENCODINGS)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
