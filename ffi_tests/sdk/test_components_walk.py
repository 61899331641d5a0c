"""Every public name of rerun-sdk 0.41's `rerun.components` and `rerun.encodings` (= the
deprecated `rerun.datatypes`) exists in nparrow, with the same Arrow data type and component
type, and the usual input forms give equal Arrow arrays in both SDKs.

Names deliberately absent or different are listed below with their reason (not skipped)."""

from __future__ import annotations

import enum
import warnings

import numpy as np
import pyarrow as pa
import pytest
import rerun
import rerun.components as rc
import rerun.encodings as re_enc

import nparrow as rr
from nparrow import components as nc
from nparrow import datatypes as nd
from nparrow import encodings as ne

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # rerun-sdk warns that `datatypes` is deprecated
    import rerun.datatypes as rd

# Absent from nparrow on purpose: name → why.
ABSENT = {
    "encodings": {},
    "components": {},
}

# Batches whose input forms this walk does not generate (their Arrow type is still compared):
# nested structs, unions and lists. test_nested_values_walk.py generates their single values (one,
# two, `as_arrow_array()`) from rerun-sdk's signatures; `_nested_cases` below keeps the other
# forms (nested lists, numpy, tuples) and the classes that walk does not reach.
NESTED = (pa.StructType, pa.UnionType, pa.ListType)


def _public(module):
    return [n for n in module.__all__ if not n.startswith("_")]


@pytest.mark.parametrize(
    ("theirs", "ours", "kind"),
    [(rc, nc, "components"), (re_enc, ne, "encodings"), (rd, nd, "encodings")],
    ids=["components", "encodings", "datatypes"],
)
def test_every_public_name_exists(theirs, ours, kind):
    missing = [n for n in _public(theirs) if n not in ABSENT[kind] and not hasattr(ours, n)]
    assert missing == []
    assert set(_public(theirs)) - set(ABSENT[kind]) <= set(ours.__all__)
    # The allow-list only names what rerun-sdk really has and nparrow really lacks.
    for name in ABSENT[kind]:
        assert name in theirs.__all__
        assert not hasattr(ours, name)


def test_datatypes_is_encodings():
    assert nd.Vec3D is ne.Vec3D
    assert nd.Vec3DArrayLike is ne.Vec3DArrayLike
    assert nd.__all__ == ne.__all__


def _batches(module, kind):
    return [n for n in _public(module) if n.endswith("Batch") and n not in ABSENT[kind]]


@pytest.mark.parametrize(
    ("theirs", "ours", "kind"),
    [(rc, nc, "components"), (re_enc, ne, "encodings")],
    ids=["components", "encodings"],
)
def test_same_arrow_type_and_component_type(theirs, ours, kind):
    names = _batches(theirs, kind)
    assert len(names) > 40
    for name in names:
        t_cls, o_cls = getattr(theirs, name), getattr(ours, name)
        assert o_cls([]).as_arrow_array().type == t_cls._ARROW_DATATYPE, name
        if kind == "components":
            assert o_cls._COMPONENT_TYPE == t_cls._COMPONENT_TYPE, name


@pytest.mark.parametrize(
    ("theirs", "ours", "kind"),
    [(rc, nc, "components"), (re_enc, ne, "encodings")],
    ids=["components", "encodings"],
)
def test_single_value_classes(theirs, ours, kind):
    """Each value class exists; a component's value knows its component type, as rerun-sdk's."""
    assert check_single_value_classes(theirs, ours, kind, ABSENT[kind]) > 10


def check_single_value_classes(theirs, ours, kind, absent=()):
    """Every value class of `theirs` (rerun-sdk's module) in `ours`: enums with rerun-sdk's members,
    a component's value with its component type and batch class. Returns how many were checked."""
    checked = 0
    for name in _public(theirs):
        if name.endswith(("Batch", "Like")) or name in absent:
            continue
        t_cls, o_cls = getattr(theirs, name), getattr(ours, name)
        assert isinstance(o_cls, type), name
        if issubclass(t_cls, enum.Enum):
            assert issubclass(o_cls, enum.Enum), name
            assert {m.name: m.value for m in o_cls} == {m.name: m.value for m in t_cls}, name
        elif kind == "components":
            assert o_cls.component_type() == t_cls._BATCH_TYPE._COMPONENT_TYPE, name
            assert o_cls._BATCH_TYPE is getattr(ours, f"{name}Batch"), name
        checked += 1
    return checked


