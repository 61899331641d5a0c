""".rrd reading (`nparrow._rrd_summary`, decoded in Rust): files written by rerun-sdk 0.41 and by
nparrow, checked against an independent reading of the same file (framing and protobuf by
ffi_tests/rrd_reader.py's field parser, LZ4 by pyarrow's `lz4_raw` codec, Arrow IPC by pyarrow)."""

from __future__ import annotations

import struct
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest
import rerun  # the reference peer: a hard dependency of the tests (make test installs it)

import nparrow as rr
from ffi_tests.rrd_reader import _fields, read_chunks
from nparrow._rrd_summary import rrd_summary, summarize_rrd

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# Written by rerun-sdk 0.41 (shared/spec/fixtures/make_fixtures.py), LZ4-compressed.
RERUN_FILES = ["timelines.rrd", "points.rrd"]
_KINDS = {1: "recording", 2: "blueprint"}


def _store(raw: bytes) -> tuple[str, str, str]:
    f = _fields(raw)
    app = _fields(f[3][0])[1][0] if 3 in f else b""
    return _KINDS[f[1][0]], app.decode(), f[2][0].decode()


def _batches(path: Path):
    """(store, pyarrow table) per ArrowMsg, read without nparrow."""
    data = path.read_bytes()
    assert data[:4] == b"RRF2"
    i = 12
    while i + 16 <= len(data):
        kind, length = struct.unpack_from("<QQ", data, i)
        body = data[i + 16 : i + 16 + length]
        i += 16 + length
        if kind == 0:
            break
        if kind != 2:
            continue
        msg = _fields(body)
        payload = msg[5][0]
        if msg.get(2, [1])[0] == 2:  # LZ4 block
            payload = pa.decompress(payload, decompressed_size=msg[3][0], codec="lz4_raw", asbytes=True)
        yield _store(msg[1][0]), pa.ipc.open_stream(payload).read_all()


def _independent_stores(path: Path) -> dict[tuple[str, str, str], dict]:
    stores: dict[tuple[str, str, str], dict] = {}
    for key, table in _batches(path):
        s = stores.setdefault(
            key, {"chunks": 0, "rows": 0, "static_rows": 0, "timelines": {}, "entities": {}}
        )
        entity = table.schema.metadata[b"rerun:entity_path"].decode()
        e = s["entities"].setdefault(
            entity, {"chunks": 0, "rows": 0, "static_rows": 0, "components": {}, "timelines": {}}
        )
        indexes = [f for f in table.schema if (f.metadata or {}).get(b"rerun:kind") == b"index"]
        rows_key = "rows" if indexes else "static_rows"
        for target in (s, e):
            target["chunks"] += 1
            target[rows_key] += table.num_rows
        for f in table.schema:
            md = f.metadata or {}
            if md.get(b"rerun:kind") == b"data":
                name = md.get(b"rerun:component", f.name.encode()).decode()
                col = table.column(f.name)
                e["components"][name] = e["components"].get(name, 0) + len(col) - col.null_count
        for f in indexes:
            kind = (
                "timestamp"
                if pa.types.is_timestamp(f.type)
                else "duration"
                if pa.types.is_duration(f.type)
                else "sequence"
            )
            mm = pc.min_max(table.column(f.name).cast(pa.int64())).as_py()
            for t in (s["timelines"], e["timelines"]):
                old = t.get(f.name)
                lo, hi = mm["min"], mm["max"]
                if old is not None:
                    lo, hi = min(old[1], lo), max(old[2], hi)
                t[f.name] = (kind, lo, hi)
    for s in stores.values():
        s["timelines"] = dict(sorted(s["timelines"].items()))
        for e in s["entities"].values():
            e["timelines"] = dict(sorted(e["timelines"].items()))
            e["components"] = dict(sorted(e["components"].items()))
        s["entities"] = dict(sorted(s["entities"].items()))
    return stores


def _ours(path: Path) -> dict[tuple[str, str, str], dict]:
    out = {}
    for s in rrd_summary(path)["stores"]:
        key = (s["kind"], s["application_id"], s["recording_id"])
        out[key] = {k: s[k] for k in ("chunks", "rows", "static_rows", "timelines", "entities")}
    return out


@pytest.mark.parametrize("name", RERUN_FILES)
def test_rerun_written_files_read_as_an_independent_reader_reads_them(name):
    path = FIXTURES / name
    expected = _independent_stores(path)
    assert _ours(path) == expected
    info = rrd_summary(path)
    assert info["streams"] == info["streams_with_end"] == 1 and info["footer_manifests"] == 1
    # The fixture's identity and content, as make_fixtures.py wrote them.
    (store,) = info["stores"]
    assert store["application_id"] == "fixture_app" and store["recording_id"] == f"fixture-{name[:-4]}"
    assert "/__properties" in store["entities"]


