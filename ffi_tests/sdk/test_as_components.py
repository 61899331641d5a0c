"""The AsComponents protocol in `log`: any object with `as_component_batches()` whose batches give
`component_descriptor()` and an Arrow array, rerun-sdk's own archetypes included (mixing the two
SDKs in one recording; whole-recording parity with rerun-sdk: ffi_tests/compat/scripts/mixed_sdks.py),
imported through the C Data Interface without a copy."""

from __future__ import annotations

import sys

import numpy as np
import pyarrow as pa
import pytest
import rerun

import nparrow as rr
from nparrow import _native
from nparrow import _payload as P
from nparrow.error_utils import RerunWarning

_MEMORY: dict[int, object] = {}


def _columns(stream: rr.RecordingStream) -> dict[str, list]:
    """Every component column of a memory recording, by entity and component, as Python values."""
    stream.flush()
    out: dict[str, list] = {}
    for chunk in _MEMORY[id(stream)].chunks():  # type: ignore[attr-defined]
        batch = pa.record_batch(chunk)
        entity = batch.schema.metadata.get(b"rerun:entity_path", b"").decode()
        for field, column in zip(batch.schema, batch.columns, strict=True):
            if entity.startswith("/__properties") or field.name.startswith(("rerun.controls", "log_")):
                continue
            out.setdefault(f"{entity} {field.name}", []).extend(column.to_pylist())
    return out


@pytest.fixture
def two_streams():
    a, b = rr.RecordingStream("test_app"), rr.RecordingStream("test_app")
    _MEMORY[id(a)], _MEMORY[id(b)] = a.memory_recording(), b.memory_recording()
    yield a, b
    a._close()
    b._close()
    _MEMORY.clear()


def test_rerun_sdk_archetypes_log_as_nparrows(two_streams) -> None:
    ours, theirs = two_streams
    pos = np.arange(12, dtype=np.float32).reshape(4, 3)
    ours.log("p", rr.Points3D(pos, radii=[1, 2, 3, 4], colors=[255, 0, 0], labels=["a", "b", "c", "d"]))
    ours.log("b", rr.Boxes3D(half_sizes=[[1, 2, 3]]))
    ours.log("s", rr.Scalars([0.5]))
    theirs.log("p", rerun.Points3D(pos, radii=[1, 2, 3, 4], colors=[255, 0, 0], labels=["a", "b", "c", "d"]))
    theirs.log("b", rerun.Boxes3D(half_sizes=[[1, 2, 3]]))
    theirs.log("s", rerun.Scalars([0.5]))
    a, b = _columns(ours), _columns(theirs)
    assert a == b
    assert "/p Points3D:positions" in a


class Tagged:
    """A user's AsComponents: nparrow and rerun-sdk batches and a raw pyarrow array."""

    def __init__(self, n: int) -> None:
        self.n = n

    def as_component_batches(self) -> list:
        return [
            rr.components.ScalarBatch([self.n]).described(rr.ComponentDescriptor("user.Tagged:n")),
            rerun.components.TextBatch([f"n={self.n}"]).described(
                rerun.ComponentDescriptor(
                    "user.Tagged:label", archetype="user.Tagged", component_type="user.Label"
                )
            ),
            _RawBatch(pa.array([self.n * 2], pa.int64()), "user.Tagged:raw"),
        ]


class _RawBatch:
    """Only `component_descriptor()` and `__arrow_c_array__`: the protocol's minimum."""

    def __init__(self, array: pa.Array, name: str) -> None:
        self._array, self._name = array, name

    def component_descriptor(self) -> rr.ComponentDescriptor:
        return rr.ComponentDescriptor(self._name)

    def __arrow_c_array__(self, requested_schema: object = None) -> tuple[object, object]:
        return self._array.__arrow_c_array__(requested_schema)


def test_custom_as_components(two_streams) -> None:
    ours, reference = two_streams
    assert isinstance(Tagged(1), rr.AsComponents)
    assert isinstance(rerun.Points3D([[1, 2, 3]]), rr.AsComponents)
    assert not isinstance(object(), rr.AsComponents)
    ours.log("t", Tagged(3))
    reference.log(
        "t",
        [
            rr.components.ScalarBatch([3]).described(rr.ComponentDescriptor("user.Tagged:n")),
            rr.components.TextBatch(["n=3"]).described(
                rr.ComponentDescriptor(
                    "user.Tagged:label", archetype="user.Tagged", component_type="user.Label"
                )
            ),
            rr.AnyBatchValue("user.Tagged:raw", np.array([6], np.int64)),
        ],
    )
    a, b = _columns(ours), _columns(reference)
    assert a == b
    assert a["/t user.Tagged:raw"] == [[6]]


def test_bad_as_components_warns_and_drops_the_call(two_streams) -> None:
    ours, _ = two_streams

    class Broken:
        def as_component_batches(self) -> list:
            return [object()]

    with pytest.warns(RerunWarning, match="log"):
        ours.log("x", Broken())
    with pytest.warns(RerunWarning, match="expected an Arrow array"):
        ours.log("x", [_RawBatch(object(), "c")])  # type: ignore[arg-type]
    assert _columns(ours) == {}


def test_rerun_sdk_batches_in_nparrow_archetypes() -> None:
    pos = np.random.default_rng(1).random((1000, 3), dtype=np.float32)
    theirs = rerun.components.Position3DBatch(pos)
    points = rr.Points3D(theirs, colors=rerun.components.ColorBatch([0xFF0000FF]))
    assert points.positions._native_array().buffer_addresses()[-1] == pos.ctypes.data
    assert pa.array(points.positions._native_array()).equals(theirs.as_arrow_array())
    assert points == rr.Points3D(pos, colors=[0xFF0000FF])


def test_rerun_sdk_batch_is_imported_without_a_copy() -> None:
    pos = np.random.default_rng(0).random((100_000, 3), dtype=np.float32)
    batch = rerun.Points3D(pos).as_component_batches()[0]
    arr = _native.payload_to_array(P.arrow(batch.as_arrow_array()))
    assert arr.buffer_addresses()[-1] == pos.ctypes.data


def test_rerun_sdk_points_borrowed_until_flush(unbatched_rec) -> None:
    """rerun-sdk's pyarrow array over the user's numpy stays borrowed until captured."""
    pos = np.ones((100_000, 3), dtype=np.float32)
    base = sys.getrefcount(pos)
    points = rerun.Points3D(pos)
    assert sys.getrefcount(pos) > base, "rerun-sdk's pyarrow array is a view of the numpy array"
    unbatched_rec.log("p", points)
    del points
    assert sys.getrefcount(pos) > base, "the queued row still borrows the cloud"
    unbatched_rec.flush()
    assert sys.getrefcount(pos) == base, "flush() released the import"


@pytest.fixture(scope="module")
def rerun_cloud_128mb():
    return rerun.Points3D(np.ones((128 * 1024 * 1024 // 12, 3), dtype=np.float32))


@pytest.mark.limit_memory("1 MB")
def test_logging_a_128mb_rerun_sdk_cloud_allocates_under_1mb(unbatched_rec, rerun_cloud_128mb) -> None:
    unbatched_rec.log("cloud", rerun_cloud_128mb)
