"""Batches: accepted input forms give the same Arrow as rerun-sdk 0.41; laziness; bad input."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pyarrow as pa
import pytest
import rerun  # the reference peer: a hard dependency of the tests (make test installs it)

import nparrow as rr
from ffi_tests.helpers import in_strict_mode

# (batch name, input) pairs: each must equal rerun-sdk's `as_arrow_array()` for the same input.
CASES = [
    ("Position3DBatch", np.arange(6, dtype=np.float32).reshape(2, 3)),
    ("Position3DBatch", [[1, 2, 3], [4, 5, 6]]),
    ("Position3DBatch", [1.0, 2.0, 3.0]),
    ("Position3DBatch", np.arange(6, dtype=np.float64)),
    ("Position3DBatch", np.zeros((0, 3))),
    ("ColorBatch", 0xFF0000FF),
    ("ColorBatch", [255, 0, 0]),
    ("ColorBatch", [255, 0, 0, 128]),
    ("ColorBatch", np.array([[255, 0, 0], [0, 255, 0]], dtype=np.uint8)),
    ("ColorBatch", np.array([[1.0, 0.5, 0.0, 1.0]], dtype=np.float32)),
    ("ColorBatch", np.array([0xFF0000FF, 0x00FF00FF], dtype=np.uint32)),
    ("ColorBatch", [[255, 0, 0], [0, 0, 255]]),
    ("RadiusBatch", 0.5),
    ("RadiusBatch", [0.1, 0.2]),
    ("RadiusBatch", np.array([1, 2, 3], dtype=np.int64)),
    ("ClassIdBatch", [1, 2, 3]),
    ("ClassIdBatch", 7),
    ("TextBatch", "hello"),
    ("TextBatch", ["a", "bé", ""]),
    ("Translation3DBatch", [1, 2, 3]),
    ("RotationQuatBatch", [0, 0, 0, 1]),
    ("Scale3DBatch", [1, 2, 3]),
    ("TransformMat3x3Batch", np.eye(3)),
    ("TransformMat3x3Batch", np.arange(9).reshape(3, 3)),
    ("TransformMat3x3Batch", list(range(9))),
    ("TransformRelationBatch", "ChildFromParent"),
    ("TransformRelationBatch", "parentfromchild"),
    ("TransformRelationBatch", rr.TransformRelation.ChildFromParent),
]


def _rerun_input(value):
    if isinstance(value, rr.TransformRelation):
        return rerun.components.TransformRelation[value.name]
    return value


@pytest.mark.parametrize(("name", "value"), CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_same_arrow_as_rerun_sdk(name, value):
    ours = getattr(rr.components, name)(value).as_arrow_array()
    theirs = getattr(rerun.components, name)(_rerun_input(value)).as_arrow_array()
    assert ours.type == theirs.type
    assert ours.equals(theirs), f"{ours} != {theirs}"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Vec3DBatch", [[1, 2, 3]]),
        ("Mat3x3Batch", np.eye(3)),
        ("QuaternionBatch", [0, 0, 0, 1]),
        ("Float32Batch", 1.0),
    ],
)
def test_encodings_match_rerun_sdk(name, value):
    ours = getattr(rr.encodings, name)(value).as_arrow_array()
    theirs = getattr(rerun.encodings, name)(value).as_arrow_array()
    assert ours.equals(theirs)
    assert rr.datatypes.Vec3DBatch is rr.encodings.Vec3DBatch


def test_pa_array_is_lazy_cached_and_zero_copy():
    pos = np.arange(3000, dtype=np.float32).reshape(1000, 3)
    batch = rr.components.Position3DBatch(pos)
    assert batch._numpy_data[0] is pos
    assert not hasattr(batch, "_pa")  # nothing built yet
    first = batch.pa_array
    assert batch.as_arrow_array() is first
    assert first.values.buffers()[1].address == pos.ctypes.data
    assert pa.array(batch).values.buffers()[1].address == pos.ctypes.data  # __arrow_c_array__
    assert len(batch) == 1000
    assert batch == rr.components.Position3DBatch(pos.copy())
    assert batch != rr.components.Position3DBatch(pos[:2])


def test_import_and_log_path_never_import_pyarrow(tmp_path):
    code = f"""
