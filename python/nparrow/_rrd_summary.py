"""What is in an `.rrd` file, without the viewer: `python -m nparrow FILE.rrd`.

The file is decoded in Rust (`_native.read_rrd_contents`); this module adds up the chunks per
store and entity: rows (temporal and static), components with the rows that hold them,
timelines with their time ranges, and store ids. Needs neither pyarrow nor rerun-sdk."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from . import _native

__all__ = ["rrd_summary", "summarize_rrd"]

_STORE_KINDS = {1: "recording", 2: "blueprint"}


def _merge_range(ranges: dict[str, list[Any]], name: str, kind: str, lo: int | None, hi: int | None) -> None:
    entry = ranges.setdefault(name, [kind, None, None])
    if lo is not None:
        entry[1] = lo if entry[1] is None else min(entry[1], lo)
    if hi is not None:
        entry[2] = hi if entry[2] is None else max(entry[2], hi)


def rrd_summary(source: str | Path | bytes) -> dict[str, Any]:
    """The contents of an `.rrd` (a path, or the file's bytes) as plain Python values.

    `{"streams", "streams_with_end", "footer_manifests", "stores": [store, ...]}`, stores in
    the order they first appear; each store is `{"kind", "application_id", "recording_id",
    "chunks", "rows", "static_rows", "timelines", "entities", "activations"}` with
    `timelines` = `{name: (kind, min, max)}` (kind "sequence", "timestamp" or "duration";
    values in the timeline's integer unit: nanoseconds for the last two) and `entities` =
    `{entity_path: {"chunks", "rows", "static_rows", "components": {name: rows}, "timelines"}}`
    (`rows` counts temporal rows, `static_rows` static ones; a component's count is the rows
    whose cell is set). Raises `OSError` if the file cannot be read, `RuntimeError` if it is not
    a readable `.rrd` stream."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    messages, streams, streams_with_end, footer_manifests = _native.read_rrd_contents(data)
    stores: dict[tuple[int, str, str], dict[str, Any]] = {}

    def store(kind: int, app: str, rec: str) -> dict[str, Any]:
        key = (kind, app, rec)
        if key not in stores:
            stores[key] = {
                "kind": _STORE_KINDS.get(kind, f"kind {kind}"),
                "application_id": app,
                "recording_id": rec,
                "chunks": 0,
                "rows": 0,
                "static_rows": 0,
                "timelines": {},
                "entities": {},
                "activations": [],
            }
        return stores[key]

    for msg in messages:
        if msg[0] == "store":
            store(*msg[1:4])
        elif msg[0] == "activation":
            store(*msg[1:4])["activations"].append({"make_active": msg[4], "make_default": msg[5]})
        else:
            _, kind, app, rec, entity, is_static, rows, components, timelines = msg
            s = store(kind, app, rec)
            e = s["entities"].setdefault(
                entity, {"chunks": 0, "rows": 0, "static_rows": 0, "components": {}, "timelines": {}}
            )
            key = "static_rows" if is_static else "rows"
            for target in (s, e):
                target["chunks"] += 1
                target[key] += rows
            for name, n in components:
                e["components"][name] = e["components"].get(name, 0) + n
            for name, tkind, lo, hi in timelines:
                _merge_range(s["timelines"], name, tkind, lo, hi)
                _merge_range(e["timelines"], name, tkind, lo, hi)

    def ranges(t: dict[str, list[Any]]) -> dict[str, tuple[str, int | None, int | None]]:
        return {name: (v[0], v[1], v[2]) for name, v in sorted(t.items())}

    out_stores = []
    for s in stores.values():
        s["timelines"] = ranges(s["timelines"])
        s["entities"] = {
            path: {
                **e,
                "components": dict(sorted(e["components"].items())),
                "timelines": ranges(e["timelines"]),
            }
            for path, e in sorted(s["entities"].items())
        }
        out_stores.append(s)
    return {
        "streams": streams,
        "streams_with_end": streams_with_end,
        "footer_manifests": footer_manifests,
        "stores": out_stores,
    }


def format_time(kind: str, value: int | None) -> str:
    """A timeline value as a person reads it: a sequence number, a UTC time, or seconds."""
    if value is None:
        return "-"
    if kind == "timestamp":
        seconds, nanos = divmod(value, 1_000_000_000)
        when = _dt.datetime.fromtimestamp(seconds, tz=_dt.UTC)
        return when.strftime("%Y-%m-%dT%H:%M:%S") + f".{nanos:09d}Z"
    if kind == "duration":
        return f"{value / 1e9:g}s"
    return str(value)


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"1 {word}"
    return f"{n} {word[:-1] + 'ies' if word.endswith('y') else word + 's'}"


def summarize_rrd(path: str | Path) -> str:
    """A short text summary of an `.rrd` file: per store, its ids, rows, timelines with their
    time ranges, and each entity with its rows (temporal and static) and components."""
    info = rrd_summary(path)
    stores = info["stores"]
    footer = (
        f"footer with {_plural(info['footer_manifests'], 'manifest')}"
        if info["streams_with_end"]
        else "no footer (the stream ends without an End message)"
    )
    lines = [f"{path}: {_plural(info['streams'], 'stream')}, {_plural(len(stores), 'store')}, {footer}"]
    for s in stores:
        lines.append("")
        lines.append(
            f"{s['kind']} application_id={s['application_id']!r} recording_id={s['recording_id']!r}: "
            f"{_plural(s['chunks'], 'chunk')}, {_plural(s['rows'], 'row')}, "
            f"{_plural(s['static_rows'], 'static row')}, {_plural(len(s['entities']), 'entity')}"
        )
        for act in s["activations"]:
            lines.append(f"  activation: make_active={act['make_active']} make_default={act['make_default']}")
        if s["timelines"]:
            lines.append("  timelines:")
            width = max(len(n) for n in s["timelines"])
            for name, (kind, lo, hi) in s["timelines"].items():
                lines.append(
                    f"    {name:<{width}}  {kind:<9}  {format_time(kind, lo)} .. {format_time(kind, hi)}"
                )
        if s["entities"]:
            lines.append("  entities:")
            width = max(len(p) for p in s["entities"])
            for path_, e in s["entities"].items():
                counts = []
                if e["rows"] or not e["static_rows"]:
                    counts.append(_plural(e["rows"], "row"))
                if e["static_rows"]:
                    counts.append(_plural(e["static_rows"], "static row"))
                comps = ", ".join(f"{c} ({n})" for c, n in e["components"].items())
                lines.append(f"    {path_:<{width}}  {', '.join(counts)}: {comps}")
    return "\n".join(lines)
