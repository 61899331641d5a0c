"""Shared by the archetype parity tests: how each SDK is seen by the test cases."""

from __future__ import annotations

from typing import Any


class SDK:
    """An SDK module plus helper types it keeps outside its top level (rerun-sdk has
    `components.ImageFormat`, `encodings.KeypointPair`, ... where nparrow exports them as `rr.X`)."""

    def __init__(self, module: Any, **extra: Any) -> None:
        self._module = module
        self._extra = extra

    def __getattr__(self, name: str) -> Any:
        return self._extra[name] if name in self._extra else getattr(self._module, name)
