"""Blueprint components (rerun-sdk 0.41's `rerun.blueprint.components`): generated from the
registry's `BLUEPRINT_COMPONENTS` rows, as `nparrow.components` is from `COMPONENTS`."""

from __future__ import annotations

from typing import Any

from .._registry import BLUEPRINT_COMPONENTS
from ..components import make_component_batches

__all__: list[str] = []

make_component_batches(BLUEPRINT_COMPONENTS, "rerun.blueprint.components", globals(), __all__)


def __getattr__(name: str) -> Any:  # pragma: no cover - only for better errors
    raise AttributeError(f"nparrow.blueprint.components has no {name!r} (not implemented yet)")
