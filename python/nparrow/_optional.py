"""Optional dependencies, imported where they are needed (`import nparrow` never imports them).

nparrow itself needs only numpy: its Arrow arrays are built in Rust and exported through the
Arrow C Data Interface. pyarrow is needed only by the methods that return pyarrow objects
(`as_arrow_array()`, `MemoryRecording.chunks()` / `tables()`, time columns given as pyarrow);
without it they raise a `ModuleNotFoundError` that says which extra to install.

Inside the package, `from ._optional import pyarrow as pa` (in the function that needs it) is
the one way to import pyarrow: the module attribute is served by `import_pyarrow()`.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["import_pyarrow"]


def import_pyarrow() -> ModuleType:
    """`pyarrow`, or a `ModuleNotFoundError` naming the `nparrow[pyarrow]` extra.

    Only a missing pyarrow itself is reworded: an import error inside an installed pyarrow (a
    broken install, a missing shared library) propagates unchanged."""
    try:
        return importlib.import_module("pyarrow")
    except ModuleNotFoundError as err:
        if err.name != "pyarrow":
            raise
        raise ModuleNotFoundError(
            "this nparrow feature returns pyarrow objects, but pyarrow is not installed: "
            "pip install 'nparrow[pyarrow]' (or pip install pyarrow)",
            name="pyarrow",
        ) from err


def __getattr__(name: str) -> ModuleType:
    """`from ._optional import pyarrow`: pyarrow, imported on first use (PEP 562)."""
    if name == "pyarrow":
        return import_pyarrow()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
