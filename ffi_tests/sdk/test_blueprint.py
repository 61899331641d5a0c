"""Blueprints built the same way with rerun-sdk and nparrow log the same blueprint store: every
row equal once container/view/visualizer ids are renamed in first-seen order
(`ffi_tests/blueprint_diff.py`). One case per container class, view class, view property and
panel, plus defaults, overrides and contents queries."""

from __future__ import annotations

import types
import warnings

import pytest
import rerun  # the reference peer: a hard dependency of the tests (make test installs it)
import rerun.blueprint as rrrb
import rerun.blueprint.components as rerun_bp_components

import nparrow
import nparrow.blueprint as nrrb
from ffi_tests import blueprint_diff
from nparrow.blueprint.api import _log_blueprint

THEIRS = types.SimpleNamespace(
    enc=rerun.blueprint.encodings,
    dt=rerun.encodings,
    rr=rerun,
    rrb=rrrb,
    AbsoluteTimeRange=rerun_bp_components.AbsoluteTimeRange,
    TRB=rerun.TimeRangeBoundary,
)
OURS = types.SimpleNamespace(
    enc=nrrb.datatypes,
    dt=nrrb.datatypes,
    rr=nparrow,
    rrb=nrrb,
    AbsoluteTimeRange=nrrb.datatypes.AbsoluteTimeRange,
    TRB=nrrb.TimeRangeBoundary,
)


def _ranges(s):
    return s.rrb.VisibleTimeRange("frame", start=s.TRB.cursor_relative(seq=-10), end=s.TRB.infinite())


CONTAINERS = {
    "horizontal": lambda s: s.rrb.Horizontal(
        s.rrb.Spatial3DView(), s.rrb.Spatial2DView(), column_shares=[1, 2]
    ),
    "vertical": lambda s: s.rrb.Vertical(
        s.rrb.TextLogView(), s.rrb.TimeSeriesView(), row_shares=[3, 1], name="v"
    ),
    "grid": lambda s: s.rrb.Grid(
        s.rrb.Spatial3DView(),
        s.rrb.Spatial3DView(),
        s.rrb.Spatial3DView(),
        grid_columns=2,
        column_shares=[1, 1],
        row_shares=[2, 1],
        visible=True,
    ),
    "tabs": lambda s: s.rrb.Tabs(s.rrb.Spatial3DView(name="a"), s.rrb.Spatial3DView(name="b"), active_tab=1),
    "tabs-active-by-name": lambda s: s.rrb.Tabs(
        s.rrb.Spatial3DView(name="a"), s.rrb.Spatial3DView(name="b"), active_tab="a"
    ),
    "tabs-contents-keyword": lambda s: s.rrb.Tabs(
        contents=[s.rrb.MapView(name="m"), s.rrb.GraphView(name="g")]
    ),
    "container": lambda s: s.rrb.Container(
        s.rrb.Spatial3DView(), kind=s.rrb.components.ContainerKind.Vertical, name="c", visible=False
    ),
    "container-kind-str": lambda s: s.rrb.Container(
        s.rrb.Spatial3DView(), kind="grid", name=None, grid_columns=3
    ),
    "nested": lambda s: s.rrb.Horizontal(
        s.rrb.Vertical(s.rrb.Spatial3DView(origin="/a"), s.rrb.Spatial2DView(origin="/b")),
        s.rrb.Tabs(s.rrb.TimeSeriesView(origin="/c"), s.rrb.TextDocumentView(origin="/d")),
    ),
    "empty": lambda s: s.rrb.Horizontal(),
}

VIEWS = {
    "Spatial3DView": lambda s: s.rrb.Spatial3DView(origin="/world", name="3d"),
    "Spatial2DView": lambda s: s.rrb.Spatial2DView(origin="/cam", contents=["$origin/**", "- /cam/skip"]),
    "TimeSeriesView": lambda s: s.rrb.TimeSeriesView(origin="/plots", visible=False),
    "BarChartView": lambda s: s.rrb.BarChartView(titlebar=False),
    "TensorView": lambda s: s.rrb.TensorView(origin="/t"),
    "TextDocumentView": lambda s: s.rrb.TextDocumentView(name="doc"),
    "TextLogView": lambda s: s.rrb.TextLogView(origin="/logs", contents="/logs/**"),
    "DataframeView": lambda s: s.rrb.DataframeView(origin="/"),
    "MapView": lambda s: s.rrb.MapView(origin="/gps"),
    "GraphView": lambda s: s.rrb.GraphView(origin="/g"),
    "StateTimelineView": lambda s: s.rrb.StateTimelineView(origin="/state"),
    "AudioView": lambda s: s.rrb.AudioView(origin="/audio"),
    "View": lambda s: s.rrb.View(class_identifier="3D", origin="/x", contents="$origin/**", name="generic"),
    "View-contents-archetype": lambda s: s.rrb.View(
        class_identifier="2D", origin="/", contents=s.rrb.archetypes.ViewContents(["/a/**", "/b"]), name=None
    ),
}

