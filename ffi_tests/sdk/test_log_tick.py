"""`set_log_time_enabled` / `set_log_tick_enabled` and `RERUN_LOG_TIME` / `RERUN_LOG_TICK`, side
by side with rerun-sdk 0.41: `log_tick` counts every `log` call of a recording (static ones and
those made while it is off included, `send_columns` not), `log_time` can be switched off, and a
row then on no timeline is static. Files are compared by `rerun rrd compare --unordered` (which
ignores `log_time`) and read back with the independent reader for the `log_time` columns."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import rerun  # the reference peer

import nparrow as rr
from ffi_tests.rerun_cli import assert_same_recording
from ffi_tests.rrd_reader import read_chunks


def _switching(sdk, path) -> None:
    rec = sdk.RecordingStream("ticks", recording_id="ticks1")
    rec.save(str(path))
    rec.log("a", sdk.TextLog("static"), static=True)  # tick 0 (counted, not stamped)
    rec.log("a", sdk.TextLog("one"))  # tick 1, log_tick off
    rec.set_log_tick_enabled(True)
    rec.log("a", sdk.TextLog("two"))  # log_tick 2
    rec.log("b", sdk.TextLog("three"))  # log_tick 3
    rec.set_log_time_enabled(False)
    rec.log("c", sdk.TextLog("four"))  # log_tick 4, no log_time
    rec.set_log_tick_enabled(False)
    rec.log("d", sdk.TextLog("five"))  # on no timeline: static
    rec.set_time("frame", sequence=3)
    rec.log("e", sdk.TextLog("six"))  # frame only
    rec.send_columns(
        "f", indexes=[sdk.TimeColumn("frame", sequence=[1, 2])], columns=sdk.TextLog.columns(text=["x", "y"])
    )  # not a tick
    rec.set_log_tick_enabled(True)
    rec.set_log_time_enabled(True)
    rec.log("g", sdk.TextLog("seven"))  # frame, log_tick 7, log_time
    rec.flush()
    rec.disconnect()


def _by_entity(path) -> dict[str, list]:
    out: dict[str, list] = {}
    for chunk in read_chunks(path):
        out.setdefault(chunk.schema.metadata[b"rerun:entity_path"].decode(), []).append(chunk)
    return out


def test_switches_match_rerun_sdk(tmp_path, monkeypatch):
    monkeypatch.setenv("NPARROW_COMPRESS", "0")
    monkeypatch.delenv("RERUN_LOG_TICK", raising=False)
    monkeypatch.delenv("RERUN_LOG_TIME", raising=False)
    ours, theirs = tmp_path / "ours.rrd", tmp_path / "theirs.rrd"
    _switching(rr, ours)
    _switching(rerun, theirs)
    assert_same_recording(theirs, ours, tmp_path)

    chunks = _by_entity(ours)
    timelines = {
        entity: [
            sorted(f.name for f in c.schema if (f.metadata or {}).get(b"rerun:kind") == b"index") for c in cs
        ]
        for entity, cs in chunks.items()
    }
    assert sorted(timelines["/a"]) == [[], ["log_tick", "log_time"], ["log_time"]]
    assert timelines["/c"] == [["log_tick"]]
    assert timelines["/d"] == [[]]  # static: no timeline left
    assert timelines["/e"] == [["frame"]]
    assert timelines["/g"] == [["frame", "log_tick", "log_time"]]
    ticks = {
        e: cs[-1].column("log_tick").to_pylist()
        for e, cs in chunks.items()
        if "log_tick" in cs[-1].schema.names
    }
    assert ticks == {"/a": [2], "/b": [3], "/c": [4], "/g": [7]}


_THREE = """
import sys
import numpy as np
import {sdk} as sdk
rec = sdk.RecordingStream("ticks_env", recording_id="env1")
rec.save(sys.argv[1])
for i in range(3):
    rec.log("points", sdk.Points3D(np.full((2, 3), i, dtype=np.float32)))
rec.disconnect()
"""


@pytest.mark.parametrize(("tick", "time"), [("1", "0"), ("true", "false"), ("off", "on")])
def test_environment_switches_match_rerun_sdk(tmp_path, tick, time):
    # Both SDKs read the variables once per process (the first recording's), so each runs alone.
    env = {**os.environ, "NPARROW_COMPRESS": "0", "RERUN_LOG_TICK": tick, "RERUN_LOG_TIME": time}
    ours, theirs = tmp_path / "ours.rrd", tmp_path / "theirs.rrd"
    for sdk, path in (("nparrow", ours), ("rerun", theirs)):
        code = _THREE.format(sdk=sdk)
        proc = subprocess.run(
            [sys.executable, "-c", code, str(path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
    assert_same_recording(theirs, ours, tmp_path)
    names = {f.name for c in _by_entity(ours)["/points"] for f in c.schema}
    assert ("log_tick" in names) == (tick in ("1", "true"))
    assert ("log_time" in names) == (time in ("1", "on"))


def test_ticks_are_per_recording_and_global_functions_switch_them(tmp_path, monkeypatch):
    monkeypatch.setenv("NPARROW_COMPRESS", "0")
    monkeypatch.delenv("RERUN_LOG_TICK", raising=False)
    first, second = rr.RecordingStream("one"), rr.RecordingStream("two")
    a, b = tmp_path / "a.rrd", tmp_path / "b.rrd"
    first.save(a)
    second.save(b)
    rr.set_log_tick_enabled(True, recording=first)
    rr.set_log_tick_enabled(True, recording=second)
    rr.set_log_time_enabled(False, recording=second)
    for i in range(3):
        first.log("x", rr.Scalars(float(i)))
    second.log("x", rr.Scalars(1.0))
    first.disconnect()
    second.disconnect()
    (ca,) = _by_entity(a)["/x"]
    (cb,) = _by_entity(b)["/x"]
    assert ca.column("log_tick").to_pylist() == [0, 1, 2]
    assert "log_time" in ca.schema.names
    assert cb.column("log_tick").to_pylist() == [0]
    assert "log_time" not in cb.schema.names


def test_user_log_tick_is_overridden_like_log_time(tmp_path, monkeypatch):
    # rerun-sdk stamps its own value over a user's `log_tick` time, as it does for `log_time`.
    monkeypatch.setenv("NPARROW_COMPRESS", "0")
    ours, theirs = tmp_path / "ours.rrd", tmp_path / "theirs.rrd"
    for sdk, path in ((rr, ours), (rerun, theirs)):
        rec = sdk.RecordingStream("ticks_user", recording_id="user1")
        rec.save(str(path))
        rec.set_log_tick_enabled(True)
        rec.log("w", sdk.Scalars(0.0))
        rec.set_time("log_tick", sequence=100)
        rec.log("x", sdk.Scalars(1.0))
        rec.disconnect()
    assert_same_recording(theirs, ours, tmp_path)
    (chunk,) = _by_entity(ours)["/x"]
    assert chunk.column("log_tick").to_pylist() == [1]
