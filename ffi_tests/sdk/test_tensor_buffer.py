"""`encodings.TensorBuffer` / `TensorBufferBatch` / `TensorBufferLike` / `TensorBufferArrayLike`
(also via `datatypes`) against rerun-sdk 0.41.

rerun-sdk declares the union but its `TensorBufferBatch(data)` cannot serialize it (it warns
`NotImplementedError` and gives an empty batch); the same union is what rerun-sdk writes as
`TensorData.buffer`, so that is the reference an nparrow batch is compared with, per dtype and
input form (Arrow equality). Buffers are borrowed from numpy (addresses), bad input warns and
gives an empty batch, or raises in strict mode, as rerun-sdk."""

from __future__ import annotations

import hypothesis.extra.numpy as hnp
import numpy as np
import pyarrow as pa
import pytest
import rerun
import rerun.encodings as re_enc
from hypothesis import given, settings
from hypothesis import strategies as st
from rerun._unions import build_dense_union
from rerun.encodings.tensor_data_ext import DTYPE_MAP

import nparrow as rr
from nparrow import datatypes as nd
from nparrow import encodings as ne

# rerun-sdk's own dtype → union variant name table
DTYPES = list(DTYPE_MAP)
UNION = re_enc.TensorBufferBatch._ARROW_DATATYPE


def _name_of(dtype):
    return DTYPE_MAP[np.dtype(dtype).type]


def _data(dtype, n=12, start=0):
    return (np.arange(start, start + n) % 100).astype(dtype)


def _rerun_union(buffer, size=None):
    """rerun-sdk's own Arrow for one buffer (a TensorBuffer or what its `TensorBuffer()` takes):
    the `buffer` field of its TensorData."""
    size = np.asarray(getattr(buffer, "inner", buffer)).size if size is None else size
    tensor = re_enc.TensorData(buffer=buffer, shape=[size])
    return re_enc.TensorDataBatch(tensor).as_arrow_array().field("buffer")


def _variant(union):
    """The only variant an all-one-dtype union uses: (its type id, its List child)."""
    (type_id,) = set(union.type_codes.to_pylist())
    return type_id, union.field(type_id)


# --- input forms, per dtype ----------------------------------------------------------------------

# name → (make the input from a module, whether it is a one-element list of rerun's buffer form)
FORMS = {
    "array": (lambda m, a: a, False),
    "2-d array": (lambda m, a: a.reshape(3, -1), False),
    "value": (lambda m, a: m.TensorBuffer(a), False),
    "value of 2-d": (lambda m, a: m.TensorBuffer(a.reshape(2, -1)), False),
    "value keyword": (lambda m, a: m.TensorBuffer(inner=a), False),
    "list of a value": (lambda m, a: [m.TensorBuffer(a)], True),
    "list of an array": (lambda m, a: [a], True),
}


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize(("make", "listed"), FORMS.values(), ids=FORMS.keys())
def test_one_buffer_equals_rerun_sdk(dtype, make, listed):
    arr = _data(dtype)
    ours = ne.TensorBufferBatch(make(ne, arr)).as_arrow_array()
    # rerun-sdk's TensorData takes one buffer: the same form (or the list's one element).
    theirs = _rerun_union(make(re_enc, arr)[0] if listed else make(re_enc, arr), arr.size)
    assert ours.type == theirs.type == UNION
    assert ours.equals(theirs), f"{ours.to_pylist()} != {theirs.to_pylist()}"
    assert ours.type_codes.equals(theirs.type_codes)
    assert ours.offsets.equals(theirs.offsets)


