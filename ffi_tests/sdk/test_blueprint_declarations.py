"""Blueprint archetype declarations against rerun-sdk 0.41's `rerun.blueprint.archetypes`
(walked, not listed): same parameters, descriptors and Arrow types; and the blueprint
components' types."""

from __future__ import annotations

import warnings

import pytest
import rerun  # the reference peer: a hard dependency of the tests (make test installs it)
import rerun.blueprint.archetypes as theirs_module
import rerun.blueprint.components as theirs_components

import nparrow.blueprint.archetypes as ours
import nparrow.blueprint.components as ours_components
from ffi_tests.sdk._parity import described, params, rerun_archetypes

# Blueprint archetypes rerun-sdk 0.41 has that nparrow does not have yet: only shrinks.
NOT_YET: set[str] = set()


THEIRS = rerun_archetypes(theirs_module)
SHARED = sorted(set(THEIRS) - NOT_YET)


def test_there_are_blueprint_archetypes_to_check():
    assert len(THEIRS) >= 40


def test_missing_archetypes_are_exactly_the_known_ones():
    have = {n for n in THEIRS if isinstance(getattr(ours, n, None), type)}
    assert set(THEIRS) - have == NOT_YET, "update NOT_YET: it lists what nparrow still lacks"


@pytest.mark.parametrize("method", ["__init__", "from_fields"])  # rerun's blueprints have no `columns`
@pytest.mark.parametrize("name", SHARED)
def test_same_parameters_as_rerun_sdk(name, method):
    mine, theirs = params(getattr(getattr(ours, name), method)), params(getattr(THEIRS[name], method))
    # Keyword-only parameters have no order a caller can see (rerun's `CardLayout.from_fields`
    # lists them in another order than its fields).
    assert [p for p in mine if p[1] != "KEYWORD_ONLY"] == [p for p in theirs if p[1] != "KEYWORD_ONLY"]
    assert sorted(p for p in mine if p[1] == "KEYWORD_ONLY") == sorted(
        p for p in theirs if p[1] == "KEYWORD_ONLY"
    )


@pytest.mark.parametrize("name", SHARED)
def test_cleared_gives_rerun_sdks_descriptors_and_types(name):
    mine = getattr(ours, name).cleared().as_component_batches()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        theirs = THEIRS[name].cleared().as_component_batches()
    assert len(mine) > 0
    assert described(mine) == described(theirs)


@pytest.mark.parametrize("name", SHARED)
def test_archetype_name(name):
    assert getattr(ours, name).archetype() == THEIRS[name].archetype()


THEIR_COMPONENTS = sorted(n for n in dir(theirs_components) if n.endswith("Batch"))


@pytest.mark.parametrize("name", THEIR_COMPONENTS)
def test_blueprint_component_types(name):
    mine = getattr(ours_components, name)
    theirs = getattr(theirs_components, name)
    assert mine._COMPONENT_TYPE == theirs._COMPONENT_TYPE
    assert mine([]).as_arrow_array().type == theirs._ARROW_DATATYPE


# --- component values: the input forms rerun-sdk's batches take --------------------------------

_U = __import__("uuid").UUID("12345678-1234-5678-1234-567812345678")


