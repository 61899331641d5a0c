"""Shared by the archetype parity tests: how each SDK is seen by the test cases."""

from __future__ import annotations

from typing import Any


class SDK:
    """An SDK module plus helper types it keeps outside its top level (rerun-sdk has
    `components.ImageFormat`, `encodings.KeypointPair`, ... where nparrow exports them as `rr.X`)."""

    def __init__(self, module: Any, **extra: Any) -> None:
        self._module = module
        self._extra = extra

    def __getattr__(self, name: str) -> Any:
        return self._extra[name] if name in self._extra else getattr(self._module, name)


def assert_same_batches(ours: Any, theirs: Any) -> None:
    """Two archetypes (nparrow's, rerun-sdk's) give the same descriptors, in order, and equal
    Arrow arrays of the same types."""

    def descriptor(b: Any) -> tuple[Any, Any, Any]:
        d = b.component_descriptor()
        return (d.component, d.archetype, d.component_type)

    ours_batches, theirs_batches = ours.as_component_batches(), theirs.as_component_batches()
    assert [descriptor(b) for b in ours_batches] == [descriptor(b) for b in theirs_batches]
    for o, t in zip(ours_batches, theirs_batches, strict=True):
        oa, ta = o.as_arrow_array(), t.as_arrow_array()
        name = o.component_descriptor().component
        assert oa.type == ta.type, name
        assert oa.equals(ta), f"{name}: {oa.to_pylist()} != {ta.to_pylist()}"
