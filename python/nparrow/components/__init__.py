"""Components (rerun-sdk 0.41's `rerun.components`): each registry entry becomes a batch class
that delegates to its encoding, plus Python enums for the enum components."""

from __future__ import annotations

import enum
from typing import Any

from .. import encodings
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


def __getattr__(name: str) -> Any:
    """`ImageFormat` (a value class rerun-sdk keeps in `rerun.components`), loaded on first use;
    anything else is an error that says it is missing."""
    if name == "ImageFormat":
        from .._image_format import ImageFormat

        return ImageFormat
    raise AttributeError(f"nparrow.components has no {name!r} (not implemented yet)")
