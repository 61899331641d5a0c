"""AnyBatchValue, AnyValues and DynamicArchetype against rerun-sdk 0.41: the same Arrow arrays
(type and values) and descriptors per input form, the same warnings and exceptions for bad
input, the type kept per component across calls, and numpy columns that are not copied."""

from __future__ import annotations

import itertools

import numpy as np
import pyarrow as pa
import pytest
import rerun
from _parity import assert_same_batches

import nparrow as rr
from nparrow import _native

_ids = itertools.count()


def _fresh(name: str) -> str:
    """A component name neither SDK's process-wide type registry has seen yet."""
    return f"{name}_{next(_ids)}"


# Every input form AnyBatchValue takes, each converted by both SDKs.
VALUES = {
    "f32": np.arange(3, dtype=np.float32),
    "f16": np.arange(2, dtype=np.float16),
    "u16": np.array([1, 65535], dtype=np.uint16),
    "bool_np": np.array([True, False, True]),
    "strided": np.arange(6.0)[::2],
    "datetime": np.array(["2020-01-01"], dtype="datetime64[s]"),
    "unicode_np": np.array(["x", "yy"]),
    "np_scalar": np.float32(2.0),
    "list": [1.2, 3.4],
    "int_list": [1, 2, 3],
    "tuple": (1, 2),
    "str": "hi",
    "strs": ["a", "bb"],
    "int": 5,
    "float": 1.5,
    "bool": True,
    "bytes": b"ab",
    "nested": [[1, 2], [3]],
    "dict": {"a": 1},
    "mixed": [1, "a"],
    "pa": pa.array([1, None, 3]),
    "color_batch": "ColorBatch",
    "scalar_batch": "ScalarBatch",
}


def _value(sdk, key):
    v = VALUES[key]
    if key.endswith("_batch"):
        return getattr(sdk.components, v)([[255, 0, 0], [0, 255, 0]] if v == "ColorBatch" else [1.0, 2.0])
    return v


@pytest.mark.parametrize("key", VALUES)
def test_batch_equals_rerun_sdk(key):
    name = _fresh(key)
    ours = rr.AnyBatchValue(name, _value(rr, key))
    theirs = rerun.AnyBatchValue(name, _value(rerun, key))
    assert ours.is_valid() and theirs.is_valid()
    oa, ta = ours.as_arrow_array(), theirs.as_arrow_array()
    assert oa.type == ta.type
    assert oa.equals(ta), (oa.to_pylist(), ta.to_pylist())
    assert len(ours) == len(ta)
    assert ours.component_descriptor() == rr.ComponentDescriptor(name)


@pytest.mark.parametrize(
    "key", [k for k in VALUES if k not in ("mixed",)]
)  # `mixed` warns in column mode (below)
def test_column_equals_rerun_sdk(key):
    name = _fresh("col_" + key)
    ours = rr.AnyBatchValue.column(name, _value(rr, key))
    theirs = rerun.AnyBatchValue.column(name, _value(rerun, key))
    assert ours is not None and theirs is not None
    oa, ta = ours.as_arrow_array(), theirs.as_arrow_array()
    assert oa.type == ta.type
    assert oa.equals(ta), (oa.to_pylist(), ta.to_pylist())


BAD = {
    "2d": np.ones((2, 3)),
    "object": np.array([object()]),
    "byteswapped": np.arange(3, dtype=">f4"),
}


@pytest.mark.parametrize("key", BAD)
def test_bad_value_warns_and_is_dropped_as_rerun_sdk(key):
    name = _fresh(key)
    with pytest.warns(rerun.error_utils.RerunWarning, match=f"Converting data for '{name}'"):
        theirs = rerun.AnyBatchValue(name, BAD[key])
    with pytest.warns(rr.RerunWarning, match=f"Converting data for '{name}'"):
        ours = rr.AnyBatchValue(name, BAD[key])
    assert not ours.is_valid() and not theirs.is_valid()
    assert ours.as_arrow_array() is None and theirs.as_arrow_array() is None


def test_mixed_column_warns_as_rerun_sdk():
    name = _fresh("mixed")
    with pytest.warns(rerun.error_utils.RerunWarning, match="Cannot convert"):
        assert rerun.AnyBatchValue.column(name, [1, "a"]) is None
    with pytest.warns(rr.RerunWarning, match="Cannot convert"):
        assert rr.AnyBatchValue.column(name, [1, "a"]) is None


