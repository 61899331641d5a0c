"""Dynamic data as in rerun-sdk 0.41: `AnyBatchValue`, `AnyValues`, `DynamicArchetype`.

Values become Arrow as rerun-sdk's type inference makes them (pyarrow's `pa.array`, with numpy
as the fallback), except that a 1-d native-endian numeric numpy array is kept as it is (the
payload is the array itself: borrowed when logged, no pyarrow round-trip). Everything else is
handed to Rust as `("arrow", pa_array)`, imported through the C Data Interface without a copy.

As in rerun-sdk, the first Arrow type a component is logged with is remembered (per descriptor,
process-wide) and later values are converted to it; a change of type warns. pyarrow is imported
on first use, not with `nparrow`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sized
from dataclasses import dataclass
from typing import Any, Self

import numpy as np

from . import _native
from ._columns import ComponentColumn, ComponentColumnList
from ._native import ComponentDescriptor, DescribedComponentBatch
from .error_utils import _report, strict_mode

__all__ = ["AnyBatchValue", "AnyValues", "ComponentValueLike", "DynamicArchetype"]

ComponentValueLike = Any
"""What `AnyBatchValue`/`AnyValues`/`DynamicArchetype` take: component batches, pyarrow arrays,
anything numpy or `pa.array` reads, DLPack producers."""

# rerun's `ArchetypeName::short_name`: these prefixes are dropped from the component name.
_BUILTIN_PREFIXES = ("rerun.archetypes.", "rerun.blueprint.archetypes.", "rerun.")


def _short_name(archetype: str) -> str:
    for prefix in _BUILTIN_PREFIXES:
        if archetype.startswith(prefix):
            return archetype[len(prefix) :]
    return archetype


def with_builtin_archetype(descriptor: ComponentDescriptor, archetype: str) -> ComponentDescriptor:
    """rerun's `ComponentDescriptor.with_builtin_archetype`: the component named
    `<short archetype name>:<component>`, under `archetype`, keeping the component type."""
    return ComponentDescriptor(
        f"{_short_name(archetype)}:{descriptor.component}",
        archetype=archetype,
        component_type=descriptor.component_type,
    )


def _descriptor_str(descriptor: ComponentDescriptor) -> str:
    """How rerun-sdk prints a descriptor in messages: its component name."""
    return descriptor.component


@dataclass(frozen=True)
class ArrowTypeOnly:
    """The Arrow type a component was first logged with (inferred by pyarrow)."""

    pa_type: Any


@dataclass(frozen=True)
class NumpyArrowType:
    """The Arrow type inferred through numpy, with the numpy dtype used for later values."""

    np_type: Any
    pa_type: Any


class _TypeRegistry:
    """descriptor → the type it was first logged with (rerun-sdk's `ANY_VALUE_TYPE_REGISTRY`).
    Column mode stores the type of one row's items (the outer list is the rows)."""

    def __init__(self) -> None:
        self._entries: dict[ComponentDescriptor, ArrowTypeOnly | NumpyArrowType] = {}

    def get(self, descriptor: ComponentDescriptor, *, expect_column: bool = False) -> Any:
        entry = self._entries.get(descriptor)
        if entry is not None and expect_column:
            import pyarrow as pa

            return ArrowTypeOnly(pa.list_(entry.pa_type))
        return entry

    def register(self, descriptor: ComponentDescriptor, new: Any, *, expect_column: bool = False) -> None:
        import pyarrow as pa

        if expect_column and pa.types.is_list(new.pa_type):
            new = ArrowTypeOnly(new.pa_type.value_type)
        existing = self._entries.get(descriptor)
        if existing is not None and existing != new:
            _report(
                "AnyBatchValue",
                ValueError(
                    f"Type for '{_descriptor_str(descriptor)}' changed from {existing} to {new}. "
                    "Rerun requires that a given component only takes on a single type."
                ),
            )
        self._entries[descriptor] = new


ANY_VALUE_TYPE_REGISTRY = _TypeRegistry()


def _native_numeric(value: Any) -> bool:
    """A 1-d numpy array of a dtype Arrow and the bridge share, in native byte order: kept as
    it is (zero-copy); pyarrow would give the same type and values."""
    return (
        type(value) is np.ndarray
        and value.ndim == 1
        and value.dtype.kind in "biuf"
        and value.dtype.byteorder in "=|"
    )


def _parse(value: Any, cached: Any, expect_column: bool = False) -> tuple[Any, Any]:
    """`(payload, inferred type)` for `value`, trying what rerun-sdk tries in its order:
    DLPack, `pa.array`, `pa.scalar`, then numpy (`np.atleast_1d(np.asarray(value))`)."""
    import pyarrow as pa

    pa_type = None if cached is None else cached.pa_type
    np_type = cached.np_type if isinstance(cached, NumpyArrowType) else None
    if _native_numeric(value):
        inferred = pa.from_numpy_dtype(value.dtype)
        # (a column's cached type is `list<T>` of the rows; the array itself is the items)
        if pa_type is None or pa_type == (pa.list_(inferred) if expect_column else inferred):
            return value, ArrowTypeOnly(inferred)
    if hasattr(value, "__dlpack__"):
        try:
            arr = pa.array(np.from_dlpack(value), type=pa_type)
            return ("arrow", arr), ArrowTypeOnly(arr.type)  # = _payload.arrow(arr)
        except (pa.ArrowInvalid, TypeError, BufferError):
            pass
    if not isinstance(value, (str, bytes)):
        try:
            arr = pa.array(value, type=pa_type)
        except (pa.ArrowInvalid, TypeError):
            pass
        else:
            if strict_mode() and arr.type == pa.null():
                raise AssertionError(
                    f"pa.array of value {value} and type {pa_type} resulted in type {arr.type}"
                )
            return ("arrow", arr), ArrowTypeOnly(arr.type)
    try:
        arr = pa.array([pa.scalar(value)], type=pa_type)
        return ("arrow", arr), ArrowTypeOnly(arr.type)
    except (pa.ArrowInvalid, TypeError):
        pass
    np_value = np.atleast_1d(np.asarray(value, dtype=np_type))
    try:
        arr = pa.array(np_value, type=pa_type)
    except pa.ArrowInvalid as err:
        raise ValueError(f"Cannot convert {np_value} to arrow array of type {pa_type}.") from err
    except pa.ArrowNotImplementedError as err:
        if np_type is None:
            raise ValueError(
                f"Cannot convert value {value} to arrow array of type {pa_type}."
                " Inconsistent with previous type provided."
            ) from err
        raise
    return ("arrow", arr), NumpyArrowType(np_value.dtype, arr.type)


def _batch_payload(value: Any) -> Any:
    """The payload of an nparrow batch (kept as it is), or None if `value` is not one."""
    if isinstance(value, DescribedComponentBatch):
        value = value.batch
    data = getattr(value, "_numpy_data", None)
    if data is not None and not isinstance(value, type):
        return data
    return None


class AnyBatchValue:
    """Arbitrary data as one component batch (rerun's `AnyBatchValue`): an nparrow or rerun-sdk
    batch, a pyarrow array, or anything `pa.array` / numpy can read. Data that cannot be
    converted warns (raises in strict mode) and leaves the batch invalid (`is_valid()`)."""

    __slots__ = ("_numpy_data", "_pa", "descriptor")

    def __init__(
        self,
        descriptor: str | ComponentDescriptor,
        value: Any,
        *,
        drop_untyped_nones: bool = True,
        expect_column: bool = False,
    ) -> None:
        if isinstance(descriptor, str):
            descriptor = ComponentDescriptor(descriptor)
        self.descriptor: ComponentDescriptor = descriptor
        self._numpy_data: Any = None
        try:
            self._numpy_data = self._convert(value, drop_untyped_nones, expect_column)
        except Exception as err:  # noqa: BLE001 - as rerun-sdk: any conversion error warns (raises in strict mode)
            _report(f"Converting data for '{_descriptor_str(descriptor)}'", err)

    def _convert(self, value: Any, drop_untyped_nones: bool, expect_column: bool) -> Any:
        payload = _batch_payload(value)
        if payload is not None:
            return payload
        if hasattr(value, "__arrow_c_array__") and _is_pa_array(value):
            return ("arrow", value)  # = _payload.arrow(value)
        if hasattr(value, "as_arrow_array"):  # e.g. a rerun-sdk batch
            arr = value.as_arrow_array()
            return None if arr is None else ("arrow", arr)
        cached = ANY_VALUE_TYPE_REGISTRY.get(self.descriptor, expect_column=expect_column)
        if cached is None:
            if value is None or (isinstance(value, Sized) and len(value) == 0):
                if not drop_untyped_nones:
                    raise ValueError(f"Cannot convert {value} to arrow array without an explicit type")
                return None
        elif value is None:
            value = []
        payload, inferred = _parse(value, cached, expect_column)
        ANY_VALUE_TYPE_REGISTRY.register(self.descriptor, inferred, expect_column=expect_column)
        return payload

    def is_valid(self) -> bool:
        return self._numpy_data is not None

    def component_descriptor(self) -> ComponentDescriptor:
        return self.descriptor

    def as_arrow_array(self) -> Any:
        """The batch as a pyarrow array (None if the value could not be converted)."""
        if self._numpy_data is None:
            return None
        try:
            return self._pa
        except AttributeError:
            import pyarrow as pa

            self._pa: Any = pa.array(_native.payload_to_array(self._numpy_data))
            return self._pa

    @property
    def pa_array(self) -> Any:
        return self.as_arrow_array()

    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]:
        if self._numpy_data is None:
            raise ValueError(f"AnyBatchValue '{_descriptor_str(self.descriptor)}' holds no data")
        return _native.payload_to_array(self._numpy_data).__arrow_c_array__(requested_schema)

    def __len__(self) -> int:
        return 0 if self._numpy_data is None else _native.payload_len(self._numpy_data)

    def __repr__(self) -> str:
        return f"AnyBatchValue({_descriptor_str(self.descriptor)!r}, len={len(self)})"

    @classmethod
    def column(
        cls, descriptor: str | ComponentDescriptor, value: Any, drop_untyped_nones: bool = True
    ) -> ComponentColumn | None:
        """A column for `send_columns`: one row per element of `value` (unit-length rows for a
        flat sequence, one row per inner list for a list of lists), or None if it cannot be
        converted (warned)."""
        if isinstance(descriptor, str):
            descriptor = ComponentDescriptor(descriptor)
        if _batch_payload(value) is not None or _keeps_numpy(descriptor, value):
            inst = cls(descriptor, value, drop_untyped_nones=drop_untyped_nones, expect_column=True)
            return ComponentColumn(descriptor, inst) if inst.is_valid() else None
        if value is not None and not isinstance(value, (str, bytes)) and not _is_pa_array(value):
            try:
                arr = np.asarray(value)
            except ValueError:
                arr = None  # ragged: already a list of rows
            if arr is not None and arr.ndim == 1 and arr.dtype.kind != "O":
                value = [[x] for x in value]
        inst = cls(descriptor, value, drop_untyped_nones=drop_untyped_nones, expect_column=True)
        if not inst.is_valid():
            return None
        data = inst._numpy_data
        if type(data) is tuple and data[0] == "arrow":
            import pyarrow as pa

            arr = data[1] if isinstance(data[1], pa.Array) else pa.array(data[1])
            if pa.types.is_list(arr.type):
                # The outer list is the rows: its items are the batch, its offsets the rows.
                inst._numpy_data = ("arrow", arr.values)
                offsets = np.asarray(arr.offsets.to_numpy(), dtype=np.int32)
                return ComponentColumn(descriptor, inst, offsets=offsets)
        return ComponentColumn(descriptor, inst)


