"""`python -m nparrow` (or the `nparrow` command): the version and what this build supports; with
`.rrd` files, a short summary of each (entities, rows, components, timelines and their ranges,
static rows) without starting a viewer.

    $ nparrow
    $ nparrow run.rrd
    $ nparrow --version
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import importlib.util
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["main", "supported"]

# How a recording leaves the process: rerun-sdk 0.41's function names, in the order shown.
_SINKS = {
    "save": ".rrd file",
    "memory_recording": "in memory (pyarrow tables / .rrd bytes)",
    "binary_stream": ".rrd bytes, read as they come",
    "stdout": ".rrd to standard output",
    "connect_grpc": "a Rerun viewer over gRPC",
    "spawn": "start a Rerun viewer and connect",
    "serve_grpc": "a gRPC server viewers connect to",
    "set_sinks": "several of these at once",
}


def _archetype_names(module: Any) -> list[str]:
    from ._baseclasses import Archetype

    names = []
    for name in dir(module):  # lazily served names included (the modules' __dir__)
        obj = getattr(module, name, None)
        if isinstance(obj, type) and issubclass(obj, Archetype) and obj is not Archetype:
            names.append(name)
    return sorted(names)


def _dist_version(name: str) -> str | None:
    """An installed distribution's version, read from its metadata (nothing is imported)."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def supported() -> dict[str, Any]:
    """What this nparrow provides: version, archetypes, sinks, file formats, optional extras."""
    import nparrow

    from . import _log_file, archetypes
    from .blueprint import archetypes as blueprint_archetypes

    return {
        "version": nparrow.__version__,
        "api": "rerun-sdk 0.41",
        "archetypes": _archetype_names(archetypes),
        "blueprint_archetypes": _archetype_names(blueprint_archetypes),
        "sinks": {name: what for name, what in _SINKS.items() if hasattr(nparrow, name)},
        "log_file_formats": list(_log_file.SUPPORTED),
        "rrd": "writes Rerun 0.41 .rrd (chunks LZ4-compressed where it pays, footer)"
        + ("; reads them (nparrow FILE.rrd)" if _has_rrd_reader() else ""),
        "pyarrow": _dist_version("pyarrow"),
    }


def _has_rrd_reader() -> bool:
    return importlib.util.find_spec("nparrow._rrd_summary") is not None


def _describe() -> str:
    info = supported()
    archetypes = len(info["archetypes"])
    blueprint = len(info["blueprint_archetypes"])
    sinks = "\n".join(f"{' ' * 22}{name}(): {what}" for name, what in info["sinks"].items()).lstrip()
    pyarrow = info["pyarrow"]
    extras = (
        f"{pyarrow} (chunks(), tables(), as_arrow_array())"
        if pyarrow
        else "not installed: pip install 'nparrow[pyarrow]'"
    )
    lines = [
        f"nparrow {info['version']}: the {info['api']} logging API on a zero-copy numpy -> Arrow bridge",
        f"  archetypes          {archetypes} (+ {blueprint} blueprint archetypes in nparrow.blueprint)",
        f"  sinks               {sinks}",
        f"  log_file_from_path  {' '.join(info['log_file_formats'])}",
        f"  .rrd                {info['rrd']}",
        f"  pyarrow             {extras}",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """The `nparrow` command; returns the exit status (0, 1 when a file cannot be read)."""
    import nparrow

    parser = argparse.ArgumentParser(
        prog="nparrow",
        description="Print nparrow's version and what it supports; with .rrd files, summarise each.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE.rrd", help="recordings to summarise")
    parser.add_argument("--version", action="version", version=f"nparrow {nparrow.__version__}")
    args = parser.parse_args(argv)
    if not args.files:
        print(_describe())
        return 0
    if not _has_rrd_reader():
        print("nparrow: this build cannot read .rrd files (nparrow._rrd_summary is missing)", file=sys.stderr)
        return 1
    summarize_rrd = importlib.import_module("nparrow._rrd_summary").summarize_rrd
    status = 0
    for i, path in enumerate(args.files):
        if i:
            print()
        try:
            print(summarize_rrd(path))
        except (OSError, RuntimeError, ValueError) as err:  # missing, unreadable, not an .rrd
            print(f"nparrow: {path}: {err}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
