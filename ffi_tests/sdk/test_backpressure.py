"""Back-pressure: a sink slower than the producer does not grow the queue without bound."""

from __future__ import annotations

import numpy as np
import pytest

import nparrow as rr

ROW = np.ones((25_000, 3), dtype=np.float32)  # 300 KB, borrowed
LIMIT = 1_000_000


@pytest.fixture
def stalled(monkeypatch):
    """The batcher captures only on flush: the sink looks infinitely slow until then."""
    monkeypatch.setenv("RERUN_FLUSH_TICK_SECS", "3600")
    monkeypatch.setenv("RERUN_FLUSH_NUM_BYTES", str(1 << 40))


def test_drop_policy_warns_and_drops_when_full(stalled):
    rec = rr.RecordingStream("bp", max_queue_bytes=LIMIT, on_full="drop")
    mem = rec.memory_recording()
    try:
        for i in range(3):
            rec.log(f"p{i}", rr.Points3D(ROW))
        assert rec._rec.queued_bytes() <= LIMIT
        with pytest.warns(rr.RerunWarning, match="queue is full"):
            rec.log("dropped", rr.Points3D(ROW))
        assert rec._rec.queued_bytes() <= LIMIT
        rec.flush()
        assert rec._rec.queued_bytes() == 0
        rec.log("after", rr.Points3D(ROW))  # room again
        entities = {c.schema.metadata[b"rerun:entity_path"] for c in mem.chunks()}
        assert {b"/p0", b"/p1", b"/p2", b"/after"} <= entities
        assert b"/dropped" not in entities
    finally:
        rec._close()


def test_block_policy_waits_for_the_sink_and_loses_nothing(monkeypatch):
    monkeypatch.setenv("RERUN_FLUSH_TICK_SECS", "0.02")
    monkeypatch.setenv("RERUN_FLUSH_NUM_BYTES", str(1 << 40))
    rec = rr.RecordingStream("bp", max_queue_bytes=LIMIT, on_full="block")
    mem = rec.memory_recording()
    try:
        peak = 0
        for i in range(30):
            rec.log("p", rr.Points3D(ROW), copy=i % 2 == 0)
            peak = max(peak, rec._rec.queued_bytes())
        assert peak <= LIMIT + 2 * ROW.nbytes, "the queue stays bounded"
        rows = sum(c.num_rows for c in mem.chunks() if c.schema.metadata[b"rerun:entity_path"] == b"/p")
        assert rows == 30, "blocking loses nothing"
    finally:
        rec._close()


def test_bad_policy_name_is_rejected():
    with pytest.raises(ValueError, match="on_full"):
        rr.RecordingStream("bp", on_full="explode")