def _keeps_numpy(descriptor: ComponentDescriptor, value: Any) -> bool:
    """Whether a column of `value` is the numpy array itself (one value per row): a 1-d numeric
    array whose type is the one the component has (or the first it gets)."""
    if not _native_numeric(value):
        return False
    entry = ANY_VALUE_TYPE_REGISTRY.get(descriptor)
    if entry is None:
        return True
    import pyarrow as pa

    return bool(entry.pa_type == pa.from_numpy_dtype(value.dtype))


def _is_pa_array(value: Any) -> bool:
    mod = type(value).__module__
    if not mod.startswith("pyarrow"):
        return False
    import pyarrow as pa

    return isinstance(value, pa.Array)


class _ComponentBuilder:
    """What `DynamicArchetype` and `AnyValues` share: `with_component_override` (and each
    class's `with_component_from_data`) add one component through `_add`."""

    def _add(self, field: str, component_type: str | None, value: Any, drop_untyped_nones: bool) -> None:
        raise NotImplementedError

    def with_component_override(
        self,
        field: str,
        component_type: str,
        value: ComponentValueLike | None,
        *,
        drop_untyped_nones: bool = True,
    ) -> Self:
        """Adds a component named `field` with the component type `component_type`."""
        self._add(field, component_type, value, drop_untyped_nones)
        return self


