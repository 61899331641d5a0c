"""Fixtures the SDK tests share."""

from __future__ import annotations

import pytest

import nparrow as rr


@pytest.fixture
def rec():
    """A recording of its own for one test (no global state), closed afterwards."""
    stream = rr.RecordingStream("test_app")
    yield stream
    stream._close()


@pytest.fixture
def unbatched_rec(monkeypatch):
    """A recording whose batcher only captures on flush (no tick, no size trigger)."""
    monkeypatch.setenv("RERUN_FLUSH_TICK_SECS", "3600")
    monkeypatch.setenv("RERUN_FLUSH_NUM_BYTES", str(1 << 40))
    stream = rr.RecordingStream("test_app")
    stream.memory_recording()
    yield stream
    stream.flush()
    stream._close()


@pytest.fixture
def strict():
    """Strict mode in both SDKs for one test (bad input raises instead of warning)."""
    import rerun

    rr.set_strict_mode(True)
    rerun.set_strict_mode(True)
    yield
    rr.set_strict_mode(False)
    rerun.set_strict_mode(False)
