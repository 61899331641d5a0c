"""Components (rerun-sdk 0.41's `rerun.components`): each registry entry becomes a batch class
that delegates to its encoding, plus Python enums for the enum components."""

from __future__ import annotations

import enum
from typing import Any

from .. import encodings
from .._baseclasses import BaseBatch, ComponentBatchMixin
from .._registry import COMPONENTS
from .._shapes import Enum as _EnumShape
from .._shapes import Shape as _Shape

__all__: list[str] = []

for _name, _enc in COMPONENTS.items():
    if isinstance(_enc, _Shape):  # a component with a shape of its own (enums, line strips)
        _base: type[BaseBatch] = type(
            f"_{_name}Encoding", (BaseBatch,), {"__slots__": (), "_SHAPE": _enc, "__init__": _enc.make_init()}
        )
        if isinstance(_enc, _EnumShape):
            _py_enum = enum.Enum(_name, {v: i + 1 for i, v in enumerate(_enc.variants)}, module=__name__)  # type: ignore[misc]
            globals()[_name] = _py_enum
            __all__.append(_name)
    else:
        _base = getattr(encodings, f"{_enc}Batch")
    _cls = type(
        f"{_name}Batch",
        (_base, ComponentBatchMixin),
        {"__slots__": (), "_COMPONENT_TYPE": f"rerun.components.{_name}", "__module__": __name__},
    )
    globals()[_cls.__name__] = _cls
    __all__.append(_cls.__name__)


def __getattr__(name: str) -> Any:  # pragma: no cover - only for better errors
    raise AttributeError(f"nparrow.components has no {name!r} (not implemented yet)")
