"""`script_add_args` / `script_setup` / `script_teardown` as in rerun-sdk 0.41: the same flags and
defaults, and for `--save`, `--stdout` and `--connect --url` a script gives the recording
rerun-sdk's gives (`rerun rrd compare --unordered` after `rrd optimize`); `--serve` starts a
gRPC server and a web viewer connected to it, or says clearly that it cannot."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest
import rerun  # the reference peer

import nparrow as rr
from ffi_tests.grpc.grpc_harness import Receiver
from ffi_tests.rerun_cli import assert_same_recording, rerun_cli

_SCRIPT = """
import argparse
import numpy as np
import {sdk} as rr

parser = argparse.ArgumentParser()
rr.script_add_args(parser)
args = parser.parse_args()
rec = rr.script_setup(args, "script_helpers", recording_id="script1")
assert rec.get_recording_id() == rr.get_recording_id() == "script1"
for i in range(3):
    rr.set_time("frame", sequence=i)
    rr.log("points", rr.Points3D(np.full((4, 3), i, dtype=np.float32), radii=0.5))
rr.log("label", rr.TextDocument("static"), static=True)
rr.script_teardown(args)
"""


def _run(sdk: str, *args: str, stdout=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NPARROW_COMPRESS": "0", "RERUN_ANALYTICS": "0"}
    proc = subprocess.run(
        [sys.executable, "-c", _SCRIPT.format(sdk=sdk), *args],
        env=env,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()[-3000:]
    return proc


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--headless"],
        ["--connect", "--url", "rerun+http://h:1/proxy"],
        ["--serve"],
        ["--save", "x.rrd"],
        ["--stdout"],
    ],
    ids=["none", "headless", "connect", "serve", "save", "stdout"],
)
def test_flags_and_defaults_match_rerun_sdk(argv):
    parsed = []
    for sdk in (rr, rerun):
        parser = argparse.ArgumentParser()
        sdk.script_add_args(parser)
        parsed.append(vars(parser.parse_args(argv)))
    assert parsed[0] == parsed[1]
    helps = []
    for sdk in (rr, rerun):
        parser = argparse.ArgumentParser()
        sdk.script_add_args(parser)
        helps.append([(a.dest, a.help, a.default, a.type) for a in parser._actions])
    assert helps[0] == helps[1]


def test_save_gives_rerun_sdks_recording(tmp_path):
    ours, theirs = tmp_path / "ours.rrd", tmp_path / "theirs.rrd"
    _run("nparrow", "--save", str(ours))
    _run("rerun", "--save", str(theirs))
    assert rerun_cli("rrd", "verify", str(ours)).returncode == 0
    assert_same_recording(theirs, ours, tmp_path)


def test_stdout_gives_rerun_sdks_stream(tmp_path):
    ours, theirs = tmp_path / "ours.rrd", tmp_path / "theirs.rrd"
    with open(ours, "wb") as f:
        _run("nparrow", "--stdout", stdout=f)
    with open(theirs, "wb") as f:
        _run("rerun", "--stdout", stdout=f)
    assert rerun_cli("rrd", "verify", str(ours)).returncode == 0
    assert_same_recording(theirs, ours, tmp_path)


def test_connect_url_streams_rerun_sdks_recording(tmp_path):
    saved = []
    for sdk in ("nparrow", "rerun"):
        receiver = Receiver(tmp_path / f"{sdk}_received.rrd").start()
        try:
            _run(sdk, "--connect", "--url", receiver.url)
            saved.append(receiver.stop())
        finally:
            receiver.kill()
    assert_same_recording(saved[1], saved[0], tmp_path)


def test_headless_buffers_and_turns_strict_mode_on(monkeypatch):
    # rerun-sdk's script_setup calls init(strict=True): bad data raises from then on.
    old_strict = rr.strict_mode()
    old_rec = rr.get_global_data_recording()
    try:
        args = argparse.Namespace(
            headless=True, connect=False, serve=False, url=None, save=None, stdout=False
        )
        rec = rr.script_setup(args, "headless_app", recording_id="h1")
        assert rec is rr.get_global_data_recording()
        assert (rec.application_id, rec.recording_id) == ("headless_app", "h1")
        assert rr.strict_mode()
        with pytest.raises(ValueError):
            rr.log("bad", rr.Points3D([[1.0, 2.0]]))
        rr.script_teardown(args)
    finally:
        rr.set_strict_mode(old_strict)
        rr.set_global_data_recording(old_rec)


def _serve_args() -> argparse.Namespace:
    return argparse.Namespace(headless=False, connect=False, serve=True, url=None, save=None, stdout=False)


def test_serve_starts_grpc_and_a_web_viewer_connected_to_it(monkeypatch):
    import nparrow._grpc
    import nparrow._web

    calls = []
    served = []

    def fake_serve_grpc(*, default_blueprint=None, recording=None):
        served.append((recording, default_blueprint))
        return "rerun+http://127.0.0.1:9999/proxy"

    monkeypatch.delattr(rr.RecordingStream, "serve_grpc", raising=False)
    monkeypatch.setattr(nparrow._grpc, "serve_grpc", fake_serve_grpc, raising=False)
    monkeypatch.setattr(nparrow._web, "serve_web_viewer", lambda **kw: calls.append(kw))
    old_strict, old_rec = rr.strict_mode(), rr.get_global_data_recording()
    try:
        rec = rr.script_setup(_serve_args(), "serve_app")
    finally:
        rr.set_strict_mode(old_strict)
        rr.set_global_data_recording(old_rec)
    assert served == [(rec, None)]
    assert calls == [{"open_browser": True, "connect_to": "rerun+http://127.0.0.1:9999/proxy"}]


def test_serve_without_a_grpc_server_is_a_clear_error(monkeypatch):
    import nparrow._grpc

    monkeypatch.delattr(rr.RecordingStream, "serve_grpc", raising=False)
    monkeypatch.delattr(nparrow._grpc, "serve_grpc", raising=False)
    old_strict, old_rec = rr.strict_mode(), rr.get_global_data_recording()
    try:
        with pytest.raises(RuntimeError, match="--serve needs nparrow.serve_grpc"):
            rr.script_setup(_serve_args(), "serve_app")
    finally:
        rr.set_strict_mode(old_strict)
        rr.set_global_data_recording(old_rec)


def test_teardown_with_serve_waits_for_ctrl_c(monkeypatch, capsys):
    import time

    def interrupted(_secs):
        raise KeyboardInterrupt

    monkeypatch.setattr(time, "sleep", interrupted)
    rr.script_teardown(_serve_args())
    assert capsys.readouterr().out == "Ctrl-C received. Exiting.\n"


_SERVE = """
import numpy as np
import nparrow as rr
import argparse

