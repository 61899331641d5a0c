"""Compares two blueprint stores (rerun-sdk's and nparrow's) row by row.

Both SDKs give every container and view a random uuid, so ids are first renamed in the order
they are first seen (in entity paths and in the component values that hold ids:
`ContainerBlueprint:contents` / `active_tab` paths, `ViewportBlueprint:root_container`,
`ActiveVisualizers`, ...), separately on each side; then every row must be equal: entity,
timelines, and each component's descriptor, Arrow type and values."""

from __future__ import annotations

import re
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pyarrow as pa

_UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Columns that differ on every run and say nothing about the blueprint.
_IGNORED = {"rerun.controls.RowId", "log_time"}


class IdMap:
    """uuid → `#<n>` in first-seen order."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}

    def name(self, u: str) -> str:
        return self.ids.setdefault(u, f"#{len(self.ids)}")

    def text(self, s: str) -> str:
        return _UUID_TEXT.sub(lambda m: self.name(m.group(0)), s)

    def value(self, v: Any) -> Any:
        """A row's value with every id in it renamed: 16-byte lists (Uuid components) and uuids in
        strings (entity paths)."""
        if isinstance(v, str):
            return self.text(v)
        if isinstance(v, bytes) and len(v) == 16:
            return self.name(str(uuid.UUID(bytes=v)))
        if isinstance(v, list):
            if len(v) == 16 and all(isinstance(x, int) and 0 <= x < 256 for x in v):
                return self.name(str(uuid.UUID(bytes=bytes(v))))
            return [self.value(x) for x in v]
        if isinstance(v, dict):
            return {k: self.value(x) for k, x in v.items()}
        return v


def _meta(field: pa.Field) -> tuple[Any, ...]:
    md = field.metadata or {}
    return tuple(
        md.get(k, b"").decode() for k in (b"rerun:component", b"rerun:archetype", b"rerun:component_type")
    )


def _raw_rows(chunks: list[pa.RecordBatch]) -> list[tuple[str, list[tuple[str, Any, str, Any]]]]:
    out = []
    for chunk in chunks:
        entity = chunk.schema.metadata[b"rerun:entity_path"].decode()
        if entity == "/__properties":
            continue
        columns = [f for f in chunk.schema if f.name not in _IGNORED]
        values = {f.name: chunk.column(f.name).to_pylist() for f in columns}
        for i in range(chunk.num_rows):
            cells = [
                (f.name, _meta(f), str(f.type), values[f.name][i])
                for f in columns
                if values[f.name][i] is not None
            ]
            out.append((entity, cells))
    return out


def _as_uuid(v: Any) -> str:
    return str(uuid.UUID(bytes=bytes(v)))


def _name_ids_by_structure(raw: list[tuple[str, list[Any]]], ids: IdMap) -> None:
    """Names the ids in the order the layout reaches them: the viewport's root container, then
    each container's contents depth-first, each view's visualizer instructions."""
    by_entity: dict[str, list[dict[str, Any]]] = {}
    for entity, cells in raw:
        by_entity.setdefault(entity, []).append({c[0]: c[3] for c in cells})

    def cell(entity: str, column: str) -> Any:
        for row in by_entity.get(entity, []):
            if column in row:
                return row[column]
        return None

    def visit(path: str) -> None:
        ids.text(path)
        entity = "/" + path.lstrip("/")
        for sub in cell(entity, "ContainerBlueprint:contents") or []:
            visit(sub)
        prefix = entity + "/ViewContents/overrides/"
        for e in sorted(by_entity):
            if e.startswith(prefix):
                for instruction in cell(e, "ActiveVisualizers:instruction_ids") or []:
                    ids.name(_as_uuid(instruction))

    for root in cell("/viewport", "ViewportBlueprint:root_container") or []:
        visit(f"container/{_as_uuid(root)}")


def rows(chunks: list[pa.RecordBatch]) -> list[tuple[Any, ...]]:
    """Every row of the store, ids renamed, as (entity, ((column, descriptor, type, value), ...))."""
    raw = _raw_rows(chunks)
    ids = IdMap()
    _name_ids_by_structure(raw, ids)
    out = []
    for entity, cells in raw:
        renamed = tuple(sorted((ids.text(n), m, t, ids.value(v)) for n, m, t, v in cells))
        out.append((ids.text(entity), renamed))
    return out


def canonical(chunks: list[pa.RecordBatch]) -> list[tuple[Any, ...]]:
    """The rows sorted (the two SDKs may split the same rows into chunks differently)."""
    return sorted(rows(chunks), key=repr)


def rerun_chunks(mem: Any) -> list[pa.RecordBatch]:
    """The chunks of a rerun-sdk `MemoryRecording` (read back through rerun's own .rrd reader)."""
    from rerun.chunk import RrdReader

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bp.rrd"
        path.write_bytes(mem.drain_as_bytes())
        return [c.to_record_batch() for c in RrdReader(path).stream()]


def nparrow_chunks(mem: Any) -> list[pa.RecordBatch]:
    return list(mem.chunks())


def diff(theirs: list[pa.RecordBatch], ours: list[pa.RecordBatch]) -> list[str]:
    """What differs, row by row (empty when the stores are equal under the id mapping)."""
    a, b = canonical(theirs), canonical(ours)
    problems = [f"only in rerun-sdk: {r}" for r in a if r not in b]
    problems += [f"only in nparrow: {r}" for r in b if r not in a]
    if not problems and len(a) != len(b):
        problems.append(f"row counts differ: {len(a)} vs {len(b)}")
    return problems


def diff_stores(theirs: list[list[pa.RecordBatch]], ours: list[list[pa.RecordBatch]]) -> list[str]:
    """Several blueprint stores on each side (readers list them in no set order): each of
    rerun-sdk's must equal one of ours, one to one. Empty when they all pair up."""
    if len(theirs) != len(ours):
        return [f"{len(theirs)} blueprint stores in rerun-sdk's, {len(ours)} in nparrow's"]
    left = list(range(len(ours)))
    problems: list[str] = []
    for i, a in enumerate(theirs):
        match = next((j for j in left if not diff(a, ours[j])), None)
        if match is None:
            closest = min(left, key=lambda j: len(diff(a, ours[j])))
            problems.append(f"rerun-sdk's blueprint store #{i} has no equal in nparrow's:")
            problems += diff(a, ours[closest])
        else:
            left.remove(match)
    return problems
