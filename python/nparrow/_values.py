"""Single values and type aliases, generated from the registry rows (rerun-sdk 0.41's
`rerun.encodings.Vec3D`, `rerun.components.Color`, `Vec3DLike`, `ColorArrayLike`, ...).

Behaviour is by shape, as for the batches: one value base per shape family (scalar, vector,
matrix, rgba, string, blob, line strip, struct) and the row picks it. A value holds what
rerun-sdk's holds (its field, under rerun's name: `Vec3D.xyz`, `ClassId.id`, `Rgba32.rgba`) and
converts to what the shapes already read (`__array__`, `__str__`, attributes), so a single value,
or a list of them, is accepted wherever a batch or a `*Like` is. Classes are made on first use
(the modules' `__getattr__`), not at import.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Union

import numpy as np
import numpy.typing as npt

from ._shapes import (
    Blob,
    Enum,
    FixedSize,
    LineStrips,
    Matrix,
    NestedFixed,
    Primitive,
    Rgba32,
    Shape,
    Struct,
    Utf8,
    _rejected,
)

__all__ = [
    "EXTENSIONS",
    "ComponentValue",
    "Value",
    "accepting_values",
    "alias",
    "lazy_names",
    "make_value",
    "reads_values",
    "resolve",
]


class Value:
    """A single value of one encoding: its fields are `_FIELDS` (rerun-sdk's names). Equal to a
    value of the same class with equal fields, as rerun-sdk's attrs classes are."""

    __slots__ = ()
    _FIELDS: ClassVar[tuple[str, ...]] = ()
    _SHAPE: ClassVar[Shape]
    _BATCH_TYPE: ClassVar[type]  # the `*Batch` class of the same row

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = self._FIELDS
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__} takes at most {len(names)} positional arguments")
        values = dict(zip(names, args))
        for k, v in kwargs.items():
            if k not in names or k in values:
                raise TypeError(f"{type(self).__name__}() got an unexpected or repeated argument {k!r}")
            values[k] = v
        missing = [n for n in names if n not in values]
        if missing and len(names) == 1:
            raise TypeError(f"{type(self).__name__}() missing argument {missing[0]!r}")
        for n in names:
            object.__setattr__(self, n, self._field(n, values.get(n)))

    def _field(self, name: str, value: Any) -> Any:
        """The stored form of one field (overridden per family)."""
        return value

    def _raw(self) -> Any:
        """What the batch of this row reads for this value."""
        return getattr(self, self._FIELDS[0])

    def as_arrow_array(self) -> Any:
        """This value as a pyarrow array of length 1 (rerun-sdk's `ComponentMixin.as_arrow_array`)."""
        return self._BATCH_TYPE([self]).as_arrow_array()

    def _key(self) -> tuple[Any, ...]:
        out = []
        for n in self._FIELDS:
            v = getattr(self, n)
            out.append(v.tobytes() if isinstance(v, np.ndarray) else v)
        return tuple(out)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={_show(getattr(self, n))}" for n in self._FIELDS)
        return f"{type(self).__name__}({fields})"


def _show(v: Any) -> str:
    return repr(v.tolist()) if isinstance(v, np.ndarray) else repr(v)


class ComponentValue:
    """Marks a value as one component (`rerun.components.<Name>`), as rerun's `ComponentMixin`."""

    __slots__ = ()
    _COMPONENT_TYPE: ClassVar[str]
    _BATCH_TYPE: ClassVar[type]

    @classmethod
    def component_type(cls) -> str:
        return cls._COMPONENT_TYPE

    @classmethod
    def arrow_type(cls) -> Any:
        return cls._BATCH_TYPE([]).as_arrow_array().type

    def as_arrow_array(self) -> Any:
        return self._BATCH_TYPE([self]).as_arrow_array()


# --- the families ---


class ScalarValue(Value):
    """One number (`Float32.value`, `ClassId.id`, `Bool.value` ...): `float()`/`int()`, `__array__`."""

    __slots__ = ()
    _PY: ClassVar[Callable[[Any], Any]] = float

    def _field(self, name: str, value: Any) -> Any:
        if isinstance(value, np.ndarray):
            value = value.reshape(-1)[0] if value.size == 1 else value
        return type(self)._PY(value)

    def __array__(self, dtype: Any = None, copy: Any = None) -> npt.NDArray[Any]:
        return np.array(self._raw(), dtype=dtype or self._SHAPE.dtype)  # type: ignore[attr-defined]

    def __float__(self) -> float:
        return float(self._raw())

    def __int__(self) -> int:
        return int(self._raw())


