"""The nested value classes (Arrow type a struct, union or list: `AnnotationInfo`, `Range2D`,
`VisibleTimeRange`, `ColumnOrder` ...) of rerun-sdk 0.41's `rerun.components`,
`rerun.encodings`, `rerun.blueprint.components` and `rerun.blueprint.encodings`, compared with
nparrow by generation, not by hand: each class's constructor arguments are built from rerun-sdk's
own class (its `__init__` signature and, where that names the class itself, its attrs fields'
types), so both SDKs are called with the same arguments; the Arrow arrays of one value, of a
list of two values, and of the value's own `as_arrow_array()` must be equal.

Every combination of the optional parameters that rerun-sdk accepts is a case (and a form
rerun-sdk rejects, such as a list of two `AnnotationContext` values, is not compared); the
classes that cannot be generated are listed in `NOT_GENERATED` with the reason, rerun-sdk's own
bugs in `RERUN_BUGS`."""

from __future__ import annotations

import ast
import enum
import inspect
import itertools
import re
import warnings
from dataclasses import dataclass
from typing import Any

import attrs
import numpy as np
import pyarrow as pa
import pytest
import rerun.blueprint.components as rbc
import rerun.blueprint.encodings as rbe
import rerun.components as rc
import rerun.encodings as re_enc

import nparrow.blueprint.components as nbc
import nparrow.components as nc
import nparrow.encodings as ne
from ffi_tests.sdk.test_components_walk import NESTED, _public, _sample
from nparrow.blueprint import encodings as nbe

# module key → (rerun-sdk's module, nparrow's module); the keys are the qualifiers rerun-sdk's
# annotations use (`encodings.Utf8Like`, `blueprint_encodings.SortDirectionLike`).
MODULES = {
    "components": (rc, nc),
    "encodings": (re_enc, ne),
    "blueprint_components": (rbc, nbc),
    "blueprint_encodings": (rbe, nbe),
}

# Nested classes whose values are not generated here: name → why.
NOT_GENERATED = {
    "components.ChannelMessageCounts": (
        "rerun-sdk 0.41 cannot serialize it (NotImplementedError: no codegen for general structs);"
        " its pairs, encodings.ChannelCountPair, are generated"
    ),
    "encodings.TensorBuffer": (
        "rerun-sdk 0.41 cannot serialize a TensorBufferBatch (NotImplementedError: unions"
        " containing lists); TensorData, which holds it, is generated"
    ),
}


def _nested(arrow_type: pa.DataType) -> bool:
    """Nested as this walk means it: what `test_components_walk._forms` does not generate."""
    if pa.types.is_list(arrow_type) and pa.types.is_uint8(arrow_type.value_type):
        return False  # blobs: generated there
    return isinstance(arrow_type, NESTED) or isinstance(
        getattr(arrow_type, "value_type", None), pa.FixedSizeListType
    )


def _nested_classes() -> list[tuple[str, str]]:
    out = []
    for key, (theirs, _) in MODULES.items():
        for name in _public(theirs):
            if name.endswith(("Batch", "Like")):
                continue
            cls = getattr(theirs, name)
            if isinstance(cls, type) and issubclass(cls, enum.Enum):
                continue
            batch = getattr(theirs, f"{name}Batch")
            if _nested(batch._ARROW_DATATYPE):
                out.append((key, name))
    return out


# --- arguments from rerun-sdk's annotations ---


@dataclass(frozen=True)
class Make:
    """A value to construct in either SDK: `<module key>.<name>(*args, **kwargs)`."""

    key: str
    name: str
    args: tuple[Any, ...]
    kwargs: tuple[tuple[str, Any], ...]

    def build(self, sdk: int) -> Any:
        cls = getattr(MODULES[self.key][sdk], self.name)
        return cls(*_build(self.args, sdk), **{k: _build(v, sdk) for k, v in self.kwargs})


def _build(x: Any, sdk: int) -> Any:
    """`x` for one SDK (0: rerun-sdk, 1: nparrow): every `Make` in it constructed."""
    if isinstance(x, Make):
        return x.build(sdk)
    if isinstance(x, (list, tuple)):
        return type(x)(_build(v, sdk) for v in x)
    return x


