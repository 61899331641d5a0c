"""Blueprint components (rerun-sdk 0.41's `rerun.blueprint.components`): generated from the
registry's `BLUEPRINT_COMPONENTS` rows, as `nparrow.components` is from `COMPONENTS`. The single
values (`ActiveTab`, `ZoomLevel`, `SortBy` ...) and the `*Like` / `*ArrayLike` aliases are made
on first use (`_values.py`), each a subclass of its encoding's value, as in rerun-sdk."""

from __future__ import annotations

import sys
from typing import Any

from .. import _values, encodings
from .._registry import BLUEPRINT_COMPONENTS, BLUEPRINT_VALUE_ROWS
from .._shapes import ListOf as _ListOf
from ..components import make_component_batches

__all__: list[str] = []

make_component_batches(BLUEPRINT_COMPONENTS, "rerun.blueprint.components", globals(), __all__)
for _name, _row in BLUEPRINT_COMPONENTS.items():
    if isinstance(_row, _ListOf):  # `ColumnOrderBatch(ColumnOrder([...]))`: the list shape reads lists only
        _cls = globals()[f"{_name}Batch"]
        _cls.__init__ = _values.accepting_values(_cls.__init__)

_MODULE = sys.modules[__name__]
__all__.extend(_values.lazy_names(BLUEPRINT_VALUE_ROWS, globals()))


def __getattr__(name: str) -> Any:
    """A single value or a type alias of a blueprint component row, made on first use."""
    return _values.resolve(
        _MODULE,
        name,
        BLUEPRINT_VALUE_ROWS,
        encodings=encodings,
        component_prefix="rerun.blueprint.components",
    )


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
