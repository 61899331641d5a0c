"""nparrow is typed like rerun-sdk 0.41: a user script type-checks under `mypy --strict` and
`pyright` with the same result (no error) for `import nparrow as rr` and `import rerun as rr`;
the checkers do see mistakes (a negative control); the extension's stub matches the extension
(`stubtest`); `mypy -p nparrow` is clean; the lazily served names stay lazy at run time but are
all visible statically (`__all__`, `dir()`, `from nparrow import *`, `if TYPE_CHECKING:`)."""

from __future__ import annotations

import ast
import enum
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import nparrow

HERE = Path(__file__).parent
SCRIPT = HERE / "user_script.py"
TOUR = HERE / "archetype_tour.py"
BIN = Path(sys.executable).parent
ROOT = HERE.parents[1]


def _script(tmp_path: Path, sdk: str, source: Path = SCRIPT) -> Path:
    text = source.read_text()
    assert "\nimport nparrow as rr\n" in text
    out = tmp_path / sdk / source.name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text.replace("\nimport nparrow as rr\n", f"\nimport {sdk} as rr\n"))
    return out


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RERUN_ANALYTICS": "0", "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1"}
    return subprocess.run(args, check=False, cwd=cwd, capture_output=True, text=True, timeout=600, env=env)


def _mypy(path: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return _run(
        sys.executable, "-m", "mypy", "--strict", "--no-color-output", "--cache-dir", str(tmp_path / ".mypy_cache"),
        str(path), cwd=path.parent,
    )  # fmt: skip


def _pyright(path: Path) -> dict[str, object]:
    proc = _run(
        str(BIN / "pyright"), "--outputjson", "--pythonpath", sys.executable, str(path), cwd=path.parent
    )
    report: dict[str, object] = json.loads(proc.stdout)
    return report


def _pyright_errors(report: dict[str, object]) -> list[str]:
    diagnostics = report["generalDiagnostics"]
    assert isinstance(diagnostics, list)
    return [
        f"{d['range']['start']['line'] + 1}: {d['message']}" for d in diagnostics if d["severity"] == "error"
    ]


@pytest.mark.parametrize("source", [SCRIPT, TOUR], ids=lambda p: p.stem)
@pytest.mark.parametrize("sdk", ["nparrow", "rerun"])
def test_user_script_mypy_strict(tmp_path: Path, sdk: str, source: Path) -> None:
    proc = _mypy(_script(tmp_path, sdk, source), tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success: no issues found in 1 source file" in proc.stdout


@pytest.mark.parametrize("source", [SCRIPT, TOUR], ids=lambda p: p.stem)
@pytest.mark.parametrize("sdk", ["nparrow", "rerun"])
def test_user_script_pyright(tmp_path: Path, sdk: str, source: Path) -> None:
    report = _pyright(_script(tmp_path, sdk, source))
    assert _pyright_errors(report) == []
    summary = report["summary"]
    assert isinstance(summary, dict) and summary["filesAnalyzed"] == 1 and summary["errorCount"] == 0


MISTAKES = """
import nparrow as rr

rr.log("points", rr.Points3D([[0.0, 0.0, 0.0]], colour=[255, 0, 0]))
rr.log("points", rr.Points3D([[0.0, 0.0, 0.0]], radii=rr.Points3D([[1.0, 1.0, 1.0]])))
rr.log("image", rr.NoSuchArchetype())
stream = rr.memory_recording()
stream.no_such_method()
"""


def test_checkers_see_mistakes(tmp_path: Path) -> None:
    """The negative control: the checkers do read nparrow's types (a misspelt keyword, a wrong
    value type, an unknown archetype, an unknown method), so the clean results above mean
    something."""
    path = tmp_path / "mistakes.py"
    path.write_text(MISTAKES)
    proc = _mypy(path, tmp_path)
    lines = sorted({int(line.split(":")[1]) for line in proc.stdout.splitlines() if ": error:" in line})
    assert lines == [4, 5, 6, 8], proc.stdout
    assert sorted({int(e.split(":")[0]) for e in _pyright_errors(_pyright(path))}) == [4, 5, 6, 8]


def test_user_script_runs(tmp_path: Path) -> None:
    """The script is real code: it runs and writes its recording."""
    out = tmp_path / "typing_example.rrd"
    proc = _run(sys.executable, str(SCRIPT), str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 0
    assert proc.stdout.strip().endswith("bytes in memory") and int(proc.stdout.split()[0]) > 0


# stubtest on `nparrow._native` and `mypy -p nparrow` run in `make lint` (not repeated here).


def test_static_names_cover_lazy_names() -> None:
    """Every name `nparrow` serves lazily is in `__all__` and imported under `if TYPE_CHECKING:`
    (so checkers and IDEs see it), and `__all__` only lists names that exist."""
    tree = ast.parse(Path(nparrow.__file__).read_text())
    static: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom)
                static |= {a.asname or a.name for a in imp.names}
    enums = {
        n for n in nparrow.components.__all__ if isinstance(getattr(nparrow.components, n), enum.EnumMeta)
    }
    lazy = (set(nparrow.__all__) | set(nparrow.archetypes._LAZY) | enums) - set(vars(nparrow))
    assert lazy <= static
    assert set(nparrow.archetypes._LAZY) | enums <= set(nparrow.__all__)
    assert set(nparrow.__all__) <= set(dir(nparrow))
    # as rerun-sdk: the component batches are listed in `components`, not at the top level
    assert [n for n in dir(nparrow) if n.endswith("Batch") and n in nparrow.components.__all__] == []
    for name in nparrow.__all__:
        assert getattr(nparrow, name) is not None


def test_star_import_gives_every_name() -> None:
    namespace: dict[str, object] = {}
    exec("from nparrow import *", namespace)  # noqa: S102 - the statement under test
    assert set(nparrow.__all__) <= set(namespace)
    assert namespace["Image"] is nparrow.archetypes.Image


def test_import_stays_lazy() -> None:
    """`import nparrow` loads neither the blueprint package nor the archetype modules behind
    the names the `if TYPE_CHECKING:` block imports for checkers (images, tensors, meshes, ...)."""
    lazy = ["images", "tensors", "mesh3d", "pinhole", "scalars", "graph", "video_stream", "gaussian_splats3d"]
    code = "import sys, nparrow\nprint(' '.join(sorted(sys.modules)))"
    proc = _run(sys.executable, "-c", code, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    loaded = set(proc.stdout.split())
    assert "nparrow.archetypes.points3d" in loaded  # the control: eager names are loaded
    assert not loaded & {"nparrow.blueprint", *(f"nparrow.archetypes.{m}" for m in lazy)}


@pytest.mark.parametrize(
    "stub",
    ["archetypes/__init__.pyi", "encodings/__init__.pyi", "components/__init__.pyi", "blueprint/views.pyi"],
)
def test_generated_stub_names_exist_at_run_time(stub: str) -> None:
    """What a generated stub declares (`__all__`: classes, enums, `*Like` / `*ArrayLike`
    aliases, views) exists in the module at run time, so annotated code also runs."""
    tree = ast.parse((Path(nparrow.__file__).parent / stub).read_text())
    declared = [
        name
        for node in tree.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__all__"
        for name in ast.literal_eval(node.value)
    ]
    module = importlib.import_module(
        "nparrow." + stub.removesuffix(".pyi").removesuffix("/__init__").replace("/", ".")
    )
    assert declared and [n for n in declared if not hasattr(module, n)] == []


def test_pyright_reads_the_stubs_cleanly() -> None:
    """pyright finds no error in the stubs themselves (the generated ones and `_native.pyi`)."""
    pkg = Path(nparrow.__file__).parent
    stubs = sorted(str(p) for p in pkg.rglob("*.pyi"))
    assert len(stubs) >= 5
    proc = _run(str(BIN / "pyright"), "--outputjson", "--pythonpath", sys.executable, *stubs, cwd=ROOT)
    report = json.loads(proc.stdout)
    assert _pyright_errors(report) == []
    assert report["summary"]["filesAnalyzed"] == len(stubs)
