"""Live streaming to a real Rerun 0.41 receiver (`rerun --port P --save F`) over loopback gRPC.

What the viewer receives from nparrow must equal what it receives from rerun-sdk for the same
script (`rerun rrd compare --unordered` after `rrd optimize`); a viewer that starts late loses
nothing; a viewer that dies neither crashes nor blocks the program.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import grpc_harness as h
import numpy as np
import pytest

import nparrow as rr
from nparrow import _grpc
from nparrow._grpc import connect_grpc, spawn

STREAM = str(h.SCRIPTS / "stream.py")


@pytest.mark.parametrize("script", ["points_timeline", "send_columns", "transforms", "geometry3d"])
def test_stream_matches_rerun_sdk(script, receiver):
    ours, ref = receiver(f"nparrow-{script}"), receiver(f"rerun-{script}")
    procs = [
        subprocess.Popen(
            [sys.executable, STREAM, sdk, script, r.url],
            env=h.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        for sdk, r in (("nparrow", ours), ("rerun", ref))
    ]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err[-3000:]
    h.assert_same(ours.stop(), ref.stop())


# send_columns has a 480 kB column that is borrowed from numpy: its encoded payload waits in
# the sink's queue after the batcher has released the borrow, so it must have been copied.
@pytest.mark.parametrize("script", ["mixed_entities", "send_columns"])
def test_viewer_started_later_loses_nothing(script, receiver, tmp_path):
    late = receiver(f"late-{script}", start=False)
    proc = subprocess.Popen(
        [sys.executable, STREAM, "nparrow", script, late.url],
        env=h.env({"NPARROW_GRPC_CONNECT_TIMEOUT": "20"}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    time.sleep(1.0)
    assert proc.poll() is None, "the script did not wait for the viewer"
    late.start()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err[-3000:]
    saved = tmp_path / "direct.rrd"
    direct = h.run_script([STREAM, "nparrow", script, f"file:{saved}"])
    assert direct.returncode == 0, direct.stderr[-3000:]
    h.assert_same(late.stop(), saved)


def test_viewer_killed_midstream_does_not_block(receiver):
    victim = receiver("victim")
    proc = subprocess.Popen(
        [sys.executable, str(h.SCRIPTS / "killed.py"), victim.url],
        env=h.env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None and proc.stdin is not None
        assert proc.stdout.readline().strip() == "READY"
        victim.kill()
        proc.stdin.write("go\n")
        proc.stdin.flush()
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            h.stop_group(proc)
    assert proc.returncode == 0, err[-3000:]
    stats = json.loads(out.strip().splitlines()[-1])
    assert stats["frames"] > 20
    assert stats["worst_log_s"] < 0.5, stats
    assert stats["flush_s"] < 2.0, stats
    assert stats["disconnect_s"] < 5.0, stats
    assert sum("went away" in w for w in stats["warnings"]) == 1, stats
    assert len(stats["warnings"]) <= 3, stats


@pytest.mark.parametrize(
    "url",
    [
        "127.0.0.1:9876",
        "http://127.0.0.1:9876/proxy",
        "rerun+http://127.0.0.1:9876",
        "rerun+http://127.0.0.1:9876/catalog",
        "rerun+https://127.0.0.1:9876/proxy",
        "rerun+http://127.0.0.1:70000/proxy",
    ],
)
def test_bad_url_is_a_value_error(url):
    rec = rr.RecordingStream("bad_url")
    try:
        with pytest.raises(ValueError, match="rerun\\+http://HOST:PORT/proxy"):
            connect_grpc(url, recording=rec)
    finally:
        rec._close()


def test_no_viewer_warns_and_returns(monkeypatch):
    monkeypatch.setenv("NPARROW_GRPC_CONNECT_TIMEOUT", "0.3")
    rec = rr.RecordingStream("nobody", recording_id="nobody")
    connect_grpc(f"rerun+http://127.0.0.1:{h.free_port()}/proxy", recording=rec)
    rec.log("pts", rr.Points3D(np.zeros((10, 3), dtype=np.float32)))
    t = time.monotonic()
    rec.flush()
    assert time.monotonic() - t < 3.0
    with pytest.warns(UserWarning, match="not delivered"):
        rec.disconnect()


def test_spawn_without_viewer_warns(tmp_path):
    rec = rr.RecordingStream("spawn_missing")
    try:
        with pytest.warns(rr.RerunWarning, match="could not find the Rerun viewer"):
            spawn(port=h.free_port(), executable_path=str(tmp_path / "no-such-rerun"), recording=rec)
    finally:
        rec._close()


def test_spawn_starts_a_viewer_and_streams(tmp_path):
    if not h.RERUN.exists():
        pytest.fail("the rerun CLI (rerun-sdk 0.41) is not installed: make test installs it")
    # A stand-in for the GUI viewer (no display in CI): the real binary, headless, saving to a file.
    out, pidfile = tmp_path / "spawned.rrd", tmp_path / "pid"
    fake = tmp_path / "rerun"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import os, sys\n"
        f"open({str(pidfile)!r}, 'w').write(str(os.getpid()))\n"
        "port = sys.argv[sys.argv.index('--port') + 1]\n"
        f"os.execv({str(h.RERUN)!r}, [{str(h.RERUN)!r}, '--port', port, '--save', {str(out)!r}])\n"
    )
    fake.chmod(0o755)
    rec = rr.RecordingStream("spawned", recording_id="spawned")
    port = h.free_port()
    try:
        spawn(port=port, executable_path=str(fake), recording=rec)
        assert h.listening(port)
        rec.log("pts", rr.Points3D(np.ones((5, 3), dtype=np.float32)))
        rec.disconnect()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (not out.exists() or out.stat().st_size < 1000):
            time.sleep(0.05)
        assert out.exists() and out.stat().st_size > 1000
    finally:
        rec._close()
        if pidfile.exists():
            try:
                os.killpg(int(pidfile.read_text()), signal.SIGTERM)
            except ProcessLookupError:
                pass
        while _grpc._SPAWNED:
            _grpc._SPAWNED.pop().wait(timeout=10)
