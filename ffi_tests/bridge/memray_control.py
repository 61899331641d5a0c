"""Run by test_bridge.py in a subprocess: this test must FAIL its memory limit (a copy in Rust)."""

import numpy as np
import pytest

from nparrow._native import numpy_to_fixed_size_list


@pytest.fixture(scope="module")
def big():
    return np.ones((256 * 1024 * 1024) // 12 * 3, dtype=np.float32).reshape(-1, 3)


@pytest.mark.limit_memory("1 MB")
def test_copy_trips_the_limit(big):
    out = numpy_to_fixed_size_list(big[::-1], 3)  # negative stride: one 256 MB copy in Rust
    assert len(out) == len(big)
