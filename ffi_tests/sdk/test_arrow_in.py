"""Arrow in: every component batch takes an Arrow array of its type from any producer of the Arrow
PyCapsule interface, imported through the C Data Interface without a copy when the layout matches,
cast once in Rust when it does not. The interop matrix: producer x component shape x (zero-copy
proven by buffer address | one copy), each compared with rerun-sdk's batch of the same data."""

from __future__ import annotations

import sys
import warnings

import arro3.core as a3
import nanoarrow as na
import numpy as np
import polars as pl
import pyarrow as pa
import pytest
import rerun

import nparrow as rr
from ffi_tests.helpers import in_strict_mode
from nparrow import _native
from nparrow import _payload as P
from nparrow.error_utils import RerunWarning

C = rr.components


def _vec3(values: np.ndarray) -> pa.Array:
    """rerun's `FixedSizeList<3 x float32 not null>` over `values` (zero-copy from numpy)."""
    return pa.FixedSizeListArray.from_arrays(
        pa.array(values.reshape(-1)), type=pa.list_(pa.field("item", pa.float32(), nullable=False), 3)
    )


_POS = np.arange(30, dtype=np.float32).reshape(10, 3)
_STRIPS = pa.ListArray.from_arrays(
    pa.array([0, 2, 5], pa.int32()),
    _vec3(np.arange(15, dtype=np.float32)),
    type=rerun.components.LineStrip3DBatch._ARROW_DATATYPE,
)

# component -> (nparrow batch, rerun-sdk batch, source pyarrow array of the component's own type)
COMPONENTS = {
    "Radius": (C.RadiusBatch, rerun.components.RadiusBatch, pa.array(np.linspace(0, 1, 8, dtype=np.float32))),
    "Scalar": (C.ScalarBatch, rerun.components.ScalarBatch, pa.array(np.arange(6, dtype=np.float64))),
    "Position3D": (C.Position3DBatch, rerun.components.Position3DBatch, _vec3(_POS)),
    "Text": (C.TextBatch, rerun.components.TextBatch, pa.array(["a", "bc", "", "déf"])),
    "Color": (C.ColorBatch, rerun.components.ColorBatch, pa.array([0xFF0000FF, 0x00FF00FF], pa.uint32())),
    "LineStrip3D": (C.LineStrip3DBatch, rerun.components.LineStrip3DBatch, _STRIPS),
}


class CapsuleOnly:
    """Exposes nothing but `__arrow_c_array__`: proves duck-typed PyCapsule support."""

    def __init__(self, array: pa.Array) -> None:
        self._array = array

    def __arrow_c_array__(self, requested_schema: object = None) -> tuple[object, object]:
        return self._array.__arrow_c_array__(requested_schema)


# producer name -> (wrap a pyarrow array, zero-copy expected for the innermost values buffer)
PRODUCERS = {
    "pyarrow": (lambda a: a, True),
    "pyarrow_chunked_1": (lambda a: pa.chunked_array([a]), True),
    "pyarrow_chunked_2": (lambda a: pa.chunked_array([a.slice(0, 1), a.slice(1)]), False),
    "polars": (pl.from_arrow, True),
    "arro3": (a3.Array.from_arrow, True),
    "nanoarrow": (na.Array, True),
    "capsule_only": (CapsuleOnly, True),
}


def _innermost(array: pa.Array | pa.ChunkedArray) -> int:
    """The address of the innermost values buffer (depth first, last), as `buffer_addresses()`."""
    if isinstance(array, pa.ChunkedArray):
        array = array.chunk(0)
    return [b for b in array.buffers() if b is not None][-1].address


def _source_address(obj: object) -> int:
    """Where the producer keeps the values: its export, imported by pyarrow (zero-copy)."""
    if hasattr(obj, "__arrow_c_array__"):
        return _innermost(pa.array(obj))
    return _innermost(pa.chunked_array(obj))


