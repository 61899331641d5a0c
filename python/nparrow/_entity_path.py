"""Entity paths as rerun-sdk 0.41 spells them: escaped parts joined by `/` (escaping in Rust)."""

from __future__ import annotations

from typing import Any

from . import _native

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
