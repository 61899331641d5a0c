"""The handful of shapes every component shares: primitive, fixed-size list, var-length, enum.

A shape turns user input (scalars, lists, tuples, numpy of any dtype) into the payload Rust
takes: `(ndarray, list_size)` (`list_size == 0` for primitives) or `(data, offsets, inner_size)`.
No pyarrow here: Arrow arrays are built in Rust.
"""

from __future__ import annotations

import itertools
import sys
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
        # numpy's exception type, as rerun-sdk raises it: ValueError for ragged lists or
        # unparsable strings, TypeError for objects that are not numbers.
        raise type(err)(f"expected numeric data, got {_describe(data)} ({err})") from None


def _describe(data: Any) -> str:
    if isinstance(data, np.ndarray):
        return f"array of shape {data.shape} and dtype {data.dtype}"
    return type(data).__name__


def _guarded(batch: Any, convert: Callable[[Any], Payload], data: Any, strict: bool | None) -> Payload:
    """`convert(data)` for a batch constructor, as rerun-sdk's `BaseBatch(data, strict)`: bad
    data raises in strict mode (or with `strict=True`: archetype constructors pass it and drop
    the field themselves, so nothing warns twice), else warns and gives an empty batch."""
    try:
        return convert([] if data is None else data)
    except (TypeError, ValueError, OverflowError) as err:
        return _rejected(batch, convert, err, strict, 3)


def _rejected(
    batch: Any, convert: Callable[[Any], Payload], err: Exception, strict: bool | None, depth: int = 2
) -> Payload:
    """What a batch constructor does with input `convert` refused (see `_guarded`); called from
    the constructor itself (`depth` 2: the constructor's caller is two frames up) or `_guarded`."""
    from .error_utils import _PKG_DIR, _report

    if strict is None:
        # nparrow's own code (conversions that try one form, then another) gets the
        # exception; only a batch built by the user warns.
        caller = sys._getframe(depth)
        if caller.f_code.co_filename.startswith(_PKG_DIR) or caller.f_globals.get("__name__", "").startswith(
            "nparrow."
        ):
            raise err
    _report(type(batch).__name__, err, strict=strict)
    empty = convert([])
    if _payload.length(empty) == 0:
        return empty
    # Shapes whose `convert([])` is one empty value (an annotation context, a column order):
    # an array of none of them, as rerun-sdk's empty batch.
    return _native.payload_to_array(empty, copy=True).empty()


