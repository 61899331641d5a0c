"""Sinks past save(): set_sinks (a file and a stream at once), stdout, binary_stream,
save(write_footer=False), MemoryRecording.drain_as_bytes / num_msgs — each file or stream is
checked by rerun-sdk's own CLI and against what rerun-sdk writes for the same calls."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import rerun  # the reference peer: a hard dependency of the tests (make test installs it)

import nparrow as rr
from ffi_tests.rerun_cli import assert_same_recording, rerun_cli, rerun_exe
from ffi_tests.rrd_reader import messages, read_chunks


def _log_some(sdk, rec) -> None:
    for i in range(3):
        rec.set_time("frame", sequence=i)
        rec.log("points", sdk.Points3D([[i, 0, 0], [0, i, 0]]))


def test_set_sinks_writes_two_files_each_equal_to_rerun(tmp_path, monkeypatch):
    monkeypatch.setenv("NPARROW_COMPRESS", "0")
    rec = rr.RecordingStream("tee", recording_id="tee1")
    a, b = tmp_path / "a.rrd", tmp_path / "b.rrd"
    rec.set_sinks(rr.FileSink(a), rr.FileSink(b))
    _log_some(rr, rec)
    rec.flush()
    rec.disconnect()

    ref = tmp_path / "ref.rrd"
    theirs = rerun.RecordingStream("tee", recording_id="tee1")
    theirs.set_sinks(rerun.FileSink(ref))
    _log_some(rerun, theirs)
    theirs.flush()
    theirs.disconnect()

    for path in (a, b):
        proc = rerun_cli("rrd", "verify", str(path))
        assert proc.returncode == 0, proc.stderr
        assert_same_recording(ref, path, tmp_path)
    assert [c.num_rows for c in read_chunks(a)] == [c.num_rows for c in read_chunks(b)]


def test_set_sinks_file_and_grpc_keep_the_file_whole(tmp_path, monkeypatch):
    # No viewer listens: the file still gets everything; the stream side warns, once.
    monkeypatch.setenv("NPARROW_GRPC_CONNECT_TIMEOUT", "0.5")
    monkeypatch.setenv("NPARROW_COMPRESS", "0")
    path = tmp_path / "f.rrd"
    rec = rr.RecordingStream("tee")
    rec.set_sinks(rr.FileSink(path), rr.GrpcSink("rerun+http://127.0.0.1:1/proxy"))
    _log_some(rr, rec)
    with pytest.warns(rr.RerunWarning, match="no viewer accepted"):
        rec.disconnect()
    assert rerun_cli("rrd", "verify", str(path)).returncode == 0
    assert (
        sum(c.num_rows for c in read_chunks(path) if c.schema.metadata[b"rerun:entity_path"] == b"/points")
        == 3
    )


def test_duplicate_and_unknown_sinks_raise_like_rerun(tmp_path):
    rec = rr.RecordingStream("tee")
    with pytest.raises(ValueError, match="Duplicate sinks"):
        rec.set_sinks(rr.FileSink(tmp_path / "x.rrd"), rr.FileSink(tmp_path / "x.rrd"))
    with pytest.raises(ValueError, match="Duplicate sinks"):
        rerun.set_sinks(rerun.FileSink(tmp_path / "x.rrd"), rerun.FileSink(tmp_path / "x.rrd"))
    with pytest.raises(TypeError, match="FileSink"):
        rec.set_sinks("x.rrd")


def test_save_without_footer(tmp_path):
    path = tmp_path / "nf.rrd"
    rec = rr.RecordingStream("nf")
    rec.save(path, write_footer=False)
    _log_some(rr, rec)
    rec.disconnect()
    assert all(kind != "End" for kind, _, _ in messages(path))
    assert rerun_cli("rrd", "verify", "--check-footers", "false", str(path)).returncode == 0
    assert rerun_cli("rrd", "verify", str(path)).returncode != 0, "rerun wants the footer"


def test_stdout_is_an_rrd_stream_rerun_reads(tmp_path):
    script = textwrap.dedent(
        """
        import nparrow as rr
        rr.init("stdout_app")
        rr.stdout()
        for i in range(3):
            rr.set_time("frame", sequence=i)
            rr.log("points", rr.Points3D([[i, 0, 0]]))
        """
    )
    out = tmp_path / "piped.rrd"
    with open(out, "wb") as f:
        proc = subprocess.run([sys.executable, "-c", script], stdout=f, timeout=120, check=False)
    assert proc.returncode == 0
    # `python app.py | rerun rrd print` (rerun reads the stream from stdin), through a real pipe.
    producer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    printed = subprocess.run(
        [str(rerun_exe()), "rrd", "print"], stdin=producer.stdout, capture_output=True, text=True,
        timeout=120, check=False, start_new_session=True,
    )  # fmt: skip
    producer.stdout.close()
    assert producer.wait(timeout=60) == 0
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.count("/points") == 1 and "Points3D:positions" in printed.stdout, printed.stdout
    assert rerun_cli("rrd", "verify", str(out)).returncode == 0


def test_binary_stream_reads_a_valid_rrd_in_pieces(tmp_path):
    rec = rr.RecordingStream("bin")
    stream = rr.binary_stream(recording=rec)
    rec.log("a", rr.Points3D([[1, 2, 3]]))
    first = stream.read()
    assert first is not None and first[:4] == b"RRF2"
    rec.log("b", rr.Points3D([[3, 2, 1]]))
    rec.disconnect()  # closes the stream: footer
    rest = stream.read() or b""
    assert stream.read() is None, "read() drains"
    path = tmp_path / "bin.rrd"
    path.write_bytes(first + rest)
    proc = rerun_cli("rrd", "verify", str(path))
    assert proc.returncode == 0, proc.stderr


def test_memory_recording_drains_as_rrd_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("NPARROW_COMPRESS", "0")
    rec = rr.RecordingStream("mem", recording_id="m1")
    mem = rec.memory_recording()
    _log_some(rr, rec)
    assert mem.num_msgs() == 1 + mem.num_chunks()
    data = mem.drain_as_bytes()
    assert mem.num_chunks() == 0, "drained"
    path = tmp_path / "mem.rrd"
    path.write_bytes(data)
    assert rerun_cli("rrd", "verify", str(path)).returncode == 0

    theirs = rerun.RecordingStream("mem", recording_id="m1")
    their_mem = theirs.memory_recording()
    _log_some(rerun, theirs)
    theirs.flush()
    ref = tmp_path / "ref.rrd"
    ref.write_bytes(their_mem.drain_as_bytes())
    assert_same_recording(ref, path, tmp_path)


def test_stdout_recording_equals_rerun_sdks(tmp_path):
    """The same script piped to a file by both SDKs: equal recordings under `rrd compare`."""
    script = textwrap.dedent(
        """
        import sys, importlib
        rr = importlib.import_module(sys.argv[1])
        rr.init("stdout_app", recording_id="stdout1")
        rr.stdout()
        for i in range(3):
            rr.set_time("frame", sequence=i)
            rr.log("points", rr.Points3D([[i, 0, 0]], radii=0.5))
        rr.disconnect()
        """
    )
    paths = {}
    for sdk in ("rerun", "nparrow"):
        paths[sdk] = tmp_path / f"{sdk}.rrd"
        with open(paths[sdk], "wb") as f:
            proc = subprocess.run(
                [sys.executable, "-c", script, sdk], stdout=f, timeout=120, check=False,
                env={**__import__("os").environ, "RERUN_ANALYTICS": "0"},
            )  # fmt: skip
        assert proc.returncode == 0, sdk
    assert rerun_cli("rrd", "verify", str(paths["nparrow"])).returncode == 0
    assert_same_recording(paths["rerun"], paths["nparrow"], tmp_path)
