"""`Blueprint.connect_grpc` sends what rerun-sdk's sends: a blueprint store equal under the id
mapping of `ffi_tests/blueprint_diff.py`, received by a real Rerun 0.41 gRPC server."""

from __future__ import annotations

import warnings

import rerun  # the reference peer: a hard dependency of the tests (make test installs it)
import rerun.blueprint as rrrb
from rerun.chunk import RrdReader

import nparrow.blueprint as nrrb
from ffi_tests import blueprint_diff


def _layout(rrb):
    return rrb.Blueprint(
        rrb.Horizontal(rrb.Spatial3DView(origin="/world"), rrb.TimeSeriesView(origin="/plots")),
        rrb.SelectionPanel(state="collapsed"),
    )


def _blueprint_chunks(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rerun.error_utils.RerunWarning)  # a saved stream has no footer
        reader = RrdReader(path)
    (store,) = reader.blueprints()
    assert store.application_id == "bp_app"
    return [c.to_record_batch() for c in reader.stream(store=store)]


def test_connect_grpc_sends_the_same_blueprint_as_rerun_sdk(receiver):
    ours, ref = receiver("nparrow-bp"), receiver("rerun-bp")
    _layout(nrrb).connect_grpc("bp_app", url=ours.url)
    _layout(rrrb).connect_grpc("bp_app", url=ref.url)
    theirs, mine = _blueprint_chunks(ref.stop()), _blueprint_chunks(ours.stop())
    assert blueprint_diff.rows(theirs)
    assert blueprint_diff.diff(theirs, mine) == []
