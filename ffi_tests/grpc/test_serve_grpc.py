"""`serve_grpc()` / `GrpcServerSink`: an in-process gRPC server that a real Rerun 0.41 viewer
(`rerun URL --save F`, headless) connects to late.

The late viewer gets the whole backlog and then the live data, and what it saves equals what
it saves from rerun-sdk's own server for the same script (`rrd compare --unordered` after
`rrd optimize`). A fixed memory limit drops the oldest temporal data with one warning and keeps
static data; a viewer that goes away does not stop logging; a port in use raises.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import warnings
from pathlib import Path

import grpc_harness as h
import numpy as np
import pytest

import nparrow as rr

SERVE = str(h.SCRIPTS / "serve.py")
FRAMES = str(h.SCRIPTS / "frames.py")


class Viewer:
    """`rerun URL --save F`: a headless viewer that connects to our server and saves what it
    receives (its own gRPC server goes on a free port, so parallel runs do not collide)."""

    def __init__(self, url: str, path: Path) -> None:
        self.path = path
        self.log = open(path.with_suffix(".log"), "w")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [str(h.RERUN), "--port", str(h.free_port()), url, "--save", str(path)],
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=h.env(),
            start_new_session=True,
        )

    def wait_received(self) -> None:
        """Waits until the viewer has saved something and the file has stopped growing."""

        def alive() -> None:
            assert self.proc.poll() is None, self.path.with_suffix(".log").read_text()[-2000:]

        if not h.wait_until_settled(self.path, settle=0.5, timeout=30, nonempty=True, check=alive):
            raise AssertionError(
                f"the viewer saved nothing: {self.path.with_suffix('.log').read_text()[-2000:]}"
            )

    def wait_exit(self) -> int | None:
        """The viewer ends by itself when the server closes the stream."""
        try:
            return self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            return None
        finally:
            self.stop()

    def stop(self) -> None:
        h.stop_group(self.proc)
        self.log.close()


def saved_by_late_viewer(rec, url: str, path: Path, live=None) -> Path:
    """A viewer connects to `url` after the logging started and saves to `path`: it gets the
    backlog, then what `live()` logs; `rec` disconnects and the viewer ends by itself."""
    viewer = Viewer(url, path)
    try:
        viewer.wait_received()
        if live is not None:
            live()
        rec.disconnect()
        assert viewer.wait_exit() == 0
    finally:
        viewer.stop()
    return path


def contents(path: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, FRAMES, str(path)],
        capture_output=True,
        text=True,
        env=h.env(),
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def verify(path: Path) -> None:
    proc = h.rrd_cli("verify", str(path))
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-2000:]


def serve_late_viewer(sdk: str, tmp_path: Path, limit: str = "1GiB", end: str = "exit") -> Path:
    """Runs scripts/serve.py with `sdk`: backlog, then a viewer connects, then live data, then
    disconnect. Returns the file the viewer saved."""
    port = h.free_port()
    proc = subprocess.Popen(
        [sys.executable, SERVE, sdk, str(port), limit],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=h.env(),
        start_new_session=True,
    )
    viewer = None
    try:
        line = proc.stdout.readline()
        assert line.startswith("ready "), proc.stderr.read()[-3000:]
        url = line.split()[1]
        assert url == f"rerun+http://127.0.0.1:{port}/proxy"
        viewer = Viewer(url, tmp_path / f"{sdk}.rrd")
        viewer.wait_received()  # the backlog, logged before the viewer existed
        proc.stdin.write("live\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "logged", proc.stderr.read()[-3000:]
        proc.stdin.write(f"{end}\n")
        proc.stdin.flush()
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err[-3000:]
        assert out.strip() == "done"
        code = viewer.wait_exit()
        assert code == 0, f"viewer exit code {code}: {viewer.path.with_suffix('.log').read_text()[-2000:]}"
        return viewer.path
    finally:
        if viewer is not None:
            viewer.stop()
        h.stop_group(proc)


def test_late_viewer_gets_backlog_and_live_data_as_from_rerun_sdk(tmp_path):
    ours = serve_late_viewer("nparrow", tmp_path)
    ref = serve_late_viewer("rerun", tmp_path)
    verify(ours)
    got = contents(ours)
    assert got["frames"]["/world/points"] == list(range(30))  # 0-19 backlog, 20-29 live
    assert got["frames"]["/world/scalar"] == list(range(30))
    assert {"/world/origin", "/world/label"} <= set(got["static"])
    h.assert_same(ours, ref)


def test_process_exit_stops_the_server_after_the_viewer_got_everything(tmp_path):
    saved = serve_late_viewer("nparrow", tmp_path, end="quit")
    verify(saved)
    assert contents(saved)["frames"]["/world/points"] == list(range(30))


def log_frames(rec, start: int, stop: int, rng) -> None:
    for i in range(start, stop):
        rec.set_time("frame", sequence=i)
        # Random values: LZ4 cannot shrink them, so each frame's chunk is ~12 kB on the wire.
        rec.log("world/points", rr.Points3D(rng.random((1000, 3), dtype=np.float32)))
        rec.flush()  # one chunk per frame


def memory_warnings(caught) -> list[str]:
    return [
        str(w.message)
        for w in caught
        if issubclass(w.category, rr.RerunWarning) and "memory limit" in str(w.message)
    ]


def test_memory_limit_drops_oldest_data_with_one_warning(tmp_path):
    rng = np.random.default_rng(0)
    rec = rr.RecordingStream("rerun_example_serve_limit", recording_id="limit")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        url = rr.serve_grpc(grpc_port=0, server_memory_limit="100kB", recording=rec)
        rec.log("world/origin", rr.Points3D([[0.0, 0.0, 0.0]]), static=True)
        log_frames(rec, 0, 60, rng)  # ~720 kB: far past the limit
    found = memory_warnings(caught)
    assert len(found) == 1, [str(w.message) for w in caught]
    assert url in found[0] and "100000 bytes" in found[0]

    viewer = Viewer(url, tmp_path / "limited.rrd")
    try:
        viewer.wait_received()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            log_frames(rec, 60, 70, rng)  # live: streamed, even though the backlog is full
            rec.disconnect()
        assert memory_warnings(caught) == []  # still only the one warning
        assert viewer.wait_exit() == 0
    finally:
        viewer.stop()
    verify(viewer.path)
    got = contents(viewer.path)
    frames = got["frames"]["/world/points"]
    assert "/world/origin" in got["static"]  # static data outlives temporal data
    kept = [f for f in frames if f < 60]
    assert 0 < len(kept) < 12, kept  # 100 kB hold fewer than 9 frames of ~12 kB
    assert kept == list(range(60 - len(kept), 60))  # the newest ones: the oldest were dropped
    assert frames[len(kept) :] == list(range(60, 70))  # every live frame


def test_viewer_going_away_does_not_stop_logging_and_next_viewer_gets_everything(tmp_path):
    rng = np.random.default_rng(1)
    rec = rr.RecordingStream("rerun_example_serve_leave", recording_id="leave")
    url = rec.serve_grpc(grpc_port=0)  # the method form of rr.serve_grpc(recording=rec)
    log_frames(rec, 0, 5, rng)
    first = Viewer(url, tmp_path / "first.rrd")
    first.wait_received()
    first.stop()  # killed mid-stream
    log_frames(rec, 5, 10, rng)
    second = saved_by_late_viewer(rec, url, tmp_path / "second.rrd")
    assert contents(second)["frames"]["/world/points"] == list(range(10))


def test_grpc_server_sink_with_a_file_sink(tmp_path):
    rng = np.random.default_rng(2)
    port = h.free_port()
    rec = rr.RecordingStream("rerun_example_serve_tee", recording_id="tee")
    sink = rr.GrpcServerSink(port=port, server_memory_limit="1GiB")
    assert sink.uri == f"rerun+http://0.0.0.0:{port}/proxy"  # as rerun-sdk forms it
    rec.set_sinks(rr.FileSink(tmp_path / "file.rrd"), sink)
    log_frames(rec, 0, 8, rng)
    url = f"rerun+http://127.0.0.1:{port}/proxy"
    served = saved_by_late_viewer(rec, url, tmp_path / "served.rrd", live=lambda: log_frames(rec, 8, 12, rng))
    h.assert_same(served, tmp_path / "file.rrd")


def test_port_in_use_raises_and_logging_goes_on(tmp_path):
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        rec = rr.RecordingStream("rerun_example_serve_busy", recording_id="busy")
        with pytest.raises(OSError, match=f"cannot listen on 0.0.0.0:{port}"):
            rr.serve_grpc(grpc_port=port, recording=rec)
    # The recording kept its sink (still buffering) and can be saved as before.
    rec.log("p", rr.Points3D([[1.0, 2.0, 3.0]]), static=True)
    rec.save(tmp_path / "after.rrd")
    rec.disconnect()
    verify(tmp_path / "after.rrd")


@pytest.mark.parametrize("limit", ["lots", "150%", ""])
def test_bad_memory_limit_raises(limit):
    rec = rr.RecordingStream("rerun_example_serve_bad", recording_id="bad")
    with pytest.raises(ValueError, match="server_memory_limit"):
        rr.serve_grpc(grpc_port=0, server_memory_limit=limit, recording=rec)


def test_newest_first_replays_everything(tmp_path):
    rng = np.random.default_rng(3)
    rec = rr.RecordingStream("rerun_example_serve_newest", recording_id="newest")
    url = rr.serve_grpc(grpc_port=0, newest_first=True, recording=rec)
    rec.log("world/origin", rr.Points3D([[0.0, 0.0, 0.0]]), static=True)
    log_frames(rec, 0, 10, rng)
    saved = saved_by_late_viewer(rec, url, tmp_path / "newest.rrd")
    verify(saved)
    got = contents(saved)
    assert got["frames"]["/world/points"] == list(range(10))
    assert "/world/origin" in got["static"]