def test_rerun_sdk_values_are_taken():
    """rerun-sdk's TensorBuffer values, one or a list of them, so both SDKs can be mixed."""
    a, b = _data(np.int32), _data(np.float64, 3)
    assert ne.TensorBufferBatch(re_enc.TensorBuffer(a)).as_arrow_array().equals(_rerun_union(a))
    mixed = ne.TensorBufferBatch([re_enc.TensorBuffer(a), ne.TensorBuffer(b)]).as_arrow_array()
    assert mixed.to_pylist() == [a.tolist(), b.tolist()]
    tensor = ne.TensorDataBatch(ne.TensorData(shape=[3, 4], buffer=re_enc.TensorBuffer(a)))
    theirs = re_enc.TensorDataBatch(re_enc.TensorData(shape=[3, 4], buffer=re_enc.TensorBuffer(a)))
    assert tensor.as_arrow_array().equals(theirs.as_arrow_array())


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_arrow_input_is_taken_as_it_is(dtype):
    theirs = _rerun_union(_data(dtype))
    assert ne.TensorBufferBatch(theirs).as_arrow_array().equals(theirs)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_several_buffers_of_one_dtype_equal_rerun_sdk_union(dtype):
    """Three buffers of one dtype: one element each, as rerun-sdk's union builder makes them."""
    parts = [_data(dtype, 4), _data(dtype, 0), _data(dtype, 5, start=7)]
    lists = pa.ListArray.from_arrays(
        pa.array(np.cumsum([0] + [p.size for p in parts]), pa.int32()), pa.array(np.concatenate(parts))
    )
    theirs = build_dense_union(UNION, _name_of(dtype), lists)
    for form in (parts, [ne.TensorBuffer(p) for p in parts]):
        ours = ne.TensorBufferBatch(form).as_arrow_array()
        assert ours.equals(theirs), f"{ours.to_pylist()} != {theirs.to_pylist()}"


def test_mixed_dtypes_and_nulls():
    """Buffers of several dtypes and `None`: one element each, in order; each element's offset is
    its index within its variant (the dense-union layout rerun-sdk uses for one buffer)."""
    items = [_data(np.uint8, 3), None, _data(np.float32, 2), _data(np.uint8, 1, 5), None, _data(np.int64, 4)]
    ours = ne.TensorBufferBatch(items).as_arrow_array()
    names = [f.name for f in UNION]
    expected_ids, expected_offsets, per_variant = [], [], {i: [] for i in range(len(names))}
    for item in items:
        type_id = 0 if item is None else names.index(_name_of(item.dtype))
        expected_ids.append(type_id)
        expected_offsets.append(len(per_variant[type_id]))
        per_variant[type_id].append(item)
    children = [pa.nulls(len(per_variant[0]))] + [
        pa.array([p.tolist() for p in per_variant[i]], UNION.field(i).type) for i in range(1, len(names))
    ]
    theirs = pa.Array.from_buffers(
        type=UNION,
        length=len(items),
        buffers=[
            None,
            pa.array(expected_ids, pa.int8()).buffers()[1],
            pa.array(expected_offsets, pa.int32()).buffers()[1],
        ],
        children=children,
    )
    assert ours.equals(theirs), f"{ours.to_pylist()} != {theirs.to_pylist()}"
    assert ours.to_pylist() == [None if x is None else x.tolist() for x in items]


def test_empty_batch_has_rerun_sdks_type():
    for data in ([], None, ()):
        ours = ne.TensorBufferBatch(data).as_arrow_array()
        assert ours.type == UNION
        assert len(ours) == 0
    with pytest.warns(Warning, match="NotImplementedError"):  # rerun-sdk warns even for no data
        theirs = re_enc.TensorBufferBatch([]).as_arrow_array()
    assert ne.TensorBufferBatch([]).as_arrow_array().equals(theirs)


def test_rerun_sdk_cannot_serialize_data_nparrow_can():
    """What rerun-sdk 0.41 itself does with data (the reason `TensorData` is the reference)."""
    arr = _data(np.float32)
    with pytest.warns(Warning, match="NotImplementedError"):
        theirs = re_enc.TensorBufferBatch(arr).as_arrow_array()
    assert len(theirs) == 0
    assert ne.TensorBufferBatch(arr).as_arrow_array().to_pylist() == [arr.tolist()]


# --- the single value ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "inner",
    [
        np.arange(6, dtype=np.int16).reshape(2, 3),
        np.arange(4, dtype=np.float64),
        [1, 2, 3],
        [[1.5, 2.5], [3.5, 4.5]],
        np.float32(2.0),
    ],
    ids=["2-d int16", "f64", "int list", "nested floats", "numpy scalar"],
)
def test_value_inner_as_rerun_sdk(inner):
    ours, theirs = ne.TensorBuffer(inner), re_enc.TensorBuffer(inner)
    assert ours.inner.dtype == theirs.inner.dtype
    assert ours.inner.shape == theirs.inner.shape  # always flat
    np.testing.assert_array_equal(ours.inner, theirs.inner)
    assert ne.TensorBuffer(inner=inner) == ours


