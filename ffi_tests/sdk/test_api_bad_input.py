r"""Bad input at the recording API: each call below warns (`RerunWarning` naming the call and the
problem) and is dropped, or raises in strict mode; data logged before it is never lost. Bad
times (RAISES_LIKE_RERUN) raise whatever the mode, as rerun-sdk does.

What rerun-sdk 0.41 does with the same input (checked by running it) is noted per case: it
raises for bad times whatever the mode, and only logs a Rust-side warning (stderr, no Python
warning) for unknown escapes in entity paths, a timeline changing kind, and `log_time` set as a
sequence. Inputs it accepts silently are accepted here too and recorded the same way.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

import nparrow as rr
from nparrow._send_columns import TimeColumn, send_columns


def _pts(x: float = 0.0) -> rr.Points3D:
    return rr.Points3D([[x, 0, 0]])


def _kind_change(rec: rr.RecordingStream) -> None:
    rec.set_time("k", sequence=1)  # fine on its own
    rec.set_time("k", timestamp=5.0)


def _send_bad_path(rec: rr.RecordingStream) -> None:
    send_columns(
        "a\\q", [TimeColumn("f", sequence=[0])], rr.Points3D.columns(positions=[[0, 0, 0]]), recording=rec
    )


# (id, call, expected message, exception in strict mode, rerun-sdk 0.41 for the record)
BAD: list[tuple[str, Callable[[rr.RecordingStream], Any], str, type[Exception], str]] = [
    # entity paths
    ("path_unknown_escape", lambda r: r.log("a\\q", _pts()), r"log\('a\\\\q'\): unknown escape sequence '\\q'",
     ValueError, "stderr warning, logs /aq"),
    ("path_windows", lambda r: r.log("C:\\Users\\img.jpg", _pts()), r"unknown escape sequence '\\U'.*Usersimg",
     ValueError, "stderr warning, logs /C\\:Usersimg.jpg"),
    ("send_columns_unknown_escape", _send_bad_path, r"send_columns\('a\\\\q'\): unknown escape", ValueError,
     "stderr warning, sends to /aq"),
    ("path_none", lambda r: r.log(None, _pts()), r"log\(None\): entity_path: expected a str", TypeError,
     "RerunWarning (TypeError in strict mode)"),
    ("path_int", lambda r: r.log(42, _pts()), r"log\(42\): entity_path", TypeError, "RerunWarning"),
    # times: NaN/inf, out of int64 range, milliseconds, non-integer sequences
    ("timestamp_nan", lambda r: r.set_time("t", timestamp=math.nan), r"set_time\('t'\): timestamp must be finite",
     ValueError, "ValueError"),
    ("timestamp_inf", lambda r: r.set_time("t", timestamp=math.inf), "timestamp must be finite", ValueError,
     "ValueError (milliseconds message)"),
    ("timestamp_np_nan", lambda r: r.set_time("t", timestamp=np.float64("nan")), "timestamp must be finite",
     ValueError, "ValueError"),
    ("timestamp_nat", lambda r: r.set_time("t", timestamp=np.datetime64("NaT")), "NaT", ValueError,
     "accepted as int64 min"),
    ("timestamp_ms", lambda r: r.set_time("t", timestamp=1.7e12), "looks like milliseconds", ValueError,
     "ValueError"),
    ("timestamp_too_early", lambda r: r.set_time("t", timestamp=-1e11), "out of the int64 range", ValueError,
     "OverflowError"),
    ("timestamp_year_9999", lambda r: r.set_time("t", timestamp=dt.datetime(9999, 1, 1)), "out of the int64 range",
     ValueError, "OverflowError"),
    ("timestamp_str", lambda r: r.set_time("t", timestamp="2024-01-01"), "timestamp: expected seconds", TypeError,
     "TypeError"),
    ("duration_nan", lambda r: r.set_time("t", duration=math.nan), "duration must be finite", ValueError,
     "ValueError"),
    ("duration_inf", lambda r: r.set_time("t", duration=math.inf), "duration must be finite", ValueError,
     "OverflowError"),
    ("duration_too_long", lambda r: r.set_time("t", duration=10**12), "out of the int64 range", ValueError,
     "OverflowError"),
    ("sequence_too_big", lambda r: r.set_time("t", sequence=2**63), r"sequence 9223372036854775808 is out of",
     ValueError, "OverflowError"),
    ("sequence_too_small", lambda r: r.set_time("t", sequence=-(2**63) - 1), "out of the int64 range", ValueError,
     "OverflowError"),
    ("sequence_float", lambda r: r.set_time("t", sequence=1.5), "sequence must be an integer, got float", TypeError,
     "TypeError"),
    ("sequence_whole_float", lambda r: r.set_time("t", sequence=2.0), "sequence must be an integer", TypeError,
     "TypeError"),
    ("sequence_str", lambda r: r.set_time("t", sequence="3"), "sequence must be an integer, got str", TypeError,
     "TypeError"),
    ("two_kinds_at_once", lambda r: r.set_time("t", sequence=1, duration=2), "exactly one of", ValueError,
     "ValueError"),
    # timelines: kind changed on one thread, the reserved log_time
    ("kind_change", _kind_change, r"set_time\('k'\): timeline \"k\" is a Sequence timeline", ValueError,
     "stderr warning, then records k as a timestamp"),
    ("log_time_sequence", lambda r: r.set_time("log_time", sequence=3), "'log_time' is reserved", ValueError,
     "stderr warning, its own log_time wins"),
    ("log_time_timestamp", lambda r: r.set_time("log_time", timestamp=3.0), "'log_time' is reserved", ValueError,
     "silently ignored, its own log_time wins"),
    # log: not an archetype
    ("log_int", lambda r: r.log("x", 42), r"log\('x'\): expected an archetype.*got int", TypeError,
     "RerunWarning (TypeError in strict mode)"),
    ("log_none", lambda r: r.log("x", None), r"log\('x'\): expected an archetype.*got NoneType", TypeError,
     "RerunWarning"),
    ("log_str", lambda r: r.log("x", "hello"), "expected an archetype.*got str", TypeError, "RerunWarning"),
    ("log_list_of_ints", lambda r: r.log("x", [1, 2]), "expected an archetype.*got int", TypeError, "RerunWarning"),
    ("log_archetype_class", lambda r: r.log("x", rr.Points3D), "expected an archetype", TypeError, "RerunWarning"),
]  # fmt: skip

# Bad times rerun-sdk 0.41 raises for whatever the mode: nparrow raises too (set_time's docstring).
RAISES_LIKE_RERUN = {
    "timestamp_nan", "timestamp_inf", "timestamp_np_nan", "timestamp_ms", "timestamp_too_early",
    "timestamp_year_9999", "timestamp_str", "duration_nan", "duration_inf", "duration_too_long",
    "sequence_too_big", "sequence_too_small", "sequence_float", "sequence_whole_float", "sequence_str",
    "two_kinds_at_once",
}  # fmt: skip

# Logged anyway (as rerun-sdk does, after its stderr warning) when not strict.
STILL_LOGGED = {
    "path_unknown_escape": "/aq",
    "path_windows": r"/C\:Usersimg.jpg",
    "send_columns_unknown_escape": "/aq",
}


@pytest.fixture(params=[False, True], ids=["warn", "strict"])
def strict(request):
    rr.set_strict_mode(request.param)
    yield request.param
    rr.set_strict_mode(False)


def _rows(mem: rr.MemoryRecording) -> dict[str, list[dict[str, Any]]]:
    """entity path → its rows as {column: value}, without row ids and log_time."""
    out: dict[str, list[dict[str, Any]]] = {}
    for c in mem.chunks():
        entity = c.schema.metadata[b"rerun:entity_path"].decode()
        names = [n for n in c.schema.names if n not in ("rerun.controls.RowId", "log_time")]
        cols = {n: c.column(n).to_pylist() for n in names}
        out.setdefault(entity, []).extend(dict(zip(names, vals)) for vals in zip(*cols.values()))
    return out


@pytest.mark.parametrize(("case", "call", "message", "exc", "rerun"), BAD, ids=[b[0] for b in BAD])
def test_bad_call_warns_or_raises_and_keeps_earlier_data(rec, strict, case, call, message, exc, rerun):
    mem = rec.memory_recording()
    rec.set_time("frame", sequence=1)
    rec.log("before", _pts(1.0))
    if strict or case in RAISES_LIKE_RERUN:
        with pytest.raises(exc, match=message.split("): ", 1)[-1]):
            call(rec)
    else:
        with pytest.warns(rr.RerunWarning, match=message):
            call(rec)
    rec.log("after", _pts(2.0))
    rows = _rows(mem)
    assert rows["/before"] == [{"frame": 1, "Points3D:positions": [[1.0, 0.0, 0.0]]}], "earlier data lost"
    # The bad call changed nothing: `after` carries the time `before` had (the kind change left
    # `k` a sequence at 1) and no entity was added, except where rerun-sdk logs anyway.
    expected_after = {"frame": 1, "Points3D:positions": [[2.0, 0.0, 0.0]]}
    if case == "kind_change":
        expected_after["k"] = 1
    assert rows["/after"] == [expected_after]
    extra = set(rows) - {"/__properties", "/before", "/after"}
    assert extra == ({STILL_LOGGED[case]} if case in STILL_LOGGED and not strict else set())


# --- accepted, as rerun-sdk 0.41 accepts them (recorded the same way) ------------------------

ACCEPTED = [
    ("trailing_backslash", lambda r: r.log("a\\", _pts()), r"/a\\"),
    ("bad_unicode_escape", lambda r: r.log("a\\u{zzzz}", _pts()), r"/a\\u\{zzzz\}"),
    ("escape_in_unicode_escape", lambda r: r.log("a\\u{\\q}", _pts()), r"/a\\u\{\\q\}"),
    ("empty_path", lambda r: r.log("", _pts()), "/"),
    ("escaped_backslash_then_letter", lambda r: r.log("a\\\\q", _pts()), r"/a\\q"),
    ("punctuation_escapes", lambda r: r.log("a\\ b\\:c\\/d", _pts()), r"/a\ b\:c\/d"),
    ("list_path", lambda r: r.log(["a", "b\\q"], _pts()), r"/a/b\\q"),
]


@pytest.mark.parametrize(("call", "expected"), [a[1:] for a in ACCEPTED], ids=[a[0] for a in ACCEPTED])
def test_accepted_like_rerun(rec, strict, call, expected):
    mem = rec.memory_recording()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        call(rec)
    assert set(_rows(mem)) == {"/__properties", expected}


@pytest.mark.parametrize(
    ("value", "expected"),
    [(-5, -5), (np.int64(4), 4), (True, 1), (-(2**63), -(2**63)), (2**63 - 1, 2**63 - 1)],
    ids=["negative", "numpy_int", "bool", "int64_min", "int64_max"],
)
def test_sequences_accepted_like_rerun(rec, strict, value, expected):
    mem = rec.memory_recording()
    rec.set_time("t", sequence=value)
    rec.log("p", _pts())
    assert _rows(mem)["/p"][0]["t"] == expected


def test_time_edge_values_accepted(rec, strict):
    mem = rec.memory_recording()
    rec.set_time("ts", timestamp=9.2e9)  # 2261: still fits
    rec.set_time("dur", duration=-1.5)  # negative durations are fine, as in rerun-sdk
    rec.set_time("ts_int", timestamp=1_700_000_000)
    rec.log("p", _pts())
    (row,) = _rows(mem)["/p"]
    assert row["dur"] == dt.timedelta(seconds=-1.5)
    assert pa.scalar(row["ts_int"], pa.timestamp("ns")).value == 1_700_000_000 * 10**9


# --- the recording's life cycle -----------------------------------------------------------------


def test_log_after_disconnect_is_buffered_for_the_next_sink(rec, tmp_path):
    """As rerun-sdk 0.41: no warning; rows wait for the next sink (checked: rerun writes them
    into the file of the next `save`)."""
    rec.save(tmp_path / "a.rrd")
    rec.log("before", _pts(1.0))
    rec.disconnect()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rec.log("after_disconnect", _pts(2.0))
    mem = rec.memory_recording()
    assert "/after_disconnect" in _rows(mem)


def test_log_after_close_warns_and_keeps_what_was_captured(rec, strict):
    """rerun-sdk 0.41 drops rows logged after its atexit shutdown silently; nparrow says so."""
    mem = rec.memory_recording()
    rec.log("before", _pts(1.0))
    rec._close()  # what the atexit hook does
    if strict:
        with pytest.raises(ValueError, match="the recording is closed"):
            rec.log("late", _pts(2.0))
    else:
        with pytest.warns(rr.RerunWarning, match=r"log\('late'\): the recording is closed"):
            rec.log("late", _pts(2.0))
    assert set(_rows(mem)) == {"/__properties", "/before"}


def test_log_after_exit_hook_warns_in_a_subprocess(tmp_path):
    import subprocess
    import sys

    code = """
