"""`Clear`: empties the components of an entity, optionally of its children too
(rerun.archetypes.Clear)."""

from __future__ import annotations

from .. import components as c
from .._baseclasses import Archetype, Field


class Clear(Archetype):
    """Logged at a time point, hides everything logged to the entity (and, if recursive, to its
    descendants) before it."""

    _SPEC = (Field("is_recursive", c.ClearIsRecursiveBatch),)

    def __init__(self, *, recursive: bool) -> None:
        self._core(is_recursive=recursive)

    @staticmethod
    def flat() -> Clear:
        """A non-recursive clear: the entity's children are left untouched."""
        return Clear(recursive=False)

    @staticmethod
    def recursive() -> Clear:
        """A recursive clear: the entity and all its descendants."""
        return Clear(recursive=True)
