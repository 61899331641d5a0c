"""Tiny cells travel inside the row (src/sdk/chunk.rs `Inline`): a Python number or a
C-contiguous native ndarray of up to 48 bytes is copied into the row, and the batcher builds
its Arrow array. That array must be the one `log` builds for the same payload otherwise.

`_native.payload_inline` gives the array the batcher would build from a payload's inline values
(or None where they would not travel inline), compared with `payload_to_array`'s. Whole logs are
compared too: `copy_below_bytes=1` keeps arrays out of the inline path (only arrays the policy
would copy anyway are inlined), so each array payload is logged both ways."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

import nparrow as rr
from nparrow import _native
from nparrow.error_utils import RerunWarning

TINY: dict[str, Any] = {
    "f32 (2, 3), k=3": lambda: (np.arange(6, dtype=np.float32).reshape(2, 3), 3),
    "f32 flat 6, k=3": lambda: (np.arange(6, dtype=np.float32) - 2.5, 3),
    "f32 (4, 3), k=3 (48 bytes)": lambda: (np.arange(12, dtype=np.float32).reshape(4, 3), 3),
    "f64 (1, 4), k=4": lambda: (np.array([[0.0, 0.0, 0.0, 1.0]]), 4),
    "u8 (2, 4), k=4": lambda: (np.arange(8, dtype=np.uint8).reshape(2, 4), 4),
    "bool flat, k=0": lambda: (np.array([True, False, True]), 0),
    "f16 flat, k=0": lambda: (np.array([0.5, -1.25], dtype=np.float16), 0),
    "i64 flat, k=0": lambda: (np.array([-3, 2**40]), 0),
    "u16 bare": lambda: np.array([1, 2, 65535], dtype=np.uint16),
    "f32 bare": lambda: np.array([0.1, 0.2], dtype=np.float32),
    "py float": lambda: ("py", 1.5, "float64"),
    "py float as f32": lambda: ("py", 0.1, "float32"),
    "py int": lambda: ("py", -7, "int64"),
    "py int as u8": lambda: ("py", 255, "uint8"),
    "py bool": lambda: ("py", True, "bool"),
    "py big u64": lambda: ("py", 2**64 - 1, "uint64"),
}

# Payloads that must not take the inline path, and fail the same way on both.
BAD: dict[str, Any] = {
    "(2, 2), k=3": lambda: (np.zeros((2, 2), dtype=np.float32), 3),
    "flat 4, k=3": lambda: (np.zeros(4, dtype=np.float32), 3),
    "2-d, k=0": lambda: (np.zeros((2, 2), dtype=np.float32), 0),
    "py int out of range": lambda: ("py", 256, "uint8"),
    "py float into int": lambda: ("py", 1.5, "int32"),
}


def _logged(copy_below_bytes: int, payload: Any) -> tuple[pa.Array | None, list[str]]:
    rec = rr.RecordingStream("nparrow_inline", copy_below_bytes=copy_below_bytes)
    try:
        mem = rec.memory_recording()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                rec._rec.log("x", [(_native.ComponentDescriptor("Test:values"), payload)], True, False)
            except (TypeError, ValueError) as err:
                return None, [type(err).__name__]
        rec.flush()
        columns = [
            c.column("Test:values") for c in mem.chunks() if c.schema.metadata[b"rerun:entity_path"] == b"/x"
        ]
        assert len(columns) == 1
        return columns[0], [str(w.message) for w in caught if issubclass(w.category, RerunWarning)]
    finally:
        rec._close()


@pytest.mark.parametrize("name", TINY)
def test_tiny_payloads_travel_inline_as_the_array_payload_to_array_builds(name):
    inline = _native.payload_inline(TINY[name]())
    assert inline is not None, "a tiny payload travels inline"
    assert inline.to_pyarrow().equals(_native.payload_to_array(TINY[name]()).to_pyarrow())
    if not name.startswith("py "):
        # An array travels inline only where the policy copies it anyway (a Python number is
        # always a copy).
        assert _native.payload_inline(TINY[name](), copy_below_bytes=1) is None


LARGER: dict[str, Any] = {
    "f32 (5, 3): 60 bytes": lambda: (np.zeros((5, 3), dtype=np.float32), 3),
    "Fortran order": lambda: (np.asfortranarray(np.zeros((2, 3), dtype=np.float32)), 3),
    "big-endian": lambda: (np.zeros(3, dtype=">f4"), 0),
    "strided": lambda: (np.zeros(12, dtype=np.float32)[::2], 0),
    "with validity": lambda: (np.zeros(3, dtype=np.float32), 0, np.array([True, False, True])),
    "not an ndarray": lambda: (memoryview(bytes(12)).cast("f"), 0),
    "a list": lambda: [1.0, 2.0],
    "py float16": lambda: ("py", 0.5, "float16"),
}


@pytest.mark.parametrize("name", LARGER)
def test_other_payloads_are_built_by_log_as_before(name):
    assert _native.payload_inline(LARGER[name]()) is None


@pytest.mark.parametrize("name", [n for n in TINY if not n.startswith("py ")])
def test_an_inline_cell_is_the_array_log_builds_otherwise(name):
    """Arrays only: a Python number travels inline under any policy, so its two logs would be
    the same path (`payload_inline` against `payload_to_array` above covers numbers)."""
    assert _native.payload_inline(TINY[name](), copy_below_bytes=1) is None
    inline, inline_warnings = _logged(4096, TINY[name]())
    built, built_warnings = _logged(1, TINY[name]())
    assert inline is not None and built is not None
    assert inline.type == built.type
    assert inline.equals(built), (inline, built)
    assert inline_warnings == built_warnings == []


@pytest.mark.parametrize("name", BAD)
def test_a_payload_that_does_not_fit_fails_as_before(name):
    assert _native.payload_inline(BAD[name]()) is None
    inline, inline_errors = _logged(4096, BAD[name]())
    built, built_errors = _logged(1, BAD[name]())
    assert inline is None and built is None
    assert inline_errors == built_errors and inline_errors


def test_an_inline_cell_holds_the_values_of_the_call():
    rec = rr.RecordingStream("nparrow_inline")
    try:
        mem = rec.memory_recording()
        t = np.array([1.0, 2.0, 3.0], dtype=np.float32)
        rec.log("tf", rr.Transform3D(translation=t))
        t[:] = 0  # after log, before the batcher built the array
        rec.flush()
        chunks = [c for c in mem.chunks() if c.schema.metadata[b"rerun:entity_path"] == b"/tf"]
        assert [c.column("Transform3D:translation").to_pylist() for c in chunks] == [[[[1.0, 2.0, 3.0]]]]
    finally:
        rec._close()