@pytest.mark.parametrize("key", ["2d", "object"])
def test_bad_value_raises_in_strict_mode_as_rerun_sdk(key, strict):
    name = _fresh(key)
    with pytest.raises(Exception) as theirs:  # the type is what is compared
        rerun.AnyBatchValue(name, BAD[key])
    with pytest.raises(Exception) as ours:
        rr.AnyBatchValue(name, BAD[key])
    assert type(ours.value) is type(theirs.value) is ValueError


def test_untyped_nones_are_dropped_or_warn_as_rerun_sdk():
    for sdk in (rr, rerun):
        assert not sdk.AnyBatchValue(_fresh("none"), None).is_valid()
        assert not sdk.AnyBatchValue(_fresh("empty"), []).is_valid()
    name = _fresh("none")
    with pytest.warns(rerun.error_utils.RerunWarning, match="without an explicit type"):
        rerun.AnyBatchValue(name, None, drop_untyped_nones=False)
    with pytest.warns(rr.RerunWarning, match="without an explicit type"):
        rr.AnyBatchValue(name, None, drop_untyped_nones=False)


def test_type_is_kept_across_calls_as_rerun_sdk():
    """The first type a component gets is kept: ints after floats are doubles, and None after
    that is an empty batch of the type."""
    name = _fresh("kept")
    for sdk in (rr, rerun):
        first = sdk.AnyBatchValue(name, [1.5]).as_arrow_array()
        later = sdk.AnyBatchValue(name, [7]).as_arrow_array()
        empty = sdk.AnyBatchValue(name, None).as_arrow_array()
        assert first.type == later.type == empty.type == pa.float64()
        assert later.to_pylist() == [7.0] and len(empty) == 0


def test_changed_type_warns_as_rerun_sdk():
    """A value that cannot take the kept type warns (both SDKs) and is dropped."""
    name = _fresh("changed")
    rerun.AnyBatchValue(name, [1.5])
    rr.AnyBatchValue(name, [1.5])
    with pytest.warns(rerun.error_utils.RerunWarning, match="Cannot convert"):
        theirs = rerun.AnyBatchValue(name, ["a"])
    with pytest.warns(rr.RerunWarning, match="Cannot convert"):
        ours = rr.AnyBatchValue(name, ["a"])
    assert not ours.is_valid() and not theirs.is_valid()


def _any_values(sdk):
    return (
        sdk.AnyValues(
            confidence=np.array([0.5, 0.25], dtype=np.float32),
            description="Bla bla bla…",
            names=["a", "b"],
            level=3,
            untyped=None,
            colors=sdk.components.ColorBatch([[255, 0, 0]]),
        )
        .with_component_override("speed", "user.Speed", [1.0, 2.0])
        .with_component_from_data("extra", np.array([9, 8], dtype=np.uint16))
    )


def test_any_values_equal_rerun_sdk():
    assert_same_batches(_any_values(rr), _any_values(rerun))
    assert [b.component_descriptor().component for b in _any_values(rr).component_batches][:2] == [
        "confidence",
        "description",
    ]


def _dynamic(sdk, archetype):
    return (
        sdk.DynamicArchetype(
            archetype=archetype,
            components={"heights": np.arange(4.0), "species": ["fern", "oak"], "note": "x"},
        )
        .with_component_override("age", "user.Age", [3, 4])
        .with_component_from_data("wet", [True, False])
    )


@pytest.mark.parametrize(
    "archetype", ["user.Plants", "MyThing", "rerun.archetypes.Points3D", "rerun.blueprint.archetypes.Foo"]
)
def test_dynamic_archetype_equals_rerun_sdk(archetype):
    ours, theirs = _dynamic(rr, archetype), _dynamic(rerun, archetype)
    assert_same_batches(ours, theirs)
    assert all(b.component_descriptor().archetype == archetype for b in ours.as_component_batches())


def test_empty_bundle_warns_as_rerun_sdk():
    with pytest.warns(rerun.error_utils.RerunWarning, match="No valid component batches"):
        assert rerun.AnyValues(a=None).as_component_batches() == []
    with pytest.warns(rr.RerunWarning, match="No valid component batches"):
        assert rr.AnyValues(a=None).as_component_batches() == []


