"""`serve_web_viewer` / `start_web_viewer_server` (rerun-sdk 0.41) through the installed viewer.

nparrow bundles no web viewer: the installed `rerun` executable (rerun-sdk's CLI) serves it
with `rerun --serve-web`, in its own process group, stopped when this process exits (at exit;
on Linux also when it is killed: the server gets SIGTERM when the thread that started it
ends, so start it from a long-lived thread such as the main one). Without the executable
both functions raise `RuntimeError` saying how to install it.
"""

from __future__ import annotations

import atexit
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

__all__ = ["serve_web_viewer", "start_web_viewer_server"]

_STARTUP_SECS = 30.0
_HOSTING = re.compile(r"Hosting a web-viewer at https?://[^:\s]+:(\d+)")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")

# The web servers this process started (stopped at exit, as rerun-sdk's end with the process).
_SERVERS: list[WebViewerServer] = []


class WebViewerServer:
    """One `rerun --serve-web` process: `port` is the HTTP port it serves the viewer on."""

    def __init__(self, proc: subprocess.Popen[str], port: int, reader: threading.Thread) -> None:
        self.proc = proc
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._reader = reader

    def stop(self) -> None:
        """Stops the server's whole process group (the `rerun` wrapper and the viewer binary)."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.proc.pid, sig)
            except (ProcessLookupError, PermissionError):
                break
            try:
                self.proc.wait(timeout=5)
                break
            except subprocess.TimeoutExpired:
                continue
        # The log reader ends at EOF once the group is gone; then its pipe can be closed.
        self._reader.join(timeout=5)
        if self.proc.stderr is not None and not self._reader.is_alive():
            self.proc.stderr.close()


@atexit.register
def _stop_all() -> None:
    while _SERVERS:
        _SERVERS.pop().stop()


def _rerun_executable() -> str:
    from ._grpc import _find_executable

    exe = _find_executable("rerun", None)
    if exe is None:
        raise RuntimeError(
            "serve_web_viewer: nparrow has no built-in web viewer and found no Rerun viewer "
            "(`rerun` on PATH or next to the Python executable); install it with "
            "`pip install rerun-sdk==0.41.*`"
        )
    return exe


def _viewer_binary(exe: str) -> str:
    """The viewer binary behind rerun-sdk's `rerun` Python wrapper (which runs it as a child),
    so that the server is one process that can be tied to this one; else `exe` itself."""
    try:
        with open(exe, "rb") as f:
            if f.read(2) != b"#!":
                return exe
        import rerun_cli  # type: ignore[import-untyped]  # rerun-sdk's CLI: the wrapper's target
    except (OSError, ImportError):
        return exe
    binary = Path(rerun_cli.__file__).with_name("rerun")
    return str(binary) if binary.is_file() and os.access(binary, os.X_OK) else exe


def _die_with_parent() -> None:
    """In the child, before exec: Linux sends it SIGTERM when this process dies, even by
    SIGKILL, so no web server outlives the program that started it (`PR_SET_PDEATHSIG`)."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)


def _start(args: list[str]) -> WebViewerServer:
    """Runs `rerun <args>` and waits until it says which port hosts the viewer."""
    exe = _viewer_binary(_rerun_executable())
    env = dict(os.environ, RERUN_ANALYTICS="0")
    proc = subprocess.Popen(
        [exe, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,  # noqa: PLW1509
    )
    stderr = proc.stderr
    assert stderr is not None  # PIPE above
    lines: list[str] = []
    found: list[int] = []
    ready = threading.Event()

    def read() -> None:
        # Drains the server's log for as long as it runs (a full pipe would block it).
        for line in stderr:
            if not found:
                lines.append(line)
                m = _HOSTING.search(_ANSI.sub("", line))
                if m:
                    found.append(int(m.group(1)))
                    ready.set()
        ready.set()

    reader = threading.Thread(target=read, name="nparrow-web-viewer-log", daemon=True)
    reader.start()
    ready.wait(_STARTUP_SECS)
    server = WebViewerServer(proc, found[0] if found else -1, reader)
    if not found:
        server.stop()
        log = _ANSI.sub("", "".join(lines)).strip()[-2000:]
        code = proc.poll()
        why = (
            f"exited with code {code}" if code is not None else f"did not start within {_STARTUP_SECS:.0f} s"
        )
        raise RuntimeError(f"serve_web_viewer: `{exe} {' '.join(args)}` {why}: {log}")
    _SERVERS.append(server)
    return server


def _port_arg(port: Any, name: str) -> int:
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port < 65536:
        raise ValueError(f"{name}: port must be an int in 0-65535, got {port!r}")
    return port


def serve_web_viewer(
    *, web_port: int | None = None, open_browser: bool = True, connect_to: str | None = None
) -> None:
    """Hosts the Rerun web viewer over HTTP on `web_port` (default 9090, 0 picks a free port)
    and returns at once; the server runs until this process exits.

    With `connect_to` (a `rerun+http://…/proxy` URL, e.g. what `serve_grpc()` returns) the
    viewer connects to it; with `open_browser` the default browser opens the viewer. This is no
    log sink. It runs the installed `rerun --serve-web`, which, without `connect_to`, also
    hosts a gRPC proxy of its own on a free port (rerun-sdk hosts only the HTTP server).
    Raises `RuntimeError` if there is no `rerun` executable or it fails to start.
    """
    port = _port_arg(9090 if web_port is None else web_port, "serve_web_viewer")
    args = ["--serve-web", "--web-viewer-port", str(port)]
    if open_browser:
        args.append("--web-viewer")
    if connect_to is not None:
        args.append(str(connect_to))
    else:
        args += ["--port", "0"]  # keep 9876 free for the user's own viewer or gRPC server
    _start(args)


def start_web_viewer_server(port: int = 0) -> None:
    """Hosts the Rerun web viewer over HTTP on `port` (0, the default, picks a free port),
    without opening a browser or connecting it anywhere; see `serve_web_viewer`."""
    args = ["--serve-web", "--web-viewer-port", str(_port_arg(port, "start_web_viewer_server"))]
    _start([*args, "--port", "0"])