# view property cases: (needs dense unions, builder)
PROPERTIES = {
    "3d-background-color": lambda s: s.rrb.Spatial3DView(background=[30, 40, 50]),
    "3d-background-kind": lambda s: s.rrb.Spatial3DView(background=s.rrb.BackgroundKind.GradientBright),
    "3d-background-archetype": lambda s: s.rrb.Spatial3DView(
        background=s.rrb.Background(kind="SolidColor", color=[1, 2, 3])
    ),
    "3d-line-grid-bool": lambda s: s.rrb.Spatial3DView(line_grid=False),
    "3d-line-grid": lambda s: s.rrb.Spatial3DView(
        line_grid=s.rrb.LineGrid3D(visible=True, spacing=0.5, stroke_width=2.0, color=[255, 0, 0])
    ),
    "3d-spatial-information": lambda s: s.rrb.Spatial3DView(
        spatial_information=s.rrb.SpatialInformation(
            target_frame="tf#/world", show_axes=True, show_bounding_box=False
        )
    ),
    "3d-eye-controls": lambda s: s.rrb.Spatial3DView(
        eye_controls=s.rrb.EyeControls3D(
            kind=s.rrb.Eye3DKind.Orbital,
            position=[1, 2, 3],
            look_target=[0, 0, 0],
            eye_up=[0, 0, 1],
            speed=2.0,
            spin_speed=0.5,
        )
    ),
    "3d-eye-controls-str": lambda s: s.rrb.Spatial3DView(
        eye_controls=s.rrb.EyeControls3D(kind="firstperson")
    ),
    "2d-visual-bounds": lambda s: s.rrb.Spatial2DView(
        visual_bounds=s.rrb.VisualBounds2D(x_range=[0, 10], y_range=[-5, 5])
    ),
    "2d-background": lambda s: s.rrb.Spatial2DView(background=0x112233FF),
    "ts-axis-y": lambda s: s.rrb.TimeSeriesView(axis_y=s.rrb.ScalarAxis(range=(-1.0, 1.0), zoom_lock=True)),
    "ts-plot-legend": lambda s: s.rrb.TimeSeriesView(
        plot_legend=s.rrb.PlotLegend(corner="LeftTop", visible=True)
    ),
    "ts-plot-legend-corner": lambda s: s.rrb.TimeSeriesView(plot_legend=s.rrb.Corner2D.RightBottom),
    "ts-background": lambda s: s.rrb.TimeSeriesView(
        background=s.rrb.archetypes.PlotBackground(color=[0, 0, 0], show_grid=False)
    ),
    "ts-interaction": lambda s: s.rrb.TimeSeriesView(
        interaction=s.rrb.PlotInteraction(tooltip_mode="All", points_display="Always")
    ),
    "ts-axis-x-link": lambda s: s.rrb.TimeSeriesView(
        axis_x=s.rrb.TimeAxis(link="LinkToGlobal", zoom_lock=False)
    ),
    "bar-legend": lambda s: s.rrb.BarChartView(plot_legend=s.rrb.PlotLegend(visible=False)),
    "tensor-scalar-mapping": lambda s: s.rrb.TensorView(
        scalar_mapping=s.rrb.TensorScalarMapping(mag_filter="Nearest", colormap="Viridis", gamma=1.5)
    ),
    "tensor-view-fit": lambda s: s.rrb.TensorView(view_fit="FillKeepAspectRatio"),
    "text-document-format": lambda s: s.rrb.TextDocumentView(
        format_options=s.rrb.archetypes.TextDocumentFormat(monospace=True, word_wrap=False)
    ),
    "text-log-rows": lambda s: s.rrb.TextLogView(
        rows=s.rrb.TextLogRows(filter_by_log_level=["INFO", "WARN"])
    ),
    "text-log-format": lambda s: s.rrb.TextLogView(format_options=s.rrb.TextLogFormat(monospace_body=True)),
    "map-zoom": lambda s: s.rrb.MapView(zoom=12.0),
    "map-background": lambda s: s.rrb.MapView(background=s.rrb.MapProvider.OpenStreetMap),
    "graph-background": lambda s: s.rrb.GraphView(
        background=s.rrb.archetypes.GraphBackground(color=[9, 9, 9])
    ),
    "graph-visual-bounds": lambda s: s.rrb.GraphView(
        visual_bounds=s.rrb.VisualBounds2D(x_range=[0, 1], y_range=[0, 2])
    ),
    "graph-forces": lambda s: s.rrb.GraphView(
        force_link=s.rrb.archetypes.ForceLink(enabled=True, distance=10.0, iterations=3),
        force_many_body=s.rrb.archetypes.ForceManyBody(strength=-30.0),
        force_position=s.rrb.archetypes.ForcePosition(strength=0.1, position=[1, 2]),
        force_collision_radius=s.rrb.archetypes.ForceCollisionRadius(enabled=False),
        force_center=s.rrb.archetypes.ForceCenter(strength=1.0),
    ),
    "dataframe-query": lambda s: s.rrb.DataframeView(
        query=s.rrb.archetypes.DataframeQuery(
            timeline="frame",
            filter_by_range=(0, 10),
            filter_is_not_null="/points:Points3D",
            apply_latest_at=True,
            select=["frame", "/points:Points3D", "/a:b:c"],
            entity_order=["/b", "/a"],
            auto_scroll=True,
        )
    ),
    "dataframe-query-defaults": lambda s: s.rrb.DataframeView(query=s.rrb.archetypes.DataframeQuery()),
    "dataframe-query-selectors": lambda s: s.rrb.DataframeView(
        query=s.rrb.archetypes.DataframeQuery(
            filter_is_not_null=s.enc.ComponentColumnSelector(entity_path="/p", component="Points3D:colors"),
            select=s.enc.SelectedColumns(["t", "/p:Points3D"]),  # (rerun-sdk refuses selectors in a list)
        )
    ),
    "text-log-columns": lambda s: s.rrb.TextLogView(
        columns=s.rrb.TextLogColumns(
            timeline_columns=[s.enc.TimelineColumn("frame"), s.enc.TimelineColumn("time", visible=False)],
            text_log_columns=[s.enc.TextLogColumn("body"), s.enc.TextLogColumn("loglevel", visible=False)],
        )
    ),
    "tensor-slice-selection": lambda s: s.rrb.TensorView(
        slice_selection=s.rrb.TensorSliceSelection(
            width=s.dt.TensorDimensionSelection(1, invert=True),
            height=s.dt.TensorDimensionSelection(0),
            indices=[s.dt.TensorDimensionIndexSelection(2, 5)],
            slider=[s.enc.TensorDimensionIndexSlider(2)],
        )
    ),
    "3d-spatial-information-axes": lambda s: s.rrb.Spatial3DView(
        spatial_information=s.rrb.SpatialInformation(target_frame="tf#/", axes=s.rr.ViewCoordinates.RUB)
    ),
    "audio-playback": lambda s: s.rrb.AudioView(playback=s.rrb.AudioPlayback(volume=0.5)),
}
UNION_PROPERTIES = {
    "3d-time-ranges": lambda s: s.rrb.Spatial3DView(time_ranges=_ranges(s)),
    "3d-time-ranges-archetype": lambda s: s.rrb.Spatial3DView(
        time_ranges=s.rrb.VisibleTimeRanges(
            timeline="t", start=s.TRB.absolute(seq=1), end=s.TRB.absolute(seq=9)
        )
    ),
    "2d-time-ranges-list": lambda s: s.rrb.Spatial2DView(time_ranges=[_ranges(s)]),
    "ts-time-ranges": lambda s: s.rrb.TimeSeriesView(
        time_ranges=s.rrb.VisibleTimeRange(
            "time", start=s.TRB.cursor_relative(seconds=-1.5), end=s.TRB.cursor_relative()
        )
    ),
    "ts-axis-x-view-range": lambda s: s.rrb.TimeSeriesView(
        axis_x=s.rrb.TimeAxis(view_range=s.rrb.TimeRange(start=s.TRB.infinite(), end=s.TRB.absolute(nanos=5)))
    ),
    "state-timeline": lambda s: s.rrb.StateTimelineView(
        time_view=s.rrb.TimeAxis(link="Independent"), time_ranges=_ranges(s)
    ),
}