@pytest.mark.parametrize("component", sorted(COMPONENTS))
@pytest.mark.parametrize("producer", sorted(PRODUCERS))
def test_interop_matrix(producer: str, component: str) -> None:
    ours_cls, theirs_cls, source = COMPONENTS[component]
    wrap, zero_copy = PRODUCERS[producer]
    obj = wrap(source)
    batch = ours_cls(obj)
    expected = theirs_cls(source.to_pylist() if component != "LineStrip3D" else source).as_arrow_array()
    got = pa.array(batch._native_array())
    assert got.type == expected.type
    assert got.equals(expected), f"{got.to_pylist()} != {expected.to_pylist()}"
    assert len(batch) == len(source)
    # polars keeps strings as string views: Utf8 needs its one copy (a cast) there.
    if producer == "polars" and component == "Text":
        zero_copy = False
    same = batch._native_array().buffer_addresses()[-1] == _source_address(obj)
    assert same == zero_copy, "zero-copy" if zero_copy else "one copy"


def test_nparrow_own_arrays_and_batches() -> None:
    arr = _native.numpy_to_fixed_size_list(_POS, 3)
    assert C.Position3DBatch(arr)._native_array().buffer_addresses()[-1] == _POS.ctypes.data
    other = C.Position3DBatch(_POS)
    assert C.Position3DBatch(other)._native_array().buffer_addresses()[-1] == _POS.ctypes.data
    assert rr.Points3D(arr).positions == rr.Points3D(_POS).positions


def test_flat_arrow_array_becomes_fixed_size_lists_without_copy() -> None:
    flat = pa.array(_POS.reshape(-1))
    batch = C.Position3DBatch(flat)
    assert len(batch) == 10
    assert batch._native_array().buffer_addresses()[-1] == _POS.ctypes.data
    assert pa.array(batch._native_array()).equals(rerun.components.Position3DBatch(_POS).as_arrow_array())


@pytest.mark.parametrize(
    ("name", "source", "cls", "reference"),
    [
        (
            "float64_to_float32",
            pa.FixedSizeListArray.from_arrays(pa.array(_POS.reshape(-1).astype(np.float64)), 3),
            C.Position3DBatch,
            rerun.components.Position3DBatch(_POS),
        ),
        (
            "list_to_fixed_size_list",
            pa.array(_POS.tolist(), pa.list_(pa.float32())),
            C.Position3DBatch,
            rerun.components.Position3DBatch(_POS),
        ),
        (
            "large_string",
            pa.array(["x", "yz"], pa.large_string()),
            C.TextBatch,
            rerun.components.TextBatch(["x", "yz"]),
        ),
        (
            "string_view",
            pa.array(["x", "yz"], pa.string_view()),
            C.TextBatch,
            rerun.components.TextBatch(["x", "yz"]),
        ),
        (
            "int_to_float",
            pa.array([1, 2, 3], pa.int64()),
            C.RadiusBatch,
            rerun.components.RadiusBatch([1, 2, 3]),
        ),
        (
            "large_list",
            pa.array(_STRIPS.to_pylist(), pa.large_list(pa.list_(pa.float32(), 3))),
            C.LineStrip3DBatch,
            rerun.components.LineStrip3DBatch(_STRIPS),
        ),
    ],
)
def test_cast_once_to_the_component_type(name: str, source: pa.Array, cls: type, reference: object) -> None:
    got = pa.array(cls(source)._native_array())
    expected = reference.as_arrow_array()  # type: ignore[attr-defined]
    assert got.type == expected.type
    assert got.equals(expected)


def test_float64_cast_is_a_copy() -> None:
    source = pa.FixedSizeListArray.from_arrays(pa.array(np.zeros(30)), 3)
    out = C.Position3DBatch(source)._native_array()
    assert out.buffer_addresses()[-1] != _innermost(source)


def test_wrong_type_warns_and_drops_the_field() -> None:
    with pytest.warns(RerunWarning, match=r"Position3DBatch.*expected an Arrow array of type FixedSizeList"):
        points = rr.Points3D(pa.array(["x", "y", "z"]))
    assert points.positions is None or len(points.positions) == 0
    with pytest.warns(RerunWarning, match=r"ColorBatch.*UInt32"):
        C.ColorBatch(pa.array([[1, 2]], pa.list_(pa.uint8())))