class Shape:
    """Base: `convert` builds the payload (its length: `_payload.length`); `make_init` gives the
    `__init__` of the batch classes of this shape."""

    expected: str = ""

    def convert(self, data: Any) -> Payload:
        raise NotImplementedError

    def make_init(self) -> Callable[..., None]:
        """The batch `__init__` of this shape, marked with the shape that made it. A shape with
        hot input forms (`hot_form`) has them recognised in Rust (`_native.FieldPlan`, the same
        rule an archetype's constructor uses for its fields: one implementation), anything else
        goes to `convert`; a shape without keeps its own `_make_init`."""
        form = self.hot_form()
        init = self._make_init() if form is None else self._planned_init(form)
        init._nparrow_shape = self  # type: ignore[attr-defined]
        return init

    def hot_form(self) -> tuple[Any, ...] | None:
        """The input forms Rust stores without calling Python code, as `_native.FieldPlan` reads
        them (src/sdk/fields.rs); None: every input goes through `convert`. The payload Rust
        builds for each must equal, as Arrow, what `convert` builds for it (tested)."""
        return None

    def _planned_init(self, form: tuple[Any, ...]) -> Callable[..., None]:
        """The batch `__init__` of a shape with hot forms: Rust's payload, or `convert`."""
        convert, take = self.convert, _native.FieldPlan((form,)).take_one

        def __init__(batch: Any, data: Any, strict: bool | None = None) -> None:
            taken = take(data)
            if taken is not None:
                batch._numpy_data = taken
                return
            try:
                batch._numpy_data = convert([] if data is None else data)
            except (TypeError, ValueError, OverflowError) as err:
                batch._numpy_data = _rejected(batch, convert, err, strict)

        return __init__

    def _make_init(self) -> Callable[..., None]:
        """The batch `__init__`: stores `convert(data)`."""
        convert = self.convert

        def __init__(batch: Any, data: Any, strict: bool | None = None) -> None:
            # `_guarded`, inline: one Python call less on the hot path.
            try:
                batch._numpy_data = convert([] if data is None else data)
            except (TypeError, ValueError, OverflowError) as err:
                batch._numpy_data = _rejected(batch, convert, err, strict)

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
            self.int_range = (int(np.iinfo(dtype).min), int(np.iinfo(dtype).max))  # type: ignore[type-var]
        else:
            self.int_range = (-(2**53), 2**53) if kind == "f" else (1, 0)

    def hot_form(self) -> tuple[Any, ...] | None:
        """A 1-d array of the native dtype, one Python number the dtype takes, a list of numbers."""
        if type(self).convert is not Primitive.convert:
            return None
        lo, hi = self.int_range
        return ("primitive", np.dtype(self.dtype), self.name, lo, hi, self.takes_float, self.takes_bool)

    def convert(self, data: Any) -> Payload:
        """Any input (the hot forms, `hot_form`, are taken in Rust before this is called): lists
        of numbers read by Rust, anything else through numpy."""
        if type(data) is list or type(data) is tuple:
            # `None` means numpy reads the list differently: it decides below.
            arr: Any = _values_to_array(data, self.name, 0)
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

    def hot_form(self) -> tuple[Any, ...] | None:
        """An array of the native dtype shaped (N, k) or flat, a list of numbers."""
        if type(self).convert is not FixedSize.convert:
            return None
        return ("fixed", np.dtype(self.dtype), self.name, self.size)

    def convert(self, data: Any) -> Payload:
        """Any input (the hot forms, `hot_form`, are taken in Rust before this is called): through
        numpy, arrays of the dtype as they are."""
        k = self.size
        arr = _as_dtype(data, self.dtype)
        if (arr.ndim == 2 and arr.shape[1] == k) or (arr.ndim == 1 and arr.size % k == 0):
            return _payload.fixed(arr, k)
        # As rerun-sdk: any shape whose last dimension that is not 1 (after the first) is k,
        # e.g. (N, 3, 1) or (N, 1, 3), is N elements; unit dimensions are squeezed away.
        last = next((d for d in reversed(arr.shape[1:]) if d != 1), 1)
        if arr.ndim < 2 or last != k:
            raise ValueError(f"expected {self.expected}, got shape {arr.shape}")
        return _payload.fixed(arr.reshape(-1, k), k)


class NestedFixed(Shape):
    """`FixedSizeList<outer x FixedSizeList<inner x T>>`: e.g. 15 RGB spherical-harmonics
    coefficients per splat, from `(N, outer, inner)` (or anything with a multiple of
    outer*inner values). Arrays of `dtype` are passed as they are (views, no copy)."""

    def __init__(self, dtype: type[np.generic], outer: int, inner: int) -> None:
        self.dtype, self.outer, self.inner = dtype, outer, inner
        self.expected = f"shape (N, {outer}, {inner}) or a multiple of {outer * inner} values"

    def convert(self, data: Any) -> Payload:
        arr = _as_dtype(data, self.dtype)
        per = self.outer * self.inner
        if arr.ndim == 0 or arr.size % per != 0 or (arr.ndim > 1 and arr.shape[-1] not in (self.inner, per)):
            raise ValueError(f"expected {self.expected}, got shape {arr.shape}")
        return _payload.fixed_of(_payload.fixed(arr.reshape(-1, self.inner), self.inner), self.outer)


