"""The nparrow package has no import cycle, counting every import (also those inside functions).

Each module of python/nparrow is parsed with `ast`; every `import` / `from ... import` anywhere in
it (module top, functions, classes) is an edge, relative imports resolved against the module's
package. The extension module `_native` is a node without edges. Only imports under `if TYPE_CHECKING:` are left out: they never run.
Not edges: the lazy loads by name (`importlib.import_module` in the packages' `__getattr__` and
`_values._load`), which run on first use of a name, after every module they start from is loaded.

Edges go to modules, not to names:
- `from . import x` / `from .. import x` where `x` is a submodule of that package is an edge to
  the submodule `x`, not to the package: it needs `x` loaded, not the package's `__init__`
  finished (`from .. import components as c` in an archetype is an edge to `nparrow.components`).
- `from .pkg import name` where `name` is not a submodule is an edge to `pkg` (its `__init__`,
  which defines or re-exports `name`).
- A package `__init__` re-exporting submodules has edges to them like any other module. A
  submodule is not given an implicit edge to its parent `__init__` (Python imports the parent
  first, but the parent being mid-import is not a cycle that fails), so the `__init__`
  re-exports do not make every submodule a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nparrow

PKG_DIR = Path(nparrow.__file__).parent
PKG = "nparrow"


def _modules() -> dict[str, Path]:
    mods = {}
    for path in sorted(PKG_DIR.rglob("*.py")):
        parts = list(path.relative_to(PKG_DIR).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join([PKG, *parts])] = path
    for path in sorted(PKG_DIR.rglob("*.so")) + sorted(PKG_DIR.rglob("*.pyd")):  # `_native`: a leaf
        parts = list(path.relative_to(PKG_DIR).parts)
        parts[-1] = parts[-1].split(".")[0]
        mods[".".join([PKG, *parts])] = path
    return mods


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    out: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            out.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return out


def import_graph() -> dict[str, set[str]]:
    mods = _modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        if path.suffix != ".py":
            continue
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in _imports(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                targets = []
                for alias in node.names:
                    sub = f"{source}.{alias.name}"
                    targets.append(sub if sub in mods else source)
            for target in targets:
                # `import a.b.c` needs the deepest module of the package that the name reaches.
                while target and target not in mods:
                    target = target.rpartition(".")[0]
                if target and target != mod:
                    graph[mod].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def dfs(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := dfs(nxt)) is not None:
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := dfs(node)) is not None:
            return cycle
    return None


def test_graph_sees_function_level_and_relative_imports():
    graph = import_graph()
    assert graph["nparrow._native"] == set()  # an extension module: a node without edges
    assert "nparrow.error_utils" in graph["nparrow._baseclasses"]
    assert "nparrow.components" in graph["nparrow.archetypes.points3d"]  # `from .. import components`
    assert "nparrow._send_columns" in graph["nparrow.recording_stream"]


def test_no_import_cycle():
    graph = import_graph()
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle in nparrow: " + " -> ".join(cycle)


def test_cycle_detection_works():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


# What `import nparrow` loads (import time): the modules below are imported where they are used,
# on first use of the names that need them. Checked in a fresh interpreter against what it had
# loaded before (numpy included, so only nparrow's own imports count).
LAZY_NPARROW_MODULES = [
    "nparrow._any_values",
    "nparrow._contexts",
    "nparrow._dataframe",
    "nparrow._grpc",
    "nparrow._log_file",
    "nparrow._logging_handler",
    "nparrow._script_helpers",
    "nparrow._send_columns",
    "nparrow._web",
    "nparrow.blueprint",
]
LAZY_STDLIB_MODULES = ["argparse", "logging", "pathlib", "shutil", "socket", "string", "subprocess", "uuid"]


def _loaded_by_import(code_after: str = "") -> list[str]:
    """The modules `import nparrow` (then `code_after`) loads in a fresh interpreter that has
    numpy loaded already."""
    import json
    import subprocess
    import sys

    code = f"""import json, sys, numpy
