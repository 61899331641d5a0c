"""Scalars, SeriesLines, SeriesPoints, TextLog, TextDocument, Clear, AnnotationContext: each
input form gives the same descriptors and Arrow arrays as rerun-sdk 0.41; bad input warns."""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import pytest
import rerun  # the reference peer: a hard dependency of the tests (make test installs it)

import nparrow as rr
from ffi_tests.sdk._parity import (
    SDK,
    assert_field_dropped,
    assert_same_batches,
    component_columns,
    field_layout,
)
from nparrow.archetypes import annotation_context as _ac
from nparrow.archetypes import text as _text

OURS = rr  # every helper type is exported at nparrow's top level
THEIRS = SDK(
    rerun,
    ClassDescriptionMapElem=rerun.encodings.ClassDescriptionMapElem,
    KeypointPair=rerun.encodings.KeypointPair,
)


def _skeleton(m):
    return m.ClassDescription(
        info=m.AnnotationInfo(id=1, label="person", color=(0, 255, 0)),
        keypoint_annotations=[
            m.AnnotationInfo(id=0, label="nose", color=[255, 0, 0]),
            (1, "left_eye"),
            (2, "right_eye", 0x0000FFFF),
            m.AnnotationInfo(3),
            4,
        ],
        keypoint_connections=[(0, 1), [0, 2], m.KeypointPair(1, 3), np.array([2, 4])],
    )


# (id, build(sdk) -> archetype): the same call is made with nparrow and with rerun-sdk.
CASES = [
    # Scalars
    ("scalars-float", lambda m: m.Scalars(1.5)),
    ("scalars-int", lambda m: m.Scalars(3)),
    ("scalars-list", lambda m: m.Scalars([1, 2.5, -3])),
    ("scalars-f32", lambda m: m.Scalars(np.linspace(0, 1, 7, dtype=np.float32))),
    ("scalars-f64", lambda m: m.Scalars(np.sin(np.arange(5) / 10.0))),
    ("scalars-i64", lambda m: m.Scalars(np.arange(4))),
    ("scalars-column", lambda m: m.Scalars(np.ones((3, 1)))),
    ("scalars-empty", lambda m: m.Scalars([])),
    ("scalars-from_fields", lambda m: m.Scalars.from_fields(scalars=[math.pi])),
    ("scalars-cleared", lambda m: m.Scalars.cleared()),
    # SeriesLines
    ("lines-none", lambda m: m.SeriesLines()),
    ("lines-single", lambda m: m.SeriesLines(colors=[255, 0, 0], names="sin(0.01t)", widths=2)),
    (
        "lines-many",
        lambda m: m.SeriesLines(
            colors=[[255, 0, 0], [0, 255, 0]],
            widths=[1, 2.5],
            names=["a", "b"],
            visible_series=[True, False],
            aggregation_policy="MinMaxAverage",
            interpolation_mode="StepAfter",
        ),
    ),
    (
        "lines-enums",
        lambda m: m.SeriesLines(
            colors=0x00FF00FF,
            aggregation_policy=m.components.AggregationPolicy.Max,
            interpolation_mode=m.components.InterpolationMode.StepMid,
        ),
    ),
    ("lines-enum-lowercase", lambda m: m.SeriesLines(aggregation_policy="off", interpolation_mode="linear")),
    ("lines-numpy", lambda m: m.SeriesLines(widths=np.array([1, 2, 3]), visible_series=np.array([1, 0, 1]))),
    ("lines-from_fields", lambda m: m.SeriesLines.from_fields(names=["x"], widths=3)),
    ("lines-from_fields-clear", lambda m: m.SeriesLines.from_fields(clear_unset=True, names="x")),
    ("lines-cleared", lambda m: m.SeriesLines.cleared()),
    # SeriesPoints
    ("points-default-circle", lambda m: m.SeriesPoints()),
    (
        "points-single",
        lambda m: m.SeriesPoints(colors=[255, 0, 0], names="sin(0.01t)", markers="circle", marker_sizes=4),
    ),
    (
        "points-many",
        lambda m: m.SeriesPoints(
            colors=np.array([[255, 0, 0, 255], [0, 0, 255, 128]], dtype=np.uint8),
            markers=["Cross", "square"],
            names=["a", "b"],
            visible_series=[False, True],
            marker_sizes=[1.0, 2.0],
        ),
    ),
    ("points-enum", lambda m: m.SeriesPoints(markers=m.components.MarkerShape.Asterisk)),
    ("points-only-sizes", lambda m: m.SeriesPoints(marker_sizes=2)),
    ("points-from_fields", lambda m: m.SeriesPoints.from_fields(markers="diamond")),
    ("points-cleared", lambda m: m.SeriesPoints.cleared()),
    # TextLog
    ("textlog-text", lambda m: m.TextLog("hello")),
    ("textlog-level-str", lambda m: m.TextLog("hello", level="INFO")),
    (
        "textlog-level-const",
        lambda m: m.TextLog("héllo wörld", level=m.TextLogLevel.ERROR, color=[255, 0, 0]),
    ),
    ("textlog-level-constructed", lambda m: m.TextLog("x", level=m.TextLogLevel("CUSTOM"))),
    ("textlog-all-levels", lambda m: m.TextLog(["a"] * 6, level=_levels(m))),
    ("textlog-color-int", lambda m: m.TextLog("x", level=m.TextLogLevel.TRACE, color=0x112233FF)),
    ("textlog-from_fields", lambda m: m.TextLog.from_fields(level=m.TextLogLevel.WARN)),
    ("textlog-cleared", lambda m: m.TextLog.cleared()),
    # TextDocument
    ("textdoc-plain", lambda m: m.TextDocument("just text")),
    ("textdoc-markdown", lambda m: m.TextDocument("# Title\n\n* item", media_type=m.MediaType.MARKDOWN)),
    ("textdoc-media-str", lambda m: m.TextDocument("x", media_type="text/plain")),
    ("textdoc-media-const", lambda m: m.TextDocument("x", media_type=m.MediaType.TEXT)),
    ("textdoc-from_fields", lambda m: m.TextDocument.from_fields(media_type=m.MediaType.MARKDOWN)),
    ("textdoc-cleared", lambda m: m.TextDocument.cleared()),
    # Clear
    ("clear-recursive", lambda m: m.Clear(recursive=True)),
    ("clear-flat", lambda m: m.Clear(recursive=False)),
    ("clear-flat-ctor", lambda m: m.Clear.flat()),
    ("clear-recursive-ctor", lambda m: m.Clear.recursive()),
    ("clear-from_fields", lambda m: m.Clear.from_fields(is_recursive=True)),
    ("clear-cleared", lambda m: m.Clear.cleared()),
    # AnnotationContext
    ("ctx-tuples", lambda m: m.AnnotationContext([(1, "a"), (2, "b", [1, 2, 3]), (3, "c", 0xFF00FFFF)])),
    ("ctx-ids", lambda m: m.AnnotationContext([1, 2, 3])),
    ("ctx-null-labels", lambda m: m.AnnotationContext([(1, "a"), 2, m.AnnotationInfo(3, color=[9, 9, 9])])),
    ("ctx-infos", lambda m: m.AnnotationContext([m.AnnotationInfo(id=0, label="bg", color=(0.0, 0.0, 0.0))])),
    ("ctx-class-description", lambda m: m.AnnotationContext(_skeleton(m))),
    ("ctx-mixed", lambda m: m.AnnotationContext([_skeleton(m), (7, "car", [255, 255, 0, 128]), 9])),
    (
        "ctx-map-elem",
        lambda m: m.AnnotationContext([m.ClassDescriptionMapElem(class_id=5, class_description=(6, "six"))]),
    ),
    ("ctx-unicode", lambda m: m.AnnotationContext([(1, "Straße"), (2, "")])),
    ("ctx-empty", lambda m: m.AnnotationContext([])),
    ("ctx-from_fields", lambda m: m.AnnotationContext.from_fields(context=[(1, "a")])),
    ("ctx-cleared", lambda m: m.AnnotationContext.cleared()),
    ("class-description-logged", lambda m: _skeleton(m)),
]