import sys, numpy as np
import nparrow as rr
assert "pyarrow" not in sys.modules, "import nparrow imported pyarrow"
rr.init("no_pyarrow")
rr.save({str(tmp_path / "x.rrd")!r})
rr.set_time("frame", sequence=1)
rr.log("p", rr.Points3D(np.zeros((5, 3)), colors=[255, 0, 0], labels=["a"] * 5))
rr.log("t", rr.Transform3D(translation=[1, 2, 3], mat3x3=np.eye(3)))
rr.flush()
rr.disconnect()
assert "pyarrow" not in sys.modules, "logging imported pyarrow"
"""
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: rr.Points3D(np.zeros((2, 2))), "Position3DBatch: expected shape (N, 3)"),
        (lambda: rr.Points3D([[0, 0, 0]], colors=np.zeros((2, 5), np.uint8)), "ColorBatch"),
        (lambda: rr.Points3D(np.array([object(), object(), object()])), "object"),
        (lambda: rr.Transform3D(relation="Sideways"), "unknown TransformRelation 'Sideways'"),
        (lambda: rr.Transform3D(mat3x3=np.eye(2)), "TransformMat3x3Batch"),
    ],
)
def test_bad_input_warns_and_drops_or_raises_in_strict_mode(make, message):
    with pytest.warns(rr.RerunWarning, match=message.replace("(", r"\(").replace(")", r"\)")):
        arch = make()
    assert all(b.batch is not None for b in arch.as_component_batches())
    with in_strict_mode(), pytest.raises((TypeError, ValueError)):
        make()


def _zero_copy_cases():
    """Every registry component whose shape is primitive or fixed-size, fed C-contiguous numpy
    of its target dtype."""
    from nparrow._registry import COMPONENTS, ENCODINGS
    from nparrow._shapes import FixedSize, Primitive, Rgba32

    for name, enc in COMPONENTS.items():
        shape = ENCODINGS.get(enc) if isinstance(enc, str) else enc
        if type(shape) is FixedSize:
            yield name, np.ones((1000, shape.size), dtype=shape.dtype)
        elif type(shape) in (Primitive, Rgba32) and shape.dtype is not np.bool_:
            yield name, np.ones(1000, dtype=shape.dtype)


@pytest.mark.parametrize(("name", "arr"), list(_zero_copy_cases()), ids=[n for n, _ in _zero_copy_cases()])
def test_fixed_size_and_primitive_components_are_zero_copy(name, arr):
    batch = getattr(rr.components, f"{name}Batch")(arr)
    pa_arr = batch.as_arrow_array()
    values = pa_arr.values if pa.types.is_fixed_size_list(pa_arr.type) else pa_arr
    assert values.buffers()[1].address == arr.ctypes.data, f"{name}Batch copied its input"


@pytest.mark.parametrize(
    ("cls", "python", "numpy"),
    [
        ("Float32Batch", 1.5, np.array([1.5], np.float32)),
        ("Float64Batch", 3, np.array([3.0])),
        ("UInt16Batch", 65535, np.array([65535], np.uint16)),
        ("Int64Batch", -(2**63), np.array([-(2**63)], np.int64)),
        ("BoolBatch", True, np.array([True])),
        ("Float32Batch", [1.0, 2, 3.5], np.array([1.0, 2.0, 3.5], np.float32)),
        ("UInt8Batch", (1, 2, 255), np.array([1, 2, 255], np.uint8)),
        ("Vec3DBatch", [1.0, 2.0, 3.0], np.array([[1.0, 2.0, 3.0]], np.float32)),
        ("Vec2DBatch", [[1, 2], [3.5, 4]], np.array([[1, 2], [3.5, 4]], np.float32)),
        ("QuaternionBatch", (0.0, 0.0, 0.0, 1.0), np.array([[0, 0, 0, 1]], np.float32)),
        ("DVec2DBatch", [1e300, -1e300], np.array([[1e300, -1e300]])),
        ("Mat3x3Batch", np.arange(9, dtype=np.int64).reshape(3, 3), np.arange(9.0).reshape(3, 3)),
        ("BlobBatch", b"hello", np.frombuffer(b"hello", np.uint8)),
        # (a 2-d uint8 array is one blob per row, as in rerun-sdk: see test_partition_shapes.py)
        ("BlobBatch", bytearray(range(12)), np.arange(12, dtype=np.uint8)),
    ],
)
def test_python_input_read_by_rust_equals_numpy_input(cls, python, numpy):
    """Python numbers and lists are read by Rust (no numpy); they must give the Arrow array numpy
    input gives, and the batches must compare equal across the two payload kinds."""
    batch_cls = getattr(rr.encodings, cls)
    a, b = batch_cls(python), batch_cls(numpy)
    # The Python input really took the path without numpy (else this test would prove nothing).
    payload = a._numpy_data
    assert isinstance(payload, rr._native.ArrowArray) or (
        type(payload) is tuple and payload[0] in ("py", "mat", "blob")
    ), payload
    assert a.as_arrow_array().equals(b.as_arrow_array())
    assert a == b and len(a) == len(b)


@pytest.mark.parametrize(
    ("cls", "value"),
    [
        ("UInt16Batch", 65536),  # out of range: numpy's OverflowError
        ("UInt8Batch", [1, -1]),
        ("Int64Batch", 2**64),
        ("Float32Batch", "abc"),
        ("Vec3DBatch", [1.0, 2.0]),  # not a multiple of 3
        ("Vec3DBatch", [[1.0, 2.0, 3.0], [1.0, 2.0]]),  # ragged
        ("Vec3DBatch", [1.0, "x", 3.0]),
    ],
)
def test_python_input_numpy_rejects_is_still_rejected(cls, value):
    with pytest.raises((TypeError, ValueError, OverflowError)):
        getattr(rr.encodings, cls)(value, strict=True)  # outside strict mode: a warning (as rerun-sdk)


def test_python_list_is_read_at_construction():
    """A list is read when the batch is built (as rerun-sdk does), so later edits don't leak in."""
    values = [1.0, 2.0, 3.0]
    batch = rr.encodings.Vec3DBatch(values)
    values[0] = 99.0
    assert batch.as_arrow_array().flatten().to_pylist() == [1.0, 2.0, 3.0]


