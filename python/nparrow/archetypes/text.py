"""`TextLog` (log lines with a level) and `TextDocument` (plain text or markdown), with the
`TextLogLevel` and `MediaType` constants (rerun.archetypes.TextLog / TextDocument)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from .. import components as c
from .._baseclasses import Archetype, Field


class _Utf8Constant(str):
    """A string with rerun-sdk's `Utf8` look (`.value`, `Name(value=...)`): any `str` is accepted
    wherever one is expected, and these compare equal to the plain string."""

    __slots__ = ()

    @property
    def value(self) -> str:
        return str.__str__(self)

    def __str__(self) -> str:
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(value={str.__repr__(self)})"


class TextLogLevel(_Utf8Constant):
    """The severity of a `TextLog` line: one of the constants below, or any string."""

    __slots__ = ()
    CRITICAL: ClassVar[TextLogLevel]
    ERROR: ClassVar[TextLogLevel]
    WARN: ClassVar[TextLogLevel]
    INFO: ClassVar[TextLogLevel]
    DEBUG: ClassVar[TextLogLevel]
    TRACE: ClassVar[TextLogLevel]


for _level in ("CRITICAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE"):
    setattr(TextLogLevel, _level, TextLogLevel(_level))


class MediaType(_Utf8Constant):
    """An IANA media type (`text/markdown`, `image/png`, ...): a constant below, or any string."""

    __slots__ = ()
    TEXT: ClassVar[MediaType]
    MARKDOWN: ClassVar[MediaType]
    JPEG: ClassVar[MediaType]
    PNG: ClassVar[MediaType]
    GLB: ClassVar[MediaType]
    GLTF: ClassVar[MediaType]
    OBJ: ClassVar[MediaType]
    PLY: ClassVar[MediaType]
    STL: ClassVar[MediaType]
    RVL: ClassVar[MediaType]
    MP4: ClassVar[MediaType]
    AAC: ClassVar[MediaType]
    FLAC: ClassVar[MediaType]
    M4A: ClassVar[MediaType]
    MP3: ClassVar[MediaType]
    OGG: ClassVar[MediaType]
    WAV: ClassVar[MediaType]

    @staticmethod
    def guess_from_path(path: str | Path) -> MediaType | None:
        """The media type for a file extension rerun-sdk knows, else None."""
        return _BY_EXTENSION.get(Path(path).suffix.lower())


_MEDIA_TYPES = {
    "TEXT": "text/plain",
    "MARKDOWN": "text/markdown",
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "GLB": "model/gltf-binary",
    "GLTF": "model/gltf+json",
    "OBJ": "model/obj",
    "PLY": "application/x-ply",
    "STL": "model/stl",
    "RVL": "application/rvl",
    "MP4": "video/mp4",
    "AAC": "audio/aac",
    "FLAC": "audio/flac",
    "M4A": "audio/mp4",
    "MP3": "audio/mpeg",
    "OGG": "audio/ogg",
    "WAV": "audio/wav",
}
for _name, _mime in _MEDIA_TYPES.items():
    setattr(MediaType, _name, MediaType(_mime))

# The extensions rerun-sdk 0.41's `MediaType.guess_from_path` recognises (text is not guessed).
_BY_EXTENSION: dict[str, MediaType] = {
    ext: getattr(MediaType, name)
    for name, exts in {
        "JPEG": (".jpg", ".jpeg"),
        "PNG": (".png",),
        "GLB": (".glb",),
        "GLTF": (".gltf",),
        "OBJ": (".obj",),
        "PLY": (".ply",),
        "STL": (".stl",),
        "MP4": (".mp4",),
        "AAC": (".aac",),
        "FLAC": (".flac",),
        "M4A": (".m4a",),
        "MP3": (".mp3",),
        "OGG": (".oga", ".ogg", ".opus"),
        "WAV": (".wav",),
    }.items()
    for ext in exts
}


class TextLog(Archetype):
    """A log line: text, an optional level (`TextLogLevel.INFO`, ...) and an optional color."""

    _SPEC = (
        Field("text", c.TextBatch, positional=True, required=True),
        Field("level", c.TextLogLevelBatch),
        Field("color", c.ColorBatch),
    )


class TextDocument(Archetype):
    """A text document shown in a text view; `media_type` `MediaType.MARKDOWN` renders markdown
    (default: `text/plain`)."""

    _SPEC = (
        Field("text", c.TextBatch, positional=True, required=True),
        Field("media_type", c.MediaTypeBatch),
    )
