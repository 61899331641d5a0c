"""Time values as rerun-sdk 0.41 accepts them, converted to int64 (nanoseconds or sequence)."""

from __future__ import annotations

import datetime as _dt
import math
import operator
from typing import Any

import numpy as np

_I64_MIN, _I64_MAX = -(2**63), 2**63 - 1
_RESERVED_TIMELINE = "log_time"  # the SDK stamps every temporal row with it (rerun-sdk's value wins)


class _AutoIndex:
    """The default of `send_record_batch` / `send_dataframe`'s `index=`: the index (time)
    columns come from the batch's Rerun metadata."""

    def __repr__(self) -> str:
        return "AUTO_INDEX"


AUTO_INDEX = _AutoIndex()


def _i64(n: int, what: str, value: Any) -> int:
    if not _I64_MIN <= n <= _I64_MAX:
        unit = "" if what == "sequence" else " (in nanoseconds)"
        raise ValueError(f"{what} {value!r} is out of the int64 range{unit}")
    return n


def _seconds_ns(value: Any, what: str, objects: str) -> int:
    """Seconds (int or float, as rerun-sdk accepts) → ns; NaN/inf and anything else are refused."""
    if isinstance(value, (int, np.integer)):  # bool included, as in rerun-sdk
        return _i64(int(value) * 1_000_000_000, what, value)
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise ValueError(f"{what} must be finite seconds, got {value}")
        return _i64(round(float(value) * 1e9), what, value)
    raise TypeError(f"{what}: expected seconds (int or float), {objects}, got {type(value).__name__}")


def _timestamp_ns(value: Any) -> int:
    if type(value) is float and -9.2e9 < value < 9.2e9:  # the common case; NaN fails the test
        return round(value * 1e9)
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.UTC)
        delta = value - _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
        ns = (delta.days * 86_400 + delta.seconds) * 1_000_000_000 + delta.microseconds * 1_000
        return _i64(ns, "timestamp", value)
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            raise ValueError("timestamp is NaT (not a time)")
        return int(value.astype("datetime64[ns]").astype(np.int64))
    if isinstance(value, (int, float, np.integer, np.floating)):
        if isinstance(value, (float, np.floating)) and not math.isfinite(value):
            raise ValueError(f"timestamp must be finite seconds since the Unix epoch, got {value}")
        if value > 1e11:  # rerun-sdk's check: seconds this large are almost surely milliseconds
            raise ValueError(
                f"timestamp: expected seconds since the Unix epoch, but {value!r} looks like milliseconds"
            )
        if value < -1e11:
            raise ValueError(f"timestamp {value!r} is out of range for int64 nanoseconds")
        value = float(value)  # rerun-sdk rounds integer timestamps through float too
    return _seconds_ns(value, "timestamp", "datetime or numpy.datetime64")


def _duration_ns(value: Any) -> int:
    if type(value) is float and -9.2e9 < value < 9.2e9:  # the common case; NaN fails the test
        return round(value * 1e9)
    if isinstance(value, _dt.timedelta):
        ns = (value.days * 86_400 + value.seconds) * 1_000_000_000 + value.microseconds * 1_000
        return _i64(ns, "duration", value)
    if isinstance(value, np.timedelta64):
        if np.isnat(value):
            raise ValueError("duration is NaT (not a time)")
        return int(value.astype("timedelta64[ns]").astype(np.int64))
    return _seconds_ns(value, "duration", "timedelta or numpy.timedelta64")


def _sequence(value: Any) -> int:
    if type(value) is int and _I64_MIN <= value <= _I64_MAX:  # the common case
        return value
    try:
        seq = operator.index(value)  # ints (and numpy ints, bool) only, as rerun-sdk: not 1.5 or "3"
    except TypeError:
        raise TypeError(f"sequence must be an integer, got {type(value).__name__} {value!r}") from None
    return _i64(seq, "sequence", value)