def _value_cases():
    from rerun.blueprint import encodings as re

    from nparrow.blueprint import datatypes as nd

    trb, ntrb = rerun.TimeRangeBoundary, nd.TimeRangeBoundary
    return {
        "uuid-bytes": ("RootContainer", _U.bytes, _U.bytes),
        "uuid-object": ("ViewMaximized", _U.bytes, _U),
        "uuid-list": ("VisualizerInstructionId", [_U.bytes, _U.bytes], [_U, _U.bytes]),
        "enum-name": ("ContainerKind", "horizontal", "horizontal"),
        "enum-name-case": ("PanelState", "EXPANDED", "expanded"),
        "enum-member": ("Corner2D", theirs_components.Corner2D.LeftTop, ours_components.Corner2D.LeftTop),
        "enum-list": ("LoopMode", ["off", "all"], ["Off", ours_components.LoopMode.All]),
        "bool": ("AutoLayout", True, True),
        "float": ("Fps", 24.0, 24),
        "u64": ("ForceIterations", 7, 7),
        "strings": ("IncludedContent", ["view/a", "container/b"], ["view/a", "container/b"]),
        "visual-bounds": (
            "VisualBounds2D",
            theirs_components.VisualBounds2D(x_range=[0, 1], y_range=[2, 3]),
            {"x_range": [0, 1], "y_range": [2, 3]},
        ),
        "absolute-time-range": (
            "AbsoluteTimeRange",
            theirs_components.AbsoluteTimeRange(1, 5),
            nd.AbsoluteTimeRange(1, 5),
        ),
        "text-log-column": (
            "TextLogColumn",
            [re.TextLogColumn(kind="body", visible=True), re.TextLogColumn(kind="loglevel", visible=False)],
            [{"kind": "body", "visible": True}, {"kind": "LogLevel", "visible": False}],
        ),
        "sort-by-null-direction": ("SortBy", re.SortBy(column="a"), {"column": "a", "direction": None}),
        "column-type-null": (
            "ColumnType",
            re.ColumnType(component="a"),
            {"component": "a", "component_type_name": None},
        ),
        "filter-is-not-null": (
            "FilterIsNotNull",
            re.FilterIsNotNull(
                active=True, column=re.ComponentColumnSelector(entity_path="/a", component="c")
            ),
            {"active": True, "column": {"entity_path": "/a", "component": "c"}},
        ),
        "selected-columns": (
            "SelectedColumns",
            re.SelectedColumns(["t", "/a:c"]),
            {"time_columns": ["t"], "component_columns": [{"entity_path": "/a", "component": "c"}]},
        ),
        "time-range": (
            "TimeRange",
            rerun.TimeRange(start=trb.cursor_relative(seq=-2), end=trb.infinite()),
            nd.TimeRange(start=ntrb.cursor_relative(seq=-2), end=ntrb.infinite()),
        ),
        "visible-time-ranges": (
            "VisibleTimeRange",
            [
                rerun.VisibleTimeRange(
                    "a", start=trb.absolute(seconds=1.5), end=trb.cursor_relative(nanos=3)
                ),
                rerun.VisibleTimeRange("b", start=trb.infinite(), end=trb.absolute(seq=4)),
            ],
            [
                nd.VisibleTimeRange("a", start=ntrb.absolute(seconds=1.5), end=ntrb.cursor_relative(nanos=3)),
                nd.VisibleTimeRange("b", start=ntrb.infinite(), end=ntrb.absolute(seq=4)),
            ],
        ),
        "empty": ("QueryExpression", [], []),
    }


VALUE_CASES = _value_cases()


@pytest.mark.parametrize(("component", "theirs", "mine"), VALUE_CASES.values(), ids=VALUE_CASES.keys())
def test_blueprint_component_values(component, theirs, mine):
    t = getattr(theirs_components, f"{component}Batch")(theirs).as_arrow_array()
    m = getattr(ours_components, f"{component}Batch")(mine).as_arrow_array()
    assert m.type == t.type
    assert m.to_pylist() == t.to_pylist()


def test_bad_enum_warns_names_the_component_and_drops_the_field():
    import nparrow

    with pytest.warns(nparrow.RerunWarning, match="PanelStateBatch"):
        panel = ours.PanelBlueprint(state="nonsense")
    assert panel.state is None
    with pytest.warns(nparrow.RerunWarning, match="ContainerKindBatch"):
        ours.ContainerBlueprint("diagonal", display_name="x")


def test_background_defaults_as_rerun():
    for color_or_kind, kind in (
        (None, 1),
        ([1, 2, 3], 3),
        (ours_components.BackgroundKind.GradientBright, 2),
    ):
        bg = ours.Background(color_or_kind)
        assert bg.kind.as_arrow_array().to_pylist() == [kind]


def test_visual_bounds_needs_both_ranges():
    with pytest.raises(ValueError, match="Both x_range and y_range"):
        ours.VisualBounds2D(x_range=[0, 1])
