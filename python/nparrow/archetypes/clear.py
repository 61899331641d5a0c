"""`Clear`: empties the components of an entity, optionally of its children too
(rerun.archetypes.Clear)."""

from __future__ import annotations

from typing import ClassVar

from .. import components as c
from .._baseclasses import Archetype, BaseBatch


class Clear(Archetype):
    """Logged at a time point, hides everything logged to the entity (and, if recursive, to its
    descendants) before it."""

    _FIELDS: ClassVar[dict[str, type[BaseBatch]]] = {"is_recursive": c.ClearIsRecursiveBatch}
    __slots__ = tuple(_FIELDS)

    def __init__(self, *, recursive: bool) -> None:
        self._set(is_recursive=recursive)

    @staticmethod
    def flat() -> Clear:
        """A non-recursive clear: the entity's children are left untouched."""
        return Clear(recursive=False)

    @staticmethod
    def recursive() -> Clear:
        """A recursive clear: the entity and all its descendants."""
        return Clear(recursive=True)
