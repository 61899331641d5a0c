"""One error policy (nparrow.error_utils): every warning is a `RerunWarning`, points at the
user's line (this file), and strict mode raises instead — for errors found in Python, in
`send_columns`, and by the batcher thread (reported at the next call)."""

from __future__ import annotations

import os
import warnings

import numpy as np
import pytest
import rerun

import nparrow as rr
from nparrow.error_utils import RerunWarning

HERE = os.path.abspath(__file__)


@pytest.fixture
def rec():
    rr.set_strict_mode(False)
    rr.init("nparrow_error_policy")
    rr.memory_recording()
    yield rr.get_global_data_recording()
    rr.set_strict_mode(False)


@pytest.fixture
def strict(rec):
    rr.set_strict_mode(True)
    yield rec
    rr.set_strict_mode(False)


def _one_warning(fn) -> warnings.WarningMessage:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
    assert len(caught) == 1, [str(w.message) for w in caught]
    w = caught[0]
    assert issubclass(w.category, RerunWarning), w.category
    assert os.path.abspath(w.filename) == HERE, (w.filename, str(w.message))
    return w


def test_rerun_warning_is_a_warning_as_in_rerun_sdk():
    assert issubclass(RerunWarning, UserWarning)
    assert issubclass(rerun.error_utils.RerunWarning, Warning)  # rerun-sdk: a plain Warning


def test_log_a_non_archetype(rec):
    _one_warning(lambda: rr.log("p", 42))
    _one_warning(lambda: rec.log("p", 42))
    _one_warning(lambda: rr.log("p", [42]))


def test_log_a_non_archetype_strict(strict):
    with pytest.raises(TypeError):
        rr.log("p", 42)


def test_set_time_without_a_value(rec):
    """A programming error rerun-sdk 0.41 raises for whatever the mode: nparrow raises too
    (side by side with rerun-sdk in test_setup_errors.py)."""
    with pytest.raises(ValueError, match="exactly one of"):
        rr.set_time("t")
    with pytest.raises(TypeError, match="sequence must be an integer"):
        rr.set_time("t", sequence=1.5)
    with pytest.raises(ValueError, match="duration must be finite"):
        rec.set_time("t", duration=float("nan"))


def test_set_time_without_a_value_strict(strict):
    with pytest.raises(ValueError):
        rr.set_time("t")


def test_log_unknown_escape(rec):
    _one_warning(lambda: rr.log("a\\q", rr.Points3D([[1, 2, 3]])))


def test_send_columns(rec):
    _one_warning(lambda: rr.send_columns("p", [rr.TimeColumn("t", sequence=[1, 2])], [42]))
    _one_warning(lambda: rr.send_columns("a\\q", [], []))
    _one_warning(lambda: rec.send_columns("p", [rr.TimeColumn("t", sequence=[1])], [42]))


def test_send_columns_strict(strict):
    with pytest.raises(TypeError):
        rr.send_columns("p", [rr.TimeColumn("t", sequence=[1])], [42])


def test_send_columns_strict_argument(rec):
    with pytest.raises(TypeError):
        rr.send_columns("p", [rr.TimeColumn("t", sequence=[1])], [42], strict=True)
    rr.set_strict_mode(True)
    _one_warning(lambda: rr.send_columns("p", [rr.TimeColumn("t", sequence=[1])], [42], strict=False))


@pytest.fixture
def broken_sink(rec):
    yield rec
    rr.set_strict_mode(False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # closing the failed file warns again
        try:
            rr.disconnect()
            rr.flush()
        except RuntimeError:
            pass


def _batcher_failure(rec) -> None:
    """A sink that fails in the batcher thread: writes to /dev/full fail (ENOSPC)."""
    rr.save("/dev/full")
    rr.log("p", rr.Points3D(np.zeros((1000, 3), dtype=np.float32)))


needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")


@needs_dev_full
def test_batcher_warning(broken_sink):
    _batcher_failure(broken_sink)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rr.flush()
        rr.log("p", rr.Points3D([[1, 2, 3]]))
        rr.flush()
    ours = [w for w in caught if "rrd" in str(w.message)]
    assert ours, [str(w.message) for w in caught]
    for w in ours:
        assert issubclass(w.category, RerunWarning), w.category
        assert os.path.abspath(w.filename) == HERE, w.filename


@needs_dev_full
def test_batcher_warning_strict(broken_sink):
    _batcher_failure(broken_sink)
    rr.set_strict_mode(True)
    with pytest.raises(RuntimeError, match="rrd"):
        rr.flush()
        rr.log("p", rr.Points3D([[1, 2, 3]]))
        rr.flush()


@pytest.mark.parametrize(
    "make",
    [
        lambda: rr.Arrows3D(vectors=[object()]),  # generated constructor
        lambda: rr.Points3D([1, 2, 3], colors="not-a-color"),  # generated, positional field
        lambda: rr.Capsules3D(lengths="x"),  # the archetype added as one declaration
        lambda: rr.Transform3D(translation="x"),  # hand-written constructor calling `_core`
    ],
    ids=["arrows3d", "points3d", "capsules3d", "transform3d"],
)
def test_bad_archetype_field_points_at_the_users_line(make):
    w = _one_warning(make)
    assert "Batch" in str(w.message)


def test_bad_archetype_field_strict(strict):
    with pytest.raises((TypeError, ValueError)):
        rr.Arrows3D(vectors=[object()])
