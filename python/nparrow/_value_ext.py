"""rerun-sdk's extra helpers on single-value classes (its `*_ext.py`), one declared table:
(module, class) → {name: function, or `_constants` / `_field` as `_values.make_value` reads them}.
`_values.py` attaches each entry when it makes the class. General behaviour is not here: every
enum value class gets rerun's `auto()` / `str()` from its family (`_values.make_enum`).

The helpers import nothing above the value classes (no cycle: `_values` imports this table):
class methods get their class as `cls`, the ViewCoordinates constants come from
`_view_coordinates`, whose codes the archetype's constants also are."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._view_coordinates import ViewDir, _axis_values

__all__ = ["EXTRAS"]


# --- components.Color ---

_GOLDEN_RATIO = (5**0.5 - 1) / 2


def _color_from_string(cls: Any, s: str) -> Any:
    """A color picked from `hash(s)`: the same for the same input, as rerun-sdk's. (Python
    salts `str` hashes per process unless PYTHONHASHSEED is set, for both SDKs alike.)"""
    import colorsys

    hue = (hash(s) & 0xFFFF) / 2**16 * _GOLDEN_RATIO
    return cls([round(255 * channel) for channel in colorsys.hsv_to_rgb(hue, 0.85, 0.5)])


# --- components.MediaType ---

# A file suffix (lowercase) → the MediaType constant rerun-sdk guesses for it.
_MEDIA_BY_SUFFIX = {
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".png": "PNG",
    ".glb": "GLB",
    ".gltf": "GLTF",
    ".obj": "OBJ",
    ".ply": "PLY",
    ".stl": "STL",
    ".mp4": "MP4",
    ".aac": "AAC",
    ".flac": "FLAC",
    ".m4a": "M4A",
    ".mp3": "MP3",
    ".oga": "OGG",
    ".ogg": "OGG",
    ".opus": "OGG",
    ".wav": "WAV",
}


def _media_type_guess_from_path(cls: Any, path: Any) -> Any:
    """The media type of a file from its suffix (case-insensitive), or None."""
    from pathlib import PurePath

    name = _MEDIA_BY_SUFFIX.get(PurePath(path).suffix.lower())
    return None if name is None else getattr(cls, name)


# --- components.VideoTimestamp ---


def _timestamps(unit: str, per_ns: float) -> Any:
    def make(cls: Any, values: Any) -> Any:
        # Scaled, then truncated to int64, as rerun-sdk (a string fails as there: a TypeError in
        # the scaling, a ValueError in the cast).
        ns = np.asarray(values if per_ns == 1 else np.asarray(values) * per_ns, dtype=np.int64)
        if ns.ndim == 0:
            raise TypeError(f"VideoTimestamp.{unit}: expected a sequence of timestamps, got one value")
        if ns.ndim > 1:
            raise ValueError(f"VideoTimestamp.{unit}: expected a 1-D sequence, got shape {ns.shape}")
        return cls._BATCH_TYPE(ns)  # the VideoTimestampBatch

    make.__name__ = unit
    make.__doc__ = f"A VideoTimestampBatch from {unit} since the start of the video."
    return classmethod(make)


# --- encodings.ViewCoordinates / components.ViewCoordinates ---


def _view_coordinates_field(self: Any, name: str, value: Any) -> Any:
    """Three axis directions as u8: ViewDir members (nparrow's or rerun-sdk's), ints 1..6, names."""
    out: list[int] = []
    _axis_values(value, out)
    arr = np.array(out, dtype=np.int64)
    if arr.size != 3:
        raise ValueError(f"{type(self).__name__}: expected 3 axis directions, got {arr.size}")
    if arr.min() < 1 or arr.max() > 6:
        raise ValueError(f"{type(self).__name__}: ViewDir values must be in 1..6, got {arr.tolist()}")
    return arr.astype(np.uint8)


def _view_coordinates_constants() -> dict[str, tuple[Any, ...]]:
    """The named constants (`ViewCoordinates.RDF`, `RIGHT_HAND_Z_UP` ...) as component values."""
    from ._view_coordinates import constant_codes

    return {name: (code,) for name, code in constant_codes().items()}


def _view_coordinates_as_component_batches(self: Any) -> Any:
    """The component logged as rerun's archetype `ViewCoordinates` (the AsComponents protocol):
    its one field `xyz`, described as the archetype describes it (the component sits below the
    archetypes in the import graph, so it names the descriptor instead of importing them)."""
    from ._native import ComponentDescriptor

    descriptor = ComponentDescriptor(
        "ViewCoordinates:xyz",
        archetype="rerun.archetypes.ViewCoordinates",
        component_type="rerun.components.ViewCoordinates",
    )
    return [type(self)._BATCH_TYPE([self]).described(descriptor)]


EXTRAS: dict[tuple[str, str], dict[str, Any]] = {
    ("components", "Color"): {"from_string": classmethod(_color_from_string)},
    ("components", "MediaType"): {"guess_from_path": classmethod(_media_type_guess_from_path)},
    ("components", "VideoTimestamp"): {
        "seconds": _timestamps("seconds", 1e9),
        "milliseconds": _timestamps("milliseconds", 1e6),
        "nanoseconds": _timestamps("nanoseconds", 1),
    },
    ("encodings", "ViewCoordinates"): {"_field": _view_coordinates_field},
    ("components", "ViewCoordinates"): {  # its `_field` is the encoding's above
        "ViewDir": ViewDir,
        "as_component_batches": _view_coordinates_as_component_batches,
        "_constants": _view_coordinates_constants,
    },
}
