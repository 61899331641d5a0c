"""Semantic diff of two .rrd files, used to explain a failed `rrd compare` in test output.

Usage: python rrd_diff.py A.rrd B.rrd

Groups rows by (entity path, static, set of timelines), ignores row ids and `log_time`, and
prints column-level differences (missing columns, Arrow type, field metadata) and per-row value
differences. `RecordingInfo:start_time` is skipped (wall-clock, ignored by `rrd compare`).
Runs in its own process so the test process never imports rerun-sdk.
"""

from __future__ import annotations

import sys
import warnings

warnings.simplefilter("ignore")

import pyarrow as pa
from rerun.chunk import RrdReader

IGNORED = {"rerun.controls.RowId", "log_time", "RecordingInfo:start_time"}
MAX_LINES = 60


def load(path):
    groups = {}
    for chunk in RrdReader(path).stream():
        batch = chunk.to_record_batch()
        fields = [f for f in batch.schema if f.name not in IGNORED]
        index = sorted(f.name for f in fields if (f.metadata or {}).get(b"rerun:kind") == b"index")
        group = groups.setdefault(
            (chunk.entity_path, chunk.is_static, tuple(index)), {"rows": [], "fields": {}}
        )
        columns = {}
        for f in fields:
            group["fields"][f.name] = f
            col = batch.column(batch.schema.get_field_index(f.name))
            if pa.types.is_timestamp(col.type) or pa.types.is_duration(col.type):
                col = col.cast(pa.int64())
            columns[f.name] = col
        for i in range(batch.num_rows):
            group["rows"].append({name: col[i].as_py() for name, col in columns.items()})
    for group in groups.values():
        # order rows by their timeline values (then by everything) so both sides line up
        group["rows"].sort(
            key=lambda r: ([r.get(k) or 0 for k in index_names(r, group)], repr(sorted(r.items())))
        )
    return groups


def index_names(row, group):
    return [
        n for n, f in sorted(group["fields"].items()) if (f.metadata or {}).get(b"rerun:kind") == b"index"
    ]


def diff(path_a, path_b):
    a, b = load(path_a), load(path_b)
    lines = []
    for key in sorted(set(a) | set(b), key=str):
        if key not in a or key not in b:
            side = "A" if key in a else "B"
            lines.append(f"{key}: only in {side} ({len((a.get(key) or b.get(key))['rows'])} rows)")
            continue
        fa, fb = a[key]["fields"], b[key]["fields"]
        for name in sorted(set(fa) | set(fb)):
            if name not in fa or name not in fb:
                lines.append(f"{key}: column {name!r} only in {'A' if name in fa else 'B'}")
                continue
            if fa[name].type != fb[name].type:
                lines.append(f"{key}: {name} type {fa[name].type} (A) vs {fb[name].type} (B)")
            if (fa[name].metadata or {}) != (fb[name].metadata or {}):
                lines.append(f"{key}: {name} metadata {fa[name].metadata} (A) vs {fb[name].metadata} (B)")
        ra, rb = a[key]["rows"], b[key]["rows"]
        if len(ra) != len(rb):
            lines.append(f"{key}: {len(ra)} rows (A) vs {len(rb)} rows (B)")
        for i, (x, y) in enumerate(zip(ra, rb)):
            for name in sorted(set(x) | set(y)):
                u, v = x.get(name), y.get(name)
                if u == v:
                    continue
                if isinstance(u, list) and isinstance(v, list) and len(u) == len(v):
                    d = [(j, p, q) for j, (p, q) in enumerate(zip(u, v)) if p != q]
                    lines.append(f"{key} row {i}: {name}: {len(d)}/{len(u)} instances differ, e.g. {d[:3]}")
                else:
                    lines.append(f"{key} row {i}: {name}: A={str(u)[:120]} B={str(v)[:120]}")
    return lines


def main():
    lines = diff(sys.argv[1], sys.argv[2])
    print(f"A = {sys.argv[1]}\nB = {sys.argv[2]}")
    for line in lines[:MAX_LINES]:
        print(line)
    if len(lines) > MAX_LINES:
        print(f"... {len(lines) - MAX_LINES} more differences")
    if not lines:
        print("no row-level differences (chunking or descriptor-only difference?)")


if __name__ == "__main__":
    main()