class Matrix(FixedSize):
    """n×n matrices given as rows (numpy's layout) are stored column-major, as Rerun does."""

    def __init__(self, n: int) -> None:
        super().__init__(np.float32, n * n)
        self.n = n
        self.expected = f"a {n}x{n} matrix, a flat {n * n}-element row-major matrix, or shape (N, {n}, {n})"

    def hot_form(self) -> tuple[Any, ...] | None:
        """One (n, n) array of an integer or float dtype (the first branch of `convert`)."""
        return ("matrix", self.n) if type(self).convert is Matrix.convert else None

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

    def hot_form(self) -> tuple[Any, ...] | None:
        """One 0xRRGGBBAA int, an (N, 3|4) array of uint8 or 0-1 floats (the first two branches
        of `convert`)."""
        return ("rgba",) if type(self).convert is Rgba32.convert else None

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

    def _make_init(self) -> Callable[..., None]:
        convert, u8 = self.convert, np.dtype(np.uint8)

        def __init__(batch: Any, data: Any, strict: bool | None = None) -> None:
            t = type(data)
            if t is bytes or (t is np.ndarray and data.dtype is u8 and data.ndim == 1 and data.size):
                batch._numpy_data = ("blob", data)  # = _payload.blob(data), inline (one blob)
            else:
                batch._numpy_data = _guarded(batch, convert, data, strict)

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
        if isinstance(data, np.ndarray) and data.ndim != 1:
            # As rerun-sdk: an (N, ...) array is N blobs, one per row.
            if data.ndim == 0:
                raise TypeError(f"expected {self.expected}, got {_describe(data)}")
            rows = self._one(data.reshape(len(data), -1)).reshape(len(data), -1)
            offsets = np.arange(len(data) + 1, dtype=np.int32) * rows.shape[1]
            return _payload.varlen(rows.reshape(-1), offsets, 0)
        if isinstance(data, np.ndarray) and len(data) == 0:
            return _payload.varlen(np.zeros(0, np.uint8), np.zeros(1, dtype=np.int32), 0)  # no blob
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
    """Line strips: one flat buffer of points plus offsets (in points); float32 by default
    (`LineStrip2D/3D`), float64 for `GeoLineString`'s lat/lon pairs."""

    def __init__(self, dim: int, dtype: type[np.generic] = np.float32) -> None:
        self.dim = dim
        self.dtype = dtype
        self.name = np.dtype(dtype).name
        self.expected = f"a sequence of (N_i, {dim}) point arrays, or an (M, N, {dim}) array"

    def _strips(self, flat: Any, offsets: Any) -> Payload:
        """`List<FixedSizeList<k x T>>` over `flat` (N, k) points split at `offsets`."""
        if self.dtype is np.float32:
            return _payload.varlen(flat, offsets, self.dim)
        return _payload.list_of(offsets, _payload.fixed(flat, self.dim), False)

    def convert(self, data: Any) -> Payload:
        k = self.dim
        if isinstance(data, np.ndarray) and data.ndim == 3 and data.shape[2] == k:
            m, n = data.shape[:2]
            offsets = np.arange(0, (m + 1) * n, n, dtype=np.int32)
            return self._strips(_as_dtype(data, self.dtype).reshape(-1, k), offsets)
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
            # One strip of Python points: read by Rust straight into FixedSizeList<k x T>.
            points = _values_to_array(strips[0], self.name, k)
            if points is not None:
                return _payload.list_of(_one_list_offsets(len(points)), points, False)
        arrays = []
        for strip in strips:
            if hasattr(strip, "points"):
                strip = strip.points
            a = _as_dtype(strip, self.dtype)
            if a.size == 0:
                a = a.reshape(0, k)
            if a.ndim != 2 or a.shape[1] != k:
                raise ValueError(f"expected {self.expected}, got a strip of shape {a.shape}")
            arrays.append(a)
        if len(arrays) == 1:  # the common case: no concatenation
            return self._strips(arrays[0], np.array((0, len(arrays[0])), dtype=np.int32))
        offsets = np.array((0, *itertools.accumulate(len(a) for a in arrays)), dtype=np.int32)
        flat = np.concatenate(arrays) if arrays else np.zeros((0, k), self.dtype)
        return self._strips(flat, offsets)


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


