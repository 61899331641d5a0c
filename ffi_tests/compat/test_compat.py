"""nparrow vs rerun-sdk 0.41: the same logging script must produce semantically equal .rrd files.

Method (spec rrd-format.md §7.5): both files are run through `rerun rrd optimize` so chunking
differences between the two batchers are normalised away, then `rerun rrd compare --unordered`
judges rows, timelines, times, component descriptors and values. Scripts live in ./scripts and
take `rerun|nparrow OUT.rrd`; see conftest.py for the fixtures.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.compat

# Every script in scripts/ (files starting with "_" are helpers).
SCRIPTS = tuple(
    sorted(p.stem for p in (Path(__file__).parent / "scripts").glob("*.py") if not p.stem.startswith("_"))
)


# Tests bind `rc = proc.returncode` before asserting so pytest does not dump the whole
# CompletedProcess repr (megabytes of CLI tables) next to our truncated message.


def _compare(rrd, a, b):
    return rrd("compare", "--unordered", a, b)


def _assert_ok(proc, describe_proc, what):
    rc = proc.returncode
    assert rc == 0, f"{what}\n{describe_proc(proc)}"


def _assert_differ(rrd, describe_proc, a, b, what):
    """`rrd compare` fails on a and b, and for a difference in the data."""
    proc = _compare(rrd, a, b)
    rc = proc.returncode
    assert rc != 0, f"{what}\n{describe_proc(proc)}"
    assert "could not be matched" in proc.stderr + proc.stdout, describe_proc(proc)


# --- harness sanity: the reference side alone --------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_reference_is_deterministic(script, recordings, rrd, describe_proc):
    """rerun-sdk's output verifies, and two runs compare equal (different recording ids, log_time)."""
    raw, opt1 = recordings("rerun", script)
    _assert_ok(rrd("verify", raw), describe_proc, "rerun-sdk's own output fails verify")
    _, opt2 = recordings("rerun", script, variant="again")
    proc = _compare(rrd, opt1, opt2)
    _assert_ok(proc, describe_proc, f"script {script} is not deterministic under rerun-sdk")


def test_reference_compare_detects_perturbation(recordings, rrd, describe_proc):
    """With rerun-sdk on both sides, a single changed coordinate makes compare fail."""
    _, ref = recordings("rerun", "points_static")
    _, bad = recordings("rerun", "points_static", perturb=True)
    _assert_differ(rrd, describe_proc, ref, bad, "compare did not notice a changed value")


# --- nparrow vs rerun-sdk ----------------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_nparrow_output_verifies(script, recordings, rrd, describe_proc):
    raw, _ = recordings("nparrow", script)
    _assert_ok(rrd("verify", raw), describe_proc, f"`rerun rrd verify` rejects nparrow's {script}.rrd")


@pytest.mark.parametrize("script", SCRIPTS)
def test_nparrow_matches_rerun_sdk(script, recordings, rrd, describe_proc, semantic_diff):
    raw_ref, ref = recordings("rerun", script)
    raw_ours, ours = recordings("nparrow", script)
    proc = _compare(rrd, ref, ours)
    rc = proc.returncode
    if rc != 0:
        pytest.fail(
            f"nparrow's {script}.rrd differs from rerun-sdk's (after `rrd optimize` on both)\n"
            f"=== semantic diff (A = rerun-sdk, B = nparrow) ===\n{semantic_diff(raw_ref, raw_ours)}\n"
            f"=== rrd compare output ===\n{describe_proc(proc)}",
            pytrace=False,
        )


def test_nparrow_compare_detects_perturbation(recordings, rrd, describe_proc):
    """Negative control: nparrow logging one changed value must NOT compare equal.

    The perturbed file must still load (verify), so the failure is a data difference, not a
    decoding error; and it must differ both from rerun-sdk's file and from nparrow's own
    unperturbed file.
    """
    raw_bad, bad = recordings("nparrow", "points_static", perturb=True)
    _assert_ok(rrd("verify", raw_bad), describe_proc, "the perturbed nparrow recording fails verify")
    _, ref = recordings("rerun", "points_static")
    _, ours = recordings("nparrow", "points_static")
    for other in (ref, ours):
        _assert_differ(rrd, describe_proc, other, bad, "compare accepted a perturbed nparrow recording")


@pytest.mark.parametrize("sdk", ["rerun", "nparrow"])
def test_print_shows_components_and_entities(sdk, recordings, rrd, describe_proc):
    """`rrd print -vvv` lists the expected descriptors and entity paths (rerun run = self-check)."""
    raw, _ = recordings(sdk, "points_static")
    proc = rrd("print", "-vvv", raw)
    _assert_ok(proc, describe_proc, "`rrd print -vvv` failed")
    text = proc.stdout
    expected_components = [
        "Points3D:positions",
        "Points3D:colors",
        "Points3D:radii",
        "Points3D:labels",
        "Points3D:class_ids",
        "Points3D:show_labels",
        "Transform3D:translation",
        "Transform3D:mat3x3",
        "RecordingInfo:start_time",
    ]
    missing = [c for c in expected_components if f"component: {c}" not in text]
    entities = set(re.findall(r"entity_path: (\S+)", text))
    missing += sorted({"/__properties", "/world", "/world/points", "/world/few"} - entities)
    if '"compat_app"' not in text:
        missing.append('application id "compat_app"')
    assert not missing, f"missing from `rrd print -vvv`: {missing}\n{describe_proc(proc)}"


def _blueprint_stores(path: Path) -> list[list[Any]]:
    from rerun.chunk import RrdReader

    reader = RrdReader(path)
    return [[c.to_record_batch() for c in reader.stream(store=s)] for s in reader.blueprints()]


@pytest.mark.parametrize("script", SCRIPTS)
def test_blueprint_stores_match_rerun_sdk(script, recordings):
    """`rrd compare` judges the data stores; the blueprint stores (random container and view ids)
    are compared row by row under the id mapping of ffi_tests/blueprint_diff.py."""
    from ffi_tests import blueprint_diff

    raw_ref, _ = recordings("rerun", script)
    raw_ours, _ = recordings("nparrow", script)
    theirs, ours = _blueprint_stores(raw_ref), _blueprint_stores(raw_ours)
    assert blueprint_diff.diff_stores(theirs, ours) == []
