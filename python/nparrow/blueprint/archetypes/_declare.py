"""How blueprint archetypes are declared: `Archetype` with `rerun.blueprint.archetypes.<Name>`,
and a compact field list (`spec`) whose components come from the blueprint components first,
then the data components."""

from __future__ import annotations

from ... import components as _data
from ..._baseclasses import Archetype, Field
from .. import components as _bp

__all__ = ["BlueprintArchetype", "spec"]


class BlueprintArchetype(Archetype):
    """Base of the blueprint archetypes (their type is `rerun.blueprint.archetypes.<Name>`)."""

    __slots__ = ()
    _ARCHETYPE_PREFIX = "rerun.blueprint.archetypes"


def spec(fields: str) -> tuple[Field, ...]:
    """`"name:Component ..."` in rerun's field order; `name!` is positional and required,
    `name^` positional with default None, anything else keyword-only."""
    out = []
    for item in fields.split():
        name, component = item.split(":")
        batch = getattr(_bp, f"{component}Batch", None) or getattr(_data, f"{component}Batch")
        out.append(Field(name.rstrip("!^"), batch, positional=name[-1] in "!^", required=name.endswith("!")))
    return tuple(out)