class IntValue(ScalarValue):
    __slots__ = ()
    _PY = int

    def __index__(self) -> int:
        return int(self._raw())


class BoolValue(ScalarValue):
    __slots__ = ()
    _PY = bool

    def __bool__(self) -> bool:
        return bool(self._raw())


class VectorValue(Value):
    """A fixed-size vector (`Vec3D.xyz`, `Range1D.range`, `Quaternion.xyzw` ...), stored as numpy
    of the row's dtype; a sequence of its numbers, and `__array__`."""

    __slots__ = ()

    def _field(self, name: str, value: Any) -> Any:
        shape = self._SHAPE
        size = getattr(shape, "size", None) or shape.outer * shape.inner  # type: ignore[attr-defined]
        raw = getattr(value, "bytes", value)  # `uuid.UUID`
        if isinstance(raw, (bytes, bytearray, memoryview)) and shape.dtype is np.uint8:  # type: ignore[attr-defined]
            arr = np.frombuffer(raw, dtype=np.uint8)
        else:
            arr = np.asarray(value, dtype=shape.dtype).reshape(-1)  # type: ignore[attr-defined]
        if arr.size != size:
            raise ValueError(f"{type(self).__name__}: expected {size} values, got {arr.size}")
        return arr

    def __array__(self, dtype: Any = None, copy: Any = None) -> npt.NDArray[Any]:
        arr = self._raw()
        return arr if dtype is None else arr.astype(dtype)

    def __len__(self) -> int:
        return len(self._raw())

    def __getitem__(self, i: Any) -> Any:
        return self._raw()[i]

    def __iter__(self) -> Any:
        return iter(self._raw().tolist())


class MatrixValue(VectorValue):
    """An n×n matrix, kept column-major in `flat_columns` (as rerun-sdk): built from rows (a
    matrix or a flat row-major sequence) or `columns=`; `__array__` gives the rows, which is what
    the batch reads."""

    __slots__ = ()

    def __init__(self, rows: Any = None, *, columns: Any = None, flat_columns: Any = None) -> None:
        n = self._SHAPE.n  # type: ignore[attr-defined]
        if isinstance(rows, MatrixValue):
            flat = rows.flat_columns  # type: ignore[attr-defined]
        elif flat_columns is not None:
            flat = np.asarray(flat_columns, dtype=np.float32).reshape(-1)
        elif columns is not None:
            flat = np.asarray(columns, dtype=np.float32).reshape(-1)
        elif rows is not None:
            flat = np.asarray(rows, dtype=np.float32).reshape(n, n).T.reshape(-1)
        else:
            raise ValueError(f"{type(self).__name__}: give rows or columns")
        object.__setattr__(self, "flat_columns", self._field("flat_columns", flat))

    def __array__(self, dtype: Any = None, copy: Any = None) -> npt.NDArray[Any]:
        n = self._SHAPE.n  # type: ignore[attr-defined]
        rows = self._raw().reshape(n, n).T
        return rows if dtype is None else rows.astype(dtype)


class RgbaValue(Value):
    """A color packed as 0xRRGGBBAA (`Rgba32.rgba`): from an int, RGB(A) 0-255 ints, 0-1 floats or
    a numpy array, as rerun-sdk's converter."""

    __slots__ = ()

    def _field(self, name: str, value: Any) -> Any:
        if isinstance(value, RgbaValue):
            return value.rgba  # type: ignore[attr-defined]
        if isinstance(value, (np.ndarray, Sequence)) and not isinstance(value, str):
            arr = np.asarray(value)
            if arr.size not in (3, 4):
                raise ValueError(f"expected sequence of length of 3 or 4, received {arr.size}")
            return int(self._SHAPE.packed(arr.reshape(1, -1))[0])  # type: ignore[attr-defined]
        return int(value)

    def __array__(self, dtype: Any = None, copy: Any = None) -> npt.NDArray[Any]:
        return np.array(self._raw(), dtype=dtype or np.uint32)

    def __int__(self) -> int:
        return int(self._raw())