def test_value_behaviour():
    a = np.arange(6, dtype=np.uint8)
    value = ne.TensorBuffer(a.reshape(2, 3))
    assert np.shares_memory(value.inner, a)  # a view of the caller's array (rerun-sdk copies)
    np.testing.assert_array_equal(ne.TensorBuffer(value).inner, a)
    assert ne.TensorBuffer(a) == ne.TensorBuffer(a.copy())
    assert ne.TensorBuffer(a) != ne.TensorBuffer(a.astype(np.int8))  # same bytes, another dtype
    assert ne.TensorBuffer(a) != ne.TensorBuffer(a[:3])
    assert "TensorBuffer(inner=" in repr(value)
    with pytest.raises(TypeError):
        ne.TensorBuffer()
    assert nd.TensorBuffer is ne.TensorBuffer
    assert nd.TensorBufferBatch is ne.TensorBufferBatch
    assert value.as_arrow_array().equals(_rerun_union(a))


def test_aliases():
    import typing

    for name in ("TensorBufferLike", "TensorBufferArrayLike"):
        assert getattr(nd, name) is getattr(ne, name)
        assert name in ne.__all__
        assert hasattr(re_enc, name)
        assert typing.get_origin(getattr(ne, name)) is typing.Union
        assert ne.TensorBuffer in typing.get_args(getattr(ne, name))


# --- inside TensorData ---------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("value", [True, False], ids=["TensorBuffer", "array"])
def test_tensor_data_takes_a_buffer_as_rerun_sdk(dtype, value):
    arr = _data(dtype)

    def make(m):
        buffer = m.TensorBuffer(arr) if value else arr
        return m.TensorDataBatch(m.TensorData(shape=[3, 4], buffer=buffer, dim_names=["h", "w"]))

    ours, theirs = make(ne).as_arrow_array(), make(re_enc).as_arrow_array()
    assert ours.equals(theirs), f"{ours.to_pylist()} != {theirs.to_pylist()}"
    np.testing.assert_array_equal(
        ne.TensorData(shape=[3, 4], buffer=ne.TensorBuffer(arr)).numpy(), arr.reshape(3, 4)
    )


def test_tensor_data_buffer_size_mismatch_raises_as_rerun_sdk():
    for m in (ne, re_enc):
        with pytest.raises(ValueError, match="Shape and buffer size do not match"):
            m.TensorData(shape=[5], buffer=m.TensorBuffer(np.arange(4, dtype=np.uint8)))


# `TensorData(...)` from a module and a (3, 4) array: the three ways rerun-sdk takes the data.
TENSOR_DATA_FORMS = {
    "array=": lambda m, a: m.TensorData(array=a),
    "buffer=array": lambda m, a: m.TensorData(shape=a.shape, buffer=a),
    "buffer=TensorBuffer": lambda m, a: m.TensorData(shape=a.shape, buffer=m.TensorBuffer(a)),
}


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("make", TENSOR_DATA_FORMS.values(), ids=TENSOR_DATA_FORMS.keys())
def test_tensor_data_buffer_is_a_tensor_buffer_as_rerun_sdk(dtype, make):
    arr = _data(dtype).reshape(3, 4)
    ours, theirs = make(ne, arr), make(re_enc, arr)
    assert type(theirs.buffer) is re_enc.TensorBuffer
    assert type(ours.buffer) is ne.TensorBuffer
    assert ours.buffer.inner.dtype == theirs.buffer.inner.dtype
    assert ours.buffer.inner.shape == theirs.buffer.inner.shape == (12,)
    np.testing.assert_array_equal(ours.buffer.inner, theirs.buffer.inner)
    np.testing.assert_array_equal(ours.numpy(force=True), theirs.numpy(force=True))
    assert ours.buffer.as_arrow_array().equals(_rerun_union(theirs.buffer))
    assert ne.TensorDataBatch(ours).as_arrow_array().equals(re_enc.TensorDataBatch(theirs).as_arrow_array())


