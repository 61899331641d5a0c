"""`datatypes` is an alias of `encodings`, as in rerun-sdk 0.41 (every name is looked up there,
so the lazily made values and aliases are the same objects)."""

from __future__ import annotations

from typing import Any

from . import encodings

__all__ = encodings.__all__


def __getattr__(name: str) -> Any:
    value = getattr(encodings, name)
    globals()[name] = value  # looked up once: later reads are plain module attributes
    return value


def __dir__() -> list[str]:
    return dir(encodings)
