"""Live viewing: rerun-sdk 0.41's `connect_grpc` and `spawn`, streaming to a Rerun viewer over gRPC."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from . import _globals
from .error_utils import _warn

__all__ = ["connect_grpc", "serve_grpc", "spawn"]

DEFAULT_URL = "rerun+http://127.0.0.1:9876/proxy"
_SPAWN_WAIT_SECS = 15.0
# Viewers started by `spawn`, kept so their Popen objects are not collected while they run.
_SPAWNED: list[subprocess.Popen[bytes]] = []


def _resolve(recording: Any) -> Any:
    """The recording to stream: the one given (a `RecordingStream`), else the global one."""
    return _globals.data_recording(recording)


def connect_grpc(
    url: str | None = None,
    *,
    default_blueprint: Any = None,
    recording: Any = None,
) -> None:
    """
    Streams the recording to a Rerun viewer (or `rerun --serve-grpc` proxy) at `url`.

    Returns immediately. The URL must be `rerun+http://HOST:PORT/proxy` (default
    `rerun+http://127.0.0.1:9876/proxy`); anything else raises `ValueError`. Everything logged
    before (since `init` or the last `disconnect`) is sent first. While the viewer is not up yet,
    data is kept (up to `NPARROW_GRPC_BUFFER_BYTES`, 1 GiB) and `flush()`/exit wait for it up to
    `NPARROW_GRPC_CONNECT_TIMEOUT` seconds (5) after this call. A viewer that goes away leaves the
    program running: a warning, then further data is dropped.
    """
    rec = _resolve(recording)
    if rec is None:
        raise ValueError(
            "No application id found. You must call nparrow.init before connecting to a viewer, "
            "or provide a recording."
        )
    if url is not None and not isinstance(url, str):
        raise TypeError(f"connect_grpc: url must be a str, got {type(url).__name__}")
    rec._rec.connect_grpc(url if url is not None else DEFAULT_URL)
    if default_blueprint is not None:
        # As rerun-sdk: the app's default layout, which the viewer uses unless one is active.
        rec.send_blueprint(default_blueprint, make_active=False, make_default=True)


def _listening(port: int, timeout: float = 0.2) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


def _find_executable(executable_name: str, executable_path: str | None) -> str | None:
    if executable_path is not None:
        return executable_path if Path(executable_path).exists() else None
    found = shutil.which(executable_name)
    if found is not None:
        return found
    # A virtualenv's scripts directory is often not on PATH (python run by absolute path).
    beside = Path(sys.executable).parent / (executable_name + (".exe" if os.name == "nt" else ""))
    return str(beside) if beside.exists() else None


def spawn(
    *,
    port: int = 9876,
    connect: bool = True,
    memory_limit: str = "75%",
    server_memory_limit: str = "1GiB",
    hide_welcome_screen: bool = False,
    detach_process: bool = True,
    executable_name: str = "rerun",
    executable_path: str | None = None,
    default_blueprint: Any = None,
    recording: Any = None,
) -> None:
    """
    Starts a Rerun viewer listening on `port` (unless one already listens there), waits until it
    accepts connections, and (with `connect`) streams the recording to it.

    The `rerun` executable is looked up on PATH, then next to `sys.executable` (install it with
    `pip install rerun-sdk==0.41.*`). If none is found or it fails to start, a `RerunWarning`
    explains why and the program continues (the recording keeps buffering as before).
    """
    if not isinstance(port, int) or not 0 < port < 65536:
        raise ValueError(f"spawn: port must be an int in 1-65535, got {port!r}")
    if not _listening(port):
        exe = _find_executable(executable_name, executable_path)
        if exe is None:
            where = executable_path or f"{executable_name!r} on PATH or next to {sys.executable}"
            _warn(
                f"spawn: could not find the Rerun viewer ({where}); install it with "
                "`pip install rerun-sdk==0.41.*`. Not spawning a viewer."
            )
            return
        args = [exe, "--port", str(port), "--memory-limit", memory_limit]
        args += ["--server-memory-limit", server_memory_limit, "--expect-data-soon"]
        if hide_welcome_screen:
            args.append("--hide-welcome-screen")
        env = dict(os.environ, RERUN_APP_ONLY="true")
        try:
            proc = subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL, start_new_session=detach_process)
        except OSError as e:
            _warn(f"spawn: failed to start {exe}: {e}")
            return
        _SPAWNED.append(proc)
        deadline = time.monotonic() + _SPAWN_WAIT_SECS
        while not _listening(port):
            code = proc.poll()
            if code is not None:
                _warn(
                    f"spawn: the Rerun viewer ({exe}) exited with code {code} before listening on port {port}"
                )
                return
            if time.monotonic() > deadline:
                _warn(
                    f"spawn: the Rerun viewer ({exe}) is not listening on port {port} after "
                    f"{_SPAWN_WAIT_SECS:.0f} s; connecting anyway"
                )
                break
            time.sleep(0.05)
    if connect:
        connect_grpc(
            f"rerun+http://127.0.0.1:{port}/proxy", default_blueprint=default_blueprint, recording=recording
        )


DEFAULT_SERVER_PORT = 9876
_log = logging.getLogger(__name__)


def serve_grpc(
    *,
    grpc_port: int | None = None,
    default_blueprint: Any = None,
    recording: Any = None,
    server_memory_limit: str = "1GiB",
    newest_first: bool = False,
    cors_allow_origin: list[str] | None = None,
) -> str:
    """
    Hosts a gRPC server in this process that Rerun viewers connect to
    (`rerun rerun+http://127.0.0.1:PORT/proxy`); returns that URL.

    Everything logged (since `init`, and from now on) is kept for viewers that connect later,
    up to `server_memory_limit` ("1GiB", "500MB", "25%" of the RAM, "0" for none): past it the
    oldest temporal data is dropped first, then the oldest static data, with one `RerunWarning`;
    store infos and blueprints are always kept. `newest_first=True` replays the newest data
    first. The server listens on all interfaces, port `grpc_port` (default 9876; 0 picks a
    free port); a port in use raises `OSError`. It stops when the recording is disconnected or
    its sinks are replaced, and at exit. Viewers that come and go do not affect logging.

    `cors_allow_origin` is accepted for compatibility: nparrow's server speaks native gRPC
    only (no gRPC-web), so browsers cannot connect to it.
    """
    rec = _resolve(recording)
    if rec is not None and not rec.is_enabled():
        _log.warning("Rerun is disabled - serve_grpc() call ignored")
        return "[rerun is disabled]"
    if rec is None:
        raise ValueError(
            "No application id found. You must call nparrow.init before connecting to a viewer, "
            "or provide a recording."
        )
    port = DEFAULT_SERVER_PORT if grpc_port is None else grpc_port
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port < 65536:
        raise ValueError(f"serve_grpc: grpc_port must be an int in 0-65535, got {grpc_port!r}")
    if not isinstance(server_memory_limit, str):
        raise TypeError(
            f"serve_grpc: server_memory_limit must be a str such as '1GiB', got {type(server_memory_limit).__name__}"
        )
    url = rec._rec.serve_grpc("0.0.0.0", port, server_memory_limit, bool(newest_first))
    if default_blueprint is not None:
        rec.send_blueprint(default_blueprint, make_active=False, make_default=True)
    return str(url)