# --- input forms, generated from the Arrow type ---


def _sample(arrow_type, i):
    """A raw value of `arrow_type` (i-th of a batch): a number, k numbers, a str or bytes."""
    if pa.types.is_boolean(arrow_type):
        return bool(i % 2)
    if pa.types.is_floating(arrow_type):
        return 0.5 + i
    if pa.types.is_integer(arrow_type):
        return 1 + i
    if pa.types.is_string(arrow_type):
        return f"text{i}"
    if isinstance(arrow_type, pa.FixedSizeListType):
        return [
            _sample(arrow_type.value_type, i * arrow_type.list_size + j) for j in range(arrow_type.list_size)
        ]
    raise AssertionError(arrow_type)


# Values whose constructor takes keywords (rerun-sdk's extension constructors), same in both SDKs.
CONSTRUCT = {
    "Quaternion": lambda cls, v: cls(xyzw=v),
    "RotationQuat": lambda cls, v: cls(xyzw=v),
    "TimeInt": lambda cls, v: cls(seq=v),
    "Timestamp": lambda cls, v: cls(seq=v),
    "components.VideoTimestamp": lambda cls, v: cls(nanoseconds=v),
    "Plane3D": lambda cls, v: cls(v[:3], v[3]),
}


def _forms(name, t_mod, o_mod, arrow_type):
    """(label, rerun-sdk input, nparrow input) for one batch class; value objects are made by the
    test (a callable), so a constructor that fails fails its own case."""
    row = name.removesuffix("Batch")
    t_val, o_val = getattr(t_mod, row, None), getattr(o_mod, row, None)
    if isinstance(t_val, type) and issubclass(t_val, enum.Enum):
        names = [m.name for m in t_val][:2]
        yield "name", names[0], names[0]
        yield "names", names, names
        yield "member", lambda: t_val[names[0]], lambda: o_val[names[0]]
        yield "members", lambda: [t_val[n] for n in names], lambda: [o_val[n] for n in names]
        return
    if pa.types.is_list(arrow_type) and pa.types.is_uint8(arrow_type.value_type):  # blobs
        yield "bytes", b"abc", b"abc"
        yield "uint8 array", np.arange(5, dtype=np.uint8), np.arange(5, dtype=np.uint8)
        yield "value", lambda: t_val(b"abc"), lambda: o_val(b"abc")
        yield "values", lambda: [t_val(b"abc"), t_val(b"de")], lambda: [o_val(b"abc"), o_val(b"de")]
        return
    if isinstance(arrow_type, NESTED) or isinstance(
        getattr(arrow_type, "value_type", None), pa.FixedSizeListType
    ):
        return
    one, two = _sample(arrow_type, 0), _sample(arrow_type, 1)
    if row in ("Rgba32", "Color", "AlbedoFactor"):
        one, two = 0xFF8000FF, 0x00FF00FF
        yield "rgb bytes", [255, 128, 0], [255, 128, 0]
        yield (
            "rgba array",
            np.array([[255, 128, 0, 255], [0, 1, 2, 3]], np.uint8),
            np.array([[255, 128, 0, 255], [0, 1, 2, 3]], np.uint8),
        )
    yield "scalar / one", one, one
    yield "list", [one, two], [one, two]
    if not pa.types.is_string(arrow_type):
        dtype = (
            arrow_type.value_type.to_pandas_dtype() if isinstance(arrow_type, pa.FixedSizeListType) else None
        )
        yield "numpy", np.array([one, two], dtype=dtype), np.array([one, two], dtype=dtype)
    make = (
        CONSTRUCT.get(f"{t_mod.__name__.split('.')[-1]}.{row}")
        or CONSTRUCT.get(row)
        or (lambda cls, v: cls(v))
    )
    if row in ("Mat3x3", "Mat4x4", "TransformMat3x3", "PinholeProjection"):
        n = int(len(one) ** 0.5)  # one matrix, given as rows
        one, two = np.reshape(one, (n, n)).tolist(), np.reshape(two, (n, n)).tolist()
    if t_val is not None and o_val is not None:
        yield "value", lambda: make(t_val, one), lambda: make(o_val, one)
        yield (
            "values",
            lambda: [make(t_val, one), make(t_val, two)],
            lambda: [make(o_val, one), make(o_val, two)],
        )


