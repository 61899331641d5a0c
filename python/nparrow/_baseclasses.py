"""Batches keep numpy (`_numpy_data`) and build Arrow lazily; archetypes cache descriptors."""

from __future__ import annotations

from typing import Any, ClassVar

from . import _native
from ._native import ComponentDescriptor
from ._shapes import Payload, Shape
from .error_utils import _report

__all__ = ["Archetype", "BaseBatch", "ComponentBatchMixin", "ComponentDescriptor", "DescribedComponentBatch"]


class BaseBatch:
    """A batch of one encoding. `_numpy_data` holds the payload for Rust: numpy input stays numpy,
    as the array itself (primitives), `(ndarray, list_size)` or `(data, offsets, inner_size)`; Python numbers,
    lists and strings are read by Rust straight into an `_native.ArrowArray`, with no numpy
    round-trip. `pa_array` is built (through Rust) on first access."""

    # `_arrow` and `_pa` stay unset until first asked for: construction only sets the payload.
    __slots__ = ("_arrow", "_numpy_data", "_pa")
    _SHAPE: ClassVar[Shape]

    def __init__(self, data: Any, strict: bool | None = None) -> None:
        self._numpy_data: Payload = self._SHAPE.convert([] if data is None else data)

    @classmethod
    def _converted(cls, data: Any, context: str) -> BaseBatch | None:
        """The batch for `data`, or None (with a warning; raised in strict mode) if it is bad."""
        if data is None:
            return None
        if isinstance(data, cls):
            return data
        try:
            return cls(data)
        except (TypeError, ValueError, OverflowError) as err:
            _report(f"{context}: {cls.__name__}", err, stacklevel=5)
            return None

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
            import pyarrow as pa

            self._pa: Any = pa.array(self._native_array())
            return self._pa

    @property
    def pa_array(self) -> Any:
        return self.as_arrow_array()

    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]:
        return self._native_array().__arrow_c_array__(requested_schema)

    def __len__(self) -> int:
        return self._SHAPE.length(self._numpy_data)

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


class Archetype:
    """An archetype is a named set of optional component batches.

    Subclasses declare `_FIELDS = {field: BatchClass}`; `__init_subclass__` builds each field's
    `ComponentDescriptor` once and stores it on the class.
    """

    __slots__ = ()
    _FIELDS: ClassVar[dict[str, type[BaseBatch]]] = {}
    _DESCRIPTORS: ClassVar[tuple[tuple[str, ComponentDescriptor], ...]] = ()
    _FIELD_ITEMS: ClassVar[tuple[tuple[str, type[BaseBatch]], ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        name = cls.__name__
        cls._FIELD_ITEMS = tuple(cls._FIELDS.items())
        cls._DESCRIPTORS = tuple(
            (
                field,
                ComponentDescriptor(
                    f"{name}:{field}",
                    archetype=f"rerun.archetypes.{name}",
                    component_type=getattr(batch, "_COMPONENT_TYPE", None),
                ),
            )
            for field, batch in cls._FIELDS.items()
        )

    def _set(self, **fields: Any) -> None:
        """Converts and stores each field; bad ones warn (or raise in strict mode) and are dropped."""
        get = fields.get
        for field, batch_cls in self._FIELD_ITEMS:
            value = get(field)
            if value is not None and type(value) is not batch_cls:
                value = batch_cls._converted(value, type(self).__name__)
            setattr(self, field, value)

    @classmethod
    def from_fields(cls, *, clear_unset: bool = False, **fields: Any) -> Any:
        """Builds an instance from component fields without the convenience constructor; with
        `clear_unset`, every field not given is logged as an empty batch (cleared)."""
        unknown = set(fields) - set(cls._FIELDS)
        if unknown:
            raise TypeError(f"{cls.__name__}.from_fields got unknown fields: {sorted(unknown)}")
        inst = cls.__new__(cls)
        if clear_unset:
            fields = {f: ([] if fields.get(f) is None else fields[f]) for f in cls._FIELDS}
        inst._set(**fields)
        return inst

    @classmethod
    def cleared(cls) -> Any:
        """An instance that clears every field (each logged as an empty batch)."""
        return cls.from_fields(clear_unset=True)

    @classmethod
    def columns(cls, **fields: Any) -> Any:
        """Column-oriented batches for `send_columns`, one unit-length partition per instance by
        default (`.partition(lengths)` to regroup)."""
        from ._send_columns import ComponentColumn, ComponentColumnList

        inst = cls.from_fields(**fields)
        return ComponentColumnList(
            [ComponentColumn(d, b) for f, d in cls._DESCRIPTORS if (b := getattr(inst, f)) is not None]
        )

    @classmethod
    def archetype(cls) -> str:
        return f"rerun.archetypes.{cls.__name__}"

    def as_component_batches(self) -> list[DescribedComponentBatch]:
        return _native.described_batches(self, self._DESCRIPTORS)

    def _log_payload(self) -> list[tuple[ComponentDescriptor, Payload]]:
        """What `log()` hands to Rust: (descriptor, payload) per set field."""
        return [
            (d, b._numpy_data) for field, d in self._DESCRIPTORS if (b := getattr(self, field)) is not None
        ]

    def __repr__(self) -> str:
        set_fields = ", ".join(
            f"{f}={getattr(self, f)!r}" for f in self._FIELDS if getattr(self, f) is not None
        )
        return f"{type(self).__name__}({set_fields})"
