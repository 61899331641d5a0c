"""`AnnotationContext`: class and keypoint labels, colors and skeleton edges that `class_ids` /
`keypoint_ids` of entities below it refer to (rerun.archetypes.AnnotationContext), with the
helper types `AnnotationInfo`, `ClassDescription`, `ClassDescriptionMapElem` and `KeypointPair`.

The component is one `List<Struct<class_id, class_description: Struct<info, keypoint_annotations:
List<Struct>, keypoint_connections: List<Struct>>>>` per row. It is described with nested
("list", ...) / ("struct", ...) payloads and built in Rust, without pyarrow.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt

from .. import _native, _payload
from .._baseclasses import Archetype, BaseBatch, ComponentBatchMixin, DescribedComponentBatch, Field
from .._registry import ENCODINGS
from .._shapes import Payload, Shape, _describe

_RGBA32: Any = ENCODINGS["Rgba32"]  # an `_shapes.Rgba32`
_U16_MAX = np.iinfo(np.uint16).max


def _u16(values: list[int], what: str) -> npt.NDArray[np.uint16]:
    if values and not 0 <= min(values) <= max(values) <= _U16_MAX:
        raise ValueError(f"{what} must be in 0..{_U16_MAX}, got {min(values)}..{max(values)}")
    return np.array(values, dtype=np.uint16)


@dataclass(init=False, slots=True)
class AnnotationInfo:
    """The label and color of a class id or keypoint id."""

    id: int
    label: str | None
    color: int | None  # 0xRRGGBBAA

    def __init__(self, id: int, label: str | None = None, color: Any = None) -> None:
        self.id = int(id)
        self.label = None if label is None else str(label)
        if color is None:
            self.color = None
        else:
            packed = _RGBA32.packed(color)
            if packed.size != 1:
                raise ValueError(f"AnnotationInfo: expected one color, got {_describe(color)}")
            self.color = int(packed[0])


@dataclass(init=False, slots=True)
class KeypointPair:
    """An edge between two keypoint ids of a class's skeleton."""

    keypoint0: int
    keypoint1: int

    def __init__(self, keypoint0: int, keypoint1: int) -> None:
        self.keypoint0 = int(keypoint0)
        self.keypoint1 = int(keypoint1)


@dataclass(init=False, slots=True)
class ClassDescription:
    """A class: its `AnnotationInfo`, its keypoints' `AnnotationInfo`s, and the keypoint pairs to
    connect. Logging one is the same as logging an `AnnotationContext` holding only it."""

    info: AnnotationInfo
    keypoint_annotations: list[AnnotationInfo]
    keypoint_connections: list[KeypointPair]

    def __init__(
        self,
        *,
        info: Any,
        keypoint_annotations: Sequence[Any] | None = None,
        keypoint_connections: Sequence[Any] | None = None,
    ) -> None:
        self.info = _annotation_info(info)
        self.keypoint_annotations = [_annotation_info(a) for a in keypoint_annotations or []]
        self.keypoint_connections = [_keypoint_pair(p) for p in keypoint_connections or []]

    def as_component_batches(self) -> list[DescribedComponentBatch]:
        return AnnotationContext(self).as_component_batches()


@dataclass(init=False, slots=True)
class ClassDescriptionMapElem:
    """A class id and its description (the class id is normally `class_description.info.id`)."""

    class_id: int
    class_description: ClassDescription

    def __init__(self, class_id: int, class_description: Any) -> None:
        self.class_id = int(class_id)
        self.class_description = _class_description(class_description)


def _annotation_info(data: Any) -> AnnotationInfo:
    """`AnnotationInfoLike` as rerun-sdk takes it: an AnnotationInfo, an id, or (id, label[, color])."""
    if isinstance(data, AnnotationInfo):
        return data
    if isinstance(data, (int, np.integer)):
        return AnnotationInfo(id=int(data))
    if isinstance(data, (str, bytes)) or not isinstance(data, Iterable):
        raise TypeError(f"expected an AnnotationInfo, an id or (id, label[, color]), got {_describe(data)}")
    return AnnotationInfo(*data)


def _keypoint_pair(data: Any) -> KeypointPair:
    if isinstance(data, KeypointPair):
        return data
    if isinstance(data, (str, bytes)) or not isinstance(data, Iterable):
        raise TypeError(f"expected a KeypointPair or (keypoint0, keypoint1), got {_describe(data)}")
    return KeypointPair(*data)


