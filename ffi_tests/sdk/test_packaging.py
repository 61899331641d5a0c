"""The installed package as a user meets it: its metadata (as pyproject.toml declares it), the
`nparrow` command / `python -m nparrow`, and what happens without pyarrow.

The wheel itself (manylinux_2_28 tag, stripped extension, install into a fresh venv) is built
and checked by `make wheel` (scripts/check_wheel.py): minutes on two cores, too slow here.
"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import numpy as np
import pytest
import rerun

import nparrow as rr
from nparrow import _log_file
from nparrow._baseclasses import Archetype

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
NPARROW = Path(sys.executable).parent / "nparrow"  # the console script, next to the venv's python


def _run(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*map(str, args)], capture_output=True, text=True, check=check, timeout=120)


# --- metadata ------------------------------------------------------------------------------------


def test_installed_metadata_is_pyprojects():
    meta = importlib.metadata.metadata("nparrow")
    assert meta["Name"] == "nparrow"
    assert meta["Version"] == PROJECT["version"] == rr.__version__
    assert meta["Summary"] == PROJECT["description"]
    assert meta["Requires-Python"] == PROJECT["requires-python"]
    assert meta.get_all("Classifier") == PROJECT["classifiers"]
    assert meta["Keywords"].split(",") == PROJECT["keywords"]
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert urls == PROJECT["urls"]
    assert meta["License-Expression"] == "MIT OR Apache-2.0"
    assert "LICENSE" in meta.get_all("License-File")


def test_readme_is_the_long_description():
    meta = importlib.metadata.metadata("nparrow")
    assert meta["Description-Content-Type"].startswith("text/markdown")
    assert meta.get_payload().strip() == (ROOT / "README.md").read_text().strip()


def test_pyarrow_is_an_extra_not_a_dependency():
    requires = importlib.metadata.requires("nparrow")
    assert "numpy>=2" in requires
    assert "pyarrow" in importlib.metadata.metadata("nparrow").get_all("Provides-Extra")
    pyarrow_reqs = [r for r in requires if r.startswith("pyarrow")]
    assert pyarrow_reqs and all("extra ==" in r for r in pyarrow_reqs), pyarrow_reqs


def test_console_script_entry_point():
    (ep,) = importlib.metadata.entry_points(group="console_scripts", name="nparrow")
    from nparrow.__main__ import main

    assert ep.load() is main


# --- python -m nparrow / nparrow -----------------------------------------------------------------


def _rerun_archetypes() -> set[str]:
    return {
        name
        for name in rerun.archetypes.__all__
        if isinstance(getattr(rerun.archetypes, name), type)
        and issubclass(getattr(rerun.archetypes, name), rerun._baseclasses.Archetype)
    }


def test_version_flag():
    for command in ([NPARROW], [sys.executable, "-m", "nparrow"]):
        assert _run(*command, "--version").stdout.strip() == f"nparrow {rr.__version__}"


def test_what_is_supported():
    out = _run(sys.executable, "-m", "nparrow").stdout
    assert out == _run(NPARROW).stdout
    first, *rest = out.splitlines()
    assert first.startswith(f"nparrow {rr.__version__}: the rerun-sdk 0.41 logging API")
    report = dict(line.strip().split(maxsplit=1) for line in rest if line.startswith("  ") and line[2] != " ")
    # as many archetypes as rerun-sdk 0.41 has, and the same names
    from nparrow.__main__ import supported

    info = supported()
    assert set(info["archetypes"]) == _rerun_archetypes()
    assert report["archetypes"].startswith(f"{len(_rerun_archetypes())} ")
    for sink in ("save", "memory_recording", "binary_stream", "stdout", "connect_grpc", "set_sinks"):
        assert f"{sink}():" in out
        assert hasattr(rr, sink)
    assert report["log_file_from_path"].split() == _log_file.SUPPORTED
    assert report["pyarrow"].startswith(importlib.metadata.version("pyarrow"))


def test_every_archetype_counted_is_an_nparrow_archetype():
    from nparrow.__main__ import supported

    for name in supported()["archetypes"]:
        assert issubclass(getattr(rr, name), Archetype), name


_SCENE = """
import sys, numpy as np
rr = __import__(sys.argv[1])
rr.init("cli_summary", recording_id="cli")
rr.save(sys.argv[2])
rr.log("world", rr.ViewCoordinates.RIGHT_HAND_Z_UP, static=True)
for frame in range(4):
    rr.set_time("frame", sequence=frame)
    rr.log("world/points", rr.Points3D(np.zeros((3, 3), np.float32)))