class StringValue(Value):
    """One string (`Utf8.value`, `EntityPath.path`): `str()` gives it; batches read it that way."""

    __slots__ = ()

    def _field(self, name: str, value: Any) -> Any:
        return str(value)

    def __str__(self) -> str:
        return str(self._raw())


class BlobValue(Value):
    """Bytes (`Blob.data`) as a uint8 array (bytes and uint8 arrays are not copied)."""

    __slots__ = ()

    def _field(self, name: str, value: Any) -> Any:
        if isinstance(value, BlobValue):
            return value._raw()
        if isinstance(value, np.ndarray):
            return value.reshape(-1) if value.dtype == np.uint8 else value.astype(np.uint8).reshape(-1)
        if isinstance(value, (bytes, bytearray, memoryview)):
            return np.frombuffer(value, dtype=np.uint8)
        return np.asarray(value, dtype=np.uint8).reshape(-1)

    def __array__(self, dtype: Any = None, copy: Any = None) -> npt.NDArray[Any]:
        arr = self._raw()
        return arr if dtype is None else arr.astype(dtype)

    def __len__(self) -> int:
        return len(self._raw())


class StripValue(Value):
    """A line strip (`LineStrip3D.points`, `GeoLineString.lat_lon`) as an (N, k) array; `points`
    is what the strips shape reads."""

    __slots__ = ()

    def _field(self, name: str, value: Any) -> Any:
        shape = self._SHAPE
        if isinstance(value, StripValue):
            return value._raw()
        arr = np.asarray(value, dtype=shape.dtype)  # type: ignore[attr-defined]
        return arr.reshape(-1, shape.dim)  # type: ignore[attr-defined]

    def __array__(self, dtype: Any = None, copy: Any = None) -> npt.NDArray[Any]:
        arr = self._raw()
        return arr if dtype is None else arr.astype(dtype)

    def __len__(self) -> int:
        return len(self._raw())


class FieldValue(Value):
    """One field kept as given (`KeyValuePairs.pairs`, `AnnotationContext.class_map`); iterating
    the value iterates it (what the shapes of such rows read)."""

    __slots__ = ()

    def __iter__(self) -> Any:
        return iter(self._raw())


class StructValue(Value):
    """Several fields, kept as given (`Utf8Pair(first, second)`, `Range2D(x_range, y_range)`);
    the struct shapes read them as attributes."""

    __slots__ = ()

    def _raw(self) -> Any:
        return self


def _family(shape: Shape, fields: tuple[str, ...]) -> type[Value]:
    if len(fields) > 1:
        return StructValue
    if isinstance(shape, Rgba32):
        return RgbaValue
    if isinstance(shape, Primitive):
        kind = np.dtype(shape.dtype).kind
        return BoolValue if kind == "b" else ScalarValue if kind == "f" else IntValue
    if isinstance(shape, Matrix):
        return MatrixValue
    if isinstance(shape, (FixedSize, NestedFixed)):
        return VectorValue
    if isinstance(shape, Utf8):
        return StringValue
    if isinstance(shape, Blob):
        return BlobValue
    if isinstance(shape, LineStrips):
        return StripValue
    return FieldValue


def make_value(
    name: str,
    shape: Shape,
    fields: tuple[str, ...],
    batch: type,
    module: str,
    *,
    base: type | None = None,
    component_type: str | None = None,
    methods: dict[str, Any] | None = None,
) -> type:
    """The single-value class of one registry row: the family of its shape (or `base`, the
    encoding's value class a component delegates to), its fields, its batch class; a
    component's value is also a `ComponentValue`. Enum rows give a Python enum."""
    if base is None and isinstance(shape, Enum):
        members = getattr(shape, "members", None) or {v: i + 1 for i, v in enumerate(shape.variants)}
        return make_enum(name, members, module)
    if base is not None and issubclass(base, enum.Enum):
        return base  # an enum cannot be subclassed: the component is the encoding's enum
    ns: dict[str, Any] = {"__slots__": (), "__module__": module, "_BATCH_TYPE": batch}
    if base is None:
        base = _family(shape, fields)
        ns.update(_SHAPE=shape, _FIELDS=fields, __slots__=fields)
        if base is StripValue and fields != ("points",):
            ns["points"] = property(StripValue._raw, doc="The points (what the strips shape reads).")
    methods = dict(methods or {})
    constants = methods.pop("_constants", {})
    if callable(constants):  # a table that lives elsewhere, read when the class is made
        constants = constants()
    ns.update(methods)
    bases: tuple[type, ...] = (base,)
    if component_type is not None:
        ns["_COMPONENT_TYPE"] = component_type
        if not issubclass(base, ComponentValue):
            bases = (base, ComponentValue)
    cls = type(name, bases, ns)
    for attr, args in constants.items():  # `TextLogLevel.INFO`, `Plane3D.XY`: values of the class
        setattr(cls, attr, cls(*args))
    return cls