class DynamicArchetype(_ComponentBuilder):
    """Data logged as an archetype defined at runtime (rerun's `DynamicArchetype`): each
    component is named `<archetype>:<name>` and carries `archetype`."""

    def __init__(
        self,
        archetype: str,
        drop_untyped_nones: bool = True,
        components: Mapping[str, ComponentValueLike | None] | None = None,
    ) -> None:
        self._component_batches: list[Any] = []
        self._archetype: str | None = None
        self._name = type(self).__name__
        self._optional_archetype(archetype, drop_untyped_nones, components)

    def _optional_archetype(
        self,
        archetype: str | None,
        drop_untyped_nones: bool = True,
        components: Mapping[str, ComponentValueLike | None] | None = None,
    ) -> None:
        self._archetype = archetype
        try:
            if not isinstance(drop_untyped_nones, bool) and drop_untyped_nones is not None:
                raise ValueError(
                    f"{self._name} components must be set using the components argument, "
                    f"you've provided a positional argument of type {type(drop_untyped_nones)} "
                    "to our boolean flag."
                )
            for name, value in (components or {}).items():
                self._with_descriptor_internal(
                    self._descriptor(ComponentDescriptor(name)), value, drop_untyped_nones=drop_untyped_nones
                )
        except Exception as err:  # noqa: BLE001 - as rerun-sdk: warn (raise in strict mode), keep what was built
            _report(self._name, err)

    def _descriptor(self, descriptor: ComponentDescriptor) -> ComponentDescriptor:
        if self._archetype is None:
            return descriptor
        return with_builtin_archetype(descriptor, self._archetype)

    @classmethod
    def _default_without_archetype(
        cls, drop_untyped_nones: bool = True, **kwargs: ComponentValueLike | None
    ) -> DynamicArchetype:
        """A builder whose components carry no archetype (what `AnyValues` uses)."""
        inst = cls.__new__(cls)
        inst._component_batches = []
        inst._name = cls.__name__
        inst._optional_archetype(None, drop_untyped_nones, components=kwargs)
        return inst

    def _with_name(self, name: str) -> None:
        self._name = name

    def _with_descriptor_internal(
        self, descriptor: ComponentDescriptor, value: Any, *, drop_untyped_nones: bool = True
    ) -> DynamicArchetype:
        batch = AnyBatchValue(descriptor, value, drop_untyped_nones=drop_untyped_nones)
        if batch.is_valid():
            self._component_batches.append(DescribedComponentBatch(batch, batch.descriptor))
        return self

    def _add(self, field: str, component_type: str | None, value: Any, drop_untyped_nones: bool) -> None:
        descriptor = self._descriptor(ComponentDescriptor(field, component_type=component_type))
        self._with_descriptor_internal(descriptor, value, drop_untyped_nones=drop_untyped_nones)

    def with_component_from_data(
        self, field: str, value: ComponentValueLike | None, *, drop_untyped_nones: bool = True
    ) -> DynamicArchetype:
        """Adds a component named `field` (under this archetype, if any)."""
        self._add(field, None, value, drop_untyped_nones)
        return self

    def as_component_batches(self) -> list[Any]:
        if not self._component_batches:
            _report(self._name, ValueError("No valid component batches to return."))
        return self._component_batches

    @classmethod
    def columns(
        cls,
        archetype: str,
        drop_untyped_nones: bool = True,
        components: Mapping[str, ComponentValueLike | None] | None = None,
    ) -> ComponentColumnList:
        """Columns for `send_columns`, one row per element of each value (see
        `AnyBatchValue.column`); `.partition(lengths)` regroups them."""
        return _columns_of(
            "DynamicArchetype.columns",
            (
                (with_builtin_archetype(ComponentDescriptor(name), archetype), value)
                for name, value in (components or {}).items()
            ),
            drop_untyped_nones,
        )


