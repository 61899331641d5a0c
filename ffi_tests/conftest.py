"""Shared fixtures: every test checks that it leaks neither pyarrow memory nor borrowed buffers."""

from __future__ import annotations

import gc

import pyarrow as pa
import pytest

from nparrow import _native


@pytest.fixture(autouse=True)
def no_leaks():
    """pyarrow allocations and live borrowed Python buffers are back to their start after each test."""
    gc.collect()
    start_pa = pa.total_allocated_bytes()
    start_borrows = _native.live_borrows()
    yield
    gc.collect()
    assert pa.total_allocated_bytes() == start_pa, "pyarrow memory leaked"
    assert _native.live_borrows() <= start_borrows, "a borrowed Python buffer was not released"
