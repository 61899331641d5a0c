"""Archetype constructors are C method descriptors (`_native.archetype_init`, src/sdk/init.rs):
the hot case (every parameter given is a field in its hot form, or None) binds the arguments and
fills the cells in Rust; every other call is the class's Python constructor (`_INIT_PY`). Both
must build the same archetype, and everything off the hot case must behave as the Python
constructor does (errors, warnings, subclasses)."""

from __future__ import annotations

import inspect
import os
import warnings
from typing import Any

import numpy as np
import pytest

import nparrow as rr
from ffi_tests.sdk._parity import params
from ffi_tests.sdk.test_field_plan import _forms, _same_arrow
from nparrow._baseclasses import ARCHETYPE_TYPES, BaseBatch, _hot_form
from nparrow.encodings import Quaternion

HERE = os.path.abspath(__file__)

for _module in (rr.archetypes, rr.blueprint.archetypes):
    for _name in dir(_module):
        getattr(_module, _name)

CLASSES = sorted(ARCHETYPE_TYPES, key=lambda c: (c.__module__, c.__qualname__))
NATIVE = [c for c in CLASSES if c._INIT_PY is not None]


def test_every_generated_constructor_is_native():
    """Every class whose constructor is generated from `_SPEC` (and Transform3D, which declares
    `_HOT_INIT`) gets the descriptor; none fell back for want of a slot."""
    native = 0
    for cls in CLASSES:
        own = cls.__dict__["__init__"]
        if inspect.isfunction(own):  # hand-written, not declared hot: kept as it is
            assert "_HOT_INIT" not in cls.__dict__ and "_INIT_PY" not in cls.__dict__, cls
            continue
        assert type(own).__name__ == "method_descriptor", cls
        assert inspect.isfunction(cls.__dict__["_INIT_PY"]), cls
        native += 1
    assert native >= 50, native  # the archetypes and blueprint archetypes, loaded above
    assert rr.Transform3D in NATIVE and rr.Points3D in NATIVE


@pytest.mark.parametrize("cls", NATIVE, ids=lambda c: c.__qualname__)
def test_the_signature_is_the_python_constructors(cls):
    """Names, kinds and required-ness as the Python constructor's; every default None (the
    descriptor is only made for such signatures)."""
    assert params(cls.__init__) == params(cls._INIT_PY)
    for p in inspect.signature(cls.__init__).parameters.values():
        assert p.default in (None, inspect.Parameter.empty)


def _py(cls: type, *args: Any, **kwargs: Any) -> Any:
    """`cls` built by its Python constructor alone."""
    inst = cls.__new__(cls)
    cls._INIT_PY(inst, *args, **kwargs)
    return inst


def _same_cells(a: Any, b: Any) -> bool:
    for x, y in zip(a._cells, b._cells, strict=True):
        if (x is None) != (y is None):
            return False
        if x is None:
            continue
        x = x._numpy_data if isinstance(x, BaseBatch) else x
        y = y._numpy_data if isinstance(y, BaseBatch) else y
        if not _same_arrow(x, y):
            return False
    return True


def _hot_kwargs(cls: type) -> dict[str, Any]:
    """A hot value for every field with a hot form that the constructor takes as a parameter."""
    taken = set(inspect.signature(cls._INIT_PY).parameters)
    return {
        f.name: _forms(_hot_form(f.batch))[0][0]
        for f in cls._SPEC
        if _hot_form(f.batch) is not None and f.name in taken
    }


@pytest.mark.parametrize("cls", NATIVE, ids=lambda c: c.__qualname__)
def test_the_descriptor_builds_what_the_python_constructor_builds(cls):
    kwargs = _hot_kwargs(cls)
    required = [
        p.name
        for p in inspect.signature(cls._INIT_PY).parameters.values()
        if p.default is inspect.Parameter.empty and p.name != "self"
    ]
    if any(name not in kwargs for name in required):
        pytest.skip("a required field without a hot form: every call is the Python constructor's")
    if not kwargs:
        pytest.skip("no field with a hot form: every call is the Python constructor's")
    native = cls(**kwargs)
    assert _same_cells(native, _py(cls, **kwargs))
    hot = [i for i, f in enumerate(cls._SPEC) if f.name in kwargs]
    assert all(not isinstance(native._cells[i], BaseBatch) for i in hot), "the hot path was not taken"
    # one field at a time, too (the others None)
    for name, value in kwargs.items():
        one = {name: value, **{r: kwargs[r] for r in required}}
        assert _same_cells(cls(**one), _py(cls, **one)), name