rr.disconnect()
"""


@pytest.mark.parametrize("writer", ["nparrow", "rerun"])
def test_summary_of_a_recording(tmp_path, writer):
    """`nparrow FILE.rrd` prints the file's summary (nparrow._rrd_summary) and exits 0, for a
    file nparrow writes and one rerun-sdk writes."""
    path = tmp_path / f"{writer}.rrd"
    _run(sys.executable, "-c", _SCENE, writer, path)
    from nparrow._rrd_summary import summarize_rrd

    out = _run(NPARROW, path).stdout
    assert out.strip() == summarize_rrd(path).strip()
    assert "application_id='cli_summary'" in out
    assert "frame" in out and "0 .. 3" in out
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip().startswith("/world")}
    assert "4 rows" in lines["/world/points"] and "Points3D:positions (4)" in lines["/world/points"]
    assert "1 static row" in lines["/world"]


def test_summary_of_a_bad_file_fails_cleanly(tmp_path):
    (tmp_path / "junk.rrd").write_bytes(b"not an rrd")
    good = tmp_path / "good.rrd"
    _run(sys.executable, "-c", _SCENE, "nparrow", good)
    proc = _run(NPARROW, tmp_path / "missing.rrd", tmp_path / "junk.rrd", good, check=False)
    assert proc.returncode == 1
    errors = proc.stderr.splitlines()
    assert len(errors) == 2 and "missing.rrd" in errors[0] and "junk.rrd" in errors[1], proc.stderr
    assert "Traceback" not in proc.stderr
    assert "/world/points" in proc.stdout  # the readable file is still summarised


# --- without pyarrow -----------------------------------------------------------------------------

# Runs with pyarrow unimportable, as on a machine without it: a meta-path finder refuses it.
_NO_PYARROW = textwrap.dedent(
    """
    import sys

    class NoPyarrow:
        def find_spec(self, name, path=None, target=None):
            if name == "pyarrow" or name.startswith("pyarrow."):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)

    sys.meta_path.insert(0, NoPyarrow())
    import numpy as np
    import nparrow as rr

    rec = rr.RecordingStream("no_pyarrow")
    rec.save(sys.argv[1])  # logging to a file needs no pyarrow
    rec.log("points", rr.Points3D(np.zeros((5, 3), np.float32)))
    mem = rec.memory_recording()
    calls = {
        "chunks": mem.chunks,
        "tables": mem.tables,
        "as_arrow_array": rr.components.Position3DBatch([[1, 2, 3]]).as_arrow_array,
        "time_column": rr.TimeColumn("t", sequence=[1]).as_arrow_array,
    }
    for name, call in calls.items():
        try:
            call()
        except ModuleNotFoundError as err:
            assert err.name == "pyarrow", (name, err.name)
            print(name, "|", err)
        else:
            print(name, "| no error")
    assert "pyarrow" not in sys.modules
    """
)


def test_without_pyarrow_the_error_names_the_extra(tmp_path):
    out = _run(sys.executable, "-c", _NO_PYARROW, tmp_path / "x.rrd").stdout
    results = dict(line.split(" | ", 1) for line in out.splitlines())
    assert set(results) == {"chunks", "tables", "as_arrow_array", "time_column"}
    for name, message in results.items():
        assert "pip install 'nparrow[pyarrow]'" in message, (name, message)
    assert (tmp_path / "x.rrd").stat().st_size > 0


def test_without_pyarrow_python_m_nparrow_says_how_to_get_it(tmp_path):
    script = _NO_PYARROW.split("import numpy as np")[0] + textwrap.dedent(
        """
        import importlib.metadata
        real = importlib.metadata.version
        def version(name):
            if name == "pyarrow":
                raise importlib.metadata.PackageNotFoundError(name)
            return real(name)
        importlib.metadata.version = version
        from nparrow.__main__ import main
        sys.exit(main([]))
        """
    )
    out = _run(sys.executable, "-c", script).stdout
    assert "pyarrow             not installed: pip install 'nparrow[pyarrow]'" in out


def test_a_broken_pyarrow_is_not_reworded(monkeypatch):
    """Only a missing pyarrow gets the install hint; an error inside pyarrow stays as it is."""
    from nparrow import _optional

    def broken(name, package=None):
        raise ModuleNotFoundError("No module named 'pyarrow._lib'", name="pyarrow._lib")

    monkeypatch.setattr(_optional.importlib, "import_module", broken)
    with pytest.raises(ModuleNotFoundError, match="pyarrow._lib") as info:
        _optional.import_pyarrow()
    assert "nparrow[pyarrow]" not in str(info.value)


def test_a_missing_pyarrow_is_reworded_in_process(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # what `import pyarrow` finds: nothing
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'nparrow\[pyarrow\]'") as info:
        from nparrow._optional import pyarrow  # noqa: F401
    assert info.value.name == "pyarrow"
    assert isinstance(info.value.__cause__, ModuleNotFoundError)


def test_import_nparrow_does_not_import_pyarrow():
    code = "import sys, nparrow; nparrow.Points3D([[1, 2, 3]]); sys.exit('pyarrow' in sys.modules)"
    assert _run(sys.executable, "-c", code, check=False).returncode == 0


def test_memory_recording_numpy_round_trip_needs_only_the_extra():
    """With pyarrow installed (the extra), the same calls work."""
    rec = rr.RecordingStream("with_pyarrow")
    try:
        mem = rec.memory_recording()
        rec.log("points", rr.Points3D(np.ones((2, 3), np.float32)))
        assert mem.tables()["/points"].column("Points3D:positions").to_pylist() == [[[1.0] * 3] * 2]
    finally:
        rec._close()
