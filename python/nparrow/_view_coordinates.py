"""ViewCoordinates: three axis directions (u8 each), from names ("RDF"), ViewDir values or ints."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._enums import AutoEnum
from ._shapes import FixedSize, Payload, _describe


class ViewDir(AutoEnum):
    """The direction one axis points in (rerun's `ViewDir`, u8, 1-based)."""

    Up = 1
    Down = 2
    Right = 3
    Left = 4
    Forward = 5
    Back = 6


def constant_codes() -> dict[str, str]:
    """rerun's named ViewCoordinates constants → their 3-letter code: every code of three
    orthogonal axes (`RDF`, `FLU` ...) and the handedness aliases (`RIGHT_HAND_Z_UP` = `RFU` ...)."""
    import itertools

    pairs = (("U", "D"), ("R", "L"), ("F", "B"))
    codes = {
        code: code
        for axes in itertools.permutations(range(3))
        for signs in itertools.product((0, 1), repeat=3)
        for code in ["".join(pairs[a][s] for a, s in zip(axes, signs, strict=True))]
    }
    aliases = {
        "RIGHT_HAND_X_UP": "URF",
        "RIGHT_HAND_X_DOWN": "DRB",
        "RIGHT_HAND_Y_UP": "RUB",
        "RIGHT_HAND_Y_DOWN": "RDF",
        "RIGHT_HAND_Z_UP": "RFU",
        "RIGHT_HAND_Z_DOWN": "RBD",
        "LEFT_HAND_X_UP": "URB",
        "LEFT_HAND_X_DOWN": "DRF",
        "LEFT_HAND_Y_UP": "RUF",
        "LEFT_HAND_Y_DOWN": "RDB",
        "LEFT_HAND_Z_UP": "RBU",
        "LEFT_HAND_Z_DOWN": "RFD",
    }
    return codes | aliases


_DIR_BY_NAME = {d.name.lower(): d.value for d in ViewDir} | {d.name[0].lower(): d.value for d in ViewDir}


def _axis_values(item: Any, out: list[int]) -> None:
    """Appends the u8 value(s) of `item`: a ViewDir, a name ("Right", "R"), a 3-letter code
    ("RDF"), an int 1..6, a ViewCoordinates, or a sequence of these."""
    if hasattr(item, "xyz") and hasattr(item.xyz, "_numpy_data"):  # an nparrow ViewCoordinates
        if item.xyz is None:
            raise ValueError("ViewCoordinates without xyz")
        out.extend(int(v) for v in item.xyz._numpy_data[0].reshape(-1))
    elif isinstance(item, str):
        key = item.lower()
        if key in _DIR_BY_NAME:
            out.append(_DIR_BY_NAME[key])
        elif len(key) == 3 and all(ch in _DIR_BY_NAME for ch in key):
            out.extend(_DIR_BY_NAME[ch] for ch in key)
        else:
            raise ValueError(f"Cannot convert {item!r} to ViewDir")
    elif hasattr(item, "value") and hasattr(item, "name"):  # ViewDir, or rerun-sdk's ViewDir
        out.append(int(item.value))
    elif hasattr(item, "coordinates"):  # a rerun-sdk ViewCoordinates
        for v in item.coordinates:
            _axis_values(v, out)
    elif np.ndim(item) == 0:
        out.append(int(item))
    else:
        for v in item:
            _axis_values(v, out)


class ViewCoordinatesShape(FixedSize):
    """`FixedSizeList<3 x u8>` from ViewDirs, names, ints or ViewCoordinates."""

    def __init__(self) -> None:
        super().__init__(np.uint8, 3)
        self.expected = "three ViewDir values (names, ints 1-6 or ViewDir), or a sequence of such triples"

    def convert(self, data: Any) -> Payload:
        if isinstance(data, np.ndarray) and data.dtype.kind in "iu":
            values = data
        else:
            flat: list[int] = []
            try:
                _axis_values(data, flat)
            except TypeError:
                raise TypeError(f"expected {self.expected}, got {_describe(data)}") from None
            values = np.array(flat, dtype=np.int64)
        if values.size and (values.min() < 1 or values.max() > 6):
            raise ValueError(f"ViewDir values must be in 1..6, got {values.reshape(-1).tolist()}")
        return super().convert(values.astype(np.uint8))