class ValueEnum(Enum):
    """Enums whose values are codes, not 1..n (rerun's `VideoCodec`: u32 fourcc-like values):
    `Enum`'s names, members and ints, with explicit values and dtype. `members` also gives the
    Python enum of `nparrow.components` its values."""

    def __init__(self, name: str, members: dict[str, int], dtype: type[np.generic]) -> None:
        super().__init__(name, list(members))
        self.dtype = dtype
        self.members = dict(members)
        self.by_name = {k.lower().replace("_", ""): v for k, v in members.items()}
        self._codes = frozenset(members.values())
        self._np_name = np.dtype(dtype).name

    def value(self, v: Any) -> int:
        if isinstance(v, str):
            return super().value(v)
        iv = int(v.value) if hasattr(v, "value") and hasattr(v, "name") else int(v)
        if iv not in self._codes:
            raise ValueError(f"{self.name} value {iv:#x} is not one of {self.expected}")
        return iv

    def convert(self, data: Any) -> Payload:
        if type(data) is str:
            return _payload.py_scalar(self.value(data), self._np_name)
        if isinstance(data, np.ndarray):
            data = data.reshape(-1).tolist()
        items = data if isinstance(data, (list, tuple)) else [data]
        values = np.array([0 if v is None else self.value(v) for v in items], dtype=self.dtype)
        if any(v is None for v in items):
            valid = np.array([v is not None for v in items], dtype=np.bool_)
            return _payload.nullable(_payload.fixed(values, 0), valid)
        return _payload.fixed(values, 0)


def _text(x: Any) -> str:
    """One string of a pair: str as is, rerun-sdk's `Utf8` by its value, anything else by str()."""
    if type(x) is str:
        return x
    value = getattr(x, "value", None)
    return value if isinstance(value, str) else str(x)


def _pair(item: Any) -> tuple[str, str]:
    if hasattr(item, "first") and hasattr(item, "second"):  # rerun-sdk's Utf8Pair / GraphEdge
        return _text(item.first), _text(item.second)
    if hasattr(item, "__len__") and len(item) == 2:  # as rerun-sdk: any 2-item sequence
        return _text(item[0]), _text(item[1])
    raise ValueError(f"expected a (first, second) pair, got {_describe(item)}")


def _is_str_pair(x: Any) -> bool:
    """One pair given as a 2-tuple/list of str (or a pair object), not a batch of pairs."""
    if hasattr(x, "first") and hasattr(x, "second"):
        return True
    return type(x) in (tuple, list) and len(x) == 2 and all(type(s) is str for s in x)


class StringPairs(Shape):
    """`struct<first: utf8, second: utf8>` (rerun's `Utf8Pair`: graph edges) from pair objects
    (`.first`/`.second`), 2-item sequences or an (N, 2) array of str. One `(a, b)` tuple of str
    is one pair (rerun-sdk would split each string into its characters)."""

    expected = "a (first, second) pair of str, a sequence of them, or an (N, 2) array"

    def convert(self, data: Any) -> Payload:
        if isinstance(data, np.ndarray):
            if data.ndim != 2 or data.shape[1] != 2:
                raise ValueError(f"expected {self.expected}, got shape {data.shape}")
            return self.payload([_text(x) for x in data[:, 0]], [_text(x) for x in data[:, 1]])
        if _is_str_pair(data):
            data = [data]
        elif isinstance(data, str) or not hasattr(data, "__iter__"):
            raise TypeError(f"expected {self.expected}, got {_describe(data)}")
        pairs = [_pair(item) for item in data]
        return self.payload([a for a, _ in pairs], [b for _, b in pairs])

    @staticmethod
    def payload(firsts: list[str], seconds: list[str]) -> Payload:
        return _payload.struct(
            (
                ("first", _native.strings_to_array(firsts), False),
                ("second", _native.strings_to_array(seconds), False),
            )
        )


