"""Blueprint stores on the wire: `send_blueprint`, `save(default_blueprint=)` and `Blueprint.save`
put a blueprint store (its own StoreInfo, chunks and activation command) where rerun-sdk 0.41
puts it, and every file passes `rerun rrd verify`.

The blueprint here is a stand-in logging one archetype, so this checks the transport alone;
`test_blueprint.py` checks the blueprint types themselves against rerun-sdk."""

from __future__ import annotations

from pathlib import Path

import pytest
import rerun

import nparrow as rr
from ffi_tests.rerun_cli import rerun_cli
from ffi_tests.rrd_reader import messages
from nparrow.recording_stream import _save_blueprint

REC, BP = 1, 2


class _Layout:
    """A BlueprintLike: `to_blueprint()` and `_log_to_stream(stream)`, as rerun-sdk's are."""

    def to_blueprint(self) -> _Layout:
        return self

    def _log_to_stream(self, stream: rr.RecordingStream) -> None:
        stream.log("viewport", rr.TextDocument("layout"))


def _verify(*paths: Path) -> None:
    proc = rerun_cli("rrd", "verify", *map(str, paths))
    assert proc.returncode == 0, proc.stderr


def test_send_blueprint_writes_a_blueprint_store_and_activates_it(tmp_path):
    path = tmp_path / "rec.rrd"
    rec = rr.RecordingStream("app", recording_id="r1")
    rec.save(path)
    rec.log("world/p", rr.Points3D([[1, 2, 3]]))
    rec.send_blueprint(_Layout(), make_active=True, make_default=False)
    rec.flush()
    rec.disconnect()
    got = messages(path)
    bp = [m for m in got if m[1] == BP and m[0] != "End"]
    assert bp == [
        ("SetStoreInfo", BP, None),
        ("ArrowMsg", BP, None),
        ("BlueprintActivationCommand", BP, (True, False)),
    ]
    assert got[0] == ("SetStoreInfo", REC, None)
    assert got[-1] == ("End", 2, None), "one manifest per store"
    assert sum(m == ("ArrowMsg", REC, None) for m in got) == 2, "properties + points"
    _verify(path)


def test_default_blueprint_of_save_is_the_default_not_active(tmp_path):
    path = tmp_path / "rec.rrd"
    rec = rr.RecordingStream("app")
    rec.save(path, default_blueprint=_Layout())
    rec.disconnect()
    activations = [m for m in messages(path) if m[0] == "BlueprintActivationCommand"]
    assert activations == [("BlueprintActivationCommand", BP, (False, True))]  # as rerun-sdk
    _verify(path)


def test_blueprint_sent_before_save_waits_for_the_sink(tmp_path):
    path = tmp_path / "rec.rrd"
    rec = rr.RecordingStream("app")
    rec.send_blueprint(_Layout())
    rec.save(path)
    rec.disconnect()
    kinds = [m[:2] for m in messages(path)]
    assert ("BlueprintActivationCommand", BP) in kinds
    _verify(path)


def test_rbl_file_is_a_blueprint_store_that_activates_itself(tmp_path):
    path = tmp_path / "layout.rbl"
    _save_blueprint("app", _Layout(), path)
    assert messages(path) == [
        ("SetStoreInfo", BP, None),
        ("ArrowMsg", BP, None),
        ("BlueprintActivationCommand", BP, (True, True)),  # as rerun-sdk's Blueprint.save
        ("End", 1, None),
    ]
    _verify(path)


def test_memory_recordings_hold_the_recording_only():
    rec = rr.RecordingStream("app")
    mem = rec.memory_recording()
    rec.send_blueprint(_Layout())
    rec.log("p", rr.Points3D([[0, 0, 0]]))
    rec.flush()
    paths = {c.schema.metadata[b"rerun:entity_path"].decode() for c in mem.chunks()}
    assert "/viewport" not in paths and "/p" in paths


def test_not_a_blueprint_is_a_type_error():
    rec = rr.RecordingStream("app")
    with pytest.raises(TypeError, match="BlueprintLike"):
        rec.send_blueprint(42)


