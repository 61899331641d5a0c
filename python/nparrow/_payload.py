"""The payload protocol: the one place that documents how Python describes an Arrow array to Rust.

A payload is a plain tuple (cheap to build, parsed once in Rust into `sdk::payload::Payload`).
The tuple forms below are the canonical grammar; hot paths may build them inline, with a comment
naming the constructor they equal (`ffi_tests/bridge/test_payload_protocol.py` checks each one).

| constructor | tuple | Arrow |
|---|---|---|
| `fixed(values, k)` | `(values, k)` | primitive (`k == 0`) or `FixedSizeList<k x T>` |
| `nullable(payload, validity)` | `(values, k, validity)` / `(data, offsets, inner, validity)` / `("struct", fields, validity)` / `("list", offsets, payload, item_nullable, validity)` | the same with nulls |
| `varlen(data, offsets, inner)` | `(data, offsets, inner: int)` | Utf8 (-1) / `List<UInt8>` (0) / `List<FixedSizeList<k x f32>>` (k) |
| `struct(fields)` | `("struct", ((name, payload, nullable), ...))` | `Struct` |
| `list_of(offsets, payload, item_nullable)` | `("list", offsets, payload, item_nullable)` | `List<item>` |
| `dense_union(variants, type_ids, offsets)` | `("union", ((name, payload or None, nullable), ...), type_ids, offsets)` | dense `Union`; variant `i` has type id `i`, `None` is a `Null` variant |
| `rgba(colors)` | `("rgba", colors)` | `UInt32` 0xRRGGBBAA from `(N, 3/4)` uint8 or 0-1 floats |
| `blob(data)` | `("blob", data)` | `List<UInt8>` holding one blob (uint8 buffer, flattened) |
| `pixels(array)` | `("pixels", array)` | the same from any numeric dtype's native-endian bytes |
| `py_scalar(v, dtype)` | `("py", v, dtype)` | one-element primitive of numpy dtype name `dtype` |
| `matrix(m, n)` | `("mat", m, n)` | `FixedSizeList<n*n x f32>` of length 1, stored column-major |
| `arrow(obj)` | `("arrow", obj)` | any Arrow PyCapsule producer's array (`__arrow_c_array__`, or `__arrow_c_stream__`: one chunk as is, several concatenated once), imported without a copy; borrowed until the recording captures it |
| (none) | an `nparrow.ArrowArray`, or a bare 1-d numpy array | itself / primitive |
"""

from __future__ import annotations

from typing import Any

from . import _native

Payload = Any

_payload_len = _native.payload_len


def fixed(values: Any, k: int) -> tuple[Any, int]:
    """`(values, k)`: primitive when `k == 0`, else `FixedSizeList<k x T>` of `values`."""
    return (values, k)


def varlen(data: Any, offsets: Any, inner: int) -> tuple[Any, Any, int]:
    """`(data, offsets, inner)`: `inner` -1 is Utf8, 0 `List<UInt8>`, k `List<FixedSizeList<k x f32>>`."""
    return (data, offsets, inner)


def nullable(payload: tuple[Any, ...], validity: Any) -> tuple[Any, ...]:
    """`payload` (a `fixed`, `varlen`, `struct` or `list_of` payload) with a bool `validity` mask appended."""
    return (*payload, validity)


def struct(fields: tuple[tuple[str, Any, bool], ...]) -> tuple[str, tuple[tuple[str, Any, bool], ...]]:
    """`("struct", ((name, payload, nullable), ...))`: a `Struct` array of the child payloads."""
    return ("struct", fields)


def list_of(offsets: Any, payload: Any, item_nullable: bool) -> tuple[str, Any, Any, bool]:
    """`("list", offsets, payload, item_nullable)`: a `List` over the child payload."""
    return ("list", offsets, payload, item_nullable)


def dense_union(
    variants: tuple[tuple[str, Any, bool], ...], type_ids: Any, offsets: Any
) -> tuple[str, tuple[tuple[str, Any, bool], ...], Any, Any]:
    """`("union", ((name, payload | None, nullable), ...), type_ids, offsets)`: a dense `Union`.

    Variant `i` (type id `i`) is built from its payload, or is a `Null` variant when it is
    `None`; per element, `type_ids` (int8) names its variant and `offsets` (int32) its index
    in that variant's array. Every variant is declared, used or not (an empty payload gives its
    type)."""
    return ("union", variants, type_ids, offsets)


def fixed_of(child: Any, k: int) -> tuple[str, Any, int]:
    """`("fixed_of", child, k)`: `FixedSizeList<k x T>` whose items are the child payload's
    elements (lists of lists); the child's buffers are kept as they are."""
    return ("fixed_of", child, k)


def rgba(colors: Any) -> tuple[str, Any]:
    """`("rgba", colors)`: `(N, 3|4)` uint8 or 0-1 float colors, packed to 0xRRGGBBAA in Rust."""
    return ("rgba", colors)


def blob(data: Any) -> tuple[str, Any]:
    """`("blob", data)`: one blob from any uint8 buffer, flattened (Rust adds the offsets)."""
    return ("blob", data)


def pixels(array: Any) -> tuple[str, Any]:
    """`("pixels", array)`: one blob of an array's native-endian bytes in C order, any dtype."""
    return ("pixels", array)


def py_scalar(v: Any, dtype: str) -> tuple[str, Any, str]:
    """`("py", v, dtype)`: a one-element array of numpy dtype name `dtype` holding the number `v`."""
    return ("py", v, dtype)


def matrix(m: Any, n: int) -> tuple[str, Any, int]:
    """`("mat", m, n)`: one row-major `n x n` matrix, stored as `n*n` float32 column-major."""
    return ("mat", m, n)


def arrow(obj: Any) -> tuple[str, Any]:
    """`("arrow", obj)`: the array of any Arrow PyCapsule producer (pyarrow, polars, arro3,
    nanoarrow, nparrow), imported through the C Data Interface without a copy when built."""
    return ("arrow", obj)


def length(payload: Payload) -> int:
    """The number of instances the payload describes (parsed in Rust, nothing built)."""
    return _payload_len(payload)