def _load(spec: str) -> Any:
    """A hand-written value class named by the registry (`"module:attribute"` in the package)."""
    import importlib

    mod, attr = spec.split(":")
    return getattr(importlib.import_module(f"nparrow.{mod}"), attr)


def _fields(name: str, shape: Shape) -> tuple[str, ...]:
    from ._registry import VALUE_FIELDS

    if name in VALUE_FIELDS:
        return VALUE_FIELDS[name]
    if isinstance(shape, Struct):
        return tuple(f for f, _, _ in shape.fields)
    return ("value",)


def resolve(
    module: Any,
    name: str,
    table: dict[str, Any],
    *,
    encodings: Any = None,
    component_prefix: str | None = None,
    extra: dict[str, tuple[Any, Shape]] | None = None,
) -> Any:
    """`module.<name>` made on first use and cached in the module: the single value of the row
    `name` of `table` (an encoding table, or a component table with `component_prefix` and the
    `encodings` module its rows delegate to), or a `<Row>Like` / `<Row>ArrayLike` alias.
    `extra`: rows declared elsewhere, as (batch class, shape). AttributeError for anything else."""
    from ._registry import ENCODINGS, VALUE_CLASSES

    ns = vars(module)
    if name.endswith("Like"):
        array = name.endswith("ArrayLike")
        row = name[: -len("ArrayLike")] if array else name[: -len("Like")]
        if row in table or (extra and row in extra):
            value = getattr(module, row)
            out = alias(value, _shape_of(row, table, extra, ENCODINGS), array=array)
            ns[name] = out
            return out
    elif name in table or (extra and name in extra):
        shape = _shape_of(name, table, extra, ENCODINGS)
        batch = extra[name][0] if extra and name in extra else ns[f"{name}Batch"]
        entry = table.get(name)
        methods = EXTENSIONS.get((ns["__name__"].rsplit(".", 1)[-1], name))
        if component_prefix is None:
            if name in VALUE_CLASSES:
                out = _load(VALUE_CLASSES[name])
            else:
                out = make_value(name, shape, _fields(name, shape), batch, ns["__name__"], methods=methods)
        else:
            # rerun's component of the same name as an encoding derives from it (`Plane3D`).
            enc = name if name in ENCODINGS else entry
            base = getattr(encodings, enc) if isinstance(enc, str) and enc in ENCODINGS else None
            if base is None and name in VALUE_CLASSES:
                base = _load(VALUE_CLASSES[name])
            out = make_value(
                name,
                shape,
                _fields(name, shape),
                batch,
                ns["__name__"],
                base=base,
                component_type=f"{component_prefix}.{name}",
                methods=methods,
            )
        ns[name] = out
        return out
    raise AttributeError(f"module {ns['__name__']!r} has no attribute {name!r}")


def _shape_of(
    name: str, table: dict[str, Any], extra: dict[str, tuple[Any, Shape]] | None, encodings: dict[str, Shape]
) -> Shape:
    if extra and name in extra:
        return extra[name][1]
    row = table[name]
    return encodings[row] if isinstance(row, str) else row  # type: ignore[no-any-return]


def lazy_names(table: dict[str, Any], present: dict[str, Any]) -> list[str]:
    """The names `resolve` gives for `table` that `present` (a module's globals) lacks yet."""
    out = []
    for row in table:
        for n in (row, f"{row}Like", f"{row}ArrayLike"):
            if n not in present:
                out.append(n)
    return out


def row_getattr(module: Any, table: dict[str, Any], make_batch: Callable[[str], Any]) -> Callable[[str], Any]:
    """The module `__getattr__` of a module of registry rows (`encodings`, the blueprint's): a
    batch class (`make_batch(row)`), a single value or a type alias, made on first use."""

    def __getattr__(name: str) -> Any:
        if name.endswith("Batch") and name[: -len("Batch")] in table:
            return make_batch(name[: -len("Batch")])
        row = name.removesuffix("ArrayLike") if name.endswith("ArrayLike") else name.removesuffix("Like")
        if row in table and f"{row}Batch" not in vars(module):
            make_batch(row)  # a value or alias names its batch
        return resolve(module, name, table)

    return __getattr__


