"""Sinks past `save`: several at once (`set_sinks`), standard output and in-memory `.rrd`
bytes, as rerun-sdk 0.41 has them. Every function takes a resolved recording stream (the
module API resolves it), so this module imports no recording module."""

from __future__ import annotations

import os
from typing import Any

__all__ = ["BinaryStream", "FileSink", "GrpcSink"]


class FileSink:
    """An `.rrd` file sink for `set_sinks` (`write_footer=False` leaves the footer out)."""

    def __init__(self, path: str | os.PathLike[str], *, write_footer: bool = True) -> None:
        self.path = os.fspath(path)
        self.write_footer = write_footer

    def _spec(self, rec: Any) -> tuple[str, Any]:
        return ("file", (self.path, self.write_footer))

    def _key(self) -> tuple[str, str]:
        return ("file", os.path.abspath(self.path))

    def __repr__(self) -> str:
        return f"FileSink({self.path!r})"


class GrpcSink:
    """A gRPC sink for `set_sinks`: a Rerun viewer or proxy at `url`
    (default `rerun+http://127.0.0.1:9876/proxy`)."""

    def __init__(self, url: str | None = None) -> None:
        if url is not None and not isinstance(url, str):
            raise TypeError(f"GrpcSink: url must be a str, got {type(url).__name__}")
        self.url = url

    def _spec(self, rec: Any) -> tuple[str, Any]:
        return ("grpc", self.url)

    def _key(self) -> tuple[str, str]:
        return ("grpc", self.url or "rerun+http://127.0.0.1:9876/proxy")

    def __repr__(self) -> str:
        return f"GrpcSink({self.url!r})"


class BinaryStream:
    """The `.rrd` bytes a recording writes (`binary_stream()`), read as they come."""

    def __init__(self, stream: Any, native: Any) -> None:
        self._stream = stream
        self._native = native

    def read(self, *, flush: bool = True, flush_timeout_sec: float = float("inf")) -> bytes | None:
        """The bytes written since the last read (after a flush, unless `flush=False`); None
        when there are none."""
        if flush:
            self.flush(flush_timeout_sec)
        data = bytes(self._native.read())
        return data or None

    def flush(self, timeout_sec: float = float("inf")) -> None:
        self._stream.flush()

    def _spec(self, rec: Any) -> tuple[str, Any]:
        return ("binary", self._native)

    def _key(self) -> tuple[str, int]:
        return ("binary", id(self._native))


def set_sinks(rec: Any, sinks: tuple[Any, ...], default_blueprint: Any = None) -> None:
    """Streams `rec` (from its start) to every sink at once."""
    keys = []
    for sink in sinks:
        if not hasattr(sink, "_spec"):
            raise TypeError(
                f"set_sinks: expected FileSink, GrpcSink or BinaryStream, got {type(sink).__name__}"
            )
        keys.append(sink._key())
    duplicates = {str(k) for k in keys if keys.count(k) > 1}
    if duplicates:
        raise ValueError(f"Duplicate sinks detected: {', '.join(sorted(duplicates))}")
    rec._rec.set_sinks([sink._spec(rec) for sink in sinks])
    if default_blueprint is not None:
        rec.send_blueprint(default_blueprint, make_active=False, make_default=True)


def stdout(rec: Any, default_blueprint: Any = None, write_footer: bool = True) -> None:
    """Streams `rec` as `.rrd` bytes to standard output (`python app.py | rerun -`)."""
    rec._rec.stdout(write_footer)
    if default_blueprint is not None:
        rec.send_blueprint(default_blueprint, make_active=False, make_default=True)


def binary_stream(rec: Any) -> BinaryStream:
    """Streams `rec` into a `BinaryStream` (no back-pressure: read it regularly)."""
    return BinaryStream(rec, rec._rec.binary_stream())
