"""Entity paths as rerun-sdk 0.41 spells them: escaped parts joined by `/` (escaping in Rust)."""

from __future__ import annotations

import re
from typing import Any

from . import _native
from .error_utils import _report

__all__ = ["escape_entity_path_part", "new_entity_path"]


def escape_entity_path_part(part: str) -> str:
    r"""Escapes one part of an entity path: `escape_entity_path_part("my image!")` is `my\ image\!`."""
    return _native.escape_entity_path_part(part)


def new_entity_path(entity_path: list[Any]) -> str:
    r"""An entity path from unescaped parts (non-strings go through `str()`):
    `new_entity_path(["world", 42, "my image!"])` is `/world/42/my\ image\!`."""
    return _native.new_entity_path([str(part) for part in entity_path])


def _path_str(entity_path: Any) -> str:
    """What `log`/`send_columns` hand to Rust: a string as is (Rust parses it the way Rerun does),
    a list (or tuple) of parts escaped and joined."""
    if type(entity_path) is str:
        return entity_path
    if isinstance(entity_path, (list, tuple)):
        return _native.new_entity_path([str(part) for part in entity_path])
    if isinstance(entity_path, str):
        return str(entity_path)
    raise TypeError(f"entity_path: expected a str or a list of parts, got {type(entity_path).__name__}")


def _unknown_escape(path: str) -> str | None:
    r"""The first escape rerun-sdk warns about in `path` (`\q`: backslash + a letter it does not
    know, e.g. a Windows path), or None. Mirrors Rust's `entity_path::unescape_part`: parts split
    at `/` not after a backslash; `\u` consumes up to `}` or 8 bytes (kept literally if invalid)."""
    for part in _PART_SPLIT.split(path):
        chars = iter(part)
        for c in chars:
            if c != "\\":
                continue
            c = next(chars, "")
            if c == "u":
                consumed = 0
                for u in chars:
                    consumed += len(u.encode())
                    if u == "}" or consumed >= 8:
                        break
            elif c and c not in _KNOWN_ESCAPES:
                return "\\" + c
    return None


_PART_SPLIT = re.compile(r"(?<!\\)/")
_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"  # = string.punctuation (not imported: import time)
_KNOWN_ESCAPES = frozenset("nrt " + _PUNCTUATION)


def _check_path(path: str, call: str) -> None:
    """Warns (raises in strict mode) about an escape rerun-sdk warns about; after a warning the
    row is still logged, at the path rerun-sdk records (`a\\q` → `/aq`)."""
    if (esc := _unknown_escape(path)) is not None:
        _report(
            f"{call}({path!r})",
            ValueError(
                f"unknown escape sequence '{esc}' in the entity path (a Windows file path?); "
                f"read as {_native.normalize_entity_path(path)}, as rerun-sdk does"
            ),
        )
