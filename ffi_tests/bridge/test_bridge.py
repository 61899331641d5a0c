"""The bridge across the FFI boundary: values, zero-copy by address, lifetimes, bad input."""

from __future__ import annotations

import array
import gc
import sys

import numpy as np
import pyarrow as pa
import pytest

from ffi_tests.helpers import run_in_threads
from nparrow import _native
from nparrow._native import numpy_to_fixed_size_list, numpy_to_primitive_array, varlen_to_array

NUMERIC = [
    np.int8, np.int16, np.int32, np.int64,
    np.uint8, np.uint16, np.uint32, np.uint64,
    np.float16, np.float32, np.float64,
]  # fmt: skip
PA_TYPES = {
    np.int8: pa.int8(), np.int16: pa.int16(), np.int32: pa.int32(), np.int64: pa.int64(),
    np.uint8: pa.uint8(), np.uint16: pa.uint16(), np.uint32: pa.uint32(), np.uint64: pa.uint64(),
    np.float16: pa.float16(), np.float32: pa.float32(), np.float64: pa.float64(), np.bool_: pa.bool_(),
}  # fmt: skip
ids = [np.dtype(d).name for d in NUMERIC]


def sample(dtype: type, n: int = 37) -> np.ndarray:
    if dtype is np.bool_:
        return np.arange(n) % 3 == 0
    return (np.arange(n) % 100).astype(dtype)


def values_address(pa_arr: pa.Array) -> int:
    """Address of the innermost values buffer of a pyarrow array."""
    while pa.types.is_fixed_size_list(pa_arr.type) or pa.types.is_list(pa_arr.type):
        pa_arr = pa_arr.values
    return pa_arr.buffers()[-1].address


class OnlyCArray:
    """Exposes nothing but `__arrow_c_array__`: proves duck-typed PyCapsule import."""

    def __init__(self, inner):
        self.inner = inner

    def __arrow_c_array__(self, requested_schema=None):
        return self.inner.__arrow_c_array__(requested_schema)


# --- values and zero copy ---------------------------------------------------------------------


@pytest.mark.parametrize("dtype", NUMERIC, ids=ids)
def test_primitive_is_zero_copy(dtype):
    arr = sample(dtype)
    out = numpy_to_primitive_array(arr)
    assert len(out) == len(arr)
    assert out.buffer_addresses()[-1] == arr.ctypes.data
    pa_arr = pa.array(OnlyCArray(out))
    assert pa_arr.type == PA_TYPES[dtype]
    assert values_address(pa_arr) == arr.ctypes.data
    np.testing.assert_array_equal(pa_arr.to_numpy(zero_copy_only=False), arr)


def test_bool_is_bit_packed():
    arr = sample(np.bool_)
    pa_arr = pa.array(numpy_to_primitive_array(arr))
    assert pa_arr.type == pa.bool_()
    assert pa_arr.to_pylist() == arr.tolist()
    assert values_address(pa_arr) != arr.ctypes.data


@pytest.mark.parametrize("dtype", NUMERIC, ids=ids)
@pytest.mark.parametrize("layout", ["2d", "flat"])
def test_fixed_size_list_is_zero_copy(dtype, layout):
    arr = sample(dtype, 30).reshape(10, 3)
    out = numpy_to_fixed_size_list(arr if layout == "2d" else arr.ravel(), 3)
    pa_arr = pa.array(out)
    assert pa_arr.type == pa.list_(pa.field("item", PA_TYPES[dtype], nullable=False), 3)
    assert len(pa_arr) == 10
    assert values_address(pa_arr) == arr.ctypes.data
    np.testing.assert_array_equal(np.stack(pa_arr.to_numpy(zero_copy_only=False)), arr)


def test_utf8_blob_and_strips_are_zero_copy():
    data = np.frombuffer("héllo wörld".encode(), dtype=np.uint8)
    offsets = np.array([0, 6, 7, len(data)], dtype=np.int32)
    s = pa.array(varlen_to_array(data, offsets, -1))
    assert s.to_pylist() == ["héllo", " ", "wörld"]
    assert s.buffers()[2].address == data.ctypes.data
    assert s.buffers()[1].address == offsets.ctypes.data

    blob = pa.array(varlen_to_array(data, offsets, 0))
    assert blob.type == pa.list_(pa.field("item", pa.uint8(), nullable=False))
    assert values_address(blob) == data.ctypes.data
    assert bytes(blob[2].values.to_numpy()) == "wörld".encode()

    pts = np.arange(15, dtype=np.float32).reshape(5, 3)
    strips = pa.array(varlen_to_array(pts, np.array([0, 2, 5], np.int32), 3))
    inner = pa.list_(pa.field("item", pa.float32(), nullable=False), 3)
    assert strips.type == pa.list_(pa.field("item", inner, nullable=False))
    assert strips[1].as_py() == pts[2:].tolist()
    assert values_address(strips) == pts.ctypes.data


