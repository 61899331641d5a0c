"""Fixtures for the rerun-sdk compatibility suite (local to ffi_tests/compat).

Every test here needs rerun-sdk 0.41 and its `rerun` CLI; when they are missing the tests skip
with a clear reason instead of failing.
"""

from __future__ import annotations

import importlib.util
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SCRIPTS_DIR = HERE / "scripts"
SDKS = ("rerun", "nparrow")

SCRIPT_TIMEOUT_S = 60.0
CLI_TIMEOUT_S = 60.0
MAX_OUTPUT_CHARS = 4000


def _rerun_cli_path() -> Path:
    return Path(sys.executable).parent / ("rerun.exe" if sys.platform == "win32" else "rerun")


def _subprocess_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    # No analytics / telemetry from either the SDK or the CLI, and no banners on stdout/stderr.
    env["RERUN_ANALYTICS"] = "disabled"
    env["TELEMETRY_ENABLED"] = "false"
    env.pop("RERUN_CLI_PATH", None)  # the CLI wrapper would print a notice about it
    # A CLI binary panicking must print the backtrace into the captured output, not hang.
    env.setdefault("RUST_BACKTRACE", "1")
    # Never let the developer's shell tuning of the batcher / compactor leak into the comparison.
    for var in (
        "RERUN_FLUSH_NUM_ROWS",
        "RERUN_FLUSH_NUM_BYTES",
        "RERUN_FLUSH_TICK_SECS",
        "RERUN_CHUNK_MAX_ROWS",
        "RERUN_CHUNK_MAX_BYTES",
        "RERUN_CHUNK_MAX_ROWS_IF_UNSORTED",
        "COMPAT_PERTURB",
    ):
        env.pop(var, None)
    if extra:
        env.update(extra)
    return env


def _run(cmd: list[str], *, timeout: float, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `cmd` in its own session; on timeout kill the whole process group.

    The `rerun` CLI is a Python wrapper that spawns the real binary as a child, so killing only
    the direct child would leave the binary running (and holding the pipes open).
    """
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        errors="replace",
        env=env,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = proc.communicate()
        pytest.fail(
            f"timed out after {timeout}s: {' '.join(cmd)}\n" + format_output(out, err),
            pytrace=False,
        )
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_PADDING = re.compile(r"[ \u2500\u254c\u2550]{3,}")  # runs of spaces / box-drawing rules


def truncate(text: str | None, limit: int = MAX_OUTPUT_CHARS) -> str:
    """Strip colours, squeeze the CLI's wide table padding, keep head and tail within `limit`."""
    text = _PADDING.sub("  ", _ANSI.sub("", text or ""))
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]}\n... [{len(text) - limit} chars truncated] ...\n{text[-half:]}"


def format_output(stdout: str | None, stderr: str | None) -> str:
    return f"--- stdout ---\n{truncate(stdout)}\n--- stderr ---\n{truncate(stderr)}"


def describe(proc: subprocess.CompletedProcess[str]) -> str:
    """Human-readable summary of a finished command, for assertion messages."""
    cmd = " ".join(str(a) for a in proc.args)
    return f"$ {cmd}\nreturncode={proc.returncode}\n" + format_output(proc.stdout, proc.stderr)


@pytest.fixture(scope="session")
def describe_proc() -> Callable[[subprocess.CompletedProcess[str]], str]:
    """The `describe` helper as a fixture (test modules must not import conftest)."""
    return describe


@pytest.fixture(scope="session")
def semantic_diff() -> Callable[[Path, Path], str]:
    """`semantic_diff(a, b)`: rrd_diff.py's per-component explanation of why two files differ."""

    def run(a: Path, b: Path) -> str:
        cmd = [sys.executable, str(HERE / "rrd_diff.py"), str(a), str(b)]
        proc = _run(cmd, timeout=SCRIPT_TIMEOUT_S, env=_subprocess_env())
        if proc.returncode != 0:
            return f"(rrd_diff.py failed)\n{describe(proc)}"
        return truncate(proc.stdout)

    return run


@pytest.fixture(scope="session")
def rerun_cli() -> Path:
    if importlib.util.find_spec("rerun") is None:
        pytest.fail("rerun-sdk is not installed (pip install rerun-sdk==0.41.0); compat tests need it")
    cli = _rerun_cli_path()
    if not cli.exists():
        pytest.fail(f"rerun CLI not found at {cli} (it ships with rerun-sdk==0.41.0)")
    return cli


@pytest.fixture(scope="session")
def rrd(rerun_cli: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`rrd("verify", path)` runs `rerun rrd verify path` and returns the CompletedProcess."""

    def run(
        *args: str | os.PathLike[str], timeout: float = CLI_TIMEOUT_S
    ) -> subprocess.CompletedProcess[str]:
        cmd = [str(rerun_cli), "rrd", *(str(a) for a in args)]
        return _run(cmd, timeout=timeout, env=_subprocess_env())

    return run


@pytest.fixture(scope="session")
def run_script(rerun_cli: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`run_script(sdk, script, out_path, perturb=False)` runs scripts/<script>.py with `sdk`.

    Fails the test (with the script's output) if the script exits non-zero or writes nothing.
    """

    def run(
        sdk: str, script: str, out_path: Path, *, perturb: bool = False
    ) -> subprocess.CompletedProcess[str]:
        assert sdk in SDKS, sdk
        path = SCRIPTS_DIR / f"{script}.py"
        assert path.exists(), path
        extra = {"COMPAT_PERTURB": "1"} if perturb else None
        cmd = [sys.executable, str(path), sdk, str(out_path)]
        proc = _run(cmd, timeout=SCRIPT_TIMEOUT_S, env=_subprocess_env(extra))
        if proc.returncode != 0:
            pytest.fail(f"{script}.py failed with sdk={sdk}\n{describe(proc)}", pytrace=False)
        if not Path(out_path).exists() or Path(out_path).stat().st_size == 0:
            pytest.fail(
                f"{script}.py with sdk={sdk} wrote no data to {out_path}\n{describe(proc)}", pytrace=False
            )
        return proc

    return run


@pytest.fixture(scope="session")
def recordings(
    tmp_path_factory: pytest.TempPathFactory,
    run_script: Callable[..., subprocess.CompletedProcess[str]],
    rrd: Callable[..., subprocess.CompletedProcess[str]],
) -> Callable[..., tuple[Path, Path]]:
    """`recordings(sdk, script, variant="", perturb=False)` -> (raw.rrd, optimized.rrd), cached per session."""
    out_dir = tmp_path_factory.mktemp("compat_rrd")
    cache: dict[tuple[str, str, str, bool], tuple[Path, Path]] = {}

    def get(sdk: str, script: str, *, variant: str = "", perturb: bool = False) -> tuple[Path, Path]:
        key = (sdk, script, variant, perturb)
        if key not in cache:
            stem = f"{script}.{sdk}{'.' + variant if variant else ''}{'.perturbed' if perturb else ''}"
            raw = out_dir / f"{stem}.rrd"
            opt = out_dir / f"{stem}.opt.rrd"
            run_script(sdk, script, raw, perturb=perturb)
            proc = rrd("optimize", raw, "-o", opt)
            if proc.returncode != 0 or not opt.exists():
                pytest.fail(f"rrd optimize failed for {raw.name}\n{describe(proc)}", pytrace=False)
            cache[key] = (raw, opt)
        return cache[key]

    return get
