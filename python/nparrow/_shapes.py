"""The handful of shapes every component shares: primitive, fixed-size list, var-length, enum.

A shape turns user input (scalars, lists, tuples, numpy of any dtype) into the payload Rust
takes: `(ndarray, list_size)` (`list_size == 0` for primitives) or `(data, offsets, inner_size)`.
No pyarrow here: Arrow arrays are built in Rust.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from . import _native, _payload

# A payload (see src/sdk/payload.rs): a 1-d numpy array of a primitive batch as it is, a tuple,
# or an `_native.ArrowArray` built in Rust.
Payload = Any

_values_to_array = _native.values_to_array


def _as_dtype(data: Any, dtype: type[np.generic]) -> npt.NDArray[Any]:
    """`np.asarray(data, dtype)`, but arrays already of `dtype` in any byte order or layout are
    passed through untouched: Rust makes the one copy a swapped or strided array needs."""
    if type(data) is np.ndarray:
        if data.dtype.type is dtype:
            return data
        if data.dtype.kind in "OUSV":
            raise TypeError(f"expected numeric data, got {_describe(data)}")
        return data.astype(dtype)
    try:
        return np.asarray(data, dtype=dtype)
    except (TypeError, ValueError) as err:
        raise TypeError(f"expected numeric data, got {_describe(data)} ({err})") from None


def _describe(data: Any) -> str:
    if isinstance(data, np.ndarray):
        return f"array of shape {data.shape} and dtype {data.dtype}"
    return type(data).__name__


class Shape:
    """Base: `convert` builds the payload (its length: `_payload.length`); `make_init` gives the
    `__init__` of the batch classes of this shape."""

    expected: str = ""

    def convert(self, data: Any) -> Payload:
        raise NotImplementedError

    def make_init(self) -> Callable[..., None]:
        """The batch `__init__`: stores `convert(data)`. Shapes with a hot input form override it
        to take that form without the extra call (batch construction is a seed benchmark row)."""
        convert = self.convert

        def __init__(batch: Any, data: Any, strict: bool | None = None) -> None:
            batch._numpy_data = convert([] if data is None else data)

        return __init__


class Primitive(Shape):
    def __init__(self, dtype: type[np.generic]) -> None:
        self.dtype = dtype
        self.name = np.dtype(dtype).name
        self.expected = f"a scalar or an array of {self.name} (flattened)"
        kind = np.dtype(dtype).kind
        # Python numbers this dtype takes as they are (anything else goes through numpy, which
        # converts or raises): floats into float dtypes, ints within range, bools into bool.
        self.takes_float = kind == "f"
        self.takes_bool = kind == "b"
        if kind in "iu":
            self.int_range = (int(np.iinfo(dtype).min), int(np.iinfo(dtype).max))
        else:
            self.int_range = (-(2**53), 2**53) if kind == "f" else (1, 0)

    def make_init(self) -> Callable[..., None]:
        if type(self).convert is not Primitive.convert:  # a subclass with its own conversion
            return super().make_init()
        convert, name, takes_float, takes_bool = self.convert, self.name, self.takes_float, self.takes_bool
        lo, hi = self.int_range
        native = np.dtype(self.dtype)  # numpy's singleton for the native-endian dtype
        ndarray = np.ndarray

        def __init__(batch: Any, data: Any, strict: bool | None = None) -> None:
            t = type(data)
            if t is ndarray:
                if data.dtype is native and data.ndim == 1:  # the array itself: borrowed when logged
                    batch._numpy_data = data
                    return
            elif t is float:  # one number, kept as it is until logged
                if takes_float:
                    batch._numpy_data = ("py", data, name)  # = _payload.py_scalar(data, name), inline
                    return
            elif t is int:
                if lo <= data <= hi:
                    batch._numpy_data = ("py", data, name)  # = _payload.py_scalar(data, name), inline
                    return
            elif t is bool and takes_bool:
                batch._numpy_data = ("py", data, name)  # = _payload.py_scalar(data, name), inline
                return
            batch._numpy_data = convert([] if data is None else data)

        return __init__

    def convert(self, data: Any) -> Payload:
        """Everything but the hot forms `make_init` takes itself (one number, a 1-d array of the
        dtype): lists of numbers read by Rust, anything else through numpy."""
        if type(data) is list or type(data) is tuple:
            # `None` means numpy reads the list differently: it decides below.
            arr = _values_to_array(data, self.name, 0)
            if arr is not None:
                return arr
        arr = _as_dtype(data, self.dtype)
        if arr.ndim != 1:
            arr = arr.reshape(-1)  # as rerun-sdk: any shape is a flat batch of scalars
        return arr


class FixedSize(Shape):
    def __init__(self, dtype: type[np.generic], size: int) -> None:
        self.dtype = dtype
        self.name = np.dtype(dtype).name
        self.size = size
        self.expected = f"shape (N, {size}) or a flat array with a multiple of {size} elements"

    def make_init(self) -> Callable[..., None]:
        if type(self).convert is not FixedSize.convert:  # a subclass with its own conversion
            return super().make_init()
        convert, name, k, read = self.convert, self.name, self.size, _values_to_array
        native, ndarray = np.dtype(self.dtype), np.ndarray

        def __init__(batch: Any, data: Any, strict: bool | None = None) -> None:
            t = type(data)
            if t is list or t is tuple:  # e.g. [x, y, z] or [[x, y, z], ...]: read in Rust
                arr = read(data, name, k)
                if arr is not None:
                    batch._numpy_data = arr
                    return
            elif t is ndarray and data.dtype is native:
                nd = data.ndim  # (N, k), or flat with a multiple of k values: kept as is
                if (nd == 2 and data.shape[1] == k) or (nd == 1 and data.size % k == 0):
                    batch._numpy_data = (data, k)  # = _payload.fixed(data, k), inline
                    return
            batch._numpy_data = convert([] if data is None else data)

        return __init__

    def convert(self, data: Any) -> Payload:
        """Everything but the hot forms `make_init` takes itself (lists of numbers read by Rust,
        numpy of the dtype as it is): through numpy."""
        k = self.size
        arr = _as_dtype(data, self.dtype)
        if (arr.ndim == 2 and arr.shape[1] == k) or (arr.ndim == 1 and arr.size % k == 0):
            return _payload.fixed(arr, k)
        if arr.ndim == 0 or arr.size % k != 0 or arr.shape[-1] != k:
            raise ValueError(f"expected {self.expected}, got shape {arr.shape}")
        return _payload.fixed(arr.reshape(-1, k), k)


class Matrix(FixedSize):
    """n×n matrices given as rows (numpy's layout) are stored column-major, as Rerun does."""

    def __init__(self, n: int) -> None:
        super().__init__(np.float32, n * n)
        self.n = n
        self.expected = f"a {n}x{n} matrix, a flat {n * n}-element row-major matrix, or shape (N, {n}, {n})"

    def convert(self, data: Any) -> Payload:
        n = self.n
        if type(data) is np.ndarray and data.shape == (n, n) and data.dtype.kind in "iuf":
            # The common case, one matrix: kept as it is; Rust transposes and converts it to
            # float32 during the one copy it makes when the batch is logged.
            return _payload.matrix(data, n)
        arr = _as_dtype(data, np.float32)
        if arr.size % (n * n) != 0:
            raise ValueError(f"expected {self.expected}, got shape {arr.shape}")
        cols = np.ascontiguousarray(arr.reshape(-1, n, n).transpose(0, 2, 1), dtype=np.float32)
        return _payload.fixed(cols.reshape(-1, n * n), n * n)


class Rgba32(Primitive):
    """Colors as rerun-sdk packs them: 0xRRGGBBAA ints, RGB/RGBA uint8, or 0–1 floats."""

    def __init__(self) -> None:
        super().__init__(np.uint32)
        self.expected = "0xRRGGBBAA integers, or (N, 3)/(N, 4) RGB(A) as uint8 0-255 or float 0-1"

    def convert(self, data: Any) -> Payload:
        if type(data) is int and 0 <= data <= 0xFFFFFFFF:  # one 0xRRGGBBAA
            return _payload.py_scalar(data, "uint32")
        if (
            type(data) is np.ndarray
            and data.ndim == 2
            and data.shape[1] in (3, 4)
            and data.dtype.type in (np.uint8, np.float32, np.float64)
        ):
            # (N, 3|4) bytes or 0-1 floats: Rust packs them, on the batcher thread when logged.
            return _payload.rgba(data)
        return _payload.fixed(self.packed(data), 0)

    def packed(self, data: Any) -> npt.NDArray[np.uint32]:
        """The colors as a flat array of 0xRRGGBBAA, packed here with numpy."""
        if isinstance(data, (int, np.integer)):
            return np.array([data], dtype=np.uint32)
        arr = np.asarray(data)
        if arr.dtype == object:
            raise TypeError(f"expected {self.expected}, got an object array")
        if arr.size == 0:
            return np.zeros(0, dtype=np.uint32)
        arr = arr.squeeze()
        if arr.ndim <= 1:
            if arr.dtype == np.uint32:
                return arr.reshape(-1)
            if arr.dtype.kind in "iu" and arr.dtype not in (np.uint8,):
                if arr.size in (3, 4) and arr.max() < 256:
                    arr = arr.reshape(1, -1)
                else:
                    return arr.astype(np.uint32).reshape(-1)
            else:
                arr = arr.reshape(-1, 4) if arr.size > 4 else arr.reshape(1, -1)
        if arr.ndim != 2 or arr.shape[1] not in (3, 4):
            raise ValueError(f"expected {self.expected}, got shape {arr.shape}")
        if arr.dtype.kind == "f":
            arr = np.round(arr * 255.0)
        rgba = np.asarray(arr, dtype=np.uint8)
        if rgba.shape[1] == 3:
            rgba = np.concatenate([rgba, np.full((len(rgba), 1), 255, np.uint8)], axis=1)
        # 0xRRGGBBAA in a little-endian u32 is the byte sequence A, B, G, R.
        packed = np.ascontiguousarray(rgba[:, ::-1]).view(np.uint32).reshape(-1)
        return packed


class Utf8(Shape):
    """Strings go to Rust as they are: one call copies them into an Arrow Utf8 array."""

    expected = "a str or a sequence of str"

    def convert(self, data: Any) -> Payload:
        if isinstance(data, np.ndarray):
            data = data.reshape(-1).tolist()
        elif not isinstance(data, (str, Sequence)):
            data = (str(data),)  # as rerun-sdk: any scalar becomes its str()
        return _native.strings_to_array(data)  # type: ignore[return-value]


class Blob(Shape):
    """Binary blobs: bytes, bytearray, memoryview or uint8 numpy (one blob, borrowed, not
    copied), or a sequence of them (concatenated once)."""

    expected = "bytes, bytearray, memoryview, a uint8 array, or a sequence of them"

    def make_init(self) -> Callable[..., None]:
        convert, u8 = self.convert, np.dtype(np.uint8)

        def __init__(batch: Any, data: Any, strict: bool | None = None) -> None:
            t = type(data)
            if t is bytes or (t is np.ndarray and data.dtype is u8):  # one blob, as it is
                batch._numpy_data = ("blob", data)  # = _payload.blob(data), inline
            else:
                batch._numpy_data = convert([] if data is None else data)

        return __init__

    @staticmethod
    def _one(b: Any) -> npt.NDArray[np.uint8]:
        if isinstance(b, np.ndarray):
            if b.dtype != np.uint8:
                raise TypeError(f"expected a uint8 array, got dtype {b.dtype}")
            return b.reshape(-1)
        return np.frombuffer(b, dtype=np.uint8)

    def convert(self, data: Any) -> Payload:
        t = type(data)
        if t is bytes or t is bytearray or (t is np.ndarray and data.dtype.type is np.uint8):
            return _payload.blob(data)  # one blob: Rust flattens it and adds the offsets
        if isinstance(data, (bytes, bytearray, memoryview, np.ndarray)):
            one = self._one(data)
            return _payload.varlen(one, np.array([0, one.size], dtype=np.int32), 0)
        if not isinstance(data, Sequence):
            raise TypeError(f"expected {self.expected}, got {_describe(data)}")
        parts = [self._one(b) for b in data]
        offsets = np.zeros(len(parts) + 1, dtype=np.int32)
        np.cumsum([p.size for p in parts], out=offsets[1:])
        flat = np.concatenate(parts) if parts else np.zeros(0, np.uint8)
        return _payload.varlen(flat, offsets, 0)


class LineStrips(Shape):
    """Line strips: one flat float32 buffer of points plus offsets (in points)."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.expected = f"a sequence of (N_i, {dim}) point arrays, or an (M, N, {dim}) array"

    def convert(self, data: Any) -> Payload:
        k = self.dim
        if isinstance(data, np.ndarray) and data.ndim == 3 and data.shape[2] == k:
            m, n = data.shape[:2]
            offsets = np.arange(0, (m + 1) * n, n, dtype=np.int32)
            return _payload.varlen(_as_dtype(data, np.float32).reshape(-1, k), offsets, k)
        if isinstance(data, np.ndarray) and data.ndim == 2:
            strips: list[Any] = [data]
        elif isinstance(data, Sequence) and not isinstance(data, str):
            first = data[0] if len(data) else None
            if _is_point(first, k):
                strips = [data]  # a single strip given as a list of points
            else:
                strips = list(data)
        elif hasattr(data, "points"):
            strips = [data.points]
        else:
            raise TypeError(f"expected {self.expected}, got {_describe(data)}")
        if len(strips) == 1 and type(strips[0]) in (list, tuple):
            # One strip of Python points: read by Rust straight into FixedSizeList<k x f32>.
            points = _values_to_array(strips[0], "float32", k)
            if points is not None:
                return _payload.list_of(_one_list_offsets(len(points)), points, False)
        arrays = []
        for strip in strips:
            if hasattr(strip, "points"):
                strip = strip.points
            a = _as_dtype(strip, np.float32)
            if a.size == 0:
                a = a.reshape(0, k)
            if a.ndim != 2 or a.shape[1] != k:
                raise ValueError(f"expected {self.expected}, got a strip of shape {a.shape}")
            arrays.append(a)
        if len(arrays) == 1:  # the common case: no concatenation
            return _payload.varlen(arrays[0], np.array((0, len(arrays[0])), dtype=np.int32), k)
        offsets = np.array((0, *itertools.accumulate(len(a) for a in arrays)), dtype=np.int32)
        flat = np.concatenate(arrays) if arrays else np.zeros((0, k), np.float32)
        return _payload.varlen(flat, offsets, k)


_ONE_LIST_OFFSETS: dict[int, npt.NDArray[np.int32]] = {}


def _one_list_offsets(n: int) -> npt.NDArray[np.int32]:
    """`[0, n]` as read-only int32 offsets, shared (Rust only reads them)."""
    offsets = _ONE_LIST_OFFSETS.get(n)
    if offsets is None:
        if len(_ONE_LIST_OFFSETS) >= 1024:
            _ONE_LIST_OFFSETS.clear()
        offsets = np.array((0, n), dtype=np.int32)
        offsets.flags.writeable = False
        _ONE_LIST_OFFSETS[n] = offsets
    return offsets


def _is_point(x: Any, k: int) -> bool:
    """Whether `x` is one k-d point (so its container is a single strip), without numpy."""
    if type(x) is np.ndarray:
        return x.ndim == 1 and x.shape[0] == k
    return type(x) in (list, tuple) and len(x) == k and not isinstance(x[0], (list, tuple, np.ndarray))


class Enum(Primitive):
    """u8 enums: case-insensitive names, enum members or ints (values are 1-based)."""

    def __init__(self, name: str, variants: list[str]) -> None:
        super().__init__(np.uint8)
        self.name = name
        self.variants = variants
        self.by_name = {v.lower(): i + 1 for i, v in enumerate(variants)}
        self.expected = f"one of {', '.join(variants)} (or a sequence of them)"

    def value(self, v: Any) -> int:
        if isinstance(v, str):
            try:
                return self.by_name[v.lower().replace("_", "")]
            except KeyError:
                raise ValueError(f"unknown {self.name} {v!r}: expected {self.expected}") from None
        if hasattr(v, "value") and hasattr(v, "name"):
            return int(v.value)
        iv = int(v)
        if not 1 <= iv <= len(self.variants):
            raise ValueError(f"{self.name} value {iv} out of range 1..{len(self.variants)}")
        return iv

    def convert(self, data: Any) -> Payload:
        if type(data) is str:  # the common case: one name
            return _payload.py_scalar(self.value(data), "uint8")
        if isinstance(data, np.ndarray) and data.dtype.kind in "iu":
            return super().convert(data)
        items = data if isinstance(data, (list, tuple)) else [data]
        if any(v is None for v in items):
            # `None` in a list → a null entry (a nullable array, as rerun-sdk makes).
            valid = np.array([v is not None for v in items], dtype=np.bool_)
            values = np.array([0 if v is None else self.value(v) for v in items], dtype=np.uint8)
            return _payload.nullable(_payload.fixed(values, 0), valid)
        return _payload.fixed(np.array([self.value(v) for v in items], dtype=np.uint8), 0)


class RotationAxisAngle(Shape):
    """`struct<axis: fsl<f32>[3], angle: f32>` from `RotationAxisAngle` objects (or (axis, rad) pairs)."""

    expected = "a RotationAxisAngle(axis=..., angle=...) or a sequence of them"

    def convert(self, data: Any) -> Payload:
        items = data if isinstance(data, (list, tuple)) and data and not _is_axis_angle(data) else [data]
        if isinstance(data, (list, tuple)) and not data:
            items = []
        axes = np.zeros((len(items), 3), dtype=np.float32)
        angles = np.zeros(len(items), dtype=np.float32)
        for i, it in enumerate(items):
            if hasattr(it, "axis") and hasattr(it, "angle"):
                axis, angle = it.axis, it.angle
            elif isinstance(it, (list, tuple)) and len(it) == 2:
                axis, angle = it
            else:
                raise TypeError(f"expected {self.expected}, got {_describe(it)}")
            axes[i] = np.asarray(axis, dtype=np.float32).reshape(3)
            angles[i] = float(getattr(angle, "radians", angle))
        return _payload.struct(
            (("axis", _payload.fixed(axes, 3), False), ("angle", _payload.fixed(angles, 0), False))
        )


def _is_axis_angle(x: Any) -> bool:
    return len(x) == 2 and np.ndim(x[0]) == 1 and np.ndim(getattr(x[1], "radians", x[1])) == 0


# --- shapes: family A ---


# --- shapes: family B ---


# --- shapes: family C ---
