"""The container classes (`Horizontal`, `Vertical`, `Grid`, `Tabs`), where rerun-sdk has them;
declared in `api` with `Container`, which makes the root `Tabs` of a blueprint."""

from __future__ import annotations

from .api import Grid, Horizontal, Tabs, Vertical

__all__ = ["Grid", "Horizontal", "Tabs", "Vertical"]
