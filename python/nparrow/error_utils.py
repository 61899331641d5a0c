"""Bad-input policy, as in rerun-sdk: warn and drop, or raise in strict mode."""

from __future__ import annotations

import os
import warnings

__all__ = ["RerunWarning", "set_strict_mode", "strict_mode"]


class RerunWarning(UserWarning):
    """A problem with logged data: the bad component or call was dropped."""


_strict: bool = os.environ.get("RERUN_STRICT", "").lower() in ("1", "true", "yes", "on")


def set_strict_mode(mode: bool) -> None:
    """In strict mode, bad input raises instead of warning (rerun-sdk's `set_strict_mode`)."""
    global _strict
    _strict = bool(mode)


def strict_mode() -> bool:
    return _strict


def _report(context: str, err: Exception, stacklevel: int = 3) -> None:
    """Raise in strict mode, otherwise warn naming the context; the caller drops the data."""
    if _strict:
        raise err
    warnings.warn(f"{context}: {err}", category=RerunWarning, stacklevel=stacklevel)