def _split(text: str, sep: str) -> list[str]:
    """`text` split at top-level `sep` (not inside brackets)."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch == "["
        depth -= ch == "]"
        if ch == sep and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return [*parts, cur.strip()]


class NotGenerated(Exception):
    """An annotation this walk has no sample for."""


def _args(annotation: str, i: int, home: str, owner: type, field: str) -> list[Any]:
    """Sample values for `annotation` (a rerun-sdk annotation string), the i-th of a batch: a
    few alternatives (a union's members; rerun's component subclass of an encoding), best first."""
    members = [m for m in _split(annotation, "|") if m != "None"]
    if len(members) > 1:
        return [x for m in members for x in _args(m, i, home, owner, field)]
    ann = members[0]
    generic = re.fullmatch(r"(Sequence|list)\[(.*)\]", ann)
    if generic:
        inner = [m for m in _split(generic.group(2), "|") if m != "None"]
        # A list of two: one of each member (every combination of their alternatives) first,
        # then two of one member.
        firsts = [_args(m, 2 * i + j, home, owner, field) for j, m in enumerate(inner)]
        mixed = [list(combo) for combo in itertools.product(*firsts)]
        same = []
        for m in inner:
            pairs = zip(_args(m, 2 * i, home, owner, field), _args(m, 2 * i + 1, home, owner, field))
            same += [list(pair) for pair in pairs]
        return mixed + same if len(inner) > 1 else same
    literal = re.fullmatch(r"Literal\[(.*)\]", ann)
    if literal:
        return [ast.literal_eval(_split(literal.group(1), ",")[0])]
    if ann in ("int", "float", "bool", "str"):
        return [{"int": 1 + i, "float": 0.5 + i, "bool": i % 2 == 0, "str": f"text{i}"}[ann]]
    if ann.startswith(("npt.", "TensorLike")):
        arrow_type = getattr(owner, "_BATCH_TYPE", None) or getattr(
            MODULES[home][0], f"{owner.__name__}Batch"
        )
        arrow_type = arrow_type._ARROW_DATATYPE
        if isinstance(arrow_type, pa.FixedSizeListType):  # a fixed shape: `(15, 3)` coefficients
            return [np.asarray(_sample(arrow_type, i), dtype=np.float32)]
        return [np.arange(3 + i, dtype=np.float32)]
    out = []
    for key, name, cls in _lookup(ann, home):
        if cls is owner:  # `ColumnOrder(entity_paths: ColumnOrderLike)`: the stored field says what
            return _args(attrs.fields_dict(owner)[field].type, i, home, owner, field)
        if issubclass(cls, enum.Enum):
            out.append(list(cls)[i % len(cls)].name)
            continue
        batch = getattr(MODULES[key][0], f"{name}Batch")
        if not _nested(batch._ARROW_DATATYPE):
            out.append(_sample(batch._ARROW_DATATYPE, i))
        else:
            out.append(_variants(key, name, i)[-1])  # the one with the most fields set
    return out


def _lookup(qualified: str, home: str) -> list[tuple[str, str, type]]:
    """The classes an annotation names (`encodings.Utf8Like`, `Range1DLike`, `SortBy`): the one it
    names, then a blueprint component of the same name (rerun-sdk's own checks want that one:
    `SelectedColumns` takes `blueprint.components.ComponentColumnSelector`)."""
    qualifier, _, name = qualified.rpartition(".")
    name = name.removesuffix("ArrayLike").removesuffix("Like")
    keys = [qualifier] if qualifier else [home, "encodings", "blueprint_encodings", "components"]
    found = [(k, name, getattr(MODULES[k][0], name, None)) for k in keys if k in MODULES]
    found = [f for f in found if isinstance(f[2], type)][:1]
    if found and found[0][0] == "blueprint_encodings" and isinstance(getattr(rbc, name, None), type):
        found.append(("blueprint_components", name, getattr(rbc, name)))
    if not found:
        raise NotGenerated(qualified)
    return found


def _variants(key: str, name: str, i: int) -> list[Make]:
    """The i-th values of one class: its required parameters, with every subset of its optional
    ones and every alternative sample, as far as rerun-sdk accepts them (the constructor, and its
    batch of the value, without a warning)."""
    cls = getattr(MODULES[key][0], name)
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    required = [p for p in params if p.default is inspect.Parameter.empty]
    optional = [p for p in params if p.default is not inspect.Parameter.empty]
    out: list[Make] = []
    for size in range(len(optional) + 1):
        for chosen in itertools.combinations(optional, size):
            given = [*required, *chosen]
            try:
                alternatives = [_args(str(p.annotation), i, key, cls, p.name) for p in given]
            except NotGenerated:
                if size == 0:
                    raise
                continue  # an optional parameter without samples (`TensorData(buffer=)`)
            for values in itertools.product(*alternatives):
                by_name = dict(zip([p.name for p in given], values))
                args = tuple(
                    by_name[p.name] for p in required if p.kind is not inspect.Parameter.KEYWORD_ONLY
                )
                kwargs = tuple(
                    (p.name, by_name[p.name])
                    for p in given
                    if p.kind is inspect.Parameter.KEYWORD_ONLY or p in chosen
                )
                make = Make(key, name, args, kwargs)
                if _rerun_accepts(make, lambda v: v):
                    out.append(make)
                    break  # one accepted alternative per parameter set
    if not out:
        raise NotGenerated(f"{key}.{name}: rerun-sdk accepts none of the generated argument sets")
    return out


def _rerun_accepts(make: Make, batch_input: Any) -> bool:
    """Whether rerun-sdk builds `make` and its batch of `batch_input(value)` without a warning."""
    return _rerun_makes(
        lambda: getattr(MODULES[make.key][0], f"{make.name}Batch")(
            batch_input(make.build(0))
        ).as_arrow_array()
    )


def _rerun_makes(call: Any) -> bool:
    """Whether `call()` (a rerun-sdk call) succeeds without a warning."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            call()
    except Exception:  # noqa: BLE001 - a rejected combination is simply not a case
        return False
    return True