def _form_cases():
    cases = []
    for t_mod, o_mod, kind in ((rc, nc, "components"), (re_enc, ne, "encodings")):
        for name in _batches(t_mod, kind):
            t_cls = getattr(t_mod, name)
            for label, t_in, o_in in _forms(name, t_mod, o_mod, t_cls._ARROW_DATATYPE):
                cases.append(
                    pytest.param(t_cls, getattr(o_mod, name), t_in, o_in, id=f"{kind}.{name}-{label}")
                )
    return cases


@pytest.mark.parametrize(("t_cls", "o_cls", "t_in", "o_in"), _form_cases())
def test_input_forms_equal_arrow(t_cls, o_cls, t_in, o_in):
    theirs = t_cls(t_in() if callable(t_in) else t_in).as_arrow_array()
    ours = o_cls(o_in() if callable(o_in) else o_in).as_arrow_array()
    assert ours.type == theirs.type
    assert ours.equals(theirs), f"{ours.to_pylist()} != {theirs.to_pylist()}"


# --- nested types: their usual forms, by hand (the same calls in both SDKs) ---


def _nested_cases():
    def both(label, batch, make, encodings=False):
        """`make(module)` builds the input from either SDK's module (`rc`/`nc` or `re_enc`/`ne`)."""
        mods = (rc, nc) if hasattr(rc, batch) and not encodings else (re_enc, ne)
        return pytest.param(
            getattr(mods[0], batch),
            getattr(mods[1], batch),
            lambda: make(mods[0]),
            lambda: make(mods[1]),
            id=f"{batch}-{label}",
        )

    strip = [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    return [
        both("nested lists", "LineStrip3DBatch", lambda m: [strip, strip[:1]]),
        both("numpy", "LineStrip2DBatch", lambda m: np.arange(12, dtype=np.float32).reshape(2, 3, 2)),
        both("tuples", "GraphEdgeBatch", lambda m: [("a", "b"), ("b", "c")]),
        both("tuples", "KeypointPairBatch", lambda m: [(1, 2), (3, 4)]),
        both("tuples", "AnnotationInfoBatch", lambda m: [(1, "one"), (2, "two", 0x00FF00FF)]),
        both(
            "value",
            "AnnotationContextBatch",
            lambda m: m.AnnotationContext([(1, "a"), (2, "b", [0, 0, 255])]),
        ),
        both(
            "value",
            "RotationAxisAngleBatch",
            lambda m: m.RotationAxisAngle(axis=[0, 0, 1], angle=m.Angle(deg=90)),
            True,
        ),
        both("value", "KeyValuePairsBatch", lambda m: m.KeyValuePairs({"a": "b", "c": "d"})),
        both("value", "ViewCoordinatesBatch", lambda m: m.ViewCoordinates([3, 2, 5])),
        both("coefficients", "SphericalHarmonics3RgbBatch", lambda m: np.ones((2, 15, 3), np.float16)),
        both("value", "AngleBatch", lambda m: [m.Angle(deg=30), m.Angle(rad=1.0)]),
        both("value", "UuidBatch", lambda m: m.Uuid(bytes=bytes(range(16)))),
        both("values", "Plane3DBatch", lambda m: [m.Plane3D([0, 0, 1], 2.0), m.Plane3D([1, 0, 0])]),
    ]


@pytest.mark.parametrize(("t_cls", "o_cls", "t_in", "o_in"), _nested_cases())
def test_nested_forms_equal_arrow(t_cls, o_cls, t_in, o_in):
    test_input_forms_equal_arrow(t_cls, o_cls, t_in, o_in)


def test_single_values_in_archetypes():
    """Single values (and lists of them) are accepted where rerun-sdk's archetypes take `*Like`."""
    from ffi_tests.sdk._parity import assert_same_batches

    def points(m, c):
        return m.Points3D(
            [c.Position3D([1, 2, 3]), c.Position3D([4, 5, 6])],
            colors=c.Color([255, 0, 0]),
            radii=[c.Radius(0.5), c.Radius(1.0)],
            class_ids=c.ClassId(7),
            labels=c.Text("hi"),
        )

    assert_same_batches(points(rr, nc), points(rerun, rc))


def test_value_behaviour():
    """What a single value offers, as rerun-sdk's: fields, conversions, equality, Arrow."""
    for m in (re_enc, ne):
        assert float(m.Float32(2.5)) == 2.5
        assert int(m.ClassId(3)) == 3
        assert str(m.Utf8("abc")) == "abc"
        assert m.Rgba32([255, 0, 0]).rgba == 0xFF0000FF
        assert m.Rgba32(m.Rgba32(0x11223344)).rgba == 0x11223344
        np.testing.assert_array_equal(np.asarray(m.Vec2D([1, 2])), [1, 2])
        np.testing.assert_allclose(m.Angle(deg=180).radians, np.pi)
        np.testing.assert_array_equal(
            m.Mat3x3([[1, 2, 3], [4, 5, 6], [7, 8, 9]]).flat_columns, [1, 4, 7, 2, 5, 8, 3, 6, 9]
        )
        np.testing.assert_array_equal(m.Plane3D([0, 0, 1], 2).normal(), [0, 0, 1])
    for m in (rc, nc):
        assert m.Color([1, 2, 3]).as_arrow_array().equals(pa.array([0x010203FF], pa.uint32()))
        assert str(m.TextLogLevel.ERROR) == "ERROR"
        assert str(m.MediaType.GLB) == "model/gltf-binary"
        np.testing.assert_array_equal(m.Plane3D.XY.with_distance(2.0).xyzd, [0, 0, 1, 2])
        np.testing.assert_array_equal(m.Radius.ui_points([1.0, -2.0]), [-1.0, -2.0])
        assert m.VideoTimestamp(seconds=1.5).timestamp_ns == 1_500_000_000
        assert m.Radius(1.0).component_type() == "rerun.components.Radius"
    # Equal when their fields are (rerun-sdk's attrs `==` on numpy fields raises instead).
    assert ne.Vec3D([1, 2, 3]) == ne.Vec3D(np.array([1, 2, 3]))
    assert ne.Vec3D([1, 2, 3]) != ne.Vec3D([1, 2, 4])
    assert nc.Position3D([1, 2, 3]).xyz.tolist() == [1, 2, 3]
    assert issubclass(nc.Position3D, ne.Vec3D)  # a component's value is its encoding's, as in rerun-sdk


@pytest.mark.parametrize("module", [nc, ne], ids=["components", "encodings"])
def test_aliases_are_types(module):
    """Every `*Like` / `*ArrayLike` is a typing form that names its value class."""
    import typing

    for name in module.__all__:
        if name.endswith("Like"):
            alias = getattr(module, name)
            row = name.removesuffix("ArrayLike") if name.endswith("ArrayLike") else name.removesuffix("Like")
            assert typing.get_origin(alias) is typing.Union, name
            assert getattr(module, row) in typing.get_args(alias), name


def test_values_keep_numpy_buffers():
    """A value made from numpy of its dtype keeps that memory, and its batch borrows it."""
    blob = np.arange(64, dtype=np.uint8)
    value = nc.Blob(blob)
    assert np.shares_memory(value.data, blob)
    arrow = nc.BlobBatch(value).as_arrow_array()
    assert arrow.buffers()[3].address == blob.ctypes.data  # [validity, offsets, item validity, bytes]
    xyz = np.array([1.0, 2.0, 3.0], dtype=np.float32)
    assert np.shares_memory(nc.Position3D(xyz).xyz, xyz)
    del arrow