def test_positional_flag_misuse_warns_as_rerun_sdk():
    with pytest.warns(rerun.error_utils.RerunWarning, match="must be set using the components argument"):
        rerun.DynamicArchetype("A", {"x": 1})  # type: ignore[arg-type]
    with pytest.warns(rr.RerunWarning, match="must be set using the components argument"):
        rr.DynamicArchetype("A", {"x": 1})  # type: ignore[arg-type]


def _columns(sdk):
    return [
        *sdk.AnyValues.columns(temperature=np.array([20.0, 21.5, 19.0]), state=["idle", "run", "stop"]),
        *sdk.DynamicArchetype.columns(archetype="user.Sensor", components={"reading": [[1, 2], [3], []]}),
        *sdk.AnyValues.columns(samples=np.arange(6.0)).partition([1, 2, 3]),
    ]


def test_columns_equal_rerun_sdk():
    ours, theirs = _columns(rr), _columns(rerun)
    assert len(ours) == len(theirs) == 4
    for o, t in zip(ours, theirs, strict=True):
        od, td = o.component_descriptor(), t.component_descriptor()
        assert (od.component, od.archetype, od.component_type) == (
            td.component,
            td.archetype,
            td.component_type,
        )
        assert o.as_arrow_array().equals(t.as_arrow_array()), (o.as_arrow_array(), t.as_arrow_array())


def test_numpy_column_is_not_copied():
    """A 1-d numpy AnyValues value is the payload itself: the Arrow array Rust builds (and the
    one logged) points at the caller's buffer."""
    arr = np.arange(10_000, dtype=np.float32)
    (batch,) = rr.AnyValues(confidence=arr).as_component_batches()
    payload = batch.batch._numpy_data
    assert payload is arr
    built = pa.array(_native.payload_to_array(payload))
    assert built.buffers()[1].address == arr.ctypes.data
    col = rr.AnyValues.columns(confidence=arr)._columns[0]
    assert col._payload is arr
    listed = col.as_arrow_array()
    assert listed.values.buffers()[1].address == arr.ctypes.data


def test_pyarrow_value_is_not_copied():
    """Non-numpy data goes through pyarrow, then into Rust through the C Data Interface."""
    value = pa.array(np.arange(100, dtype=np.int64))
    (batch,) = rr.AnyValues(ids=value).as_component_batches()
    built = pa.array(_native.payload_to_array(batch.batch._numpy_data))
    assert built.buffers()[1].address == value.buffers()[1].address


def test_logged_any_values_round_trip():
    """Logged through a memory recording, the AnyValues components come back as logged."""
    stream = rr.RecordingStream("any_values_test")
    mem = stream.memory_recording()
    stream.log("x", rr.AnyValues(confidence=np.array([0.5, 0.25]), label="hi"))
    stream.flush()
    table = mem.tables()["/x"]
    stream._close()
    assert table.column("confidence").to_pylist() == [[0.5, 0.25]]
    assert table.column("label").to_pylist() == [["hi"]]


def test_column_takes_the_type_the_component_has_as_rerun_sdk():
    """A float32 column of a component first logged as float64 is converted to float64."""
    name = _fresh("typed_col")
    cols = []
    for sdk in (rr, rerun):
        sdk.AnyBatchValue(name, [1.5])
        cols.append(sdk.AnyBatchValue.column(name, np.arange(3, dtype=np.float32)).as_arrow_array())
    assert cols[0].type == cols[1].type == pa.list_(pa.float64())
    assert cols[0].equals(cols[1])


def test_rerun_sdk_batch_as_a_value():
    """A rerun-sdk batch given to nparrow's AnyValues is taken as its Arrow array."""
    theirs = rerun.components.ColorBatch([[255, 0, 0], [0, 255, 0]])
    (ours,) = rr.AnyValues(colors=theirs).as_component_batches()
    assert ours.as_arrow_array().equals(theirs.as_arrow_array())


def test_logging_an_empty_bundle_writes_no_row_as_rerun_sdk(tmp_path):
    """rerun-sdk warns, then its batcher drops the row without components: no chunk for `x`."""
    stream = rr.RecordingStream("any_values_empty")
    mem = stream.memory_recording()
    with pytest.warns(rr.RerunWarning, match="No valid component batches"):
        stream.log("x", rr.AnyValues(a=None))
    stream.log("y", rr.AnyValues(b=1.0))
    stream.flush()
    tables = mem.tables()
    stream._close()
    assert "/y" in tables and "/x" not in tables