class StringPairLists(Shape):
    """`List<struct<first: utf8, second: utf8>>` (rerun's `KeyValuePairs`): one list per dict,
    `.pairs` object or sequence of pairs; a sequence of such is a batch. A flat list of
    `(key, value)` tuples is one list (rerun-sdk refuses that form)."""

    expected = "a dict, a sequence of (key, value) pairs, or a sequence of them"

    @staticmethod
    def _pairs(group: Any) -> list[tuple[str, str]]:
        if isinstance(group, dict):
            return [(_text(k), _text(v)) for k, v in group.items()]
        if hasattr(group, "pairs"):
            return [_pair(p) for p in group.pairs]
        if isinstance(group, str) or not hasattr(group, "__iter__"):
            raise ValueError(f"cannot convert {_describe(group)} to KeyValuePairs")
        out: list[tuple[str, str]] = []
        for item in group:
            if isinstance(item, dict):
                out.extend((_text(k), _text(v)) for k, v in item.items())
            else:
                out.append(_pair(item))
        return out

    def convert(self, data: Any) -> Payload:
        if isinstance(data, dict) or hasattr(data, "pairs"):
            groups: list[Any] = [data]
        elif isinstance(data, (list, tuple)) and data and all(_is_str_pair(x) for x in data):
            groups = [data]
        elif isinstance(data, str) or not hasattr(data, "__iter__"):
            raise TypeError(f"expected {self.expected}, got {_describe(data)}")
        else:
            groups = list(data)
        firsts: list[str] = []
        seconds: list[str] = []
        offsets = np.zeros(len(groups) + 1, dtype=np.int32)
        for i, g in enumerate(groups):
            for a, b in self._pairs(g):
                firsts.append(a)
                seconds.append(b)
            offsets[i + 1] = len(firsts)
        return _payload.list_of(offsets, StringPairs.payload(firsts, seconds), False)


class ChannelMessageCountsShape(Shape):
    """`List<struct<channel_id: u16, message_count: u64>>`. rerun-sdk 0.41 cannot serialize this
    component (its batch raises NotImplementedError, so it warns and logs an empty batch): to
    write the same recordings nparrow does the same — counts given warn (raise in strict mode)
    and an empty batch is logged. Nothing to lose (an empty input) logs it without a warning."""

    expected = "a dict of channel id → message count (not serializable in rerun-sdk 0.41)"

    def convert(self, data: Any) -> Payload:
        if hasattr(data, "__len__") and len(data) > 0:
            from .error_utils import _report

            _report(
                "ChannelMessageCountsBatch",
                NotImplementedError(
                    "Arrow serialization of ChannelMessageCounts not implemented (as in rerun-sdk 0.41)"
                ),
            )
        counts = _payload.struct(
            (
                ("channel_id", _payload.fixed(np.zeros(0, np.uint16), 0), False),
                ("message_count", _payload.fixed(np.zeros(0, np.uint64), 0), False),
            )
        )
        return _payload.list_of(np.zeros(1, dtype=np.int32), counts, False)


# --- shapes: family C ---


def _tensor_numpy(data: Any) -> npt.NDArray[Any]:
    """An array-like (or a torch-style tensor with `.numpy(force=...)`) as numpy, not copied
    when it already is one."""
    if isinstance(data, np.ndarray):
        return data
    numpy_fn = getattr(data, "numpy", None)
    if numpy_fn is not None:
        try:
            return numpy_fn(force=True)  # type: ignore[no-any-return]
        except TypeError:
            return numpy_fn()  # type: ignore[no-any-return]
    return np.asarray(data)


def _is_tensor_data(x: Any) -> bool:
    """A `TensorData` (nparrow's, in `encodings`, or rerun-sdk's): read by its fields, `shape`,
    `buffer` (a TensorBuffer, or an array) and `names`, so this module imports neither class."""
    return not isinstance(x, np.ndarray) and all(hasattr(x, f) for f in ("shape", "buffer", "names"))


