"""Encodings (rerun-sdk 0.41's `rerun.encodings`, also reachable as `datatypes`): one batch
class per entry of the registry, generated from its shape."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._baseclasses import BaseBatch
from .._registry import ENCODINGS
from .._shapes import TensorData  # the value class lives with its shape

__all__ = ["Angle", "Quaternion", "RotationAxisAngle", "TensorData"]

for _name, _shape in ENCODINGS.items():
    _cls = type(
        f"{_name}Batch",
        (BaseBatch,),
        {"__slots__": (), "_SHAPE": _shape, "__init__": _shape.make_init(), "__module__": __name__},
    )
    globals()[_cls.__name__] = _cls
    __all__.append(_cls.__name__)


class Quaternion:
    """A rotation as a unit quaternion, stored `xyzw` (rerun's `Quaternion(xyzw=...)`)."""

    __slots__ = ("xyzw",)

    def __init__(self, *, xyzw: Any) -> None:
        self.xyzw = np.asarray(xyzw, dtype=np.float32).reshape(4)

    @staticmethod
    def identity() -> Quaternion:
        return Quaternion(xyzw=[0, 0, 0, 1])

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self.xyzw if dtype is None else self.xyzw.astype(dtype)

    def __len__(self) -> int:
        return 4

    def __getitem__(self, i: int) -> float:
        return float(self.xyzw[i])

    def __repr__(self) -> str:
        return f"Quaternion(xyzw={self.xyzw.tolist()})"


class Angle:
    """An angle, given in radians or degrees (`Angle(rad=...)` / `Angle(deg=...)`)."""

    __slots__ = ("radians",)

    def __init__(self, rad: float | None = None, *, deg: float | None = None) -> None:
        if (rad is None) == (deg is None):
            raise ValueError("Angle: give exactly one of rad or deg")
        self.radians = float(rad) if rad is not None else float(np.deg2rad(deg))

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


def __getattr__(name: str) -> Any:  # pragma: no cover - only for better errors
    raise AttributeError(f"nparrow.encodings has no {name!r} (not implemented yet)")
