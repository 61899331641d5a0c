"""Components (rerun-sdk 0.41's `rerun.components`): each registry entry becomes a batch class
that delegates to its encoding, plus Python enums for the enum components; the single values
(`Color`, `Radius`, `Position3D` ...) and the `*Like` / `*ArrayLike` aliases are made on first
use (`_values.py`), each a subclass of its encoding's value."""

from __future__ import annotations

import enum
import sys
from typing import Any

from .. import _values, encodings
from .._baseclasses import BaseBatch, ComponentBatchMixin
from .._registry import BLUEPRINT_DATA_COMPONENTS, COMPONENTS
from .._shapes import Enum as _EnumShape
from .._shapes import Shape as _Shape

__all__: list[str] = []


def make_component_batches(
    table: dict[str, str | _Shape], type_prefix: str, namespace: dict[str, Any], exported: list[str]
) -> None:
    """One `<Name>Batch` class per row of `table` (and a Python enum per enum row), put into
    `namespace` (a module's globals) and `exported`; their component type is
    `<type_prefix>.<Name>` (`rerun.components`, `rerun.blueprint.components`)."""
    module = namespace["__name__"]
    for name, enc in table.items():
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
                namespace[name] = enum.Enum(name, members, module=module)  # type: ignore[misc]
                exported.append(name)
        else:
            base = getattr(encodings, f"{enc}Batch")
        cls = type(
            f"{name}Batch",
            (base, ComponentBatchMixin),
            {"__slots__": (), "_COMPONENT_TYPE": f"{type_prefix}.{name}", "__module__": module},
        )
        namespace[cls.__name__] = cls
        exported.append(cls.__name__)


make_component_batches(COMPONENTS, "rerun.components", globals(), __all__)
make_component_batches(
    {k: v for k, v in BLUEPRINT_DATA_COMPONENTS.items() if k not in COMPONENTS},
    "rerun.components",
    globals(),
    __all__,
)


_MODULE = sys.modules[__name__]
_DATA_COMPONENTS = {
    **COMPONENTS,
    **{k: v for k, v in BLUEPRINT_DATA_COMPONENTS.items() if k not in COMPONENTS},
}
# Rows whose batch an archetype module declares: (module, batch class name).
_ELSEWHERE = {"AnnotationContext": ("archetypes.annotation_context", "AnnotationContextBatch")}
__all__.extend(_values.lazy_names(_DATA_COMPONENTS, globals()))
__all__.extend([n for row in _ELSEWHERE for n in (row, f"{row}Batch", f"{row}Like", f"{row}ArrayLike")])


def _elsewhere() -> dict[str, tuple[Any, _Shape]]:
    out = {}
    for row, (mod, attr) in _ELSEWHERE.items():
        batch = _values._load(f"{mod}:{attr}")
        out[row] = (batch, batch._SHAPE)
    return out


def __getattr__(name: str) -> Any:
    """A single value or a type alias of a registry row (made on first use), or a batch class an
    archetype module declares (`AnnotationContextBatch`)."""
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