def _class_description(data: Any) -> ClassDescription:
    return data if isinstance(data, ClassDescription) else ClassDescription(info=data)


def _map_elem(data: Any) -> ClassDescriptionMapElem:
    if isinstance(data, ClassDescriptionMapElem):
        return data
    desc = _class_description(data)
    return ClassDescriptionMapElem(class_id=desc.info.id, class_description=desc)


def _offsets(lengths: list[int]) -> npt.NDArray[np.int32]:
    offsets = np.zeros(len(lengths) + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    return offsets


def _labels_payload(labels: list[str | None]) -> Payload:
    """Utf8, nullable: a `None` label is a null entry, as in rerun-sdk."""
    if all(label is not None for label in labels):
        return _native.strings_to_array(labels)
    encoded = [b"" if label is None else label.encode("utf-8") for label in labels]
    valid = np.array([label is not None for label in labels], dtype=np.bool_)
    data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    return _payload.nullable(_payload.varlen(data, _offsets([len(b) for b in encoded]), -1), valid)


def _infos_payload(infos: list[AnnotationInfo]) -> Payload:
    """`Struct<id: u16, label: utf8?, color: u32?>`."""
    colors = [i.color for i in infos]
    packed = np.array([0 if col is None else col for col in colors], dtype=np.uint32)
    if all(col is not None for col in colors):
        color: Payload = _payload.fixed(packed, 0)
    else:
        color = _payload.nullable(
            _payload.fixed(packed, 0), np.array([col is not None for col in colors], dtype=np.bool_)
        )
    return _payload.struct(
        (
            ("id", _payload.fixed(_u16([i.id for i in infos], "AnnotationInfo.id"), 0), False),
            ("label", _labels_payload([i.label for i in infos]), True),
            ("color", color, True),
        )
    )


class _AnnotationContextShape(Shape):
    """One annotation context (a class map) per batch, as rerun-sdk's `AnnotationContextBatch`."""

    expected = (
        "a ClassDescription, or a sequence of ClassDescription / AnnotationInfo / id / "
        "(id, label[, color]) / ClassDescriptionMapElem"
    )

    def convert(self, data: Any) -> Payload:
        if isinstance(data, ClassDescription):
            data = [data]
        elif isinstance(data, (str, bytes, AnnotationInfo)) or not isinstance(data, Iterable):
            raise TypeError(f"expected {self.expected}, got {_describe(data)}")
        elems = [_map_elem(item) for item in data]
        descs = [e.class_description for e in elems]
        keypoints = [a for d in descs for a in d.keypoint_annotations]
        pairs = [p for d in descs for p in d.keypoint_connections]
        connection = _payload.struct(
            (
                (
                    "keypoint0",
                    _payload.fixed(_u16([p.keypoint0 for p in pairs], "KeypointPair.keypoint0"), 0),
                    False,
                ),
                (
                    "keypoint1",
                    _payload.fixed(_u16([p.keypoint1 for p in pairs], "KeypointPair.keypoint1"), 0),
                    False,
                ),
            )
        )
        keypoint_annotations = _payload.list_of(
            _offsets([len(d.keypoint_annotations) for d in descs]), _infos_payload(keypoints), False
        )
        keypoint_connections = _payload.list_of(
            _offsets([len(d.keypoint_connections) for d in descs]), connection, False
        )
        description = _payload.struct(
            (
                ("info", _infos_payload([d.info for d in descs]), False),
                ("keypoint_annotations", keypoint_annotations, False),
                ("keypoint_connections", keypoint_connections, False),
            )
        )
        elem = _payload.struct(
            (
                ("class_id", _payload.fixed(_u16([e.class_id for e in elems], "class id"), 0), False),
                ("class_description", description, False),
            )
        )
        return _payload.list_of(np.array([0, len(elems)], dtype=np.int32), elem, False)


class AnnotationContextBatch(BaseBatch, ComponentBatchMixin):
    """`rerun.components.AnnotationContext`: one class map."""

    __slots__ = ()
    _SHAPE: ClassVar[Shape] = _AnnotationContextShape()
    _COMPONENT_TYPE: ClassVar[str] = "rerun.components.AnnotationContext"


class AnnotationContext(Archetype):
    """Class and keypoint annotations for the entity and its descendants (best logged static)."""

    _SPEC = (Field("context", AnnotationContextBatch, positional=True, required=True),)