def test_positional_arguments_bind_as_in_python():
    p = np.arange(6, dtype=np.float32).reshape(2, 3)
    assert _same_cells(rr.Points3D(p, radii=[0.5, 0.25]), _py(rr.Points3D, p, radii=[0.5, 0.25]))
    assert not isinstance(rr.Points3D(p)._cells[0], BaseBatch)


def test_an_implied_field_is_filled_on_the_hot_path():
    implied = [(c, f) for c in NATIVE for f in c._SPEC if f.implied is not None]
    checked = 0
    for cls, f in implied:
        trigger = next(g for g in cls._SPEC if g.name == f.implied[0])
        if _hot_form(trigger.batch) is None:
            continue
        value = _forms(_hot_form(trigger.batch))[0][0]
        required = {
            p.name: _forms(_hot_form(next(g for g in cls._SPEC if g.name == p.name).batch))[0][0]
            for p in inspect.signature(cls._INIT_PY).parameters.values()
            if p.default is inspect.Parameter.empty and p.name != "self"
        }
        native, python = (
            cls(**{trigger.name: value, **required}),
            _py(cls, **{trigger.name: value, **required}),
        )
        assert _same_cells(native, python), (cls, f.name)
        index = [g.name for g in cls._SPEC].index(f.name)
        assert native._cells[index] is not None, (cls, f.name)
        assert not isinstance(native._cells[index], BaseBatch), "the hot path was not taken"
        checked += 1
    assert checked, "no implied field has a hot trigger: this test would test nothing"


@pytest.mark.parametrize(
    ("call", "args", "kwargs"),
    [
        (rr.Points3D, (), {}),  # a required parameter missing
        (rr.Points3D, ([[1.0, 2.0, 3.0]],), {"bogus": 1}),
        (rr.Points3D, ([[1.0, 2.0, 3.0]],), {"positions": [[1.0, 2.0, 3.0]]}),
        (rr.Points3D, ([[1.0, 2.0, 3.0]], [0.5]), {}),  # radii is keyword-only
        (rr.Transform3D, ([1.0, 2.0, 3.0],), {}),  # all keyword-only
    ],
)
def test_binding_errors_are_the_python_constructors(call, args, kwargs):
    """A call the descriptor cannot bind is not taken as a hot one: the Python constructor
    raises its own error, naming `Cls.__init__()`."""
    with pytest.raises(TypeError) as native:
        call(*args, **kwargs)
    with pytest.raises(TypeError) as python:
        _py(call, *args, **kwargs)
    assert str(native.value) == str(python.value)
    assert "__init__()" in str(native.value)


def test_the_extension_logic_of_transform3d_runs_off_the_hot_path():
    q = Quaternion(xyzw=[0.0, 0.0, 0.0, 1.0])
    assert _same_cells(rr.Transform3D(rotation=q), _py(rr.Transform3D, rotation=q))
    assert rr.Transform3D(rotation=q).quaternion is not None
    assert _same_cells(rr.Transform3D(scale=2.0), _py(rr.Transform3D, scale=2.0))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = rr.Transform3D(translation=[1.0, 2.0, 3.0], from_parent=True)
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert len(deprecations) == 1 and os.path.abspath(deprecations[0].filename) == HERE
    assert t.relation is not None


def test_bad_input_warns_at_the_callers_line():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        p = rr.Points3D([[1.0, 2.0, 3.0]], radii="not a radius")
    assert len(caught) == 1 and os.path.abspath(caught[0].filename) == HERE
    assert p.radii is None and p.positions is not None


def test_subclasses_construct_through_the_descriptor():
    class Plain(rr.Points3D):
        pass

    class Own(rr.Points3D):
        def __init__(self, xyz: Any) -> None:
            super().__init__(xyz, radii=[0.5])

    p = np.zeros((1, 3), np.float32)
    assert type(Plain(p)) is Plain and Plain(p).positions is not None
    own = Own(p)
    assert type(own) is Own and own.radii is not None
    assert _same_cells(own, _py(rr.Points3D, p, radii=[0.5]))
    rr.Points3D.__init__(own, p)  # an unbound call, as super() makes
    assert own.radii is None
    with pytest.raises(TypeError):
        rr.Points3D.__init__(object(), p)  # not an instance: the descriptor refuses it
