"""Every public name of rerun-sdk 0.41's `rerun.blueprint.components` and
`rerun.blueprint.encodings` (= the deprecated `rerun.blueprint.datatypes`) exists in nparrow,
with the same Arrow data type and component type, and the usual input forms give equal Arrow
arrays in both SDKs. The walk of `test_components_walk.py`, over the blueprint modules (its
helpers, imported); the nested values are compared in `test_nested_values_walk.py`."""

from __future__ import annotations

import typing
import warnings

import pytest
import rerun.blueprint.components as rbc
import rerun.blueprint.encodings as rbe

from ffi_tests.sdk.test_components_walk import NESTED, _forms, _public, check_single_value_classes
from ffi_tests.sdk.test_components_walk import test_input_forms_equal_arrow as _assert_equal_arrow
from nparrow.blueprint import components as nbc
from nparrow.blueprint import datatypes as nbd
from nparrow.blueprint import encodings as nbe

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # rerun-sdk warns that `datatypes` is deprecated
    import rerun.blueprint.datatypes as rbd

MODULES = [(rbc, nbc, "components"), (rbe, nbe, "encodings"), (rbd, nbd, "datatypes")]
IDS = [kind for _, _, kind in MODULES]


@pytest.mark.parametrize(("theirs", "ours", "kind"), MODULES, ids=IDS)
def test_every_public_name_exists(theirs, ours, kind):
    names = _public(theirs)
    assert len(names) > 40
    assert [n for n in names if not hasattr(ours, n)] == []
    assert set(names) <= set(ours.__all__)


def test_datatypes_is_encodings():
    assert nbe is nbd
    assert nbd.SortDirection is nbe.SortDirection
    assert nbd.SortByArrayLike is nbe.SortByArrayLike


def _batches(module):
    return [n for n in _public(module) if n.endswith("Batch")]


@pytest.mark.parametrize(("theirs", "ours", "kind"), MODULES[:2], ids=IDS[:2])
def test_same_arrow_type_and_component_type(theirs, ours, kind):
    names = _batches(theirs)
    assert len(names) > 10
    for name in names:
        t_cls, o_cls = getattr(theirs, name), getattr(ours, name)
        assert o_cls([]).as_arrow_array().type == t_cls._ARROW_DATATYPE, name
        if kind == "components":
            assert o_cls._COMPONENT_TYPE == t_cls._COMPONENT_TYPE, name


@pytest.mark.parametrize(("theirs", "ours", "kind"), MODULES[:2], ids=IDS[:2])
def test_single_value_classes(theirs, ours, kind):
    """Each value class exists; a component's value knows its component type, as rerun-sdk's;
    enums have rerun-sdk's members."""
    assert check_single_value_classes(theirs, ours, kind) > 10


def test_component_values_derive_from_their_encodings():
    """As in rerun-sdk (`ActiveTab` is an `EntityPath`, `RootContainer` a `Uuid`, `SortBy` the
    blueprint encoding `SortBy` ...): every value class whose rerun-sdk class derives from an
    encoding (datatype) class derives from nparrow's class of that name, asked of rerun-sdk."""
    import nparrow.encodings as ne

    checked = 0
    for name in _public(rbc):
        t_cls = getattr(rbc, name)
        if name.endswith(("Batch", "Like")) or not isinstance(t_cls, type):
            continue
        base = next(
            (
                b
                for b in t_cls.__mro__[1:]
                if b.__module__.startswith(("rerun.encodings.", "rerun.blueprint.encodings."))
            ),
            None,
        )
        if base is None:
            continue
        ours = nbe if base.__module__.startswith("rerun.blueprint.") else ne
        assert issubclass(getattr(nbc, name), getattr(ours, base.__name__)), (name, base)
        checked += 1
    assert checked >= 6


@pytest.mark.parametrize("module", [nbc, nbe], ids=["components", "encodings"])
def test_aliases_are_types(module):
    """Every `*Like` / `*ArrayLike` is a typing form that names its value class."""
    aliases = [n for n in module.__all__ if n.endswith("Like")]
    assert len(aliases) > 10
    for name in aliases:
        alias = getattr(module, name)
        row = name.removesuffix("ArrayLike") if name.endswith("ArrayLike") else name.removesuffix("Like")
        assert typing.get_origin(alias) is typing.Union, name
        assert getattr(module, row) in typing.get_args(alias), name


def test_values_are_made_on_first_use():
    """The blueprint values are not made when the module is imported (import time)."""
    import subprocess
    import sys

    code = (
        "import nparrow.blueprint.components as c, nparrow.blueprint.datatypes as d;"
        "print('ZoomLevel' in vars(c), 'SortDirection' in vars(d), 'SortByBatch' in vars(d));"
        "c.ZoomLevel; d.SortDirection; d.SortByLike;"
        "print('ZoomLevel' in vars(c), 'SortDirection' in vars(d), 'SortByBatch' in vars(d))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False", "False", "True", "True", "True"]


def _form_cases():
    cases = []
    for t_mod, o_mod, kind in MODULES[:2]:
        for name in _batches(t_mod):
            t_cls = getattr(t_mod, name)
            for label, t_in, o_in in _forms(name, t_mod, o_mod, t_cls._ARROW_DATATYPE):
                cases.append(
                    pytest.param(t_cls, getattr(o_mod, name), t_in, o_in, id=f"{kind}.{name}-{label}")
                )
    return cases


FORM_CASES = _form_cases()


def test_forms_cover_the_flat_rows():
    """Every batch whose Arrow type is not nested has its forms generated (the nested ones are
    in `test_nested_values_walk.py`)."""
    covered = {c.id.split("-")[0] for c in FORM_CASES}
    flat = {
        f"{kind}.{name}"
        for t_mod, _, kind in MODULES[:2]
        for name in _batches(t_mod)
        if not isinstance(getattr(t_mod, name)._ARROW_DATATYPE, NESTED)
    }
    assert flat - covered == set()
    assert len(covered) > 40


@pytest.mark.parametrize(("t_cls", "o_cls", "t_in", "o_in"), FORM_CASES)
def test_input_forms_equal_arrow(t_cls, o_cls, t_in, o_in):
    _assert_equal_arrow(t_cls, o_cls, t_in, o_in)


def test_values_in_blueprint_archetypes():
    """Single values are accepted where rerun-sdk's blueprint archetypes take `*Like`."""
    import rerun.blueprint as rb

    import nparrow.blueprint as nb
    from ffi_tests.sdk._parity import assert_same_batches

    def archetypes(m):
        c = m.components
        return [
            m.archetypes.MapZoom(zoom=c.ZoomLevel(3.0)),
            m.archetypes.PanelBlueprint(state=c.PanelState.Expanded),
            m.archetypes.ViewportBlueprint(
                root_container=c.RootContainer(bytes(range(16))), auto_layout=c.AutoLayout(True)
            ),
            m.archetypes.DataframeQuery(
                timeline=c.TimelineName("t"), select=c.SelectedColumns(["t", "/a:b"])
            ),
            m.archetypes.TextLogColumns(
                timeline_columns=[m.encodings.TimelineColumn("t", visible=False)],
                text_log_columns=[m.encodings.TextLogColumn(m.encodings.TextLogColumnKind.Body)],
            ),
            m.archetypes.TensorSliceSelection(slider=[m.encodings.TensorDimensionIndexSlider(2)]),
            m.archetypes.TimeAxis(link=c.LinkAxis.LinkToGlobal, zoom_lock=c.LockRangeDuringZoom(True)),
        ]

    for ours, theirs in zip(archetypes(nb), archetypes(rb), strict=True):
        assert_same_batches(ours, theirs)