def test_timelines_fixture_summary_names_entities_rows_and_time_ranges():
    path = FIXTURES / "timelines.rrd"
    (store,) = rrd_summary(path)["stores"]
    # Values straight from the independent reading: each timeline's range and static entities.
    expected = _independent_stores(path)[("recording", "fixture_app", "fixture-timelines")]
    text = summarize_rrd(path)
    assert "recording_id='fixture-timelines'" in text and "footer with 1 manifest" in text
    for timeline, (kind, lo, hi) in expected["timelines"].items():
        assert kind in ("sequence", "timestamp", "duration")
        assert timeline in text
        if kind == "sequence":
            assert f"{lo} .. {hi}" in text
    for entity, e in expected["entities"].items():
        line = next(ln for ln in text.splitlines() if ln.strip().startswith(entity + " "))
        for component, n in e["components"].items():
            assert f"{component} ({n})" in line
        if e["static_rows"]:
            assert f"{e['static_rows']} static row" in line
    assert store["static_rows"] == expected["static_rows"] > 0


def test_nparrow_written_recording_reads_back_like_rrd_reader(tmp_path, monkeypatch):
    monkeypatch.setenv("NPARROW_COMPRESS", "0")  # ffi_tests/rrd_reader.read_chunks reads raw IPC
    path = tmp_path / "ours.rrd"
    rec = rr.RecordingStream("reader_app", recording_id="reader-rec")
    rec.save(path)
    for i in range(4):
        rec.set_time("frame", sequence=10 + i)
        rec.set_time("clock", duration=0.5 * i)
        rec.log("world/points", rr.Points3D([[i, 0, 0]] * (i + 1)))
    rec.log("world/label", rr.TextDocument("static"), static=True)
    rec.flush()
    rec.disconnect()

    chunks = read_chunks(path)
    (store,) = rrd_summary(path)["stores"]
    assert store["chunks"] == len(chunks)
    assert store["rows"] + store["static_rows"] == sum(c.num_rows for c in chunks)
    assert store["timelines"]["frame"] == ("sequence", 10, 13)
    assert store["timelines"]["clock"] == ("duration", 0, 1_500_000_000)
    assert store["timelines"]["log_time"][0] == "timestamp"
    points = store["entities"]["/world/points"]
    assert points["rows"] == 4 and points["components"] == {"Points3D:positions": 4}
    assert store["entities"]["/world/label"]["static_rows"] == 1
    assert _ours(path) == _independent_stores(path)


def test_file_without_footer_and_concatenated_streams(tmp_path):
    a = tmp_path / "a.rrd"
    rec = rr.RecordingStream("reader_app", recording_id="a")
    rec.save(a, write_footer=False)
    rec.log("x", rr.Scalars(1.0))
    rec.flush()
    rec.disconnect()
    info = rrd_summary(a)
    assert info["streams"] == 1 and info["streams_with_end"] == 0
    assert "no footer" in summarize_rrd(a)

    both = a.read_bytes() + (FIXTURES / "points.rrd").read_bytes()
    info = rrd_summary(both)
    assert info["streams"] == 2 and info["streams_with_end"] == 1
    assert [s["recording_id"] for s in info["stores"]] == ["a", "fixture-points"]


def test_blueprint_store_and_activation_are_read(tmp_path):
    import rerun.blueprint as rrb

    path = tmp_path / "bp.rrd"
    rec = rerun.RecordingStream("bp_app", recording_id="bp-rec")
    rec.save(path, default_blueprint=rrb.Spatial3DView(origin="/a"))
    rec.log("a", rerun.Points3D([[0, 0, 0]]))
    rec.flush()
    rec.disconnect()
    stores = rrd_summary(path)["stores"]
    kinds = [s["kind"] for s in stores]
    assert kinds == ["blueprint", "recording"]
    assert stores[0]["activations"] == [{"make_active": False, "make_default": True}]
    assert _ours(path) == _independent_stores(path)


def test_bad_input_raises_runtime_error_never_crashes(tmp_path):
    data = (FIXTURES / "points.rrd").read_bytes()
    with pytest.raises(RuntimeError, match="not an .rrd stream"):
        rrd_summary(b"PK\x03\x04 a zip file")
    with pytest.raises(RuntimeError, match="truncated"):
        rrd_summary(data[:200])
    with pytest.raises(RuntimeError):
        rrd_summary(b"")
    with pytest.raises(OSError):
        rrd_summary(tmp_path / "missing.rrd")


def test_python_m_nparrow_prints_the_summary():
    import subprocess
    import sys

    path = FIXTURES / "points.rrd"
    proc = subprocess.run(
        [sys.executable, "-m", "nparrow", str(path)], capture_output=True, text=True, check=False, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == summarize_rrd(path).strip()
    assert "/world/points" in proc.stdout and "recording_id='fixture-points'" in proc.stdout