def _levels(m):
    t = m.TextLogLevel
    return [t.CRITICAL, t.ERROR, t.WARN, t.INFO, t.DEBUG, t.TRACE]


@pytest.mark.parametrize("build", [b for _, b in CASES], ids=[i for i, _ in CASES])
def test_same_batches_as_rerun_sdk(build):
    assert_same_batches(build(OURS), build(THEIRS))


def test_field_order_matches_rerun_sdk():
    for name in (
        "Scalars",
        "SeriesLines",
        "SeriesPoints",
        "TextLog",
        "TextDocument",
        "Clear",
        "AnnotationContext",
    ):
        ours = getattr(rr, name)
        theirs = getattr(rerun, name)
        assert list(ours._FIELDS) == [f.name for f in theirs.__attrs_attrs__], name
        assert field_layout(ours) == (list(ours._FIELDS), False)
        assert ours.archetype() == f"rerun.archetypes.{name}"


def test_annotation_context_type_has_rerun_field_names_and_nullability():
    ours = rr.AnnotationContext([(1, "a")]).context.as_arrow_array().type
    assert ours == rerun.components.AnnotationContextBatch._ARROW_DATATYPE
    item = ours.value_field
    assert item.name == "item" and not item.nullable
    desc = item.type.field("class_description")
    assert not desc.nullable
    info = desc.type.field("info").type
    assert [(f.name, f.nullable) for f in info] == [("id", False), ("label", True), ("color", True)]