def _columns_of(context: str, items: Any, drop_untyped_nones: bool) -> ComponentColumnList:
    columns: list[ComponentColumn] = []
    try:
        for descriptor, value in items:
            col = AnyBatchValue.column(descriptor, value, drop_untyped_nones=drop_untyped_nones)
            if col is not None:
                columns.append(col)
    except Exception as err:  # noqa: BLE001 - as rerun-sdk: warn (raise in strict mode), keep the columns so far
        _report(context, err)
    return ComponentColumnList(columns)


class AnyValues(_ComponentBuilder):
    """Arbitrary keyword data, one component per keyword with no archetype (rerun's
    `AnyValues`): `rr.log("x", rr.AnyValues(confidence=[1.2, 3.4], description="..."))`.
    Values that cannot be converted warn and are left out (raise in strict mode); `None` and
    empty values are left out until the component has a type (`drop_untyped_nones`)."""

    def __init__(self, drop_untyped_nones: bool = True, **kwargs: ComponentValueLike | None) -> None:
        self._builder = DynamicArchetype._default_without_archetype(drop_untyped_nones, **kwargs)
        self._builder._with_name(type(self).__name__)

    def _add(self, field: str, component_type: str | None, value: Any, drop_untyped_nones: bool) -> None:
        self._builder._add(field, component_type, value, drop_untyped_nones)

    def with_component_from_data(
        self, descriptor: str, value: ComponentValueLike | None, *, drop_untyped_nones: bool = True
    ) -> AnyValues:
        """Adds a component named `descriptor`."""
        self._add(descriptor, None, value, drop_untyped_nones)
        return self

    def as_component_batches(self) -> list[Any]:
        return self._builder.as_component_batches()

    @property
    def component_batches(self) -> list[Any]:
        return self._builder.as_component_batches()

    @classmethod
    def columns(
        cls, drop_untyped_nones: bool = True, **kwargs: ComponentValueLike | None
    ) -> ComponentColumnList:
        """Columns for `send_columns`, one row per element of each value (see
        `AnyBatchValue.column`); `.partition(lengths)` regroups them."""
        return _columns_of(
            "AnyValues.columns",
            ((ComponentDescriptor(name), value) for name, value in kwargs.items()),
            drop_untyped_nones,
        )