import atexit, warnings
def late():  # registered before nparrow's hook, so it runs after it
    import nparrow as rr
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        rr.log("late", rr.Points3D([[5, 5, 5]]))
    print([str(x.message) for x in w])
atexit.register(late)
import nparrow as rr
rr.init("exit_app")
rr.memory_recording()
rr.log("early", rr.Points3D([[0, 0, 0]]))
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, timeout=60, capture_output=True, text=True)
    assert "log('late'): the recording is closed" in out.stdout


# --- send_columns times ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"timestamp": np.array([1.0, np.nan])},
        {"timestamp": np.array([np.inf])},
        {"duration": np.array([1e12])},
        {"timestamp": np.array(["NaT"], dtype="datetime64[ns]")},
        {"timestamp": [1.0, math.nan]},
        {"duration": [math.inf]},
        {"sequence": [1.5]},
    ],
    ids=["ts_nan", "ts_inf", "dur_out_of_range", "ts_nat", "ts_list_nan", "dur_list_inf", "seq_float"],
)
def test_time_column_refuses_non_finite_times(kwargs):
    """rerun-sdk 0.41 raises for lists and turns numpy NaN/inf into nulls; nparrow's int64 times
    cannot hold nulls (a cast would give int64 min), so its constructor raises for both."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no numpy RuntimeWarning from casting NaN
        with pytest.raises(ValueError, match="TimeColumn|finite|NaT|integers"):
            TimeColumn("t", **kwargs)