def test_int64_offsets_are_accepted():
    data = np.frombuffer(b"abc", dtype=np.uint8)
    s = pa.array(varlen_to_array(data, np.array([0, 1, 3]), -1))
    assert s.to_pylist() == ["a", "bc"]


@pytest.mark.parametrize(
    "obj",
    [
        b"\x01\x02\x03\x04",
        bytearray(b"\x01\x02\x03\x04"),
        memoryview(b"\x01\x02\x03\x04"),
        array.array("B", [1, 2, 3, 4]),
    ],
    ids=["bytes", "bytearray", "memoryview", "array.array"],
)
def test_any_buffer_protocol_object_is_borrowed(obj):
    out = numpy_to_primitive_array(obj)
    addr = np.frombuffer(obj, dtype=np.uint8).ctypes.data
    assert out.buffer_addresses()[-1] == addr
    assert pa.array(out).to_pylist() == [1, 2, 3, 4]


def test_array_array_float_is_borrowed():
    obj = array.array("f", [1.5, 2.5])
    pa_arr = pa.array(numpy_to_primitive_array(obj))
    assert pa_arr.type == pa.float32()
    assert pa_arr.to_pylist() == [1.5, 2.5]
    assert values_address(pa_arr) == np.frombuffer(obj, dtype=np.float32).ctypes.data


# --- layouts that need exactly one copy (made in Rust) ---------------------------------------


def _copied_inputs():
    base = np.arange(60, dtype=np.float32).reshape(20, 3)
    raw = np.zeros(4 * 30 + 1, dtype=np.uint8)
    misaligned = np.frombuffer(raw.data, dtype=np.float32, count=30, offset=1)
    misaligned[:] = np.arange(30)
    return {
        "row-step": base[::2],
        "negative-step": base[::-1],
        "transposed": base.T.copy().T,  # Fortran order, (20, 3)
        "fortran": np.asfortranarray(base),
        "column-slice": np.ascontiguousarray(np.arange(80, dtype=np.float32).reshape(20, 4))[:, :3],
        "misaligned": misaligned.reshape(10, 3),
        "big-endian": base.astype(">f4"),
        "read-only-swapped": np.frombuffer(base.astype(">f4").tobytes(), dtype=">f4").reshape(20, 3),
    }


@pytest.mark.parametrize("name", list(_copied_inputs()))
def test_non_borrowable_layouts_are_copied_once_with_correct_values(name):
    arr = _copied_inputs()[name]
    before = _native.live_borrows()
    out = numpy_to_fixed_size_list(arr, 3)
    assert _native.live_borrows() == before, "a copied input must not hold a borrow"
    pa_arr = pa.array(out)
    expected = np.asarray(arr, dtype=np.float32)
    np.testing.assert_array_equal(np.stack(pa_arr.to_numpy(zero_copy_only=False)), expected)
    assert values_address(pa_arr) != arr.ctypes.data


def test_read_only_array_is_borrowed():
    arr = np.arange(6, dtype=np.float32)
    arr.flags.writeable = False
    assert numpy_to_primitive_array(arr).buffer_addresses()[-1] == arr.ctypes.data


def test_empty_arrays():
    assert len(numpy_to_fixed_size_list(np.zeros((0, 3), np.float32), 3)) == 0
    assert len(numpy_to_primitive_array(np.zeros(0, np.uint8))) == 0
    assert pa.array(varlen_to_array(np.zeros(0, np.uint8), np.zeros(1, np.int32), -1)).to_pylist() == []


# --- lifetimes -------------------------------------------------------------------------------


def test_arrow_outlives_numpy_owner():
    arr = np.arange(3000, dtype=np.float32).reshape(1000, 3)
    addr = arr.ctypes.data
    pa_arr = pa.array(numpy_to_fixed_size_list(arr, 3))
    del arr
    gc.collect()
    assert values_address(pa_arr) == addr
    assert pa_arr[999].as_py() == [2997.0, 2998.0, 2999.0]


def test_refcount_returns_to_start():
    arr = np.arange(3000, dtype=np.float32)
    start = sys.getrefcount(arr)
    out = numpy_to_primitive_array(arr)
    assert sys.getrefcount(arr) > start  # the buffer export holds the array
    pa_arr = pa.array(out)
    del out
    gc.collect()
    assert sys.getrefcount(arr) > start  # pyarrow still holds the Rust array
    del pa_arr
    gc.collect()
    assert sys.getrefcount(arr) == start


