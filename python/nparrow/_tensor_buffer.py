"""The `TensorBuffer` shape: rerun's dense union of typed buffers (`U8` … `F64`), as a batch of its own.

It is the union `TensorData.buffer` holds (`_shapes.TensorDataShape` builds the same layout for
one tensor): a `Null` marker variant, then one `List<T>` variant per dtype; each element is one
flat buffer. A buffer of a supported dtype goes to Rust as it is (borrowed when C-contiguous);
several buffers of one dtype are concatenated once. rerun-sdk 0.41 declares the type but cannot
serialize it (its `TensorBufferBatch(data)` warns `NotImplementedError`); nparrow does, with the
layout rerun-sdk gives the same union inside `TensorData`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from . import _payload
from ._shapes import (
    _EMPTY_TENSOR_VARIANTS,
    _TENSOR_TYPE_ID,
    _TENSOR_TYPE_IDS,
    _TENSOR_VARIANTS,
    _ZERO_OFFSET,
    Payload,
    Shape,
    _describe,
    _one_list_offsets,
    _tensor_numpy,
)

__all__ = ["TensorBufferShape", "flat_buffer"]

_MAX_LIST = 2**31 - 1  # int32 list offsets
_NAMES = ", ".join(name for name, _ in _TENSOR_VARIANTS)


def flat_buffer(inner: Any) -> npt.NDArray[Any]:
    """A `TensorBuffer`'s `inner`, as rerun-sdk's converter makes it: the data as a flat numpy
    array (a view of a C-contiguous array, where rerun-sdk's `flatten()` copies). Any dtype is
    kept here; the batch rejects the ones the union has no variant for, as rerun-sdk does."""
    if hasattr(inner, "inner") and not isinstance(inner, np.ndarray):  # another TensorBuffer
        inner = inner.inner
    return _tensor_numpy(inner).reshape(-1)


def _is_buffer(x: Any) -> bool:
    """One element of a batch given as a sequence: an array, a TensorBuffer (nparrow's or
    rerun-sdk's: anything with `inner`), or None (a null marker)."""
    return x is None or isinstance(x, np.ndarray) or hasattr(x, "inner")


def _checked(buf: npt.NDArray[Any]) -> int:
    """The union type id of a flat buffer; TypeError/ValueError for what the union cannot hold."""
    type_id = _TENSOR_TYPE_ID.get(buf.dtype.type)
    if type_id is None:
        raise TypeError(f"unsupported tensor buffer dtype {buf.dtype}: expected one of {_NAMES}")
    if buf.size > _MAX_LIST:
        raise ValueError(f"a tensor buffer of {buf.size} elements exceeds int32 list offsets")
    return type_id


class TensorBufferShape(Shape):
    """`dense_union<_null_markers: null, U8: List<u8>, …, F64: List<f64>>`, one flat buffer per
    element: from one numpy array (of any shape: flattened) or `TensorBuffer`, a sequence of
    them (`None` is a null marker), or any array-like (one buffer, as `TensorBuffer(x)`)."""

    expected = f"a TensorBuffer, a numpy array of {_NAMES}, or a sequence of them"

    def convert(self, data: Any) -> Payload:
        if isinstance(data, (list, tuple)):
            if len(data) == 0:
                return self.payload([])
            if all(_is_buffer(x) for x in data):
                return self.payload([None if x is None else flat_buffer(x) for x in data])
        elif data is None:
            raise TypeError(f"expected {self.expected}, got None")
        buf = flat_buffer(data)
        if buf.dtype.kind in "OUSV":
            raise TypeError(f"expected {self.expected}, got {_describe(buf)}")
        return self.payload([buf])

    @staticmethod
    def payload(buffers: list[npt.NDArray[Any] | None]) -> Payload:
        """The union of `buffers` (None: a null marker). Type id `i` is variant `i` (0: nulls);
        an element's offset is its index among the elements of its variant."""
        first = buffers[0] if len(buffers) == 1 else None
        if first is not None:  # the common case: one buffer, borrowed
            type_id = _checked(first)
            variants = list(_EMPTY_TENSOR_VARIANTS)
            variants[type_id] = (
                variants[type_id][0],
                _payload.list_of(_one_list_offsets(first.size), _payload.fixed(first, 0), False),
                False,
            )
            return _payload.dense_union(tuple(variants), _TENSOR_TYPE_IDS[type_id], _ZERO_OFFSET)
        type_ids = np.zeros(len(buffers), dtype=np.int8)
        offsets = np.zeros(len(buffers), dtype=np.int32)
        groups: dict[int, list[npt.NDArray[Any]]] = {}
        nulls = 0
        for i, buf in enumerate(buffers):
            if buf is None:
                offsets[i] = nulls
                nulls += 1
                continue
            type_id = _checked(buf)
            group = groups.setdefault(type_id, [])
            type_ids[i] = type_id
            offsets[i] = len(group)
            group.append(buf)
        variants = list(_EMPTY_TENSOR_VARIANTS)
        for type_id, group in groups.items():
            sizes = np.array([0] + [b.size for b in group], dtype=np.int64)
            ends = np.cumsum(sizes)
            if ends[-1] > _MAX_LIST:
                raise ValueError(f"{ends[-1]} tensor buffer elements of one dtype exceed int32 list offsets")
            # One buffer of its dtype is passed as it is (borrowed); several are joined once.
            values = group[0] if len(group) == 1 else np.concatenate(group)
            variants[type_id] = (
                variants[type_id][0],
                _payload.list_of(ends.astype(np.int32), _payload.fixed(values, 0), False),
                False,
            )
        return _payload.dense_union(tuple(variants), type_ids, offsets)
