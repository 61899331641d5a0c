"""Encodings (rerun-sdk 0.41's `rerun.encodings`, also reachable as `datatypes`): one batch
class per entry of the registry, generated from its shape."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._baseclasses import BaseBatch
from .._registry import ENCODINGS

__all__ = ["Quaternion"]

for _name, _shape in ENCODINGS.items():
    _cls = type(f"{_name}Batch", (BaseBatch,), {"__slots__": (), "_SHAPE": _shape, "__module__": __name__})
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


def __getattr__(name: str) -> Any:  # pragma: no cover - only for better errors
    raise AttributeError(f"nparrow.encodings has no {name!r} (not implemented yet)")