def reads_values(shape: Shape) -> bool:
    """Whether the batch of `shape` reads single values (and lists of them) itself: through
    `__array__` or `str()` (numbers, vectors, strings, colors), or attributes (structs, strips).
    Blobs do not: their batch gets `accepting_values`."""
    return not isinstance(shape, Blob)


def accepting_values(init: Callable[..., None]) -> Callable[..., None]:
    """A batch `__init__` that first turns a value, or a list of values, into what the shape reads."""

    ndarray = np.ndarray

    def __init__(batch: Any, data: Any, strict: bool | None = None) -> None:
        t = type(data)
        if t is not bytes and t is not ndarray:  # the hot forms go as they are
            if isinstance(data, Value):
                data = data._raw()
            elif type(data) in (list, tuple) and data and any(isinstance(x, Value) for x in data):
                data = [x._raw() if isinstance(x, Value) else x for x in data]
        try:
            init(batch, data, strict)
        except (TypeError, ValueError, OverflowError) as err:
            # `init` re-raises for nparrow's own callers, and this wrapper is one: the rule is
            # applied again here, one frame up (the user's line warns, strict mode raises).
            batch._numpy_data = _rejected(batch, batch._SHAPE.convert, err, strict)

    return __init__


# --- rerun-sdk's extension constructors (its `*_ext.py`), for the values that have one ---


def _plane3d_init(self: Any, normal: Any, distance: float | None = None) -> None:
    """`Plane3D(normal, distance=0)`, or the four `xyzd` values as one argument."""
    n = np.asarray(normal, dtype=np.float32).reshape(-1)
    if distance is None and n.size == 4:
        xyzd = n
    else:
        xyzd = np.concatenate([n.reshape(3), np.array([distance or 0.0], dtype=np.float32)])
    object.__setattr__(self, "xyzd", self._field("xyzd", xyzd))


def _one_time(seq: Any, seconds: Any, nanos: Any) -> int:
    if sum(x is not None for x in (seq, seconds, nanos)) != 1:
        raise ValueError("Exactly one of 'seq', 'seconds', or 'nanos' must be provided.")
    if seconds is not None:
        return int(seconds * 1e9)
    return int(seq if seq is not None else nanos)


def _time_int_init(
    self: Any, *, seq: int | None = None, seconds: float | None = None, nanos: int | None = None
) -> None:
    object.__setattr__(self, "value", _one_time(seq, seconds, nanos))


def _video_timestamp_init(self: Any, *, nanoseconds: int | None = None, seconds: float | None = None) -> None:
    if (nanoseconds is None) == (seconds is None):
        raise ValueError("Exactly one of 'nanoseconds' or 'seconds' must be provided.")
    ns = int(nanoseconds) if nanoseconds is not None else int(seconds * 1e9 + 0.5)  # type: ignore[operator]
    object.__setattr__(self, "timestamp_ns", ns)


def _pairs_field(self: Any, name: str, value: Any) -> Any:
    """`KeyValuePairs(pairs)`: a dict or a sequence of (key, value), kept as a list of pairs."""
    if isinstance(value, dict):
        return [(str(k), str(v)) for k, v in value.items()]
    return [tuple(p) if isinstance(p, (list, tuple)) else p for p in value]