parser = argparse.ArgumentParser()
rr.script_add_args(parser)
args = parser.parse_args(["--serve"])
rr.script_setup(args, "serve_e2e")
rr.log("points", rr.Points3D(np.zeros((3, 3), np.float32)))
print("READY", flush=True)
rr.script_teardown(args)
"""


def _closed(port: int, timeout: float = 15.0) -> bool:
    import time

    from ffi_tests.grpc.grpc_harness import listening

    deadline = time.monotonic() + timeout
    while listening(port):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.mark.parametrize("stop", ["ctrl-c", "sigkill"])
def test_serve_end_to_end_hosts_grpc_and_the_web_viewer_until_the_script_ends(stop):
    # rerun-sdk's --serve: a gRPC server (port 9876) and a web viewer on port 9090 connected to
    # it, kept up by script_teardown until Ctrl-C; the viewer ends with the script, even killed.
    import signal
    import urllib.request

    from ffi_tests.grpc.grpc_harness import listening, stop_group

    assert not listening(9090) and not listening(9876), "ports 9090/9876 are taken"
    env = {**os.environ, "RERUN_ANALYTICS": "0", "BROWSER": "true"}  # no browser opens
    proc = subprocess.Popen(
        [sys.executable, "-c", _SERVE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        assert proc.stdout.readline() == "READY\n", proc.stderr.read()
        assert listening(9876)
        with urllib.request.urlopen("http://127.0.0.1:9090/", timeout=10) as resp:
            assert "Rerun" in resp.read().decode()
        if stop == "ctrl-c":
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=30)
            assert proc.returncode == 0, err
            assert out == "Ctrl-C received. Exiting.\n"
        else:
            proc.kill()
            proc.communicate(timeout=30)
        assert _closed(9090), "the web viewer outlived the script"
    finally:
        stop_group(proc)
        proc.communicate()