@pytest.mark.parametrize("k", [2, 3])
def test_one_strip_of_python_points_equals_numpy_strip(k):
    """A strip given as Python points is read by Rust; it must be the strip numpy input gives."""
    pts = [[float(i + j) for j in range(k)] for i in range(3)]
    cls = rr.components.LineStrip3DBatch if k == 3 else rr.components.LineStrip2DBatch
    a, b = cls([pts]), cls([np.array(pts, dtype=np.float32)])
    assert a._numpy_data[0] == "list" and isinstance(a._numpy_data[2], rr._native.ArrowArray)
    assert a.as_arrow_array().equals(b.as_arrow_array())
    assert a == b and len(a) == 1


# Batch classes whose constructor is not a shape's own (wrapped to take single values, or the
# base class's): bad input warns and gives a zero-length batch, as rerun-sdk's, or raises in
# strict mode.
WRAPPED = [
    ("components", "BlobBatch"),
    ("components", "ImageBufferBatch"),
    ("components", "VideoSampleBatch"),
    ("components", "AnnotationContextBatch"),
    ("blueprint.components", "ColumnOrderBatch"),
]


def _cls(sdk, module, name):
    import importlib

    return getattr(importlib.import_module(f"{sdk.__name__}.{module}"), name)


@pytest.mark.parametrize(("module", "name"), WRAPPED, ids=[n for _, n in WRAPPED])
def test_wrapped_constructors_warn_like_rerun(module, name, strict):
    theirs, ours = _cls(rerun, module, name), _cls(rr, module, name)
    with pytest.raises(TypeError):
        ours(3.5)
    # rerun-sdk raises too (for blobs its own AttributeError, from reading `.data` of a float).
    with pytest.raises((TypeError, ValueError, AttributeError)):
        theirs(3.5)


@pytest.mark.parametrize(("module", "name"), WRAPPED, ids=[n for _, n in WRAPPED])
def test_wrapped_constructors_give_an_empty_batch(module, name):
    theirs, ours = _cls(rerun, module, name), _cls(rr, module, name)
    with pytest.warns(rr.RerunWarning, match=name):
        batch = ours(3.5)
    with pytest.warns(rerun.error_utils.RerunWarning):
        reference = theirs(3.5)
    assert len(batch) == len(reference.as_arrow_array()) == 0
    assert batch.as_arrow_array().type == reference.as_arrow_array().type
