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
