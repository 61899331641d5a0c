"""Shape rules and bad batch input as in rerun-sdk 0.41: `columns(...).partition(lengths)`, rows
inferred from input shapes, trailing unit dimensions, one blob per row, and bad data given to a
batch constructor (a RerunWarning and an empty batch, the same exception in strict mode)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import rerun

import nparrow as rr


def _assert_same_columns(ours, theirs):
    ours, theirs = list(ours), list(theirs)
    assert [c.component_descriptor().component for c in ours] == [
        c.component_descriptor().component for c in theirs
    ]
    for o, t in zip(ours, theirs, strict=True):
        oa, ta = o.as_arrow_array(), t.as_arrow_array()
        assert oa.type == ta.type, o.component_descriptor().component
        assert oa.equals(ta), (oa.to_pylist(), ta.to_pylist())


RNG = np.random.default_rng(3)
V25 = RNG.normal(size=(25, 3)).astype(np.float32)
O25 = RNG.normal(size=(25, 3)).astype(np.float32)

COLUMNS = {
    "arrows_partitioned": lambda sdk: sdk.Arrows3D.columns(vectors=V25, origins=O25).partition([5] * 5),
    "points_uneven": lambda sdk: sdk.Points3D.columns(positions=V25[:9], radii=np.arange(9.0)).partition(
        [0, 4, 2, 3]
    ),
    "scalars_nk": lambda sdk: sdk.Scalars.columns(scalars=np.arange(12.0).reshape(6, 2)),
    "scalars_n1": lambda sdk: sdk.Scalars.columns(scalars=np.arange(4.0).reshape(4, 1)),
    "scalars_flat": lambda sdk: sdk.Scalars.columns(scalars=np.arange(4.0)),
    "points_mk3": lambda sdk: sdk.Points3D.columns(positions=np.arange(30.0).reshape(2, 5, 3)),
    "points_n31": lambda sdk: sdk.Points3D.columns(positions=np.arange(12.0).reshape(4, 3, 1)),
    "points_colors": lambda sdk: sdk.Points3D.columns(
        positions=V25[:2], colors=np.array([[255, 0, 0], [0, 255, 0]], dtype=np.uint8)
    ),
    "transforms": lambda sdk: sdk.Transform3D.columns(translation=V25[:4]),
}


@pytest.mark.parametrize("case", COLUMNS)
def test_columns_equal_rerun_sdk(case):
    _assert_same_columns(COLUMNS[case](rr), COLUMNS[case](rerun))


def test_arrows_partition_is_sent(unbatched_rec):
    """The issue's call: 25 arrows regrouped into 5 rows of 5, sent without a warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        unbatched_rec.send_columns(
            "arrows",
            indexes=[rr.TimeColumn("time", sequence=range(5))],
            columns=rr.Arrows3D.columns(vectors=V25, origins=O25).partition([5] * 5),
        )


# Batch inputs whose shape rerun-sdk accepts (or squeezes): equal Arrow arrays.
SHAPES = [
    ("Position3DBatch", np.ones((2, 3, 1))),
    ("Position3DBatch", np.ones((2, 1, 3))),
    ("Position3DBatch", np.ones((1, 3, 1, 1))),
    ("Position2DBatch", np.ones((3, 2, 1))),
    ("HalfSize3DBatch", np.ones((2, 3, 1))),
    ("ScalarBatch", np.ones((4, 1))),
    ("RadiusBatch", np.ones((2, 2))),
    ("ColorBatch", np.ones((2, 4, 1), np.uint8)),
    ("BlobBatch", np.arange(12, dtype=np.uint8).reshape(3, 4)),
    ("BlobBatch", np.zeros((1, 4), np.uint8)),
    ("BlobBatch", np.zeros(0, np.uint8)),
    ("BlobBatch", [b"ab", b"c"]),
]


@pytest.mark.parametrize(("cls", "value"), SHAPES, ids=[f"{c}-{np.shape(v)}" for c, v in SHAPES])
def test_shapes_equal_rerun_sdk(cls, value):
    ours = getattr(rr.components, cls)(value).as_arrow_array()
    theirs = getattr(rerun.components, cls)(value).as_arrow_array()
    assert ours.type == theirs.type
    assert ours.equals(theirs), (ours.to_pylist(), theirs.to_pylist())


# Bad input to a batch constructor: rerun-sdk warns and gives an empty batch.
BAD = [
    ("Position3DBatch", np.array([object()])),
    ("ColorBatch", "not-a-color"),
    ("Position3DBatch", np.arange(6.0).reshape(3, 2)),
    ("Vector3DBatch", np.ones((3, 1))),
    ("Position3DBatch", np.ones(4)),
    ("Position3DBatch", [[1, 2, 3], [4, 5]]),  # ragged
    ("ScalarBatch", [[1, 2], [3]]),  # ragged
    ("ScalarBatch", "x"),
    ("Position3DBatch", "abc"),
    ("RadiusBatch", [object()]),
    ("ClassIdBatch", [-1]),
]
BAD_IDS = [f"{c}-{i}" for i, (c, _) in enumerate(BAD)]


@pytest.mark.parametrize(("cls", "value"), BAD, ids=BAD_IDS)
def test_bad_batch_input_warns_and_is_empty_as_rerun_sdk(cls, value):
    with pytest.warns(rerun.error_utils.RerunWarning, match=cls) as theirs:
        t = getattr(rerun.components, cls)(value)
    with pytest.warns(rr.RerunWarning, match=cls) as ours:
        o = getattr(rr.components, cls)(value)
    assert len(ours) == len(theirs) == 1
    assert ours[0].filename == __file__  # points at the user's line
    assert len(o) == len(t.as_arrow_array()) == 0
    assert o.as_arrow_array().type == t.as_arrow_array().type


@pytest.mark.parametrize(("cls", "value"), BAD, ids=BAD_IDS)
def test_bad_batch_input_raises_in_strict_mode_as_rerun_sdk(cls, value, strict):
    with pytest.raises((TypeError, ValueError, OverflowError)) as theirs:
        getattr(rerun.components, cls)(value)
    with pytest.raises((TypeError, ValueError, OverflowError)) as ours:
        getattr(rr.components, cls)(value)
    assert type(ours.value) is type(theirs.value)


@pytest.mark.parametrize(("cls", "value"), BAD[:2], ids=BAD_IDS[:2])
def test_batch_strict_argument_raises_as_rerun_sdk(cls, value):
    with pytest.raises((TypeError, ValueError)) as theirs:
        getattr(rerun.components, cls)(value, strict=True)
    with pytest.raises((TypeError, ValueError)) as ours:
        getattr(rr.components, cls)(value, strict=True)
    assert type(ours.value) is type(theirs.value)


def test_archetype_with_bad_field_warns_once():
    """The archetype drops the bad field and warns once (the batch does not warn as well)."""
    with pytest.warns(rr.RerunWarning) as record:
        p = rr.Points3D([[1, 2, 3]], colors="not-a-color")
    assert len(record) == 1
    assert "Points3D" in str(record[0].message) and "ColorBatch" in str(record[0].message)
    assert p.colors is None and p.positions is not None
