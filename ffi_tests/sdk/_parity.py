"""Shared by the archetype parity tests: how each SDK is seen by the test cases."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from rerun._baseclasses import Archetype

import nparrow
from ffi_tests.helpers import in_strict_mode


class SDK:
    """An SDK module plus helper types it keeps outside its top level (rerun-sdk has
    `components.ImageFormat`, `encodings.KeypointPair`, ... where nparrow exports them as `rr.X`)."""

    def __init__(self, module: Any, **extra: Any) -> None:
        self._module = module
        self._extra = extra

    def __getattr__(self, name: str) -> Any:
        return self._extra[name] if name in self._extra else getattr(self._module, name)


def descriptor(d: Any) -> tuple[Any, Any, Any]:
    """A component descriptor as a comparable tuple: (component, archetype, component_type)."""
    return (d.component, d.archetype, d.component_type)


def assert_same_arrays(ours: Any, theirs: Any) -> None:
    """Two lists of component batches or columns (nparrow's, rerun-sdk's) have the same
    descriptors, in order, and equal Arrow arrays of the same types."""
    ours, theirs = list(ours), list(theirs)
    assert [descriptor(b.component_descriptor()) for b in ours] == [
        descriptor(b.component_descriptor()) for b in theirs
    ]
    for o, t in zip(ours, theirs, strict=True):
        oa, ta = o.as_arrow_array(), t.as_arrow_array()
        name = o.component_descriptor().component
        assert oa.type == ta.type, name
        assert oa.equals(ta), f"{name}: {oa.to_pylist()} != {ta.to_pylist()}"


def field_layout(cls: type) -> tuple[list[str], bool]:
    """The archetype class's fields as properties (over its `_cells`), in declaration order, and
    whether its instances have a `__dict__` (they must not: a misspelt field is an error)."""
    props = [n for n in cls._FIELDS if isinstance(inspect.getattr_static(cls, n), property)]
    return props, cls.__dictoffset__ != 0


def assert_same_batches(ours: Any, theirs: Any) -> None:
    """Two archetypes (nparrow's, rerun-sdk's) give the same descriptors, in order, and equal
    Arrow arrays of the same types."""
    assert_same_arrays(ours.as_component_batches(), theirs.as_component_batches())


def assert_bad_call_logs_nothing(make: Any, ours: Any, theirs: Any, message: str, errors: Any) -> None:
    """`make(sdk)` is a contradictory or impossible constructor call: nparrow warns (`message`)
    and gives an empty archetype, as rerun-sdk does (`__attrs_clear__`, with a warning of its
    own); in nparrow's strict mode it raises one of `errors` instead."""
    with pytest.warns(nparrow.RerunWarning, match=message):
        mine = make(ours)
    assert mine.as_component_batches() == []
    with pytest.warns(Warning):
        reference = make(theirs)
    assert reference.as_component_batches() == []
    with in_strict_mode(), pytest.raises(errors, match=message):
        make(ours)


def assert_field_dropped(build: Any, field: str, match: str, kept: str | None = None) -> Any:
    """`build()` warns (a RerunWarning matching `match`) and leaves `field` unset, and `kept`
    (another field) is still set. Returns what `build` made."""
    with pytest.warns(nparrow.RerunWarning, match=match):
        arch = build()
    assert getattr(arch, field) is None
    if kept is not None:
        assert getattr(arch, kept) is not None
    return arch


def component_columns(mem: Any) -> dict[str, list[Any]]:
    """Every component column of a memory recording (`Archetype:field` names), its values
    across all chunks in order."""
    columns: dict[str, list[Any]] = {}
    for chunk in mem.chunks():
        for name in (n for n in chunk.schema.names if ":" in n):
            columns.setdefault(name, []).extend(chunk.column(name).to_pylist())
    return columns


def rerun_archetypes(module: Any) -> dict[str, type]:
    """Every archetype class a rerun-sdk module exports in `__all__` (walked, not listed)."""
    return {
        name: cls
        for name in module.__all__
        if isinstance(cls := getattr(module, name), type) and issubclass(cls, Archetype)
    }


def params(fn: Any) -> list[tuple[str, str, bool]]:
    """A callable's parameters as a caller sees them: (name, kind, required), `self`/`cls` left out."""
    return [
        (p.name, p.kind.name, p.default is p.empty)
        for p in inspect.signature(fn).parameters.values()
        if p.name not in ("self", "cls")
    ]


def described(batches: Any) -> list[tuple[Any, Any, Any, Any]]:
    """Each batch's descriptor and Arrow type: (component, archetype, component_type, type)."""
    out = []
    for b in batches:
        d = b.component_descriptor()
        out.append((d.component, d.archetype, d.component_type, b.as_arrow_array().type))
    return out
