"""Sink failures (unwritable path, full disk) warn — or raise in strict mode — and never crash;
logging goes on and what was logged is kept."""

from __future__ import annotations

import os
import warnings

import numpy as np
import pytest

import nparrow as rr
from ffi_tests.helpers import in_strict_mode


def test_unwritable_path_raises_and_logging_continues(tmp_path):
    """`save` to a path that cannot be created raises (RuntimeError, as rerun-sdk 0.41) in both
    modes: a set-up call that cannot do what it was asked. The recording keeps going."""
    rec = rr.RecordingStream("sink_errors")
    try:
        rec.log("before", rr.Points3D([[1, 2, 3]]))
        with pytest.raises(RuntimeError, match="cannot create"):
            rec.save(tmp_path / "missing-dir" / "x.rrd")
        rec.log("after", rr.Points3D([[1, 2, 3]]))
        good = tmp_path / "good.rrd"
        rec.save(good)  # the buffered rows, before and after the failure, go to the next sink
        rec.disconnect()
        assert good.read_bytes()[-8:-4] == b"FOOT"
        with in_strict_mode(), pytest.raises(RuntimeError, match="cannot create"):
            rec.save(tmp_path / "missing-dir" / "y.rrd")
    finally:
        rec._close()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_disk_warns_and_logging_continues():
    rec = rr.RecordingStream("sink_errors")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rec.save("/dev/full")  # every write fails with ENOSPC
        rec.log("cloud", rr.Points3D(np.ones((100_000, 3), np.float32)))
        rec.flush()
        rec.log("more", rr.Points3D([[0, 0, 0]]))  # still accepted, no crash
        rec.flush()
        rec._close()
    messages = [str(w.message) for w in caught]
    assert any("No space left on device" in m for m in messages), messages
