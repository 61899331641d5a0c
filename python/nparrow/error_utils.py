"""Bad-input policy, as in rerun-sdk: warn and drop, or raise in strict mode.

Every warning nparrow shows goes through `_report` (or `_warn_from_batcher` for problems the
batcher thread found): it is a `RerunWarning`, strict mode raises instead, and it points at the
user's own line (the first frame outside the nparrow package, found by `_user_stacklevel`).
"""

from __future__ import annotations

import os
import sys
import types
import warnings

__all__ = ["RerunWarning", "set_strict_mode", "strict_mode"]


class RerunWarning(UserWarning):
    """A problem with logged data: the bad component or call was dropped."""


_strict: bool = os.environ.get("RERUN_STRICT", "").lower() in ("1", "true", "yes", "on")
_PKG_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def set_strict_mode(mode: bool) -> None:
    """In strict mode, bad input raises instead of warning (rerun-sdk's `set_strict_mode`)."""
    global _strict
    _strict = bool(mode)


def strict_mode() -> bool:
    return _strict


def _user_stacklevel() -> int:
    """The `stacklevel` for a `warnings.warn` made by this function's caller that points at the
    first frame outside the nparrow package (the user's line), however deep inside nparrow the
    call was. The one place that decides where warnings point."""
    frame: types.FrameType | None = sys._getframe(1)  # the caller: stacklevel 1 of its warnings.warn
    level = 1
    while frame is not None and (
        frame.f_code.co_filename.startswith(_PKG_DIR)
        # code nparrow generates (archetype constructors) runs with its module's globals
        or frame.f_globals.get("__name__", "").partition(".")[0] == "nparrow"
    ):
        frame = frame.f_back
        level += 1
    return level


def _report(
    context: str, err: Exception, stacklevel: int | None = None, *, strict: bool | None = None
) -> None:
    """Raise in strict mode, otherwise warn naming the context; the caller drops the data.

    `strict` overrides the global mode for one call (`send_columns(strict=...)`). `stacklevel` is
    accepted for old callers and ignored: the warning points at the user's line."""
    if _strict if strict is None else strict:
        raise err
    warnings.warn(f"{context}: {err}", category=RerunWarning, stacklevel=_user_stacklevel())


def _warn_from_batcher(message: str) -> None:
    """A problem the batcher (a background thread) found, reported by Rust at the next Python
    call into the recording (`log`, `flush`, ...): a `RerunWarning` at that call's user line, or
    in strict mode a `RuntimeError` raised from that call."""
    if _strict:
        raise RuntimeError(message)
    warnings.warn(message, category=RerunWarning, stacklevel=_user_stacklevel())


def _warn(message: str, error: type[Exception] = RuntimeError) -> None:
    """A problem that is not bad data (e.g. no viewer to spawn): a `RerunWarning` at the user's
    line, or in strict mode `error(message)` raised."""
    if _strict:
        raise error(message)
    warnings.warn(message, category=RerunWarning, stacklevel=_user_stacklevel())
