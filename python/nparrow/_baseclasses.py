"""Batches keep numpy (`_numpy_data`) and build Arrow lazily; archetypes cache descriptors."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, Protocol, runtime_checkable

import numpy as np

from . import _native
from ._native import ComponentDescriptor
from ._shapes import Payload, Shape
from ._visualizer import VISUALIZABLE, visualizer_method
from .error_utils import _report

# The payload protocol's one length: Rust parses the payload (`_payload.length`).
_payload_len = _native.payload_len

__all__ = [
    "Archetype",
    "AsComponents",
    "BaseBatch",
    "ComponentBatchMixin",
    "ComponentDescriptor",
    "DescribedComponentBatch",
    "Field",
]


def _arrow_target(shape: Shape, convert: Any) -> _native.ArrowArray | None:
    """The empty batch of `shape` (its Arrow type is what Arrow input is cast to), built once."""
    try:
        return shape.__dict__["_arrow_target"]  # type: ignore[no-any-return]
    except KeyError:
        pass
    try:
        target: _native.ArrowArray | None = _native.payload_to_array(convert([]), copy=True)
    except (TypeError, ValueError, NotImplementedError):
        target = None  # no fixed type: Arrow input is taken as it is
    shape.__dict__["_arrow_target"] = target
    return target


# Types that are never Arrow producers: one set lookup sends them straight to `convert`.
_PLAIN = frozenset({list, tuple, np.ndarray, str, int, float, bool, bytes, dict, type(None)})


def _arrow_aware(shape: Shape) -> None:
    """Makes `shape.convert` take Arrow arrays of any PyCapsule producer (pyarrow, polars, arro3,
    nanoarrow, nparrow's own arrays and batches): imported without a copy, cast once in Rust to
    the shape's type when it differs. Numpy and lists never reach the probe: the shapes' hot
    forms are taken before `convert` is called, and the type checks below come first."""
    if "_arrow_convert" in shape.__dict__:
        return
    convert = shape.convert
    plain = _PLAIN
    to_array = _native.arrow_to_array

    def convert_any(data: Any) -> Payload:
        t = type(data)
        if t not in plain:
            if isinstance(data, BaseBatch):
                data = data._native_array()
                t = type(data)
            if hasattr(t, "__arrow_c_array__") or hasattr(t, "__arrow_c_stream__"):
                return to_array(data, _arrow_target(shape, convert), what="Arrow input")
            # e.g. a rerun-sdk batch: its pyarrow array (nparrow's own single values, which
            # have `_BATCH_TYPE`, are read by the shape itself)
            if hasattr(t, "as_arrow_array") and not hasattr(t, "_BATCH_TYPE"):
                return to_array(data.as_arrow_array(), _arrow_target(shape, convert), what="Arrow input")
        return convert(data)

    shape.__dict__["_arrow_convert"] = convert
    shape.convert = convert_any  # type: ignore[method-assign]


@runtime_checkable
class AsComponents(Protocol):
    """Anything `log` takes as a bundle of components (rerun-sdk's `AsComponents`): archetypes,
    rerun-sdk's archetype objects, or a user's class. Each batch it returns gives
    `component_descriptor()` (nparrow's or rerun-sdk's `ComponentDescriptor`) and its data as an
    Arrow array (`__arrow_c_array__`, or `as_arrow_array()`), imported without a copy."""

    def as_component_batches(self) -> Iterable[Any]:
        """The described component batches to log."""
        ...


class BaseBatch:
    """A batch of one encoding. `_numpy_data` holds the payload for Rust: numpy input stays numpy,
    as the array itself (primitives), `(ndarray, list_size)` or `(data, offsets, inner_size)`; Python numbers,
    lists and strings are read by Rust straight into an `_native.ArrowArray`, with no numpy
    round-trip. `pa_array` is built (through Rust) on first access."""

    # `_arrow` and `_pa` stay unset until first asked for: construction only sets the payload.
    __slots__ = ("_arrow", "_numpy_data", "_pa")
    _SHAPE: ClassVar[Shape]

    def __init__(self, data: Any, strict: bool | None = None) -> None:
        # Replaced in every class with a shape by the shape's own (`__init_subclass__`).
        self._numpy_data: Payload = self._SHAPE.convert([] if data is None else data)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A class of a new shape: its shape takes Arrow input (`_arrow_aware`), and its generated
        `__init__` is regenerated so that its fallback calls the Arrow-aware `convert`."""
        super().__init_subclass__(**kwargs)
        shape = cls.__dict__.get("_SHAPE")
        if shape is None:
            return
        if "_arrow_convert" not in shape.__dict__:
            _arrow_aware(shape)
            if "__init__" in cls.__dict__:
                cls.__init__ = shape.make_init()  # type: ignore[method-assign]
        if cls.__init__ is BaseBatch.__init__:
            # A class that declares no constructor gets its shape's (bad input warns and gives an
            # empty batch, as everywhere), not the bare conversion.
            cls.__init__ = shape.make_init()  # type: ignore[method-assign]

    def __arrow_c_schema__(self) -> object:
        """The batch's Arrow type as an `arrow_schema` PyCapsule (builds the array if needed)."""
        return self._native_array().__arrow_c_schema__()

    def _native_array(self) -> _native.ArrowArray:
        try:
            return self._arrow
        except AttributeError:
            self._arrow: _native.ArrowArray = _native.payload_to_array(self._numpy_data)
            return self._arrow

    def as_arrow_array(self) -> Any:
        """The batch as a pyarrow array (imports pyarrow; cached)."""
        try:
            return self._pa
        except AttributeError:
            from ._optional import pyarrow as pa

            self._pa: Any = pa.array(self._native_array())
            return self._pa

    @property
    def pa_array(self) -> Any:
        return self.as_arrow_array()

    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]:
        return self._native_array().__arrow_c_array__(requested_schema)

    def __len__(self) -> int:
        return _payload_len(self._numpy_data)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BaseBatch) or type(self)._SHAPE is not type(other)._SHAPE:
            return NotImplemented
        # One comparison for every payload form: as Arrow (copied, so nothing stays borrowed).
        a = _native.payload_to_array(self._numpy_data, copy=True)
        return bool(a == _native.payload_to_array(other._numpy_data, copy=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(len={len(self)})"


class ComponentBatchMixin:
    """Marks a batch as a component type (`rerun.components.<Name>`)."""

    _COMPONENT_TYPE: ClassVar[str]

    def described(self, descriptor: ComponentDescriptor) -> DescribedComponentBatch:
        return DescribedComponentBatch(self, descriptor)


# A batch with the descriptor it is logged under (`component_descriptor()`, `batch`,
# `as_arrow_array()`): a Rust class, so `as_component_batches()` builds them without Python.
DescribedComponentBatch = _native.DescribedComponentBatch


class Field(NamedTuple):
    """One field of an archetype declaration: its name, its component batch class, whether the
    constructor takes it positionally and/or requires it, and its default. `implied=(other,
    value)`: when the constructor is given `other` but not this field, this field is `value`
    (rerun-sdk's keypoints get class id 0 that way)."""

    name: str
    batch: type[BaseBatch]
    positional: bool = False
    required: bool = False
    default: Any = None
    implied: tuple[str, Any] | None = None


def _dropped(archetype: str, batch: type[BaseBatch], err: Exception) -> None:
    """A field whose input its batch class refused: a warning at the user's line (raised in
    strict mode); the field stays unset."""
    _report(f"{archetype}: {batch.__name__}", err)


def _signature(spec: tuple[Field, ...], *, as_declared: bool) -> str:
    """A generated signature's parameters: as declared (positional ones first, required ones
    without default), or every field keyword-only and required (the core, so a hand-written
    constructor that forgets or misspells a field fails at once)."""
    if not as_declared:
        return "".join(f", {f.name}" for f in spec)
    pos = [f for f in spec if f.positional]
    kw = [f for f in spec if not f.positional]
    params = [f.name if f.required else f"{f.name}=_d_{f.name}" for f in (*pos, *kw)]
    if kw:
        params.insert(len(pos), "*")
    return "".join(f", {p}" for p in params)


def _hot_form(batch: type[BaseBatch]) -> tuple[Any, ...] | None:
    """The field's hot form for `_native.FieldPlan`: its shape's, when the batch class's
    constructor is the one that shape made (a hand-written constructor has none)."""
    shape: Shape | None = getattr(batch, "_SHAPE", None)
    made_by: object = getattr(batch.__init__, "_nparrow_shape", None)
    return shape.hot_form() if shape is not None and made_by is shape else None


def _field_property(i: int, f: Field, n: int) -> property:
    """Field `f`, kept in cell `i` of the instance's `_cells` (`n` cells): as the payload Rust
    built from a hot input form (its batch object is made on first access, then kept), as a
    batch, or None. Setting it converts the value as the constructor does. Both write the cells
    through `_native.set_cell`, one call under the GIL: threads setting different fields of one
    archetype cannot undo each other's."""
    batch, name, set_cell = f.batch, f.name, _native.set_cell

    def get(self: Archetype) -> Any:
        v = self._cells[i]
        if v is None or isinstance(v, BaseBatch):
            return v
        b = batch.__new__(batch)
        b._numpy_data = v
        set_cell(self, n, i, b, v)  # kept, unless the field was set meanwhile
        return b

    def set(self: Archetype, value: Any) -> None:
        if value is not None and not isinstance(value, batch):
            try:
                value = batch(value, True)
            except (TypeError, ValueError, OverflowError) as err:
                _dropped(type(self).__name__, batch, err)
                value = None
        set_cell(self, n, i, value)

    return property(get, set, doc=f"`{name}`: a `{batch.__name__}`, or None when unset.")


def _no_field(cls: type, name: str) -> property:
    """A field a base class declares and `cls`'s own `_SPEC` does not: no such attribute."""

    def get(self: Any) -> Any:
        raise AttributeError(f"{cls.__name__} has no field {name!r}")

    def set(self: Any, value: Any) -> None:
        get(self)

    return property(get, set)


def _generate(cls: type[Archetype], spec: tuple[Field, ...]) -> dict[str, Any]:
    """The methods a declaration gives, as real functions with explicit signatures (so an unknown
    field is a TypeError and the hot path has no loop or `**kwargs`). `_core` hands the fields
    to Rust in one call (`_fill`: `_native.FieldPlan.fill`), which stores each hot input form's
    payload; if any input is not its field's hot form, every field is converted here: a value
    already of the batch class is kept, anything else is converted (bad input warns, or raises
    in strict mode, and leaves the field unset). `__init__` only converts: the class's C
    descriptor (`_native_init`) has tried the plan before it calls it."""
    names = [f.name for f in spec]
    values = "".join(f"{n}, " for n in names)
    assign = [
        f"    cells = _fill(({values}))",
        "    if cells is None:",
        *[
            line
            for n in names
            for line in (
                # `BaseBatch._converted`, inline (one Python call less per field): a batch of
                # the class (or a subclass) is kept, anything else is converted in strict mode,
                # and a failure warns (raises in strict mode) and leaves the field unset.
                f"        if {n} is not None and type({n}) is not _b_{n} and not isinstance({n}, _b_{n}):",
                "            try:",
                f"                {n} = _b_{n}({n}, True)",
                "            except (TypeError, ValueError, OverflowError) as err:",
                f"                {n} = _dropped(_NAME, _b_{n}, err)",
            )
        ],
        f"        cells = ({values})",
        "    self._cells = cells",
    ]
    keywords = _signature(spec, as_declared=False)
    star = ", *" if names else ""
    optional = "".join(f", {n}=None" for n in names)
    passed = ", ".join(f"{n}={n}" for n in names)
    implied = [
        line
        for i, f in enumerate(spec)
        if f.implied is not None
        for line in (
            f"    if {f.name} is None and {f.implied[0]} is not None:",
            f"        {f.name} = _i_{i}",
        )
    ]
    # `__init__` converts every field in Python: it is what the class's C descriptor
    # (`_native.archetype_init`, which has tried the plan itself) calls off its hot case.
    convert = [line[4:] for line in assign[2:-2]] + [f"    self._cells = ({values})"]
    lines = [
        f"def __init__(self{_signature(spec, as_declared=True)}):",
        *implied,
        *convert,
        f"def _core(self{star}{keywords}):",
        *assign,
        f"def from_fields(cls, *, clear_unset=False{optional}):",
        "    self = cls.__new__(cls)",
        "    if clear_unset:",
        *([f"        {n} = [] if {n} is None else {n}" for n in names] or ["        pass"]),
        f"    self._core({passed})",
        "    return self",
        f"def columns(cls{star}{optional}):",
        f"    return cls._columns_of(cls.from_fields({passed}))._rows_from_inputs(dict({passed}))",
    ]
    namespace: dict[str, Any] = {
        "_NAME": cls.__name__,
        "__name__": cls.__module__,
        "_dropped": _dropped,
        "_fill": cls._PLAN.fill,
    }
    for i, f in enumerate(spec):
        namespace[f"_b_{f.name}"] = f.batch
        namespace[f"_d_{f.name}"] = f.default
        namespace[f"_i_{i}"] = f.implied[1] if f.implied else None
    source = "\n".join(lines) + "\n"
    code = compile(source, f"<nparrow archetype {cls.__name__}>", "exec")
    exec(code, namespace)  # noqa: S102 - source built above from the declaration, no user input
    methods: dict[str, Any] = {}
    for n in ("__init__", "_core", "from_fields", "columns"):
        fn = namespace[n]
        fn.__qualname__ = f"{cls.__qualname__}.{n}"
        fn.__module__ = cls.__module__
        fn.__doc__ = getattr(Archetype, n).__doc__ if n in ("from_fields", "columns") else None
        methods[n] = classmethod(fn) if n in ("from_fields", "columns") else fn
    return methods


_CO_VARARGS, _CO_VARKEYWORDS = 0x04, 0x08


def _native_init(cls: type[Archetype], spec: tuple[Field, ...], cold: Any, implied: bool) -> Any:
    """`cls.__init__` as a `_native.archetype_init` method descriptor standing for the Python
    constructor `cold` (same signature): the hot case (every parameter given is a field in its
    hot form, or None) is one C call; anything else is `cold`'s. None when `cold`'s signature
    is not one the descriptor binds (*args, **kwargs, a default other than None), or every
    descriptor slot is taken: the class keeps its Python `__init__`."""
    code = cold.__code__
    if code.co_flags & (_CO_VARARGS | _CO_VARKEYWORDS) or code.co_posonlyargcount:
        return None
    n_pos, n_kw = code.co_argcount - 1, code.co_kwonlyargcount
    names = code.co_varnames[1 : 1 + n_pos + n_kw]
    pos_defaults = cold.__defaults__ or ()
    kw_defaults = cold.__kwdefaults__ or {}
    if any(d is not None for d in (*pos_defaults, *kw_defaults.values())):
        return None
    first_default = n_pos - len(pos_defaults)
    index = {f.name: i for i, f in enumerate(spec)}
    params = [
        (
            name,
            i >= n_pos,
            (i < first_default) if i < n_pos else name not in kw_defaults,
            index.get(name),
        )
        for i, name in enumerate(names)
    ]
    rules = [
        (i, index[f.implied[0]], f.implied[1])
        for i, f in enumerate(spec)
        if implied and f.implied is not None and f.implied[0] in index
    ]
    return _native.archetype_init(cls, params, rules, cls._PLAN, cold)


# Every declared archetype class: `log` tests `type(entity) in ARCHETYPE_TYPES` (one set lookup)
# before `isinstance`, which costs ~1.5k instructions for classes with a metaclass.
ARCHETYPE_TYPES: set[type] = set()


class _ArchetypeMeta(type):
    """Gives a class that declares `_SPEC` no `__dict__` (its fields live in `_cells`)."""

    def __new__(mcs, name: str, bases: tuple[type, ...], ns: dict[str, Any], **kwargs: Any) -> type:
        if "_SPEC" in ns and "__slots__" not in ns:
            ns["__slots__"] = ()
        return super().__new__(mcs, name, bases, ns, **kwargs)


class Archetype(metaclass=_ArchetypeMeta):
    """An archetype is a named set of optional component batches, declared once:

        class Points3D(Archetype):
            _SPEC = (Field("positions", c.Position3DBatch, positional=True, required=True), ...)

    From `_SPEC` the class gets its fields (properties over one tuple, `_cells`, which is what
    `log` reads), its constructor (rerun-sdk's signature), `_core` (the same with every field
    keyword-only and optional: what a hand-written constructor with rerun-sdk's extension logic
    calls), `from_fields`, `columns`, `cleared`, field-wise `==`, `repr`, the descriptors and
    the Rust plan of its fields' hot input forms (`_PLAN`). The constructor is a C method
    descriptor (`_native.archetype_init`) standing for the Python one (`_INIT_PY`), which it
    calls for everything but its hot case. A class that defines `__init__` itself keeps it,
    unless it declares `_HOT_INIT` (its logic changes nothing when its own parameters are None).
    """

    __slots__ = ("_cells",)
    _cells: tuple[Any, ...]
    _PLAN: ClassVar[_native.FieldPlan]
    _SPEC: ClassVar[tuple[Field, ...]] = ()
    _ARCHETYPE: ClassVar[str] = ""
    _ARCHETYPE_PREFIX: ClassVar[str] = "rerun.archetypes"  # `rerun.blueprint.archetypes` for blueprints
    _FIELDS: ClassVar[dict[str, type[BaseBatch]]] = {}
    _DESCRIPTORS: ClassVar[tuple[tuple[str, ComponentDescriptor], ...]] = ()
    _HOT_INIT: ClassVar[bool] = False
    _INIT_PY: ClassVar[Any] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "_SPEC" not in cls.__dict__:
            return
        spec = cls._SPEC
        if "_ARCHETYPE" not in cls.__dict__:
            cls._ARCHETYPE = f"{cls._ARCHETYPE_PREFIX}.{cls.__name__}"
        name = cls._ARCHETYPE.rsplit(".", 1)[-1]
        cls._FIELDS = {f.name: f.batch for f in spec}
        cls._DESCRIPTORS = tuple(
            (
                f.name,
                ComponentDescriptor(
                    f"{name}:{f.name}",
                    archetype=cls._ARCHETYPE,
                    component_type=getattr(f.batch, "_COMPONENT_TYPE", None),
                ),
            )
            for f in spec
        )
        cls._PLAN = _native.FieldPlan(tuple(_hot_form(f.batch) for f in spec))
        for i, f in enumerate(spec):
            setattr(cls, f.name, _field_property(i, f, len(spec)))
        for base in cls.__mro__[1:]:  # a base's fields this declaration drops
            for name in base.__dict__.get("_FIELDS", {}):
                if name not in cls._FIELDS:
                    setattr(cls, name, _no_field(cls, name))
        own_init = "__init__" in cls.__dict__
        for method, fn in _generate(cls, spec).items():
            if method not in cls.__dict__:
                setattr(cls, method, fn)
        # The constructor as one C call for its hot case: the generated one always; a
        # hand-written one when the class declares that, with its own parameters None and every
        # field in its hot form, its logic would change nothing (`_HOT_INIT`).
        cold = cls.__dict__["__init__"] if not own_init or cls.__dict__.get("_HOT_INIT") else None
        init = None if cold is None else _native_init(cls, spec, cold, implied=not own_init)
        if init is not None:
            cls.__init__ = init  # type: ignore[method-assign]
            cls._INIT_PY = cold  # what the descriptor stands for (and calls off its hot case)
        ARCHETYPE_TYPES.add(cls)
        if cls._ARCHETYPE_PREFIX == "rerun.archetypes" and cls.__name__ in VISUALIZABLE:
            cls.visualizer = visualizer_method(cls.__name__)  # type: ignore[attr-defined]

    if TYPE_CHECKING:
        # Generated per class from `_SPEC` (its signature is in the generated stub).
        def __init__(self, *args: Any, **kwargs: Any) -> None: ...

    def _core(self, **fields: Any) -> None:  # generated per class from `_SPEC`
        raise NotImplementedError

    def _unset(self) -> None:
        """Leaves every field unset (what a constructor does when its input is dropped)."""
        self._cells = (None,) * len(self._FIELDS)

    @classmethod
    def from_fields(cls, *, clear_unset: bool = False, **fields: Any) -> Any:
        """Builds an instance from component fields without the convenience constructor; with
        `clear_unset`, every field not given is logged as an empty batch (cleared)."""
        raise NotImplementedError  # generated per class from `_SPEC`

    @classmethod
    def cleared(cls) -> Any:
        """An instance that clears every field (each logged as an empty batch)."""
        return cls.from_fields(clear_unset=True)

    @classmethod
    def columns(cls, **fields: Any) -> Any:
        """Column-oriented batches for `send_columns`, one unit-length partition per instance by
        default (`.partition(lengths)` to regroup)."""
        raise NotImplementedError  # generated per class from `_SPEC`

    @classmethod
    def _columns_of(cls, inst: Archetype) -> Any:
        from ._columns import ComponentColumn, ComponentColumnList  # send_columns only: not at import

        return ComponentColumnList(
            [ComponentColumn(d, b) for f, d in cls._DESCRIPTORS if (b := getattr(inst, f)) is not None]
        )

    @classmethod
    def archetype(cls) -> str:
        return cls._ARCHETYPE

    def as_component_batches(self) -> list[DescribedComponentBatch]:
        return _native.described_batches(self, self._DESCRIPTORS)

    def _log_payload(self) -> list[tuple[ComponentDescriptor, Payload]]:
        """What `log()` hands to Rust: (descriptor, payload) per set field."""
        return [
            (d, c._numpy_data if isinstance(c, BaseBatch) else c)
            for (_, d), c in zip(self._DESCRIPTORS, self._cells)
            if c is not None
        ]

    def __eq__(self, other: object) -> bool:
        """Field by field, as rerun-sdk compares archetypes."""
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self._FIELDS)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        set_fields = ", ".join(
            f"{f}={getattr(self, f)!r}" for f in self._FIELDS if getattr(self, f) is not None
        )
        return f"{type(self).__name__}({set_fields})"
