"""The base of every nparrow enum class (component enums, `ViewDir`, the image enums): rerun-sdk's
enum conventions. Below the value family (`_values.make_enum` makes the registry's enums from it)
and the hand-written enum modules, so each can import it without a cycle."""

from __future__ import annotations

import enum
from typing import Any

import numpy as np

__all__ = ["AutoEnum"]


class AutoEnum(enum.Enum):
    """rerun-sdk's enum conventions: `auto()` accepts members (also rerun-sdk's own), ints and
    case-insensitive names; `str()` is the variant name."""

    @classmethod
    def auto(cls, val: Any) -> Any:
        if isinstance(val, cls):
            return val
        if isinstance(val, (int, np.integer)) and not isinstance(val, bool):
            return cls(int(val))
        if isinstance(val, str):
            try:
                return cls[val]
            except KeyError:
                member = cls._lower().get(val.lower())
                if member is not None:
                    return member
        elif isinstance(getattr(val, "name", None), str) and isinstance(getattr(val, "value", None), int):
            return cls.auto(val.value)  # e.g. rerun-sdk's own enum member
        raise ValueError(f"Cannot convert {val} to {cls.__name__}")

    @classmethod
    def _lower(cls) -> dict[str, Any]:
        return {m.name.lower(): m for m in cls}

    def __str__(self) -> str:
        return self.name