def _readonly(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
    a.flags.writeable = False
    return a


# rerun's `TensorBuffer` union: a `Null` marker, then one `List<T>` variant per dtype (type id = position).
_TENSOR_VARIANTS: tuple[tuple[str, type[np.generic]], ...] = (
    ("U8", np.uint8),
    ("U16", np.uint16),
    ("U32", np.uint32),
    ("U64", np.uint64),
    ("I8", np.int8),
    ("I16", np.int16),
    ("I32", np.int32),
    ("I64", np.int64),
    ("F16", np.float16),
    ("F32", np.float32),
    ("F64", np.float64),
)
_TENSOR_TYPE_ID = {dt: i + 1 for i, (_, dt) in enumerate(_TENSOR_VARIANTS)}
_TENSOR_TYPE_IDS = {i: _readonly(np.array([i], dtype=np.int8)) for i in _TENSOR_TYPE_ID.values()}
_ZERO_OFFSET = _readonly(np.zeros(1, dtype=np.int32))
_EMPTY_TENSOR_VARIANTS: tuple[tuple[str, Any, bool], ...] = (
    ("_null_markers", None, True),
    *(
        (name, _payload.list_of(_ZERO_OFFSET, _payload.fixed(_readonly(np.zeros(0, dt)), 0), False), False)
        for name, dt in _TENSOR_VARIANTS
    ),
)
# `names: null`: an empty list, masked.
_NO_NAMES = _payload.nullable(
    _payload.list_of(
        _readonly(np.zeros(2, dtype=np.int32)),
        _payload.varlen(_readonly(np.zeros(0, np.uint8)), _ZERO_OFFSET, -1),
        False,
    ),
    _readonly(np.zeros(1, dtype=np.bool_)),
)


class TensorDataShape(Shape):
    """`struct<shape: List<u64>, names: List<utf8>?, buffer: dense union of List<T> per dtype>`:
    one tensor per batch, from a `TensorData`, a one-element sequence of it, or any array-like
    (as rerun-sdk: tensors do not batch). The flat buffer goes to Rust as it is (borrowed)."""

    expected = "a TensorData or an array-like of numbers (one tensor)"

    def convert(self, data: Any) -> Payload:
        if isinstance(data, Sequence) and len(data) > 0 and _is_tensor_data(data[0]):
            if len(data) > 1:
                raise ValueError("Tensors do not support batches")
            data = data[0]
        if not _is_tensor_data(data):  # an array-like: what `TensorData(array=data)` holds
            arr = _tensor_numpy(data)
            return self.payload(np.asarray(arr.shape, dtype=np.uint64), arr.reshape(-1), None)
        buf = data.buffer
        flat = _tensor_numpy(getattr(buf, "inner", buf)).reshape(-1)  # a view of the TensorBuffer's
        return self.payload(np.asarray(data.shape, dtype=np.uint64).reshape(-1), flat, data.names)

    @staticmethod
    def payload(
        shape: npt.NDArray[np.uint64], buf: npt.NDArray[Any], dim_names: Sequence[str] | None
    ) -> Payload:
        """One tensor: its `shape` (uint64), flat buffer (borrowed as it is) and dimension names."""
        type_id = _TENSOR_TYPE_ID.get(buf.dtype.type)
        if type_id is None:
            raise TypeError(
                f"unsupported tensor dtype {buf.dtype}: expected one of {', '.join(n for n, _ in _TENSOR_VARIANTS)}"
            )
        if buf.size > 2**31 - 1:
            raise ValueError(f"a tensor of {buf.size} elements exceeds int32 list offsets")
        variants = list(_EMPTY_TENSOR_VARIANTS)
        name = variants[type_id][0]
        variants[type_id] = (
            name,
            _payload.list_of(_one_list_offsets(buf.size), _payload.fixed(buf, 0), False),
            False,
        )
        names: Payload = _NO_NAMES
        if dim_names is not None:
            names = _payload.list_of(
                _one_list_offsets(len(dim_names)), _native.strings_to_array(list(dim_names)), False
            )
        return _payload.struct(
            (
                (
                    "shape",
                    _payload.list_of(_one_list_offsets(len(shape)), _payload.fixed(shape, 0), False),
                    False,
                ),
                ("names", names, True),
                (
                    "buffer",
                    _payload.dense_union(tuple(variants), _TENSOR_TYPE_IDS[type_id], _ZERO_OFFSET),
                    True,
                ),
            )
        )


# --- shapes: blueprint ---


class Uuid(FixedSize):
    """16-byte ids (`FixedSizeList<16 x u8>`, rerun's `datatypes.Uuid`): `uuid.UUID`, 16 bytes,
    a uint8 array of 16 (or (N, 16)), or a sequence of them."""

    def __init__(self) -> None:
        super().__init__(np.uint8, 16)
        self.expected = "a uuid.UUID, 16 bytes, or a sequence of them"

    @staticmethod
    def _bytes(x: Any) -> bytes | None:
        raw = getattr(x, "bytes", x)  # uuid.UUID → its 16 bytes
        return bytes(raw) if isinstance(raw, (bytes, bytearray, memoryview)) and len(raw) == 16 else None

    def convert(self, data: Any) -> Payload:
        one = self._bytes(data)
        if one is not None:
            return _payload.fixed(np.frombuffer(one, dtype=np.uint8).copy(), 16)
        if isinstance(data, (list, tuple)) and all(self._bytes(x) is not None for x in data):
            flat = b"".join(self._bytes(x) or b"" for x in data)
            return _payload.fixed(np.frombuffer(flat, dtype=np.uint8).copy(), 16)
        return super().convert(data)


def _nullable_column(shape: Shape, values: list[Any]) -> Payload:
    """`shape.convert(values)` where some values are None: nulls, for the primitive and string
    shapes (the ones rerun's blueprint structs have nullable)."""
    valid = np.array([v is not None for v in values], dtype=np.bool_)
    if isinstance(shape, Enum):
        return shape.convert(values)  # Enum makes its own nulls
    if isinstance(shape, Utf8):
        encoded = [b"" if v is None else _text(v).encode() for v in values]
        offsets = np.zeros(len(values) + 1, dtype=np.int32)
        np.cumsum([len(b) for b in encoded], out=offsets[1:])
        data = np.frombuffer(b"".join(encoded), dtype=np.uint8).copy()
        return _payload.nullable(_payload.varlen(data, offsets, -1), valid)
    if isinstance(shape, Primitive):
        arr = np.array([0 if v is None else v for v in values], dtype=shape.dtype)
        return _payload.nullable(_payload.fixed(arr, 0), valid)
    raise TypeError(f"{type(shape).__name__} fields cannot hold None")


class Struct(Shape):
    """A struct of child shapes, `((name, shape, nullable), ...)`: from objects with those
    attributes, dicts, or tuples (positional), one or a sequence of them. `make` turns any other
    item into such an object (rerun-sdk's `Batch(x)` accepts what the datatype's constructor
    takes)."""

    def __init__(
        self, name: str, fields: tuple[tuple[str, Shape, bool], ...], make: Callable[[Any], Any] | None = None
    ) -> None:
        self.name = name
        self.fields = fields
        self.make = make
        self.expected = f"a {name} (or a sequence of them)"

    def _is_one(self, x: Any) -> bool:
        return isinstance(x, dict) or all(hasattr(x, f) for f, _, _ in self.fields)

    def _items(self, data: Any) -> list[Any]:
        if self._is_one(data):
            return [data]
        if isinstance(data, (list, tuple)):
            if all(self._is_one(x) for x in data):
                return list(data)
            if self.make is not None:
                return [x if self._is_one(x) else self.make(x) for x in data]
        elif self.make is not None:
            return [self.make(data)]
        raise TypeError(f"expected {self.expected}, got {_describe(data)}")

    @staticmethod
    def _get(item: Any, name: str) -> Any:
        return item.get(name) if isinstance(item, dict) else getattr(item, name)

    def convert(self, data: Any) -> Payload:
        items = self._items(data)
        children = []
        for name, shape, nullable in self.fields:
            values = [self._get(item, name) for item in items]
            if (
                nullable
                and any(v is None for v in values)
                and not isinstance(shape, (Struct, TimeBoundaryUnion))
            ):
                child = _nullable_column(shape, values)
            else:
                child = shape.convert(values)
            children.append((name, child, nullable))
        return _payload.struct(tuple(children))


class ListOf(Shape):
    """`List<item>` of one child shape: one list (a sequence of items), or a sequence of lists."""

    def __init__(self, item: Shape, *, is_item: Callable[[Any], bool]) -> None:
        self.item = item
        self.is_item = is_item
        self.expected = "a sequence of items, or a sequence of such sequences"

    def convert(self, data: Any) -> Payload:
        if isinstance(data, np.ndarray):
            data = data.tolist()
        if not isinstance(data, (list, tuple)):
            raise TypeError(f"expected {self.expected}, got {_describe(data)}")
        groups = [data] if all(self.is_item(x) for x in data) else [list(g) for g in data]
        offsets = np.zeros(len(groups) + 1, dtype=np.int32)
        np.cumsum([len(g) for g in groups], out=offsets[1:])
        flat = [x for g in groups for x in g]
        return _payload.list_of(offsets, self.item.convert(flat), False)


_BOUNDARY_KINDS = {"cursor_relative": 1, "absolute": 2, "infinite": 3}  # type ids


class TimeBoundaryUnion(Shape):
    """rerun's `TimeRangeBoundary`: a dense union of `_null_markers`, `CursorRelative` (i64),
    `Absolute` (i64) and `Infinite`, from objects with `.kind` and `.inner` (or None)."""

    expected = "a TimeRangeBoundary (or a sequence of them)"

    def convert(self, data: Any) -> Payload:
        items = data if isinstance(data, (list, tuple)) else [data]
        type_ids = np.zeros(len(items), dtype=np.int8)
        offsets = np.zeros(len(items), dtype=np.int32)
        values: dict[int, list[int]] = {0: [], 1: [], 2: [], 3: []}
        for i, b in enumerate(items):
            if b is None:
                kind = 0
            else:
                kind = _BOUNDARY_KINDS.get(getattr(b, "kind", None), -1)  # type: ignore[arg-type]
                if kind < 0:
                    raise TypeError(f"expected {self.expected}, got {_describe(b)}")
            type_ids[i] = kind
            offsets[i] = len(values[kind])
            inner = getattr(b, "inner", None)
            values[kind].append(0 if inner is None else int(getattr(inner, "value", inner)))
        variants = (
            ("_null_markers", None, True),
            ("CursorRelative", _payload.fixed(np.array(values[1], dtype=np.int64), 0), False),
            ("Absolute", _payload.fixed(np.array(values[2], dtype=np.int64), 0), False),
            ("Infinite", None, True),
        )
        return _payload.dense_union(variants, type_ids, offsets)


class ListPerItem(ListOf):
    """`List<item>` with one list per element of a batch (a struct field such as
    `ClassDescription.keypoint_annotations`): never one list for the whole input, so an empty
    batch has no lists."""

    def convert(self, data: Any) -> Payload:
        if isinstance(data, np.ndarray):
            data = data.tolist()
        if not isinstance(data, (list, tuple)):
            raise TypeError(f"expected {self.expected}, got {_describe(data)}")
        groups = [list(g) for g in data]
        offsets = np.zeros(len(groups) + 1, dtype=np.int32)
        np.cumsum([len(g) for g in groups], out=offsets[1:])
        return _payload.list_of(offsets, self.item.convert([x for g in groups for x in g]), False)