BLUEPRINTS = {
    "empty": lambda s: s.rrb.Blueprint(),
    "auto": lambda s: s.rrb.Blueprint(s.rrb.Spatial3DView(), auto_layout=False, auto_views=True),
    "several-parts-become-tabs": lambda s: s.rrb.Blueprint(s.rrb.Spatial3DView(), s.rrb.TimeSeriesView()),
    "collapse-panels": lambda s: s.rrb.Blueprint(s.rrb.Spatial3DView(), collapse_panels=True),
    "panels": lambda s: s.rrb.Blueprint(
        s.rrb.Spatial3DView(),
        s.rrb.TopPanel(state="hidden"),
        s.rrb.BlueprintPanel(expanded=False),
        s.rrb.SelectionPanel(state=s.rrb.PanelState.Expanded),
        s.rrb.TimePanel(
            state="collapsed",
            timeline="frame",
            playback_speed=2.0,
            fps=30.0,
            play_state="paused",
            loop_mode="all",
            time_selection=s.AbsoluteTimeRange(3, 7),
        ),
    ),
    "time-panel-only": lambda s: s.rrb.Blueprint(s.rrb.TimePanel(expanded=True), collapse_panels=True),
    "defaults": lambda s: s.rrb.Spatial3DView(
        defaults=[
            s.rr.Points3D.from_fields(radii=0.5, colors=[255, 0, 0]),
            s.rr.Boxes3D.from_fields(fill_mode="solid"),
        ]
    ),
    "overrides-archetype": lambda s: s.rrb.Spatial3DView(
        overrides={"/points": s.rr.Points3D.from_fields(radii=2.0)}
    ),
    "overrides-list": lambda s: s.rrb.Spatial3DView(
        overrides={
            "points": [
                s.rr.Points3D.from_fields(radii=1.0),
                s.rrb.EntityBehavior(visible=False, interactive=True),
            ],
            "/lines": s.rr.LineStrips3D.from_fields(colors=[0, 255, 0]),
        }
    ),
    "overrides-visualizer": lambda s: s.rrb.TimeSeriesView(
        overrides={
            "/series": s.rrb.Visualizer(
                "SeriesLines", overrides=s.rr.SeriesLines(widths=3.0).as_component_batches()
            )
        }
    ),
    "overrides-visualizer-method": lambda s: s.rrb.Spatial3DView(
        overrides={
            "/boxes": [
                s.rr.Boxes3D.from_fields(colors=[1, 2, 3]).visualizer(),
                s.rr.Points3D.from_fields(radii=0.1).visualizer(
                    mappings=[s.enc.VisualizerComponentMapping("Points3D:positions", "SourceComponent")]
                ),
            ],
            "/lines": s.rr.LineStrips2D.from_fields(radii=0.5).visualizer(),
        }
    ),
    "view-as-blueprint": lambda s: s.rrb.TextLogView(name="only"),
    "container-as-blueprint": lambda s: s.rrb.Vertical(s.rrb.Spatial2DView(), s.rrb.Spatial3DView()),
}


