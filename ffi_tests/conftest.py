"""Shared fixtures: every test checks that it leaks neither pyarrow memory nor borrowed buffers."""

from __future__ import annotations

import gc

import pyarrow as pa
import pytest

from nparrow import _native


@pytest.fixture(autouse=True)
def no_leaks():
    """pyarrow allocations and live borrowed Python buffers are back to their start after each test.

    What is alive when the test starts is frozen (`gc.freeze`): the collections then scan only the
    objects made since, not the ~60k of the loaded modules (rerun-sdk's included) each time, which
    was most of the time of the walk tests. A frozen object is never collected, so freezing can
    only keep memory counted, never hide a leak."""
    gc.collect()
    gc.freeze()
    start_pa = pa.total_allocated_bytes()
    start_borrows = _native.live_borrows()
    yield
    gc.collect()
    assert pa.total_allocated_bytes() == start_pa, "pyarrow memory leaked"
    assert _native.live_borrows() <= start_borrows, "a borrowed Python buffer was not released"


# memray tracks every allocation of a test it runs under (~1.7x the time), so `make test` runs the
# `limit_memory` tests in their own `pytest --memray` pass and the rest without it. Run without
# `--memray`, a `limit_memory` test would pass unchecked: it fails instead.
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("limit_memory") is not None and not item.config.getoption("memray"):
        pytest.fail("a limit_memory test needs `pytest --memray -m limit_memory` (make test runs it)")
    # memray cannot see inside mimalloc's arenas (see src/alloc.rs): measured under it, a copy
    # would go unseen. `make test` sets NPARROW_ALLOCATOR=system for the memray pass.
    if item.get_closest_marker("limit_memory") is not None and _native.allocator() != "system":
        pytest.fail("a limit_memory test needs NPARROW_ALLOCATOR=system (make test sets it)")
