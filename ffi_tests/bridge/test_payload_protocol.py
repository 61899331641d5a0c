"""Every `_payload` constructor's output is parsed by Rust, and `length()` equals the built array's length."""

from __future__ import annotations

import numpy as np
import pytest

from nparrow import _native
from nparrow import _payload as P

_offsets = np.array([0, 2, 5], dtype=np.int32)

CASES = {
    "fixed0": P.fixed(np.arange(5, dtype=np.float32), 0),
    "fixed3": P.fixed(np.zeros((4, 3), np.float32), 3),
    "fixed3_flat": P.fixed(np.zeros(12, np.float32), 3),
    "nullable_fixed": P.nullable(P.fixed(np.arange(3, dtype=np.uint8), 0), np.array([True, False, True])),
    "varlen_utf8": P.varlen(np.frombuffer(b"hello", np.uint8), _offsets, -1),
    "varlen_blob": P.varlen(np.frombuffer(b"hello", np.uint8), _offsets, 0),
    "varlen_strips": P.varlen(np.zeros((5, 3), np.float32), _offsets, 3),
    "nullable_varlen": P.nullable(
        P.varlen(np.frombuffer(b"hello", np.uint8), _offsets, -1), np.array([True, False])
    ),
    "struct": P.struct(
        (
            ("axis", P.fixed(np.zeros((2, 3), np.float32), 3), False),
            ("angle", P.fixed(np.zeros(2, np.float32), 0), False),
        )
    ),
    "list_of": P.list_of(_offsets, P.fixed(np.zeros((5, 2), np.float32), 2), False),
    "nullable_list_of": P.nullable(
        P.list_of(_offsets, P.fixed(np.zeros(5, np.float32), 0), False), np.array([True, False])
    ),
    "dense_union": P.dense_union(
        (("_null_markers", None, True), ("F32", P.fixed(np.zeros(2, np.float32), 0), False)),
        np.array([1, 0, 1], np.int8),
        np.array([0, 0, 1], np.int32),
    ),
    "rgba_u8": P.rgba(np.zeros((3, 4), np.uint8)),
    "rgba_f32": P.rgba(np.zeros((2, 3), np.float32)),
    "blob": P.blob(b"abcdef"),
    "pixels": P.pixels(np.zeros((2, 2), np.float32)),
    "py_scalar": P.py_scalar(1.5, "float32"),
    "matrix": P.matrix(np.eye(3), 3),
    "fixed_of": P.fixed_of(P.fixed(np.zeros((6, 3), np.float16), 3), 2),
    # An Arrow PyCapsule producer (here nparrow's own array; other producers: ffi_tests/sdk/test_arrow_in.py).
    "arrow": P.arrow(_native.numpy_to_fixed_size_list(np.zeros((3, 2), np.float32), 2)),
}


def test_every_constructor_has_a_case() -> None:
    """A constructor added to `_payload` gets a case above (case names contain its name)."""
    import inspect

    constructors = {n for n, f in vars(P).items() if inspect.isfunction(f) and not n.startswith("_")}
    covered = {c for c in constructors if any(c in case for case in CASES)}
    assert constructors - covered == {"length"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_length_matches_built_array(name: str) -> None:
    payload = CASES[name]
    assert P.length(payload) == len(_native.payload_to_array(payload, copy=True))


def test_arrow_array_and_bare_numpy() -> None:
    arr = _native.payload_to_array(P.fixed(np.zeros(4, np.int32), 0), copy=True)
    assert P.length(arr) == 4
    assert (
        P.length(np.zeros(7, np.float64))
        == len(_native.payload_to_array(np.zeros(7, np.float64), copy=True))
        == 7
    )


def test_unknown_tag_is_type_error() -> None:
    with pytest.raises(TypeError, match="unknown payload tag"):
        P.length(("nope", 1))
