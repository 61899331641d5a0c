"""Helpers for the gRPC tests: headless `rerun --port P --save F` receivers on loopback.

The `rerun` command is a Python wrapper that runs the real binary as a child, so each receiver
runs in its own session and is stopped by process group (SIGTERM, then SIGKILL).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

RERUN = Path(sys.executable).parent / ("rerun.exe" if sys.platform == "win32" else "rerun")
SCRIPTS = Path(__file__).resolve().parent / "scripts"
COMPAT_SCRIPTS = Path(__file__).resolve().parent.parent / "compat" / "scripts"


def env(extra: dict[str, str] | None = None) -> dict[str, str]:
    e = dict(os.environ, RERUN_ANALYTICS="disabled", TELEMETRY_ENABLED="false")
    e.pop("RERUN_CLI_PATH", None)
    for var in ("RERUN_FLUSH_NUM_ROWS", "RERUN_FLUSH_NUM_BYTES", "RERUN_FLUSH_TICK_SECS", "COMPAT_PERTURB"):
        e.pop(var, None)
    e["PYTHONPATH"] = os.pathsep.join([str(COMPAT_SCRIPTS), e.get("PYTHONPATH", "")])
    e.update(extra or {})
    return e


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def stop_group(proc: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_until_settled(
    path: Path,
    *,
    settle: float,
    timeout: float,
    nonempty: bool = False,
    check: Callable[[], None] | None = None,
) -> bool:
    """Polls the size of `path` until it has not changed for `settle` s (and, with `nonempty`,
    the file has something in it): True then, False after `timeout` s. `check` runs at every
    poll, to fail early (a process that died)."""
    last, since = -1, time.monotonic()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        size = path.stat().st_size if path.exists() else -1
        if size != last:
            last, since = size, time.monotonic()
        elif (size > 0 or not nonempty) and time.monotonic() - since > settle:
            return True
        if check is not None:
            check()
        time.sleep(0.05)
    return False


class Receiver:
    """A headless Rerun 0.41 gRPC server saving what it receives to `path`."""

    def __init__(self, path: Path, port: int | None = None) -> None:
        self.path = path
        self.port = port or free_port()
        self.url = f"rerun+http://127.0.0.1:{self.port}/proxy"
        self.proc: subprocess.Popen | None = None

    def start(self, wait: bool = True) -> Receiver:
        self.log = open(self.path.with_suffix(".log"), "w")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [str(RERUN), "--port", str(self.port), "--save", str(self.path)],
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env(),
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while wait and not listening(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"rerun receiver did not start: {self.path.with_suffix('.log').read_text()}"
                )
            time.sleep(0.05)
        return self

    def kill(self) -> None:
        if self.proc is not None:
            stop_group(self.proc)
            self.proc = None
            self.log.close()

    def stop(self) -> Path:
        """Waits (up to 20 s) until the saved file stops growing, then stops the receiver."""
        wait_until_settled(self.path, settle=0.3, timeout=20)
        self.kill()
        return self.path


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[Callable[..., Receiver]]:
    if not RERUN.exists():
        pytest.fail(f"the rerun CLI (rerun-sdk 0.41) is not installed next to {sys.executable}")
    made: list[Receiver] = []

    def make(name: str, *, start: bool = True, port: int | None = None) -> Receiver:
        r = Receiver(tmp_path / f"{name}.rrd", port)
        made.append(r)
        return r.start() if start else r

    yield make
    for r in made:
        r.kill()


def run_script(args: list[str], *, extra_env: dict[str, str] | None = None, timeout: float = 60):
    """Runs a Python script in its own session; returns the CompletedProcess."""
    proc = subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env(extra_env),
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop_group(proc)
        out, err = proc.communicate()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def rrd_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(RERUN), "rrd", *args], capture_output=True, text=True, env=env(), timeout=60, check=False
    )


def optimized(path: Path) -> Path:
    out = path.with_suffix(".opt.rrd")
    proc = rrd_cli("optimize", str(path), "-o", str(out))
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out


def assert_same(a: Path, b: Path) -> None:
    proc = rrd_cli("compare", "--unordered", str(optimized(a)), str(optimized(b)))
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]