@pytest.mark.parametrize("make", TENSOR_DATA_FORMS.values(), ids=TENSOR_DATA_FORMS.keys())
def test_tensor_data_buffer_inner_is_a_view_of_the_array(make):
    arr = _data(np.float32, 64 * 48).reshape(64, 48)
    tensor = make(ne, arr)
    inner = tensor.buffer.inner
    assert inner.__array_interface__["data"][0] == arr.ctypes.data  # rerun-sdk copies (`flatten()`)
    _, lists = _variant(ne.TensorDataBatch(tensor).as_arrow_array().field("buffer"))
    assert lists.values.buffers()[1].address == arr.ctypes.data  # and it is logged from there
    assert tensor.numpy().__array_interface__["data"][0] == arr.ctypes.data


def test_tensor_data_keeps_a_given_tensor_buffer_as_rerun_sdk():
    arr = _data(np.uint16)
    for m in (ne, re_enc):
        buffer = m.TensorBuffer(arr)
        assert m.TensorData(shape=[12], buffer=buffer).buffer is buffer
    # rerun-sdk's TensorBuffer is taken as nparrow's (its `inner` read, not copied)
    theirs = re_enc.TensorBuffer(arr)
    tensor = ne.TensorData(shape=[3, 4], buffer=theirs)
    assert type(tensor.buffer) is ne.TensorBuffer
    assert tensor.buffer.inner.__array_interface__["data"][0] == theirs.inner.ctypes.data


@pytest.mark.parametrize(
    ("view", "shared"),
    [(lambda a: a[:, ::2], True), (lambda a: a.T, False)],
    ids=["strided (a flat view)", "transposed (numpy's one copy)"],
)
def test_non_contiguous_tensor_data_buffer_has_rerun_sdks_values(view, shared):
    arr = view(_data(np.int32, 48).reshape(6, 8))
    ours, theirs = ne.TensorData(array=arr), re_enc.TensorData(array=arr)
    assert np.shares_memory(ours.buffer.inner, arr) is shared
    np.testing.assert_array_equal(ours.buffer.inner, theirs.buffer.inner)
    assert ne.TensorDataBatch(ours).as_arrow_array().equals(re_enc.TensorDataBatch(theirs).as_arrow_array())


def test_rerun_sdk_tensor_data_is_logged_as_it_is():
    """TensorDataBatch reads a TensorData by its fields: rerun-sdk's (names included) too."""
    theirs = re_enc.TensorData(array=_data(np.float64).reshape(3, 4), dim_names=["h", "w"])
    expected = re_enc.TensorDataBatch(theirs).as_arrow_array()
    assert ne.TensorDataBatch(theirs).as_arrow_array().equals(expected)
    assert ne.TensorDataBatch([theirs]).as_arrow_array().equals(expected)
    assert rr.components.TensorDataBatch(theirs).as_arrow_array().equals(expected)


# --- zero-copy -----------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_buffer_is_borrowed(dtype):
    arr = _data(dtype, 64 * 48).reshape(64, 48)
    for data in (arr, ne.TensorBuffer(arr), [arr], [ne.TensorBuffer(arr)]):
        type_id, lists = _variant(ne.TensorBufferBatch(data).as_arrow_array())
        assert UNION.field(type_id).name == _name_of(dtype)
        assert lists.values.buffers()[1].address == arr.ctypes.data
        assert lists.values.to_numpy().tobytes() == arr.tobytes()


def test_borrowed_buffer_outlives_the_array():
    arr = _data(np.float32, 1000)
    expected = arr.tolist()
    batch = ne.TensorBufferBatch(arr)
    del arr
    union = batch.as_arrow_array()
    del batch
    assert union.to_pylist() == [expected]


def test_several_buffers_of_one_dtype_are_joined_once():
    a, b = _data(np.float64, 8), _data(np.float64, 4, 3)
    _, lists = _variant(ne.TensorBufferBatch([a, b]).as_arrow_array())
    assert lists.values.buffers()[1].address not in (a.ctypes.data, b.ctypes.data)
    assert lists.to_pylist() == [a.tolist(), b.tolist()]


