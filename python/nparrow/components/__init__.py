"""Components (rerun-sdk 0.41's `rerun.components`): each registry entry becomes a batch class
that delegates to its encoding, plus Python enums for the enum components, made on first use
(`nparrow.components.ColorBatch`, as an archetype declares it); the single values
(`Color`, `Radius`, `Position3D` ...) and the `*Like` / `*ArrayLike` aliases are made on first
use (`_values.py`), each a subclass of its encoding's value."""

from __future__ import annotations

import sys
import threading
from typing import Any

from .. import _values, encodings
from .._baseclasses import BaseBatch, ComponentBatchMixin
from .._registry import BLUEPRINT_DATA_COMPONENTS, COMPONENTS
from .._shapes import Enum as _EnumShape
from .._shapes import Shape as _Shape

__all__: list[str] = []


def _make_batch(name: str, enc: str | _Shape, type_prefix: str, module: str) -> tuple[type[BaseBatch], Any]:
    """The `<Name>Batch` class of one registry row, and its Python enum for an enum row (else
    None); the component type is `<type_prefix>.<Name>`."""
    py_enum = None
    if isinstance(enc, _Shape):  # a component with a shape of its own (enums, line strips)
        base: type[BaseBatch] = type(
            f"_{name}Encoding",
            (BaseBatch,),
            {"__slots__": (), "_SHAPE": enc, "__init__": enc.make_init()},
        )
        if not _values.reads_values(enc):  # after the class is made (its `__init__` may be regenerated)
            base.__init__ = _values.accepting_values(base.__init__)  # type: ignore[method-assign]
        if isinstance(enc, _EnumShape):
            members = getattr(enc, "members", None) or {v: i + 1 for i, v in enumerate(enc.variants)}
            py_enum = _values.make_enum(name, members, module)
    else:
        base = getattr(encodings, f"{enc}Batch")
    cls = type(
        f"{name}Batch",
        (base, ComponentBatchMixin),
        {"__slots__": (), "_COMPONENT_TYPE": f"{type_prefix}.{name}", "__module__": module},
    )
    return cls, py_enum


def _exported(table: dict[str, str | _Shape]) -> list[str]:
    """The names `_make_batch` gives for the rows of `table`, in order."""
    return [
        n
        for name, enc in table.items()
        for n in ([name] if isinstance(enc, _EnumShape) else []) + [f"{name}Batch"]
    ]


def make_component_batches(
    table: dict[str, str | _Shape], type_prefix: str, namespace: dict[str, Any], exported: list[str]
) -> None:
    """One `<Name>Batch` class per row of `table` (and a Python enum per enum row), put into
    `namespace` (a module's globals) and `exported` now (`nparrow.components` makes its own on
    first use instead, see `__getattr__`)."""
    module = namespace["__name__"]
    for name, enc in table.items():
        cls, py_enum = _make_batch(name, enc, type_prefix, module)
        if py_enum is not None:
            namespace[name] = py_enum
        namespace[cls.__name__] = cls
    exported.extend(_exported(table))


_MODULE = sys.modules[__name__]
_DATA_COMPONENTS = {
    **COMPONENTS,
    **{k: v for k, v in BLUEPRINT_DATA_COMPONENTS.items() if k not in COMPONENTS},
}
# The batch classes and enums are made on first use (import time): name → its row.
_PENDING = {n: row for row in _DATA_COMPONENTS for n in _exported({row: _DATA_COMPONENTS[row]})}
_LOCK = threading.RLock()
__all__.extend(_PENDING)
# Rows whose batch an archetype module declares: (module, batch class name).
_ELSEWHERE = {"AnnotationContext": ("archetypes.annotation_context", "AnnotationContextBatch")}
__all__.extend(_values.lazy_names(_DATA_COMPONENTS, {**globals(), **_PENDING}))
__all__.extend([n for row in _ELSEWHERE for n in (row, f"{row}Batch", f"{row}Like", f"{row}ArrayLike")])


def _made(row: str) -> None:
    """Makes the batch class (and enum) of `row` once, even when threads race for it."""
    with _LOCK:
        if f"{row}Batch" in globals():
            return
        cls, py_enum = _make_batch(row, _DATA_COMPONENTS[row], "rerun.components", __name__)
        if py_enum is not None:
            globals()[row] = py_enum
        globals()[cls.__name__] = cls


def _elsewhere() -> dict[str, tuple[Any, _Shape]]:
    out = {}
    for row, (mod, attr) in _ELSEWHERE.items():
        batch = _values._load(f"{mod}:{attr}")
        out[row] = (batch, batch._SHAPE)
    return out


def __getattr__(name: str) -> Any:
    """A single value or a type alias of a registry row (made on first use), or a batch class an
    archetype module declares (`AnnotationContextBatch`)."""
    if name in _PENDING:
        _made(_PENDING[name])
        return globals()[name]
    row = name.removesuffix("ArrayLike") if name.endswith("ArrayLike") else name.removesuffix("Like")
    if row in _DATA_COMPONENTS and f"{row}Batch" not in globals():
        _made(row)  # a value or alias names its batch
    if name.endswith("Batch") and name[: -len("Batch")] in _ELSEWHERE:
        batch = _elsewhere()[name[: -len("Batch")]][0]
        globals()[name] = batch
        return batch
    extra = _elsewhere() if name.removesuffix("ArrayLike").removesuffix("Like") in _ELSEWHERE else None
    return _values.resolve(
        _MODULE, name, _DATA_COMPONENTS, encodings=encodings, component_prefix="rerun.components", extra=extra
    )


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