EXTENSIONS: dict[tuple[str, str], dict[str, Any]] = {
    ("components", "KeyValuePairs"): {"_field": _pairs_field},
    ("encodings", "Plane3D"): {
        "__init__": _plane3d_init,
        "normal": lambda self: self.xyzd[:3],
        "distance": lambda self: float(self.xyzd[3]),
        "with_distance": lambda self, distance: type(self)(self.xyzd[:3], distance),
        "_constants": {"XY": ([0, 0, 1],), "YZ": ([1, 0, 0],), "ZX": ([0, 1, 0],)},
    },
    ("components", "Radius"): {
        # Negative radii are UI points (rerun-sdk's `Radius.ui_points`).
        "ui_points": staticmethod(lambda radii: -np.abs(np.array(radii, dtype=np.float32))),
    },
    ("components", "TextLogLevel"): {
        "_constants": {n: (n,) for n in ("CRITICAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE")},
    },
    ("components", "MediaType"): {
        "_constants": {
            "TEXT": ("text/plain",),
            "MARKDOWN": ("text/markdown",),
            "JPEG": ("image/jpeg",),
            "PNG": ("image/png",),
            "RVL": ("application/rvl",),
            "GLB": ("model/gltf-binary",),
            "GLTF": ("model/gltf+json",),
            "OBJ": ("model/obj",),
            "STL": ("model/stl",),
            "PLY": ("application/x-ply",),
            "MP4": ("video/mp4",),
            "AAC": ("audio/aac",),
            "FLAC": ("audio/flac",),
            "M4A": ("audio/mp4",),
            "MP3": ("audio/mpeg",),
            "OGG": ("audio/ogg",),
            "WAV": ("audio/wav",),
        },
    },
    ("components", "Timestamp"): {"__init__": _time_int_init},
    ("components", "VideoTimestamp"): {"__init__": _video_timestamp_init},
}


# --- type aliases ---

_ARRAY = npt.NDArray[Any]


def _like_forms(value_cls: Any, shape: Shape | None) -> tuple[Any, ...]:
    """The plain-Python forms a row's `*Like` accepts besides its value class."""
    if isinstance(value_cls, type) and issubclass(value_cls, enum.Enum):
        return (value_cls, str, int)
    if isinstance(shape, Rgba32):
        return (value_cls, int, Sequence[int | float], _ARRAY)
    if isinstance(shape, Primitive):
        kind = np.dtype(shape.dtype).kind
        return (
            (value_cls, bool) if kind == "b" else (value_cls, int, float) if kind == "f" else (value_cls, int)
        )
    if isinstance(shape, (FixedSize, NestedFixed)):
        return (value_cls, Sequence[float], _ARRAY)
    if isinstance(shape, Utf8):
        return (value_cls, str)
    if isinstance(shape, Blob):
        return (value_cls, bytes, _ARRAY)
    if isinstance(shape, (LineStrips,)):
        return (value_cls, Sequence[Sequence[float]], _ARRAY)
    if isinstance(shape, Struct):
        return (value_cls, dict)
    return (value_cls, Any)


def alias(value_cls: Any, shape: Shape | None, *, array: bool) -> Any:
    """`<Name>Like` (`array=False`: one value in any accepted form) or `<Name>ArrayLike` (a
    batch: one value, a sequence of them, or numpy), as `typing.Union`s."""
    forms = _like_forms(value_cls, shape)
    if not array:
        return Union[forms]  # noqa: UP007 - built at runtime from a tuple
    return Union[(*forms, Sequence[Union[forms]], _ARRAY)]  # type: ignore[valid-type]  # noqa: UP007


def _tensor_buffer_field(self: Any, name: str, value: Any) -> Any:
    """`TensorBuffer(inner)`: the data as a flat numpy array, as rerun-sdk's converter (a view
    where it can be, where rerun-sdk copies)."""
    from ._tensor_buffer import flat_buffer

    return flat_buffer(value)


def _tensor_buffer_key(self: Any) -> tuple[Any, ...]:
    inner = self.inner
    return (inner.dtype.str, inner.tobytes())  # the dtype too: equal bytes of two dtypes differ


EXTENSIONS[("encodings", "TensorBuffer")] = {"_field": _tensor_buffer_field, "_key": _tensor_buffer_key}


# rerun-sdk's extra helpers per class (`Color.from_string`, `MediaType.guess_from_path` ...),
# declared in `_value_ext.py` and attached by `make_value` with the constructors above.
from ._value_ext import EXTRAS as _EXTRAS  # this section's own import

for _key, _extra in _EXTRAS.items():
    EXTENSIONS.setdefault(_key, {}).update(_extra)


def make_enum(name: str, members: dict[str, int], module: str) -> type[enum.Enum]:
    """The Python enum of an enum row, with rerun-sdk's enum conventions (`auto()` from members,
    ints or case-insensitive names; `str()` is the variant name), shared with the image enums."""
    from ._enums import AutoEnum

    return AutoEnum(name, members, module=module)  # type: ignore[call-arg,return-value]  # the functional API
