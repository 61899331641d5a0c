"""`nparrow.log` is Rust (src/sdk/log.rs): its hot case (one archetype, a plain path, the global
recording, no thread-local one) calls `Recording.log_archetype` itself; every other call is the
Python `_log`. Both must log the same rows and report bad data the same way."""

from __future__ import annotations

import os
import re
import sys
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

import nparrow as rr
from ffi_tests.sdk._parity import params
from nparrow import _globals, _native, recording_stream
from nparrow.error_utils import RerunWarning

HERE = os.path.abspath(__file__)
PY_LOG = recording_stream._log


@pytest.fixture
def mem(monkeypatch) -> Iterator[rr.MemoryRecording]:
    """The global recording in memory, and no thread-local one (so `log` may take its hot path)."""
    rr.set_strict_mode(False)
    rr.init("nparrow_log_dispatch")
    memory = rr.memory_recording()
    rr.set_thread_local_data_recording(None)
    monkeypatch.setattr(_globals, "thread_locals_used", False)
    yield memory
    rr.set_strict_mode(False)


def _python_log_calls(fn: Callable[[], None]) -> int:
    """How many times `fn` entered the Python `_log`."""
    calls = 0

    def profile(frame, event, arg):
        nonlocal calls
        if event == "call" and frame.f_code is PY_LOG.__code__:
            calls += 1

    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return calls


def _rows(memory: rr.MemoryRecording, path: str) -> list[dict]:
    """The component columns of `path`'s chunks (row ids and `log_time` differ by design)."""
    rr.flush()
    out = []
    for batch in memory.chunks():
        if batch.schema.metadata[b"rerun:entity_path"].decode() != path:
            continue
        out.append(
            {
                name: batch.column(name).to_pylist()
                for name in batch.schema.names
                if name not in ("rerun.controls.RowId", "log_time")
            }
        )
    return out


ARCHETYPES = {
    "transform": lambda: rr.Transform3D(translation=[1.0, 2.0, 3.0], quaternion=[0.0, 0.0, 0.0, 1.0]),
    "points": lambda: rr.Points3D(
        np.arange(6, dtype=np.float32).reshape(2, 3),
        colors=np.array([[255, 0, 0], [0, 255, 0]], dtype=np.uint8),
        radii=[0.5, 0.25],
    ),
    "scalar": lambda: rr.Scalars(1.5),
    "text": lambda: rr.TextLog("hello", level="INFO"),
}


@pytest.mark.parametrize("name", sorted(ARCHETYPES))
def test_the_hot_path_logs_what_the_python_log_logs(mem, name):
    make = ARCHETYPES[name]
    assert _python_log_calls(lambda: rr.log("hot", make())) == 0  # Rust alone
    PY_LOG("python", make())
    hot, python = _rows(mem, "/hot"), _rows(mem, "/python")
    assert hot and hot == python


def test_static_and_copy_take_the_hot_path(mem):
    p = np.arange(6, dtype=np.float32).reshape(2, 3)
    calls = _python_log_calls(lambda: rr.log("s", rr.Points3D(p), static=True, copy=True))
    assert calls == 0
    PY_LOG("t", rr.Points3D(p), static=True, copy=True)
    assert _rows(mem, "/s") == _rows(mem, "/t") != []


def test_every_other_call_goes_through_the_python_log(mem):
    other = rr.RecordingStream("other")
    other_mem = other.memory_recording()
    points = rr.Points3D([[1.0, 2.0, 3.0]])
    cases: dict[str, Callable[[], None]] = {
        "recording=": lambda: rr.log("a", points, recording=other),
        "extra batches": lambda: rr.log("b", points, rr.AnyValues(x=[1])),
        "a list path": lambda: rr.log(["c", "d"], points),
        "a path with an escape": lambda: rr.log("e\\ f", points),
        "not an archetype": lambda: rr.log("g", rr.AnyValues(x=[1])),
        "a truthy int for static": lambda: rr.log("h", points, static=1),
        "an explicit None for static": lambda: rr.log("i", points, static=None),
        "an explicit None for copy": lambda: rr.log("j", points, copy=None),
        "an explicit recording=None": lambda: rr.log("k", points, recording=None),
        "a path that is not UTF-8": lambda: rr.log("l\ud800", points),
    }
    for case, call in cases.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert _python_log_calls(call) == 1, case
    assert _rows(other_mem, "/a")
    assert _rows(mem, "/b") and _rows(mem, "/c/d") and _rows(mem, "/e\\ f") and _rows(mem, "/g")
    assert _rows(mem, "/k")


@pytest.mark.parametrize("flag", ["static", "copy"])
def test_a_none_flag_warns_and_drops_the_call_as_the_python_log_does(mem, flag):
    """rerun-sdk 0.41 refuses `static=None` too (a TypeError, as a warning)."""
    points = rr.Points3D([[1.0, 2.0, 3.0]])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rr.log("none", points, **{flag: None})
    assert len(caught) == 1 and issubclass(caught[0].category, RerunWarning)
    assert os.path.abspath(caught[0].filename) == HERE
    assert not _rows(mem, "/none")


def test_a_path_that_is_not_utf8_warns_instead_of_raising(mem):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rr.log("bad\ud800", rr.Scalars(1.0))
    assert len(caught) == 1 and issubclass(caught[0].category, RerunWarning)


