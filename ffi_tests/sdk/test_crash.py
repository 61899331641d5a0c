"""Crash safety: a killed process leaves a loadable file; SIGINT and normal exit flush everything."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from ffi_tests.rerun_cli import rerun_cli

CHILD = """
import sys, numpy as np, nparrow as rr
rr.init("crash_app")
rr.save(sys.argv[1])
rng = np.random.default_rng(0)
for i in range(10_000):
    rr.set_time("frame", sequence=i)
    rr.log("points", rr.Points3D(rng.random((50, 3), dtype=np.float32)))
    if i == 2_000:
        print("ready", flush=True)
    if i >= 2_000:
        import time; time.sleep(0.0005)
print("done", flush=True)
"""


_cli = rerun_cli


def _start(path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "RERUN_FLUSH_TICK_SECS": "0.01"}
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(0.2)
    return proc


def _rows(path: Path) -> int:
    out = _cli("rrd", "print", str(path))
    assert out.returncode == 0, out.stderr[-2000:]
    return sum(
        int(line.split(" with ")[1].split()[0]) for line in out.stdout.splitlines() if "/points" in line
    )


def test_sigkill_leaves_a_loadable_file(tmp_path):
    path = tmp_path / "killed.rrd"
    proc = _start(path)
    proc.kill()
    proc.communicate(timeout=30)
    data = path.read_bytes()
    assert data[:4] == b"RRF2"
    assert data[-8:-4] != b"FOOT", "killed mid-way: no footer expected"
    res = _cli("rrd", "verify", "--check-footers", "false", str(path))
    assert res.returncode == 0, res.stderr[-2000:]
    assert 2_000 <= _rows(path) < 10_000, "everything up to the last tick is in the file"


def test_sigint_flushes_everything_and_writes_the_footer(tmp_path):
    path = tmp_path / "interrupted.rrd"
    proc = _start(path)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=30)
    res = _cli("rrd", "verify", str(path))
    assert res.returncode == 0, res.stderr[-2000:]
    assert _rows(path) >= 2_000
