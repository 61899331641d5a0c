"""log_file_from_path / log_file_from_contents with `.rrd` files (merged, every message keeping its
store, as rerun-sdk 0.41's loader does) and with external `rerun-loader-*` programs on PATH —
each recording compared with what rerun-sdk writes for the same calls: split by store, then
`rrd compare --unordered` after `rrd optimize` (`rrd compare` takes one recording per file)."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import rerun  # the reference peer: a hard dependency of the tests (make test installs it)

import nparrow as rr
from ffi_tests.helpers import in_strict_mode
from ffi_tests.rerun_cli import rerun_cli
from ffi_tests.rrd_reader import _fields
from nparrow._rrd_summary import rrd_summary

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# The same calls for both SDKs, run in a fresh process each (rerun-sdk scans PATH for external
# loaders once per process).
SCRIPT = textwrap.dedent(
    """
    import sys
    sdk_name, out, mode, src, app, rid = sys.argv[1:7]
    sdk = __import__(sdk_name)
    rec = sdk.RecordingStream(app, recording_id=rid)
    rec.save(out)
    rec.set_time("other", sequence=42)
    rec.set_time("clock", duration=1.5)
    rec.log("c", sdk.Scalars(1.0))
    if mode == "path":
        rec.log_file_from_path(src, entity_path_prefix="pre")
    elif mode == "static":
        rec.log_file_from_path(src, static=True)
    elif mode == "contents":
        rec.log_file_from_contents(src, open(src, "rb").read(), entity_path_prefix="pre", static=True)
    elif mode == "twice":
        rec.log_file_from_path(src)
        rec.log_file_from_path(src, entity_path_prefix="again")
    rec.log("c", sdk.Scalars(2.0))
    rec.flush()
    rec.disconnect()
    """
)


def _env(extra_path: Path | None = None, **extra: str) -> dict[str, str]:
    env = {**os.environ, "RERUN_ANALYTICS": "0", **extra}
    for var in ("RERUN_FLUSH_NUM_ROWS", "RERUN_FLUSH_NUM_BYTES", "RERUN_FLUSH_TICK_SECS", "RERUN_STRICT"):
        env.pop(var, None)
    if extra_path is not None:
        env["PATH"] = f"{extra_path}{os.pathsep}{env.get('PATH', '')}"
    return env


def _run(sdk: str, out: Path, mode: str, src: Path | str, env: dict[str, str], app="dst_app", rid="dst-rec"):
    proc = subprocess.run(
        # A RerunWarning (a UserWarning) from either SDK fails the run.
        [sys.executable, "-W", "error::UserWarning", "-c", SCRIPT, sdk, str(out), mode, str(src), app, rid],
        check=False, capture_output=True, text=True, env=env, timeout=120, cwd=out.parent,
    )  # fmt: skip
    assert proc.returncode == 0, f"{sdk}: {proc.stdout[-2000:]}{proc.stderr[-3000:]}"
    assert out.stat().st_size > 0
    return proc


def _store_key(kind: int, body: bytes) -> tuple[int, str, str]:
    msg = _fields(body)
    raw = _fields(msg[2][0])[2][0] if kind == 1 else msg[1][0]
    sid = _fields(raw)
    app = _fields(sid[3][0])[1][0].decode() if 3 in sid else ""
    return sid[1][0], app, sid[2][0].decode()


def _split_stores(path: Path, out_dir: Path) -> dict[tuple[int, str, str], Path]:
    """One .rrd per store of `path` (the stream header, then that store's messages in order)."""
    data = path.read_bytes()
    assert data[:4] == b"RRF2"
    parts: dict[tuple[int, str, str], bytearray] = {}
    i = 12
    while i + 16 <= len(data):
        kind, length = struct.unpack_from("<QQ", data, i)
        end = i + 16 + length
        if kind == 0:
            break
        key = _store_key(kind, data[i + 16 : end])
        parts.setdefault(key, bytearray(data[:12])).extend(data[i:end])
        i = end
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {}
    for n, (key, blob) in enumerate(sorted(parts.items())):
        files[key] = out_dir / f"store{n}.rrd"
        files[key].write_bytes(bytes(blob))
    return files


def _optimized(src: Path) -> Path:
    out = src.with_suffix(".opt.rrd")
    proc = rerun_cli("rrd", "optimize", str(src), "-o", str(out))
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out


def _assert_same_stores(ours: Path, theirs: Path, tmp_path: Path) -> dict:
    """Same stores; each recording store equal under `rrd compare --unordered` after optimize,
    each blueprint store with the same contents."""
    a = _split_stores(ours, tmp_path / "ours")
    b = _split_stores(theirs, tmp_path / "theirs")
    assert sorted(a) == sorted(b)
    for key in a:
        if key[0] == 1:
            proc = rerun_cli(
                "rrd", "compare", "--unordered", str(_optimized(a[key])), str(_optimized(b[key]))
            )
            assert proc.returncode == 0, f"{key}: {proc.stdout[-2000:]}{proc.stderr[-2000:]}"
        else:
            assert rrd_summary(a[key])["stores"] == rrd_summary(b[key])["stores"], key
    return a


def _nparrow_written_src(path: Path) -> Path:
    rec = rr.RecordingStream("src_app", recording_id="src-rec")
    rec.save(path)
    for i in range(3):
        rec.set_time("frame", sequence=i)
        rec.log("a/points", rr.Points3D([[i, 1, 2]]))
    rec.log("b/doc", rr.TextDocument("static"), static=True)
    rec.flush()
    rec.disconnect()
    return path


def _rerun_written_with_blueprint(path: Path) -> Path:
    import rerun.blueprint as rrb

    rec = rerun.RecordingStream("src_app", recording_id="src-bp")
    rec.save(path, default_blueprint=rrb.Spatial3DView(origin="/a"))
    rec.log("a/points", rerun.Points3D([[0, 0, 0], [1, 1, 1]]))
    rec.flush()
    rec.disconnect()
    return path


@pytest.mark.parametrize(
    ("source", "mode"),
    [
        ("rerun_fixture", "path"),
        ("rerun_fixture", "contents"),
        ("nparrow_written", "path"),
        ("nparrow_written", "twice"),
        ("rerun_with_blueprint", "static"),
        ("rerun_with_blueprint", "contents"),
    ],
)
def test_rrd_is_merged_with_its_stores_as_rerun_does(tmp_path, source, mode):
    src = {
        "rerun_fixture": lambda p: shutil.copy(FIXTURES / "points.rrd", p) and p,
        "nparrow_written": _nparrow_written_src,
        "rerun_with_blueprint": _rerun_written_with_blueprint,
    }[source](tmp_path / "src.rrd")
    ours, theirs = tmp_path / "ours.rrd", tmp_path / "theirs.rrd"
    _run("nparrow", ours, mode, src, _env())
    _run("rerun", theirs, mode, src, _env())
    stores = _assert_same_stores(ours, theirs, tmp_path)
    verify = rerun_cli("rrd", "verify", str(ours))  # footer manifests for every store included
    assert verify.returncode == 0, verify.stderr[-2000:]
    # The file's store is its own, next to the recording's (prefix and static do not apply).
    assert (1, "dst_app", "dst-rec") in stores and len(stores) >= 2
    src_info = rrd_summary(src)
    merged = {(s["kind"], s["application_id"], s["recording_id"]): s for s in rrd_summary(ours)["stores"]}
    for s in src_info["stores"]:
        m = merged[(s["kind"], s["application_id"], s["recording_id"])]
        assert m["entities"].keys() == s["entities"].keys()
        times = 2 if mode == "twice" else 1
        assert m["rows"] == times * s["rows"] and m["static_rows"] == times * s["static_rows"]


def test_rrd_of_the_same_store_joins_the_recording(tmp_path):
    """A file written for this very recording (same application and recording id) adds to it."""
    src = shutil.copy(FIXTURES / "points.rrd", tmp_path / "src.rrd")
    ours, theirs = tmp_path / "ours.rrd", tmp_path / "theirs.rrd"
    ids = {"app": "fixture_app", "rid": "fixture-points"}
    _run("nparrow", ours, "path", src, _env(), **ids)
    _run("rerun", theirs, "path", src, _env(), **ids)
    stores = _assert_same_stores(ours, theirs, tmp_path)
    assert list(stores) == [(1, "fixture_app", "fixture-points")]


def test_rrd_merge_in_memory_and_bad_rrd_warns(tmp_path):
    rec = rr.RecordingStream("mem_app", recording_id="fixture-points", send_properties=False)
    mem = rec.memory_recording()
    # Another application: another store, which a memory recording does not hold.
    rec.log_file_from_path(FIXTURES / "points.rrd")
    rec.flush()
    assert mem.chunks() == []
    with pytest.warns(rr.RerunWarning, match=r"broken\.rrd.*not an \.rrd stream"):
        rec.log_file_from_contents("broken.rrd", b"definitely not rerun data")
    with in_strict_mode(), pytest.raises(RuntimeError, match="truncated"):
        rec.log_file_from_contents("cut.rrd", (FIXTURES / "points.rrd").read_bytes()[:300])


# --- external loaders -------------------------------------------------------------------------

LOADER = textwrap.dedent(
    """\
    #!{python}
    import argparse, json, os, sys
    with open(os.environ["NPTEST_LOADER_LOG"], "a") as f:
        f.write(json.dumps(sys.argv[1:]) + "\\n")
    path = sys.argv[1]
    if not path.endswith(".nptest"):
        sys.exit(66)  # rerun's EXTERNAL_DATA_LOADER_INCOMPATIBLE_EXIT_CODE: not my kind of file
    if path.endswith("fail.nptest"):
        print("cannot parse this one", file=sys.stderr)
        sys.exit(3)
    p = argparse.ArgumentParser(allow_abbrev=False)
    p.add_argument("path")
    for flag in ("--application-id", "--recording-id", "--entity-path-prefix"):
        p.add_argument(flag)
    p.add_argument("--static", action="store_true")
    p.add_argument("--time_sequence", action="append", default=[])
    p.add_argument("--time_duration_nanos", action="append", default=[])
    a, _ = p.parse_known_args()
    import numpy as np
    import rerun as rr
    rr.init(a.application_id, recording_id=a.recording_id)
    rr.stdout()
    for pair in a.time_sequence:
        name, value = pair.split("=")
        rr.set_time(name, sequence=int(value))
    for pair in a.time_duration_nanos:
        name, value = pair.split("=")
        if name != "log_time":
            rr.set_time(name, duration=np.timedelta64(int(value), "ns"))
    rr.log((a.entity_path_prefix or "") + "/text", rr.TextDocument(open(path).read()), static=a.static)
    rr.disconnect()
    """
)


@pytest.fixture
def loader_dir(tmp_path):
    d = tmp_path / "bin"
    d.mkdir()
    exe = d / "rerun-loader-nptest"
    exe.write_text(LOADER.format(python=sys.executable))
    exe.chmod(0o755)
    # Not executable: never run (as rerun skips it).
    (d / "rerun-loader-notexec").write_text("#!/bin/sh\nexit 1\n")
    return d


def _args_log(path: Path) -> list[list[str]]:
    """The loader's argv per call, `log_time`'s value (the wall clock) masked."""
    lines = path.read_text().splitlines()
    return [json.loads(re.sub(r"log_time=\d+", "log_time=*", line)) for line in lines]


@pytest.mark.parametrize("mode", ["path", "static"])
def test_external_loader_gets_rerun_flags_and_its_output_is_merged(tmp_path, loader_dir, mode):
    src = tmp_path / "notes.nptest"
    src.write_text("hello from a loader")
    recordings, logs = {}, {}
    for sdk in ("nparrow", "rerun"):
        log = tmp_path / f"{sdk}.args"
        out = tmp_path / f"{sdk}.rrd"
        _run(sdk, out, mode, src, _env(loader_dir, NPTEST_LOADER_LOG=str(log)))
        recordings[sdk], logs[sdk] = out, _args_log(log)
    assert logs["nparrow"] == logs["rerun"]
    (args,) = logs["nparrow"]
    assert args[:3] == [str(src), "--application-id", "dst_app"]
    if mode == "path":
        assert "--entity-path-prefix" in args and "/pre" in args and "other=42" in args
    stores = _assert_same_stores(recordings["nparrow"], recordings["rerun"], tmp_path)
    assert list(stores) == [(1, "dst_app", "dst-rec")]
    (store,) = rrd_summary(recordings["nparrow"])["stores"]
    entity = "/pre/text" if mode == "path" else "/text"
    assert store["entities"][entity]["components"] == {"TextDocument:text": 1}


def test_external_loader_refusal_and_failure_warn(tmp_path, loader_dir, monkeypatch):
    monkeypatch.setenv("PATH", f"{loader_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("NPTEST_LOADER_LOG", str(tmp_path / "args"))
    rec = rr.RecordingStream("ext", recording_id="ext-rec", send_properties=False)
    mem = rec.memory_recording()
    other = tmp_path / "table.xyz"
    other.write_text("x")
    with pytest.warns(rr.RerunWarning, match=r"table\.xyz.*\.rrd.*no rerun-importer-\* / rerun-loader-\*"):
        rec.log_file_from_path(other)
    failing = tmp_path / "fail.nptest"
    failing.write_text("x")
    with pytest.warns(rr.RerunWarning, match=r"exit code 3: cannot parse this one"):
        rec.log_file_from_path(failing)
    # External loaders take paths only, as in rerun: contents of an unknown kind are an error.
    with pytest.warns(rr.RerunWarning, match="only load files given by path"):
        rec.log_file_from_contents("notes.nptest", b"hello")
    ok = tmp_path / "ok.nptest"
    ok.write_text("loaded")
    rec.log_file_from_path(ok, entity_path_prefix="ext")
    rec.flush()
    paths = [c.schema.metadata[b"rerun:entity_path"].decode() for c in mem.chunks()]
    assert paths.count("/ext/text") == 1
    calls = _args_log(tmp_path / "args")
    assert [c[0] for c in calls] == [str(other), str(failing), str(ok)]
