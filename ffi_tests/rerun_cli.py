"""rerun-sdk's `rerun` CLI for tests, run in its own process group (the command is a Python
wrapper around the real binary, so a timeout stops the whole group)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path


def rerun_exe() -> Path:
    """The `rerun` command beside this interpreter (the test dependencies install it)."""
    cli = Path(sys.executable).with_name("rerun")
    assert cli.exists(), "rerun-sdk's CLI is not installed in this environment (make test installs it)"
    return cli


def rerun_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RERUN_ANALYTICS": "0"}
    proc = subprocess.Popen(
        [str(rerun_exe()), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        start_new_session=True,
    )  # fmt: skip
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def assert_same_recording(a: Path, b: Path, tmp_path: Path) -> None:
    """`rerun rrd compare --unordered` finds the two recordings equal, after `rrd optimize` on
    both (the SDKs chunk differently)."""
    opt = []
    for i, src in enumerate((a, b)):
        out = tmp_path / f"opt{i}_{src.stem}.rrd"
        proc = rerun_cli("rrd", "optimize", str(src), "-o", str(out))
        assert proc.returncode == 0, proc.stderr
        opt.append(out)
    proc = rerun_cli("rrd", "compare", "--unordered", str(opt[0]), str(opt[1]))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
