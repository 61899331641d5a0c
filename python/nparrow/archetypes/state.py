"""`StateChange` and `StateConfiguration`: a state timeline's values and how each state is shown
(rerun.archetypes.StateChange / StateConfiguration)."""

from __future__ import annotations

from .. import components as c
from .._baseclasses import Archetype, Field

__all__ = ["StateChange", "StateConfiguration"]


class StateChange(Archetype):
    _SPEC = (Field("state", c.TextBatch),)


class StateConfiguration(Archetype):
    _SPEC = (
        Field("values", c.TextBatch),
        Field("labels", c.TextBatch),
        Field("colors", c.ColorBatch),
        Field("visible", c.VisibleBatch),
    )