def test_non_contiguous_and_swapped_buffers_give_native_values():
    arr = _data(np.float32, 48).reshape(6, 8)
    for view in (arr[:, ::2], np.asfortranarray(arr), arr.astype(">f4")):
        _, lists = _variant(ne.TensorBufferBatch(view).as_arrow_array())
        assert lists.values.to_numpy().tobytes() == np.ascontiguousarray(view, dtype=np.float32).tobytes()


@st.composite
def _buffers(draw):
    """0-6 elements: None, or an array of a union dtype in any byte order, 0-3 dims, maybe strided."""
    items = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()) and draw(st.booleans()):
            items.append(None)
            continue
        dtype = np.dtype(draw(st.sampled_from(DTYPES))).newbyteorder(draw(st.sampled_from("=<>")))
        shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=5))
        arr = draw(hnp.arrays(dtype, shape, elements={"allow_nan": False} if dtype.kind == "f" else None))
        items.append(arr[::-1] if arr.ndim and draw(st.booleans()) else arr)
    return items


@settings(max_examples=150, deadline=None)
@given(_buffers())
def test_any_buffers_give_their_values_in_order(items):
    union = ne.TensorBufferBatch(items).as_arrow_array()
    assert union.type == UNION
    assert len(union) == len(items)
    names = [f.name for f in UNION]
    for i, item in enumerate(items):
        if item is None:
            assert union.type_codes[i].as_py() == 0
            assert union[i].as_py() is None
        else:
            assert names[union.type_codes[i].as_py()] == _name_of(item.dtype.newbyteorder("="))
            assert union[i].as_py() == item.reshape(-1).tolist()


# --- bad input -----------------------------------------------------------------------------------

BAD = {
    "bool": (lambda: np.array([True, False]), TypeError, "unsupported tensor buffer dtype bool"),
    "complex": (lambda: [np.ones(2, np.complex64)], TypeError, "unsupported tensor buffer dtype complex64"),
    "strings": (lambda: np.array(["a", "b"]), TypeError, "expected a TensorBuffer"),
    "objects": (lambda: np.array([object()]), TypeError, "expected a TensorBuffer"),
    "ragged": (lambda: [[1, 2], [3]], ValueError, "inhomogeneous"),
}


@pytest.mark.parametrize(("make", "exc", "message"), BAD.values(), ids=BAD.keys())
def test_bad_input_warns_and_gives_an_empty_batch_like_rerun_sdk(make, exc, message):
    with pytest.warns(rr.RerunWarning, match=f"TensorBufferBatch.*{message}"):
        ours = ne.TensorBufferBatch(make()).as_arrow_array()
    with pytest.warns(rerun.error_utils.RerunWarning, match="TensorBufferBatch"):
        theirs = re_enc.TensorBufferBatch(make()).as_arrow_array()
    assert len(ours) == 0
    assert ours.equals(theirs)


@pytest.mark.parametrize(("make", "exc", "message"), BAD.values(), ids=BAD.keys())
def test_bad_input_raises_in_strict_mode(strict, make, exc, message):
    """rerun-sdk raises in strict mode too (its `NotImplementedError`, whatever the data)."""
    with pytest.raises(exc, match=message):
        ne.TensorBufferBatch(make())
    with pytest.raises(NotImplementedError):
        re_enc.TensorBufferBatch(make())


def test_bad_buffer_in_an_archetype_field_is_dropped():
    """A bad TensorBuffer inside TensorData: a warning, and the field is dropped (rerun-sdk warns
    too, and logs an empty batch in its place, as for the other bad tensors)."""
    with pytest.warns(rr.RerunWarning, match=r"Tensor: TensorDataBatch: .*unsupported tensor dtype"):
        tensor = rr.Tensor(
            rr.encodings.TensorData(shape=[2], buffer=ne.TensorBuffer(np.array([True, False])))
        )
    assert tensor.as_component_batches() == []
    with pytest.warns(Warning, match="TensorDataBatch.*Failed to find"):
        rerun.Tensor(re_enc.TensorData(shape=[2], buffer=re_enc.TensorBuffer(np.array([True, False]))))