def test_wrong_type_raises_in_strict_mode() -> None:
    with (
        in_strict_mode(),
        pytest.raises(TypeError, match="expected an Arrow array of type Utf8, got Float64"),
    ):
        C.TextBatch(pa.array([1.5]))


def test_values_that_do_not_fit_are_errors_not_nulls() -> None:
    with in_strict_mode(), pytest.raises((TypeError, ValueError)):
        C.ClassIdBatch(pa.array([70000], pa.int64()))  # ClassId is uint16


def test_batch_exports_its_schema() -> None:
    for ours_cls, theirs_cls, source in COMPONENTS.values():
        assert pa.field(ours_cls(source)).type == theirs_cls._ARROW_DATATYPE


def test_arrow_payload_round_trips_every_producer() -> None:
    source = _vec3(_POS)
    for name, (wrap, zero_copy) in PRODUCERS.items():
        obj = wrap(source)
        assert P.length(P.arrow(obj)) == 10, name
        built = _native.payload_to_array(P.arrow(obj))
        # The raw payload keeps the producer's type (polars drops the item's non-null flag).
        assert pa.array(built).to_pylist() == source.to_pylist(), name
        assert (built.buffer_addresses()[-1] == _source_address(obj)) == zero_copy, name


def test_arrow_payload_of_a_non_arrow_object_is_type_error() -> None:
    with pytest.raises(TypeError, match="expected an Arrow array"):
        _native.payload_to_array(P.arrow(object()))


def test_imported_memory_is_released_after_flush(unbatched_rec) -> None:
    """A pyarrow array over numpy memory holds the numpy array until its release callback runs:
    the recording keeps the import until it captured the row, `flush()` releases it."""
    values = np.ones(30_000, dtype=np.float32)
    base = sys.getrefcount(values)
    batch = C.Position3DBatch(_vec3(values))
    del_refs = sys.getrefcount(values)
    assert del_refs > base, "the import holds the producer's memory"
    unbatched_rec.log("p", rr.Points3D(batch))
    del batch
    assert sys.getrefcount(values) > base, "the queued row still borrows it"
    unbatched_rec.flush()
    assert sys.getrefcount(values) == base


def test_copy_true_and_small_arrays_release_at_once(unbatched_rec) -> None:
    large = np.ones(30_000, dtype=np.float32)
    small = np.ones(30, dtype=np.float32)
    for values, copy in ((large, True), (small, False)):
        base = sys.getrefcount(values)
        unbatched_rec.log(
            "p", [C.Position3DBatch(_vec3(values)).described(rr.ComponentDescriptor("p"))], copy=copy
        )
        assert sys.getrefcount(values) == base, "copied at log: nothing borrowed"


@pytest.fixture(scope="module")
def pa_cloud_128mb() -> pa.Array:
    return _vec3(np.ones(128 * 1024 * 1024 // 12 * 3, dtype=np.float32))


@pytest.mark.limit_memory("1 MB")
def test_logging_a_128mb_pyarrow_cloud_allocates_under_1mb(unbatched_rec, pa_cloud_128mb) -> None:
    unbatched_rec.log("cloud", rr.Points3D(pa_cloud_128mb, radii=0.1))


def test_no_warning_for_numpy_and_lists() -> None:
    """The hot forms never reach the Arrow probe and keep their payloads."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert type(C.Position3DBatch(_POS)._numpy_data) is tuple
        assert type(C.RadiusBatch(np.ones(3, np.float32))._numpy_data) is np.ndarray


def test_empty_stream_gives_an_empty_batch_of_the_type() -> None:
    batch = C.RadiusBatch(pa.chunked_array([], pa.float32()))
    assert len(batch) == 0
    assert pa.array(batch._native_array()).type == pa.float32()
