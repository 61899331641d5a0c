"""The hot input forms, recognised in Rust (`_native.FieldPlan`, src/sdk/fields.rs): by an
archetype's constructor for all its fields in one call, and by each batch constructor for its
one value (the same rule, one implementation).

These tests walk every field of every archetype (and blueprint archetype) whose shape declares a
hot form, and check for each input form that the payload Rust builds equals, as Arrow, what the
shape's Python conversion (`convert`) builds for it, without copying an array; that batch
constructors and archetype constructors store that payload; that what is not a hot form is left
to Python; and that the field read back is the batch class's batch."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import nparrow as rr
from ffi_tests.sdk._parity import component_columns
from nparrow import _native
from nparrow._baseclasses import ARCHETYPE_TYPES, BaseBatch, _hot_form

# Archetype modules load lazily: every class is touched first, so the walk below sees them all.
for _module in (rr.archetypes, rr.blueprint.archetypes):
    for _name in dir(_module):
        getattr(_module, _name)

# Every (archetype, field index, field) with a hot form.
HOT_FIELDS = sorted(
    (
        (cls.__qualname__, cls, i, f)
        for cls in ARCHETYPE_TYPES
        for i, f in enumerate(cls._SPEC)
        if _hot_form(f.batch) is not None
    ),
    key=lambda t: (t[1].__module__, t[0], t[2]),
)
IDS = [f"{name}.{f.name}" for name, _, _, f in HOT_FIELDS]


def test_the_common_fields_have_hot_forms():
    """The fields the benchmarks log (positions, colors, radii, class ids, translations,
    quaternions, matrices, scalars) take the Rust path; a shape change that loses it fails here."""
    hot = {(name, f.name) for name, _, _, f in HOT_FIELDS}
    for want in [
        ("Points3D", "positions"),
        ("Points3D", "colors"),
        ("Points3D", "radii"),
        ("Points3D", "class_ids"),
        ("Points2D", "positions"),
        ("Transform3D", "translation"),
        ("Transform3D", "quaternion"),
        ("Transform3D", "mat3x3"),
        ("Transform3D", "scale"),
        ("Scalars", "scalars"),
        ("Boxes3D", "half_sizes"),
    ]:
        assert want in hot, want
    # and the hot forms are not everywhere: strings, enums, blobs go through Python
    assert ("TextLog", "text") not in hot
    assert ("Points3D", "labels") not in hot


def _forms(form: tuple[Any, ...]) -> tuple[list[Any], list[Any], list[Any]]:
    """(inputs the form takes, inputs it must leave to Python, lists: taken exactly when Rust's
    list reader takes them, as in the batch class) for one hot form."""
    kind = form[0]
    rng = np.random.default_rng(7)
    if kind == "primitive":
        native, _, lo, hi, takes_float, takes_bool = form[1:]
        arr = (rng.random(5) * 100).astype(native)
        hot = [arr, arr[:0]] + ([max(lo, 0), hi] if lo <= hi else [])  # bool takes no ints
        if takes_float:
            hot += [1.5, -0.25, [1.5, 2.5]]
        if takes_bool:
            hot += [True, [True, False]]
        if native.kind in "iu":
            hot += [[1, 2, 3], (4, 5)]
        cold = [arr.reshape(5, 1), arr.astype(arr.dtype.newbyteorder()), np.ma.array(arr), "x"]
        cold += [hi + 1, lo - 1]
        if not takes_float:
            cold += [1.5]
        lists = [[], [1, 2, 3], [1.5], [[1, 2], [3, 4]], [True], [2**70]]
        return hot, cold, lists
    if kind == "fixed":
        native, _, k = form[1:]
        arr = (rng.random((4, k)) * 10).astype(native)
        hot = [arr, arr.reshape(-1), arr[:0]]
        if native.kind == "f":
            hot += [arr.tolist(), [tuple(r) for r in arr.tolist()], [0.5] * k, tuple([0.5] * k)]
        cold = [
            arr.astype(arr.dtype.newbyteorder()),
            np.ma.array(arr),  # an ndarray subclass
            arr.reshape(4, k, 1),
            np.zeros((4, k + 1), native),
            np.zeros(k + 1, native) if k > 1 else np.zeros((1, 1, 1), native),
            "abc",
            3.0,
        ]
        lists = [[], list(range(k)), [list(range(k))] * 2, [[1.0] * (k + 1)], [1.0] * (k + 1)]
        return hot, cold, lists
    if kind == "rgba":
        u8 = rng.integers(0, 255, (3, 3), dtype=np.uint8)
        hot = [u8, rng.integers(0, 255, (2, 4), dtype=np.uint8), rng.random((2, 3)).astype(np.float32)]
        hot += [rng.random((2, 4)), 0xFF00FFFF, 0, u8.astype(">f8") / 255]  # any byte order: Rust packs it
        cold = [
            [255, 0, 0],
            np.zeros(4, np.uint8),
            np.zeros((2, 3), np.int32),
            2**32,
            True,
            -1,
            np.ma.array(u8),
        ]
        return hot, cold, []
    if kind == "matrix":
        n = form[1]
        hot = [np.eye(n), np.eye(n, dtype=np.float32), np.arange(n * n, dtype=np.int32).reshape(n, n)]
        cold = [
            np.eye(n).tolist(),
            np.eye(n).reshape(-1),
            np.zeros((2, n, n)),
            np.eye(n, dtype=bool),
            np.ma.array(np.eye(n)),
        ]
        return hot, cold, []
    raise AssertionError(f"a hot form this test does not know: {kind!r}")


def _same_payload(a: Any, b: Any) -> bool:
    """Payloads equal as the protocol reads them: the same objects (arrays are borrowed, not
    copied), tuples item by item, Rust-built Arrow arrays by value."""
    if type(a) is not type(b):
        return False
    if isinstance(a, tuple):
        return len(a) == len(b) and all(_same_payload(x, y) for x, y in zip(a, b))
    if isinstance(a, _native.ArrowArray):
        return bool(a == b) and a.type == b.type
    if isinstance(a, np.ndarray):
        return a is b
    return bool(a == b) and type(a) is type(b)


def _same_arrow(p: Any, q: Any) -> bool:
    """Two payloads give equal Arrow arrays (type and values)."""
    a, b = _native.payload_to_array(p, copy=True), _native.payload_to_array(q, copy=True)
    return a.type == b.type and bool(a == b)


def _holds(payload: Any, value: Any) -> bool:
    """Whether the payload keeps the ndarray `value` itself (no copy when built)."""
    return payload is value or (isinstance(payload, tuple) and any(p is value for p in payload))


@pytest.mark.parametrize(("name", "cls", "i", "field"), HOT_FIELDS, ids=IDS)
def test_the_plan_builds_what_the_python_conversion_builds(name, cls, i, field):
    form = _hot_form(field.batch)
    shape = field.batch._SHAPE
    plan = _native.FieldPlan((form,))
    hot, cold, lists = _forms(form)
    for value in hot:
        got = plan.fill((value,))
        assert got is not None, f"{name}.{field.name}: {value!r} is a hot form"
        want = shape.convert(value)  # the Python path, which the hot forms skip
        assert _same_arrow(got[0], want), (name, field.name, value, got[0], want)
        if isinstance(value, np.ndarray):
            assert _holds(got[0], value), "an array in its hot form is kept, not copied"
        assert _same_payload(plan.take_one(value), got[0])
        assert _same_payload(field.batch(value)._numpy_data, got[0])  # batch classes use the plan
    for value in cold:
        assert plan.fill((value,)) is None, f"{name}.{field.name}: {value!r} is not a hot form"
        assert plan.take_one(value) is None
    for value in lists:
        got = plan.fill((value,))
        read = _native.values_to_array(value, form[2], 0 if form[0] == "primitive" else form[3])
        assert (got is None) == (read is None), (name, field.name, value)
        if got is not None:
            assert _same_arrow(got[0], shape.convert(value)), (name, field.name, value)


@pytest.mark.parametrize(("name", "cls", "i", "field"), HOT_FIELDS, ids=IDS)
def test_a_constructor_stores_the_payload_and_reads_back_the_batch(name, cls, i, field):
    hot, _, _ = _forms(_hot_form(field.batch))
    value = hot[0]
    inst = cls.from_fields(**{field.name: value})
    cell = inst._cells[i]
    assert cell is not None and not isinstance(cell, BaseBatch), "the Rust path was not taken"
    batch = getattr(inst, field.name)
    assert type(batch) is field.batch
    assert batch == field.batch(value)
    assert getattr(inst, field.name) is batch  # made once, then kept
    assert inst == cls.from_fields(**{field.name: field.batch(value)})  # the Python path


def test_one_cold_field_sends_every_field_through_python():
    p = np.zeros((2, 3), np.float32)
    fast = rr.Points3D(p, radii=[0.5, 0.5])
    slow = rr.Points3D(p, radii=[0.5, 0.5], labels=["a", "b"])  # labels: no hot form
    assert not isinstance(fast._cells[0], BaseBatch)
    assert isinstance(slow._cells[0], BaseBatch) and isinstance(slow._cells[1], BaseBatch)
    assert slow.positions == fast.positions and slow.radii == fast.radii


def test_setting_a_field_converts_it_as_the_constructor_does():
    pts = rr.Points3D(np.zeros((2, 3), np.float32))
    pts.radii = [0.1, 0.2]
    assert pts.radii == rr.components.RadiusBatch([0.1, 0.2])
    pts.radii = None
    assert pts.radii is None
    with pytest.warns(rr.RerunWarning, match="RadiusBatch"):
        pts.radii = "not a radius"
    assert pts.radii is None


def test_bad_input_still_warns_at_the_callers_line_and_drops_the_field():
    with pytest.warns(rr.RerunWarning, match="Position3DBatch") as rec:
        pts = rr.Points3D("not points", radii=[0.5])
    assert rec[0].filename == __file__
    assert pts.positions is None and pts.radii == rr.components.RadiusBatch([0.5])


def test_the_plan_checks_its_arity():
    plan = _native.FieldPlan((None, None))
    assert len(plan) == 2
    assert plan.fill((None, None)) == (None, None)
    assert plan.fill((None, 1)) is None  # a field with no hot form: Python converts it
    with pytest.raises(TypeError, match="expected 2 values"):
        plan.fill((None,))


@given(st.lists(st.floats(allow_nan=True, width=32), max_size=12))
def test_lists_of_floats_read_in_rust_equal_the_batch_class(values):
    plan = rr.Points3D._PLAN
    fields = [None] * len(rr.Points3D._SPEC)
    radii = [f.name for f in rr.Points3D._SPEC].index("radii")
    fields[radii] = values
    got = plan.fill(tuple(fields))
    want = rr.components.RadiusBatch(values)._numpy_data
    if got is None:  # lists numpy reads differently go to Python, as in the batch class
        assert not isinstance(want, _native.ArrowArray)
    else:
        assert _same_payload(got[radii], want)


def test_a_logged_hot_archetype_equals_the_same_archetype_built_from_batches():
    """The whole path: a recording of archetypes built from hot inputs equals one built from
    the batch classes (the Python path), component by component."""
    p = np.arange(6, dtype=np.float32).reshape(2, 3)
    col = np.array([[255, 0, 0], [0, 255, 0]], np.uint8)
    c = rr.components
    hot = [
        rr.Points3D(p, colors=col, radii=[0.1, 0.2], class_ids=np.array([1, 2], np.uint16)),
        rr.Transform3D(translation=[1.0, 2.0, 3.0], quaternion=[0.0, 0.0, 0.0, 1.0], mat3x3=np.eye(3)),
        rr.Scalars(1.5),
    ]
    cold = [
        rr.Points3D(
            c.Position3DBatch(p),
            colors=c.ColorBatch(col),
            radii=c.RadiusBatch([0.1, 0.2]),
            class_ids=c.ClassIdBatch(np.array([1, 2], np.uint16)),
        ),
        rr.Transform3D(
            translation=c.Translation3DBatch([1.0, 2.0, 3.0]),
            quaternion=c.RotationQuatBatch([0.0, 0.0, 0.0, 1.0]),
            mat3x3=c.TransformMat3x3Batch(np.eye(3)),
        ),
        rr.Scalars(c.ScalarBatch(1.5)),
    ]

    def logged(archetypes: list[Any]) -> dict[str, list[Any]]:
        rec = rr.RecordingStream("field_plan", recording_id="r")
        mem = rec.memory_recording()
        for a in archetypes:
            rec.log("x", a, static=True)
        rec.flush()
        return {
            k: v
            for k, v in component_columns(mem).items()
            if k.split(":")[0] in ("Points3D", "Transform3D", "Scalars")
        }

    assert all(not isinstance(cell, BaseBatch) for a in hot for cell in a._cells if cell is not None)
    assert all(isinstance(cell, BaseBatch) for a in cold for cell in a._cells if cell is not None)
    columns = logged(hot)
    assert {"Points3D:positions", "Points3D:colors", "Transform3D:mat3x3", "Scalars:scalars"} <= set(columns)
    assert columns == logged(cold)


def test_as_component_batches_reads_payload_cells_and_batch_cells_alike():
    p = np.zeros((2, 3), np.float32)
    hot = rr.Points3D(p, radii=[0.5, 0.5])
    cold = rr.Points3D(p, radii=[0.5, 0.5], labels=["a", "b"])
    got = {b.component_descriptor().component: b.batch for b in hot.as_component_batches()}
    assert set(got) == {"Points3D:positions", "Points3D:radii"}
    assert type(got["Points3D:positions"]) is rr.components.Position3DBatch
    assert got["Points3D:positions"] is hot.positions  # the field's batch, made once
    want = {b.component_descriptor().component: b.batch for b in cold.as_component_batches()}
    assert {k: want[k] for k in got} == got
    assert "Points3D:labels" in want


def test_a_subclass_that_drops_a_field_has_no_such_field():
    class Sub(rr.Points3D):
        _SPEC = tuple(f for f in rr.Points3D._SPEC if f.name != "radii")

    try:
        sub = Sub(np.zeros((1, 3), np.float32), colors=0xFF0000FF)
        assert sub.colors == rr.components.ColorBatch(0xFF0000FF)
        assert sub.positions == rr.components.Position3DBatch(np.zeros((1, 3), np.float32))
        with pytest.raises(AttributeError, match="radii"):
            _ = sub.radii
    finally:
        ARCHETYPE_TYPES.discard(Sub)


def test_threads_setting_and_reading_fields_lose_no_update():
    """A first read keeps the batch it made, a set replaces one cell: each writes the whole
    `_cells` tuple, in one Rust call, so neither undoes the other's cell. (A race test: with the
    read-then-write done in Python instead, 0-2 of the 20k updates were lost per run here.)"""
    import sys
    import threading

    n = 20_000
    p = np.zeros((2, 3), np.float32)
    pts = [rr.Points3D(p) for _ in range(n)]
    radii = rr.components.RadiusBatch([0.5, 0.5])

    def read() -> None:
        for a in pts:
            _ = a.positions

    def write() -> None:
        for a in pts:
            a.radii = radii

    threads = [threading.Thread(target=read), threading.Thread(target=write)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as CPython allows
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert sum(a.radii is radii for a in pts) == n
    assert all(isinstance(a._cells[0], BaseBatch) for a in pts)