def _label(make: Make) -> str:
    return ",".join([*(["pos"] if make.args else []), *(k for k, _ in make.kwargs)]) or "no-args"


def _cases() -> tuple[list[Any], dict[str, str]]:
    """(one value, a second value, the forms rerun-sdk accepts) per class and parameter set."""
    cases, failed = [], {}
    for key, name in _nested_classes():
        if f"{key}.{name}" in NOT_GENERATED:
            continue
        try:
            pairs = list(zip(_variants(key, name, 0), _variants(key, name, 1), strict=True))
        except NotGenerated as err:
            failed[f"{key}.{name}"] = str(err)
            continue
        for one, two in pairs:
            forms = {"value"}
            if _rerun_accepts(one, lambda v, two=two: [v, two.build(0)]):
                forms.add("values")
            if hasattr(one.build(0), "as_arrow_array") and _rerun_makes(
                lambda one=one: one.build(0).as_arrow_array()
            ):
                forms.add("as_arrow_array")
            cases.append(pytest.param(one, two, forms, id=f"{key}.{name}({_label(one)})"))
    return cases, failed


CASES, FAILED = _cases()

# rerun-sdk 0.41 bugs: class → why; nparrow gives what the single values give, concatenated.
RERUN_BUGS = {
    "blueprint_components.ColumnOrder": (
        "rerun-sdk writes the repr() of each ColumnOrder for a list of values and for "
        "ColumnOrder.as_arrow_array() (its batch reads a value as one entity path)"
    ),
}


def test_every_nested_class_is_generated_or_listed():
    """No nested class is left out silently; the allow-lists name only real nested classes."""
    assert FAILED == {}
    generated = {c.id.split("(")[0] for c in CASES}
    everything = {f"{k}.{n}" for k, n in _nested_classes()}
    assert generated | set(NOT_GENERATED) == everything
    assert set(NOT_GENERATED) | set(RERUN_BUGS) <= everything
    assert len(generated) > 40
    # Where rerun-sdk cannot batch two values, which classes (printed on failure).
    assert len([c for c in CASES if "values" in c.values[2]]) > len(CASES) // 2


def _batch(make: Make, sdk: int) -> type:
    return getattr(MODULES[make.key][sdk], f"{make.name}Batch")


def _assert_same(theirs: pa.Array, ours: pa.Array) -> None:
    assert ours.type == theirs.type
    assert ours.equals(theirs), f"{ours.to_pylist()} != {theirs.to_pylist()}"


def _bug(make: Make) -> bool:
    return f"{make.key}.{make.name}" in RERUN_BUGS


def _cases_with(form: str) -> list[Any]:
    return [c for c in CASES if form in c.values[2]]


@pytest.mark.parametrize(("one", "two", "forms"), _cases_with("value"))
def test_value_equals_rerun(one, two, forms):
    theirs = _batch(one, 0)(one.build(0)).as_arrow_array()
    _assert_same(theirs, _batch(one, 1)(one.build(1)).as_arrow_array())


@pytest.mark.parametrize(("one", "two", "forms"), _cases_with("values"))
def test_two_values_equal_rerun(one, two, forms):
    theirs = _batch(one, 0)([one.build(0), two.build(0)]).as_arrow_array()
    ours = _batch(one, 1)([one.build(1), two.build(1)]).as_arrow_array()
    if _bug(one):
        each = [_batch(one, 0)(m.build(0)).as_arrow_array() for m in (one, two)]
        assert not theirs.equals(pa.concat_arrays(each)), "rerun-sdk fixed it: drop the RERUN_BUGS entry"
        theirs = pa.concat_arrays(each)
    _assert_same(theirs, ours)


@pytest.mark.parametrize(("one", "two", "forms"), _cases_with("as_arrow_array"))
def test_value_as_arrow_array_equals_rerun(one, two, forms):
    """A component's value is an Arrow array of one row itself (rerun's `ComponentMixin`)."""
    theirs = one.build(0).as_arrow_array()
    if _bug(one):
        batch = _batch(one, 0)(one.build(0)).as_arrow_array()
        assert not theirs.equals(batch), "rerun-sdk fixed it: drop the RERUN_BUGS entry"
        theirs = batch
    _assert_same(theirs, one.build(1).as_arrow_array())