def test_a_thread_local_recording_is_found_by_the_python_log(mem):
    local = rr.RecordingStream("local")
    local_mem = local.memory_recording()
    rr.set_thread_local_data_recording(local)
    try:
        assert _globals.thread_locals_used
        assert _python_log_calls(lambda: rr.log("mine", rr.Scalars(1.0))) == 1
    finally:
        rr.set_thread_local_data_recording(None)
    local.flush()
    assert _rows(local_mem, "/mine") and not _rows(mem, "/mine")


def test_a_disabled_recording_logs_nothing(mem):
    rr.init("disabled", default_enabled=False)
    memory = rr.memory_recording()
    rr.log("off", rr.Scalars(1.0))
    assert not _rows(memory, "/off")


def _bad_points() -> rr.Points3D:
    """An archetype whose positions cell holds what no payload reader takes."""
    points = rr.Points3D([[1.0, 2.0, 3.0]])
    fields = [name for name, _ in points._DESCRIPTORS]
    _native.set_cell(points, len(fields), fields.index("positions"), "not a payload")
    return points


def test_bad_data_on_the_hot_path_warns_at_the_users_line(mem):
    points = _bad_points()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert _python_log_calls(lambda: rr.log("bad", points)) == 0
    assert len(caught) == 1, [str(w.message) for w in caught]
    w = caught[0]
    assert issubclass(w.category, RerunWarning)
    assert os.path.abspath(w.filename) == HERE
    assert str(w.message).startswith("log('bad'): ") and "positions" in str(w.message)
    assert not _rows(mem, "/bad")


def test_bad_data_on_the_hot_path_raises_in_strict_mode(mem):
    points = _bad_points()
    rr.set_strict_mode(True)
    with pytest.raises(TypeError, match="positions"):
        rr.log("bad", points)


def test_the_signature_is_the_python_logs():
    assert params(rr.log) == params(PY_LOG)
    assert rr.log is _native.log


# Calls `log` cannot bind (the same for either SDK: binding fails before the entity is read, so
# it need not be one), and what the error says.
BAD_CALLS: dict[str, tuple[tuple, dict, str]] = {
    "no arguments": ((), {}, "log() missing 2 required positional arguments"),
    "one argument": (("a",), {}, "log() missing 1 required positional argument: 'entity'"),
    "an unknown keyword": (("a", []), {"bogus": 1}, "log() got an unexpected keyword argument 'bogus'"),
    "entity twice": (
        ("a", [], []),
        {"static": True, "entity": 1},
        "log() got multiple values for argument 'entity'",
    ),
}


def _bad_call(sdk: Any, name: str) -> None:
    args, kwargs, _ = BAD_CALLS[name]
    sdk.log(*args, **kwargs)


@pytest.fixture(scope="module")
def rerun_sdk() -> Any:
    """rerun-sdk with a disabled global recording: its `log` still binds and reports the same
    way, but does not keep the `TextLog` it logs of each warning (at `__warnings`), whose
    pyarrow memory the per-test leak check would count."""
    import rerun

    rerun.init("nparrow_log_dispatch_reference", default_enabled=False)
    return rerun


@pytest.mark.parametrize("name", BAD_CALLS)
def test_rerun_sdk_warns_about_a_call_log_cannot_bind(rerun_sdk, name):
    """The reference: rerun-sdk's `log` is `catch_and_log_exceptions`, so a call that does not
    bind is one `RerunWarning` with the TypeError's text, and raises in strict mode."""
    rerun = rerun_sdk
    message = BAD_CALLS[name][2]
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _bad_call(rerun, name)
        assert [w.category.__name__ for w in caught] == ["RerunWarning"]
        assert message in str(caught[0].message), str(caught[0].message)
        rerun.set_strict_mode(True)
        with pytest.raises(TypeError, match=re.escape(message)):
            _bad_call(rerun, name)
    finally:
        rerun.set_strict_mode(False)


@pytest.mark.parametrize("name", BAD_CALLS)
def test_a_call_log_cannot_bind_warns_as_rerun_sdk_does(mem, name):
    """As rerun-sdk (the test above): a `RerunWarning` naming `log()` at the user's line, with
    the same TypeError text, and nothing is logged."""
    message = BAD_CALLS[name][2]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _bad_call(rr, name)
    assert len(caught) == 1, [str(w.message) for w in caught]
    w = caught[0]
    assert issubclass(w.category, RerunWarning)
    assert os.path.abspath(w.filename) == HERE
    assert str(w.message).startswith("log: ") and message in str(w.message), str(w.message)
    assert not _rows(mem, "/a")


@pytest.mark.parametrize("name", BAD_CALLS)
def test_a_call_log_cannot_bind_raises_in_strict_mode(mem, name):
    rr.set_strict_mode(True)
    with pytest.raises(TypeError, match=re.escape(BAD_CALLS[name][2])):
        _bad_call(rr, name)


def test_an_error_inside_the_python_log_is_not_taken_for_a_binding_error(mem, monkeypatch):
    """Only a call `_log` cannot bind is reported as `log`'s bad input; a TypeError raised while
    `_log` runs is that code's own and propagates unchanged."""

    def broken(*args, **kwargs):
        raise TypeError("from inside")

    monkeypatch.setattr(rr.RecordingStream, "log", broken)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(TypeError, match="from inside"):
            rr.log("a", rr.Scalars(1.0), rr.Scalars(2.0))  # extra batches: the Python log
    assert not caught


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"static": True}, {"copy": True}, {"static": False, "copy": True}, {"copy": False, "static": True}],
)
def test_static_and_copy_keywords_stay_on_the_hot_path(mem, kwargs):
    assert _python_log_calls(lambda: rr.log("k", rr.Scalars(1.0), **kwargs)) == 0
    assert _rows(mem, "/k")
