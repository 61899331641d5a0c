"""Property tests: every input either converts to exactly numpy's values or raises a clear
TypeError/ValueError — never a crash, a panic, or a silent wrong value.

`make test` runs the default profile; `make soak` sets HYPOTHESIS_PROFILE=soak (10,000 examples)."""

from __future__ import annotations

import os

import hypothesis.extra.numpy as hnp
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nparrow._native import numpy_to_fixed_size_list, numpy_to_primitive_array, varlen_to_array

settings.register_profile("ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("soak", max_examples=10_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SUPPORTED = {np.dtype(t).kind + str(np.dtype(t).itemsize) for t in (
    np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
    np.float16, np.float32, np.float64,
)}  # fmt: skip

numeric = st.one_of(
    hnp.boolean_dtypes(),
    hnp.integer_dtypes(endianness="="),
    hnp.unsigned_integer_dtypes(endianness="="),
    hnp.floating_dtypes(endianness="=", sizes=(16, 32, 64)),
)
swapped = st.one_of(
    hnp.integer_dtypes(endianness=">", sizes=(16, 32, 64)),
    hnp.unsigned_integer_dtypes(endianness=">", sizes=(16, 32, 64)),
    hnp.floating_dtypes(endianness=">", sizes=(16, 32, 64)),
)
unsupported = st.one_of(
    hnp.complex_number_dtypes(),
    hnp.datetime64_dtypes(),
    hnp.timedelta64_dtypes(),
    hnp.unicode_string_dtypes(),
    hnp.byte_string_dtypes(),
    st.just(np.dtype("f4,i4")),
    st.just(np.dtype(object)),
)


@st.composite
def arrays(draw, dtypes=st.one_of(numeric, swapped)):  # noqa: B008 - a strategy, not a mutable default
    """Arrays in every layout the bridge meets: views with steps (also negative), Fortran order,
    read-only, misaligned (offset into a byte buffer), 0-d and empty."""
    dtype = draw(dtypes)
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=6))
    base = draw(hnp.arrays(dtype, shape, elements={"allow_nan": True} if dtype.kind == "f" else None))
    layout = draw(st.sampled_from(["c", "fortran", "step", "negative", "readonly", "misaligned"]))
    if layout == "fortran":
        arr = np.asfortranarray(base)
    elif layout == "step" and base.ndim:
        arr = base[:: draw(st.integers(1, 3))]
    elif layout == "negative" and base.ndim:
        arr = base[::-1]
    elif layout == "readonly":
        arr = base.copy()
        arr.flags.writeable = False
    elif layout == "misaligned" and base.ndim and dtype.itemsize > 1 and not dtype.hasobject:
        raw = np.zeros(base.nbytes + 1, dtype=np.uint8)
        arr = np.frombuffer(raw.data, dtype=dtype, count=base.size, offset=1).reshape(base.shape)
        arr[...] = base
    else:
        arr = base
    return arr


def _key(dtype: np.dtype) -> str:
    return dtype.kind + str(dtype.itemsize)


def _values(pa_arr: pa.Array) -> np.ndarray:
    return pa_arr.to_numpy(zero_copy_only=False)


@given(arrays())
def test_primitive_equals_numpy_or_raises(arr):
    ok = _key(arr.dtype) in SUPPORTED and arr.ndim == 1
    if not ok:
        with pytest.raises((TypeError, ValueError)):
            numpy_to_primitive_array(arr)
        return
    out = pa.array(numpy_to_primitive_array(arr))
    np.testing.assert_array_equal(_values(out), np.asarray(arr, dtype=arr.dtype.newbyteorder("=")))


@given(arrays(), st.integers(1, 4))
def test_fixed_size_list_equals_numpy_or_raises(arr, k):
    ok = _key(arr.dtype) in SUPPORTED and (
        (arr.ndim == 1 and arr.size % k == 0) or (arr.ndim == 2 and arr.shape[1] == k)
    )
    if not ok:
        with pytest.raises((TypeError, ValueError)):
            numpy_to_fixed_size_list(arr, k)
        return
    out = pa.array(numpy_to_fixed_size_list(arr, k))
    assert len(out) == arr.size // k
    np.testing.assert_array_equal(_values(out.flatten()), np.asarray(arr).reshape(-1))


@given(arrays(dtypes=unsupported))
def test_unsupported_dtypes_raise_type_or_value_error(arr):
    with pytest.raises((TypeError, ValueError)):
        numpy_to_primitive_array(arr)


@given(
    st.lists(st.text(max_size=6), max_size=8),
    st.lists(st.integers(-3, 40), min_size=0, max_size=10),
    st.sampled_from([-1, 0, 1, 2, 3]),
    st.booleans(),
)
def test_varlen_triples_build_or_raise(strings, random_offsets, inner_size, use_random):
    data = np.frombuffer("".join(strings).encode(), dtype=np.uint8)
    if inner_size > 0:
        data = np.arange(len(data) - len(data) % inner_size, dtype=np.float32)
    if use_random:
        offsets = np.array(random_offsets, dtype=np.int32)
    else:
        lens = [len(s.encode()) for s in strings] if inner_size <= 0 else [0] * len(strings)
        offsets = np.concatenate([[0], np.cumsum(lens)]).astype(np.int32)
    units = len(data) // max(inner_size, 1)
    valid = (
        len(offsets) >= 1 and offsets[0] >= 0 and bool(np.all(np.diff(offsets) >= 0)) and offsets[-1] <= units
    )
    if valid and inner_size == -1:
        # Every offset must fall on a code point boundary (continuation bytes are 0b10xxxxxx).
        valid = all(o == len(data) or (data[o] & 0xC0) != 0x80 for o in offsets)
    if not valid:
        with pytest.raises((TypeError, ValueError)):
            varlen_to_array(data, offsets, inner_size)
        return
    out = pa.array(varlen_to_array(data, offsets, inner_size))
    assert len(out) == len(offsets) - 1
    if inner_size == -1 and not use_random:
        assert out.to_pylist() == strings


# ---- Python numbers and lists read by Rust (`values_to_array`), without numpy ----

py_number = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.booleans(),
)
py_input = st.one_of(
    py_number,
    st.lists(py_number, max_size=8),
    st.lists(st.lists(py_number, min_size=0, max_size=4), max_size=4),
    st.lists(py_number, max_size=8).map(tuple),
    st.just("x"),
    st.lists(st.one_of(py_number, st.just(None), st.just("1")), min_size=1, max_size=4),
)
target_dtypes = st.sampled_from(
    [
        "bool",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "float16",
        "float32",
        "float64",
    ]
)


@given(py_input, target_dtypes, st.sampled_from([0, 1, 2, 3, 4]))
def test_values_to_array_is_numpy_or_declines(data, dtype, list_size):
    """The Rust reader of Python input either declines (None: numpy then decides) or produces
    exactly what numpy produces for the same input and dtype."""
    from nparrow._native import values_to_array

    out = values_to_array(data, dtype, list_size)
    if out is None:
        return
    with np.errstate(over="ignore"):  # a float beyond float32's range is inf in both (numpy warns)
        expected = np.asarray(data, dtype=dtype)  # must not raise: the reader only takes what numpy takes
    got = pa.array(out)
    if list_size:
        assert got.type.list_size == list_size
        got = got.flatten()
    assert got.type == pa.from_numpy_dtype(np.dtype(dtype))
    np.testing.assert_array_equal(got.to_numpy(zero_copy_only=False), expected.reshape(-1))
