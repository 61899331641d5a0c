"""Sinks past `save`: several at once (`set_sinks`), standard output and in-memory `.rrd`
bytes, as rerun-sdk 0.41 has them. Every function takes a resolved recording stream (the
module API resolves it), so this module imports no recording module."""

from __future__ import annotations

import os
from typing import Any

__all__ = ["BinaryStream", "FileSink", "GrpcServerSink", "GrpcSink"]


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


class GrpcServerSink:
    """A gRPC server for `set_sinks` that Rerun viewers connect to (see `serve_grpc`), with
    rerun-sdk 0.41's parameters. It binds when `set_sinks` is called; replacing the sinks or
    disconnecting the recording stops it."""

    def __init__(
        self,
        bind_ip: str = "0.0.0.0",  # rerun-sdk's default: all interfaces
        port: int = 9876,
        *,
        server_memory_limit: str = "1GiB",
        newest_first: bool = False,
        cors_allow_origin: list[str] | None = None,
    ) -> None:
        if not isinstance(bind_ip, str):
            raise TypeError(f"GrpcServerSink: bind_ip must be a str, got {type(bind_ip).__name__}")
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port < 65536:
            raise ValueError(f"GrpcServerSink: port must be an int in 0-65535, got {port!r}")
        if not isinstance(server_memory_limit, str):
            raise TypeError(
                "GrpcServerSink: server_memory_limit must be a str such as '1GiB', "
                f"got {type(server_memory_limit).__name__}"
            )
        self.bind_ip = bind_ip
        self.port = port
        self.server_memory_limit = server_memory_limit
        self.newest_first = bool(newest_first)
        self.cors_allow_origin = list(cors_allow_origin or [])

    @property
    def uri(self) -> str:
        """The URL a Rerun viewer connects to (as rerun-sdk forms it, from `bind_ip` and `port`)."""
        return f"rerun+http://{self.bind_ip}:{self.port}/proxy"

    def _spec(self, rec: Any) -> tuple[str, Any]:
        return ("grpc_server", (self.bind_ip, self.port, self.server_memory_limit, self.newest_first))

    def _key(self) -> tuple[str, int]:
        return ("grpc_server", self.port)

    def __repr__(self) -> str:
        return (
            f"GrpcServerSink(bind_ip={self.bind_ip!r}, port={self.port}, "
            f"server_memory_limit={self.server_memory_limit!r}, newest_first={self.newest_first})"
        )


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
    """Streams `rec` (from its start) to every sink at once.

    As rerun-sdk 0.41, whatever the strict mode: a sink that cannot be opened (a file that
    cannot be created, a malformed gRPC URL) raises `RuntimeError` and the current sink is kept;
    two sinks to the same place raise `ValueError`; something that is not a sink `TypeError`
    (rerun-sdk: `RuntimeError`)."""
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
    try:
        rec._rec.set_sinks([sink._spec(rec) for sink in sinks])
    except (ValueError, OSError) as err:
        raise RuntimeError(str(err)) from err
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