def test_module_send_blueprint_needs_init(monkeypatch):
    from nparrow import _globals

    monkeypatch.setattr(_globals, "recording", None)
    with pytest.raises(ValueError, match="init"):
        rr.send_blueprint(_Layout())


# --- the same script with real blueprints, both SDKs, through files --------------------------


def _layout(sdk):
    rrb = sdk.blueprint
    return rrb.Blueprint(
        rrb.Horizontal(rrb.Spatial3DView(origin="/world"), rrb.TimeSeriesView(origin="/plots")),
        rrb.TimePanel(state="collapsed"),
    )


def _script(sdk, path):
    import rerun.blueprint  # noqa: F401 - rerun-sdk's `rr.blueprint` needs the import, ours loads it lazily

    rec = sdk.RecordingStream("bp_app", recording_id="bp1")
    rec.save(path, default_blueprint=_layout(sdk))
    rec.log("world/points", sdk.Points3D([[1, 2, 3]]))
    rec.send_blueprint(
        sdk.blueprint.Blueprint(sdk.blueprint.Spatial3DView(origin="/world")), make_active=True
    )
    rec.flush()
    rec.disconnect()


def test_blueprint_stores_in_a_recording_equal_rerun_sdks(tmp_path):
    from rerun.chunk import RrdReader

    from ffi_tests import blueprint_diff

    theirs, ours = tmp_path / "theirs.rrd", tmp_path / "ours.rrd"
    _script(rerun, theirs)
    _script(rr, ours)
    _verify(ours)

    # The message structure: the same stores, activations and flags, in rerun-sdk's order but for
    # the default blueprint (rerun-sdk writes it before the recording's StoreInfo, nparrow after).
    def structure(path):
        return sorted({m for m in messages(path) if m[0] != "ArrowMsg"})

    assert structure(ours) == structure(theirs)
    r_theirs, r_ours = RrdReader(theirs), RrdReader(ours)
    stores_theirs = [[c.to_record_batch() for c in r_theirs.stream(store=s)] for s in r_theirs.blueprints()]
    stores_ours = [[c.to_record_batch() for c in r_ours.stream(store=s)] for s in r_ours.blueprints()]
    assert len(stores_theirs) == 2 and all(blueprint_diff.rows(s) for s in stores_theirs)
    assert blueprint_diff.diff_stores(stores_theirs, stores_ours) == []


def _layout_of_values(sdk):
    """A blueprint whose properties are given as blueprint component single values."""
    rrb = sdk.blueprint
    bc = rrb.components
    return rrb.Blueprint(
        rrb.Vertical(
            rrb.MapView(origin="/map", zoom=bc.ZoomLevel(12.5)),
            rrb.TimeSeriesView(
                origin="/plots",
                axis_y=rrb.archetypes.ScalarAxis(zoom_lock=bc.LockRangeDuringZoom(True)),
            ),
            rrb.Spatial2DView(
                origin="/image", background=rrb.archetypes.Background(kind=bc.BackgroundKind.SolidColor)
            ),
        ),
        rrb.BlueprintPanel(state=bc.PanelState.Collapsed),
    )


def test_blueprint_of_single_values_equals_rerun_sdks(tmp_path):
    """The blueprint component values (`rrb.components.ZoomLevel(...)`, ...) give the same blueprint
    store as rerun-sdk's, whole."""
    import rerun.blueprint
    from rerun.chunk import RrdReader

    from ffi_tests import blueprint_diff

    stores = []
    for sdk, path in ((rerun, tmp_path / "theirs.rrd"), (rr, tmp_path / "ours.rrd")):
        rec = sdk.RecordingStream("bp_values", recording_id="bp2")
        rec.save(path, default_blueprint=_layout_of_values(sdk))
        rec.flush()
        rec.disconnect()
        reader = RrdReader(path)
        stores.append([[c.to_record_batch() for c in reader.stream(store=s)] for s in reader.blueprints()])
    _verify(tmp_path / "ours.rrd")
    theirs, ours = stores
    assert len(theirs) == 1 and blueprint_diff.rows(theirs[0])
    assert blueprint_diff.diff_stores(theirs, ours) == []