def test_text_constants():
    TextLogLevel, MediaType = _text.TextLogLevel, _text.MediaType
    assert TextLogLevel.INFO == "INFO" and TextLogLevel.INFO.value == "INFO"
    assert repr(TextLogLevel.WARN) == repr(rerun.TextLogLevel.WARN)
    for name in ("TEXT", "MARKDOWN", "JPEG", "PNG", "GLB", "GLTF", "OBJ", "PLY", "STL", "MP4", "WAV"):
        assert getattr(MediaType, name) == str(getattr(rerun.MediaType, name)), name
    for path in ("a.JPG", "b.png", "c.glb", "d.opus", "e.txt", "f"):
        theirs = rerun.MediaType.guess_from_path(path)
        assert MediaType.guess_from_path(path) == (None if theirs is None else str(theirs)), path


def test_class_description_converts_like_rerun_sdk():
    desc = _skeleton(OURS)
    assert desc.info == _ac.AnnotationInfo(1, "person", 0x00FF00FF)
    assert desc.keypoint_annotations[3] == _ac.AnnotationInfo(3)
    assert [(p.keypoint0, p.keypoint1) for p in desc.keypoint_connections] == [(0, 1), (0, 2), (1, 3), (2, 4)]
    assert _ac.ClassDescription(info=1, keypoint_annotations=None).keypoint_annotations == []


# --- bad input: warn and drop the field (or raise in strict mode) ------------------------------


# (archetype, build, dropped field, a field that must survive or None)
BAD = [
    ("Scalars", lambda: rr.Scalars("abc"), "scalars", None),
    (
        "SeriesLines",
        lambda: rr.SeriesLines(aggregation_policy="bogus", names="kept"),
        "aggregation_policy",
        "names",
    ),
    ("SeriesPoints", lambda: rr.SeriesPoints(markers="hexagon", marker_sizes=2), "markers", "marker_sizes"),
    ("AnnotationContext", lambda: rr.AnnotationContext(5), "context", None),
    ("AnnotationContext", lambda: rr.AnnotationContext(_ac.AnnotationInfo(1)), "context", None),
    ("AnnotationContext", lambda: rr.AnnotationContext([(1, "a", [1, 2])]), "context", None),
    ("AnnotationContext", lambda: rr.AnnotationContext([(1, "a"), ("x", "b")]), "context", None),
    ("AnnotationContext", lambda: rr.AnnotationContext([(1, "a"), [1, "b", 0, 5]]), "context", None),
    ("AnnotationContext", lambda: rr.AnnotationContext([70000]), "context", None),
]
BAD_IDS = [f"{b[0]}-{i}" for i, b in enumerate(BAD)]


@pytest.mark.parametrize(("name", "build", "field", "kept"), BAD, ids=BAD_IDS)
def test_bad_input_warns_and_drops_the_field(name, build, field, kept):
    assert_field_dropped(build, field, name, kept)


@pytest.mark.parametrize(("name", "build", "field", "kept"), BAD, ids=BAD_IDS)
def test_bad_input_raises_in_strict_mode(strict, name, build, field, kept):
    with pytest.raises((TypeError, ValueError)):
        build()


def test_helper_types_raise_on_bad_input():
    with pytest.raises(TypeError):
        _ac.ClassDescription(info=1, keypoint_connections=[(1, 2, 3)])
    with pytest.raises(ValueError):
        _ac.AnnotationInfo("x")
    with pytest.raises(TypeError):
        _ac.ClassDescription(info="person")


def test_from_fields_rejects_unknown_fields():
    with pytest.raises(TypeError, match="recursive"):
        rr.Clear.from_fields(recursive=True)


# --- logging -------------------------------------------------------------------------------


def test_logged_chunks_carry_the_same_arrays(rec):
    mem = rec.memory_recording()
    rec.log("ctx", rr.AnnotationContext([_skeleton(OURS), (2, None), 3]), static=True)
    rec.log("plot", rr.SeriesLines(colors=[255, 0, 0], names="sin"), static=True)
    for step in range(3):
        rec.set_time("step", sequence=step)
        rec.log("plot", rr.Scalars(math.sin(step / 10.0)))
        rec.log("log", rr.TextLog(f"step {step}", level=_text.TextLogLevel.INFO))
    rec.log("plot", rr.Clear.recursive())
    columns = component_columns(mem)
    ctx = columns["AnnotationContext:context"]
    expected = rerun.AnnotationContext([_skeleton(THEIRS), (2, None), 3]).as_component_batches()[0]
    assert ctx == [expected.as_arrow_array().to_pylist()]
    assert columns["Scalars:scalars"] == [[math.sin(s / 10.0)] for s in range(3)]
    assert columns["TextLog:level"] == [["INFO"]] * 3
    assert columns["Clear:is_recursive"] == [[True]]


def test_arrow_type_is_built_without_pyarrow_conversion():
    batch = rr.AnnotationContext([_skeleton(OURS)]).context
    assert isinstance(batch._numpy_data, tuple) and batch._numpy_data[0] == "list"
    assert len(batch) == 1
    assert isinstance(batch.as_arrow_array(), pa.ListArray)