def test_numpy_refuses_resize_while_borrowed():
    arr = np.arange(10, dtype=np.float32)
    out = numpy_to_primitive_array(arr)
    with pytest.raises(ValueError):
        arr.resize(20)
    del out
    buf = bytearray(b"abcd")
    out = numpy_to_primitive_array(buf)
    with pytest.raises(BufferError):
        buf.extend(b"efgh")
    del out


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "exc", "message"),
    [
        (lambda: numpy_to_primitive_array(np.array([object()])), TypeError, "object dtype"),
        (lambda: numpy_to_primitive_array(np.array([1 + 2j])), TypeError, "complex"),
        (lambda: numpy_to_primitive_array(np.zeros(2, dtype="f4,i4")), TypeError, "format"),
        (lambda: numpy_to_primitive_array(np.array(["ab"])), TypeError, "unicode"),
        (lambda: numpy_to_primitive_array([1.0, 2.0]), TypeError, "buffer-protocol"),
        (lambda: numpy_to_primitive_array(np.float32(1.0)), ValueError, "0-d"),
        (lambda: numpy_to_primitive_array(np.zeros((2, 2), np.float32)), ValueError, "1-d"),
        (lambda: numpy_to_fixed_size_list(np.zeros((2, 2), np.float32), 3), ValueError, "got shape [2, 2]"),
        (lambda: numpy_to_fixed_size_list(np.zeros(7, np.float32), 3), ValueError, "multiple of 3"),
        (lambda: numpy_to_fixed_size_list(np.zeros((2, 3, 1), np.float32), 3), ValueError, "(N, 3)"),
        (lambda: numpy_to_fixed_size_list(np.zeros(3, np.float32), 0), ValueError, "at least 1"),
        (
            lambda: varlen_to_array(np.zeros(3, np.uint8), np.array([0, 2, 1], np.int32), -1),
            ValueError,
            "non-decreasing",
        ),
        (
            lambda: varlen_to_array(np.zeros(3, np.uint8), np.array([0, 4], np.int32), -1),
            ValueError,
            "runs past",
        ),
        (lambda: varlen_to_array(np.zeros(3, np.uint8), np.array([-1, 2], np.int32), -1), ValueError, ">= 0"),
        (
            lambda: varlen_to_array(np.zeros(3, np.uint8), np.zeros(0, np.int32), -1),
            ValueError,
            "at least one",
        ),
        (
            lambda: varlen_to_array(np.array([0xFF, 0xFE], np.uint8), np.array([0, 2], np.int32), -1),
            ValueError,
            "utf",
        ),
        (lambda: varlen_to_array(np.zeros(3, np.uint8), np.array([0, 1.0]), -1), TypeError, "offsets"),
        (
            lambda: varlen_to_array(np.zeros(4, np.float64), np.array([0, 1], np.int32), 2),
            TypeError,
            "float32",
        ),
        (lambda: varlen_to_array(np.zeros(3, np.uint8), np.array([0, 2**40]), -1), ValueError, "int32"),
        (
            lambda: varlen_to_array(np.zeros(3, np.uint8), np.array([0, 1], np.int32), -2),
            ValueError,
            "inner_size",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_bad_input_raises_clear_errors(call, exc, message):
    with pytest.raises(exc) as info:
        call()
    assert message.lower() in str(info.value).lower()


# --- threads and memory ----------------------------------------------------------------------


def test_four_threads_convert_at_once():
    def work(seed: int) -> None:
        rng = np.random.default_rng(seed)
        for _ in range(300):
            arr = rng.random((257, 3), dtype=np.float32)
            pa_arr = pa.array(numpy_to_fixed_size_list(arr, 3))
            assert values_address(pa_arr) == arr.ctypes.data
            np.testing.assert_array_equal(np.stack(pa_arr.to_numpy(zero_copy_only=False)), arr)

    run_in_threads(work, range(4))


@pytest.fixture(scope="module")
def big_array():
    return np.ones((256 * 1024 * 1024) // 12 * 3, dtype=np.float32).reshape(-1, 3)  # 256 MB


@pytest.mark.limit_memory("1 MB")
def test_wrapping_and_exporting_256mb_allocates_under_1mb(big_array):
    out = numpy_to_fixed_size_list(big_array, 3)
    pa_arr = pa.array(out)
    assert values_address(pa_arr) == big_array.ctypes.data
    assert len(pa_arr) == len(big_array)


def test_memray_limit_catches_a_copy_made_in_rust():
    """Control for the limit above: the same 1 MB limit fails when the bridge copies, with the
    system allocator the memory tests run under (memray cannot see mimalloc's arenas, so
    `NPARROW_ALLOCATOR=system`; see src/alloc.rs)."""
    import os
    import subprocess
    from pathlib import Path

    control = Path(__file__).with_name("memray_control.py")
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--memray", str(control)]
    env = {**os.environ, "NPARROW_ALLOCATOR": "system"}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False, env=env)
    assert proc.returncode == 1, proc.stdout[-2000:]
    assert "allocated 256" in proc.stdout, proc.stdout[-2000:]


def test_allocator_is_mimalloc_unless_the_environment_asks_for_the_system_one():
    """`NPARROW_ALLOCATOR=system` (src/alloc.rs) is what the memory tests run under; without it
    Rust allocates with mimalloc."""
    import os
    import subprocess

    code = "from nparrow import _native; print(_native.allocator())"
    for value, expected in [(None, "mimalloc"), ("system", "system"), ("other", "mimalloc")]:
        env = {k: v for k, v in os.environ.items() if k != "NPARROW_ALLOCATOR"}
        if value is not None:
            env["NPARROW_ALLOCATOR"] = value
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == expected