before = set(sys.modules)
import nparrow
{code_after}
print(json.dumps(sorted(set(sys.modules) - before)))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[-1])


def test_import_loads_no_lazy_module():
    loaded = _loaded_by_import()
    assert "nparrow._native" in loaded  # the check sees what `import nparrow` loads
    assert [m for m in LAZY_NPARROW_MODULES if m in loaded] == []
    assert [m for m in LAZY_STDLIB_MODULES if m in loaded] == []
    assert "pyarrow" not in loaded


def test_lazy_names_load_their_module_on_first_use():
    """Each lazily served top-level name is its module's object, loaded when first used."""
    cases = {
        "send_columns": "nparrow._send_columns",
        "TimeColumn": "nparrow._send_columns",
        "connect_grpc": "nparrow._grpc",
        "spawn": "nparrow._grpc",
        "thread_local_stream": "nparrow._contexts",
        "LoggingHandler": "nparrow._logging_handler",
        "send_dataframe": "nparrow._dataframe",
    }
    for name, module in cases.items():
        loaded = _loaded_by_import(
            f"assert {module!r} not in sys.modules; obj = nparrow.{name};"
            f"assert obj is getattr(sys.modules[{module!r}], {name!r}); assert nparrow.{name} is obj"
        )
        assert module in loaded, name


def test_a_lazy_top_level_name_is_kept_once_found():
    """`rr.Scalars` (an archetype module loaded on first use) is a plain module attribute after
    its first lookup, so a logging loop does not pay the module `__getattr__` on every call."""
    code = (
        "import nparrow as rr;"
        "print('Scalars' in vars(rr), 'Colormap' in vars(rr));"
        "s, c = rr.Scalars, rr.Colormap;"
        "assert s is rr.archetypes.Scalars and c is rr.components.Colormap;"
        "print('Scalars' in vars(rr), 'Colormap' in vars(rr), vars(rr)['Scalars'] is s)"
    )
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False", "True", "True", "True"]


def test_component_batches_are_made_on_first_use():
    """`nparrow.components` / `nparrow.encodings` make a batch class (and an enum row's enum)
    when it is first used (`import nparrow` makes those Points3D and Transform3D declare), once,
    while `dir` and `__all__` list them all from the start."""
    import subprocess
    import sys

    code = (
        "import nparrow.components as c, nparrow.encodings as e;"
        "print('FillModeBatch' in vars(c), 'FillMode' in vars(c), 'Vec2DBatch' in vars(e),"
        "'FillModeBatch' in dir(c), 'Vec2DBatch' in e.__all__);"
        "b, f, v = c.FillModeBatch, c.FillMode, e.Vec2DBatch;"
        "assert c.FillModeBatch is b and c.FillMode is f and e.Vec2DBatch is v;"
        "assert issubclass(c.Position2DBatch, e.Vec2DBatch) and c.Position2DBatch._COMPONENT_TYPE == 'rerun.components.Position2D';"
        "assert [m.name for m in f] == ['MajorWireframe', 'DenseWireframe', 'Solid', 'TransparentFillMajorWireframe'];"
        "print('FillModeBatch' in vars(c), 'FillMode' in vars(c), 'Vec2DBatch' in vars(e))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False", "False", "True", "True", "True", "True", "True"]


def test_component_batch_made_once_when_threads_race():
    import subprocess
    import sys

    code = (
        "import threading, nparrow.components as c\n"
        "got = []\n"
        "start = threading.Barrier(8)\n"
        "def first_use():\n"
        "    start.wait()\n"
        "    got.append((c.MarkerShapeBatch, c.MarkerShape))\n"
        "ts = [threading.Thread(target=first_use) for _ in range(8)]\n"
        "[t.start() for t in ts]\n"
        "[t.join() for t in ts]\n"
        "print(len(got), len(set(got)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["8", "1"]