def _theirs(make):
    rec = rerun.RecordingStream("app")
    mem = rec.memory_recording()
    rec.set_time("blueprint", sequence=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        make(THEIRS).to_blueprint()._log_to_stream(rec)
    rec.flush()
    return blueprint_diff.rerun_chunks(mem)


def _ours(make):
    rec = nparrow.RecordingStream("app")
    mem = rec.memory_recording()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing we log may warn
        _log_blueprint(make(OURS), rec)
    rec.flush()
    return blueprint_diff.nparrow_chunks(mem)


def _check(make):
    theirs, ours = _theirs(make), _ours(make)
    assert blueprint_diff.rows(theirs), "rerun-sdk logged nothing: the case checks nothing"
    assert blueprint_diff.diff(theirs, ours) == []


@pytest.mark.parametrize("make", CONTAINERS.values(), ids=CONTAINERS.keys())
def test_containers(make):
    _check(make)


@pytest.mark.parametrize("make", VIEWS.values(), ids=VIEWS.keys())
def test_views(make):
    _check(make)


@pytest.mark.parametrize("make", PROPERTIES.values(), ids=PROPERTIES.keys())
def test_view_properties(make):
    _check(make)


@pytest.mark.parametrize("make", UNION_PROPERTIES.values(), ids=UNION_PROPERTIES.keys())
def test_time_range_properties(make):
    _check(make)


@pytest.mark.parametrize("make", BLUEPRINTS.values(), ids=BLUEPRINTS.keys())
def test_blueprints(make):
    _check(make)


def test_every_view_class_has_a_case():
    classes = {n for n in dir(rrrb) if n.endswith("View")}
    assert classes <= set(VIEWS), classes - set(VIEWS)


def test_the_comparison_sees_a_difference():
    """The id mapping does not hide real differences."""
    theirs = _theirs(lambda s: s.rrb.Horizontal(s.rrb.Spatial3DView(origin="/a"), s.rrb.Spatial2DView()))
    ours = _ours(lambda s: s.rrb.Horizontal(s.rrb.Spatial2DView(), s.rrb.Spatial3DView(origin="/a")))
    assert blueprint_diff.diff(theirs, ours) != []


def test_ids_are_fresh_per_object():
    a, b = nrrb.Spatial3DView(), nrrb.Spatial3DView()
    assert a.id != b.id and a.blueprint_path().startswith("view/")
    assert nrrb.Horizontal().blueprint_path().startswith("container/")


def test_active_tab_not_found_raises_as_rerun():
    rec = nparrow.RecordingStream("app")
    with pytest.raises(ValueError, match="not found"):
        _log_blueprint(nrrb.Tabs(nrrb.Spatial3DView(name="a"), active_tab="zzz"), rec)


def test_both_positional_and_contents_raises():
    with pytest.raises(ValueError, match="Cannot provide both"):
        nrrb.Horizontal(nrrb.Spatial3DView(), contents=[nrrb.Spatial2DView()])


def test_duplicate_panel_raises():
    with pytest.raises(ValueError, match="Only one"):
        nrrb.Blueprint(nrrb.TimePanel(), nrrb.TimePanel())


API_CLASSES = sorted(
    n
    for n in dir(rrrb)
    if n.endswith(("View", "Panel"))
    or n in ("Horizontal", "Vertical", "Grid", "Tabs", "Container", "Blueprint")
)


@pytest.mark.parametrize("name", API_CLASSES)
def test_api_signatures_as_rerun_sdk(name):
    import inspect

    def params(cls):
        return [
            (p.name, p.kind.name, None if p.default is p.empty else repr(p.default))
            for p in inspect.signature(cls.__init__).parameters.values()
        ]

    assert params(getattr(nrrb, name)) == params(getattr(rrrb, name))


def test_rerun_blueprint_names_exist():
    """Every public name of `rerun.blueprint` that nparrow has is there (and the known rest is not yet)."""
    not_yet = {"TableBlueprint", "experimental", "table"}
    theirs = {n for n in dir(rrrb) if not n.startswith("_") and n != "annotations"}
    assert theirs - set(dir(nrrb)) <= not_yet, theirs - set(dir(nrrb)) - not_yet


def test_save_writes_the_same_blueprint_store_as_rerun_sdk(tmp_path):
    from rerun.chunk import RrdReader

    def make(s):
        return s.rrb.Blueprint(
            s.rrb.Horizontal(s.rrb.Spatial3DView(origin="/world"), s.rrb.TimeSeriesView(origin="/plots")),
            s.rrb.TimePanel(state="collapsed"),
        )

    make(THEIRS).save("app", tmp_path / "theirs.rbl")
    make(OURS).save("app", tmp_path / "ours.rbl")
    theirs_reader, ours_reader = RrdReader(tmp_path / "theirs.rbl"), RrdReader(tmp_path / "ours.rbl")
    assert [(s.kind, s.application_id) for s in ours_reader.blueprints()] == [("blueprint", "app")]
    assert ours_reader.recordings() == []
    theirs = [c.to_record_batch() for c in theirs_reader.stream(store=theirs_reader.blueprints()[0])]
    ours = [c.to_record_batch() for c in ours_reader.stream(store=ours_reader.blueprints()[0])]
    assert blueprint_diff.rows(theirs)
    assert blueprint_diff.diff(theirs, ours) == []


def test_save_default_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    nrrb.Blueprint(nrrb.Spatial3DView()).save("my_app")
    assert (tmp_path / "my_app.rbl").stat().st_size > 0


def test_visualizable_archetypes_as_rerun_sdk():
    from rerun.blueprint import VisualizableArchetype as Theirs

    for name in dir(rerun.archetypes):
        theirs, mine = getattr(rerun.archetypes, name), getattr(nparrow.archetypes, name, None)
        if isinstance(theirs, type) and isinstance(mine, type):
            assert issubclass(mine, nrrb.VisualizableArchetype) == issubclass(theirs, Theirs), name
