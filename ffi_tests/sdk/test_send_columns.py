"""send_columns: one chunk per call, time columns from the indexes, zero-copy columns, bad input."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest

import nparrow as rr
from ffi_tests.helpers import in_strict_mode
from nparrow import _native
from nparrow._send_columns import ComponentColumn, ComponentColumnList, TimeColumn, send_columns

BIG = 50_000  # points: above the copy threshold, so these arrays are borrowed


def chunks_of(mem: rr.MemoryRecording, entity: str) -> list[pa.RecordBatch]:
    return [c for c in mem.chunks() if c.schema.metadata[b"rerun:entity_path"].decode() == entity]


def test_one_chunk_with_index_columns_and_partitions(rec):
    mem = rec.memory_recording()
    rec.set_time("frame", sequence=99)  # ignored: send_columns uses its indexes only
    pos = np.arange(18, dtype=np.float32).reshape(6, 3)
    rec.send_columns(
        "world/points",
        indexes=[
            TimeColumn("step", sequence=[10, 11, 12]),
            TimeColumn("time", timestamp=np.array([1.0, 2.0, 3.5])),
            TimeColumn("elapsed", duration=np.array([0, 1, 2], dtype="timedelta64[ms]")),
        ],
        columns=rr.Points3D.columns(positions=pos, radii=np.full(6, 0.5, np.float32)).partition([1, 2, 3]),
    )
    (c,) = chunks_of(mem, "/world/points")
    assert c.num_rows == 3
    assert c.schema.names == [
        "rerun.controls.RowId", "elapsed", "step", "time", "Points3D:positions", "Points3D:radii",
    ]  # fmt: skip
    assert c.column("step").to_pylist() == [10, 11, 12]
    assert c.schema.field("time").type == pa.timestamp("ns")
    assert c.column("time").cast(pa.int64()).to_pylist() == [1_000_000_000, 2_000_000_000, 3_500_000_000]
    assert c.schema.field("elapsed").type == pa.duration("ns")
    assert c.column("elapsed").cast(pa.int64()).to_pylist() == [0, 1_000_000, 2_000_000]
    for name in ("step", "time", "elapsed"):
        md = c.schema.field(name).metadata
        assert md[b"rerun:kind"] == b"index" and md[b"rerun:is_sorted"] == b"true"
    rows = c.column("Points3D:positions").to_pylist()
    assert [len(r) for r in rows] == [1, 2, 3]
    assert rows[2][2] == [15.0, 16.0, 17.0]
    assert c.column("Points3D:radii").to_pylist() == [[0.5], [0.5, 0.5], [0.5, 0.5, 0.5]]
    ids = c.column("rerun.controls.RowId").to_pylist()
    assert len(set(ids)) == 3 and ids == sorted(ids), "one new, increasing row id per row"


def test_columns_have_the_same_types_and_metadata_as_log(rec):
    mem = rec.memory_recording()
    pos = np.random.default_rng(0).random((4, 3), dtype=np.float32)
    labels = ["a", "bb", "", "dddd"]
    colors = np.array([0xFF0000FF, 0x00FF00FF, 0x0000FFFF, 0xFFFFFFFF], dtype=np.uint32)
    rec.send_columns(
        "cols",
        [TimeColumn("f", sequence=np.arange(4))],
        rr.Points3D.columns(positions=pos, labels=labels, colors=colors),
    )
    for i in range(4):
        rec.set_time("f", sequence=i)
        rec.log("rows", rr.Points3D(pos[i : i + 1], labels=labels[i : i + 1], colors=colors[i : i + 1]))
    (cols,) = chunks_of(mem, "/cols")
    (rows,) = chunks_of(mem, "/rows")
    assert "log_time" not in cols.schema.names
    for name in ("Points3D:positions", "Points3D:labels", "Points3D:colors"):
        assert cols.schema.field(name) == rows.schema.field(name), name
        assert cols.column(name).to_pylist() == rows.column(name).to_pylist(), name


def test_without_indexes_the_chunk_is_static(rec):
    mem = rec.memory_recording()
    rec.send_columns("static", indexes=[], columns=rr.Points3D.columns(positions=np.zeros((3, 3))))
    (c,) = chunks_of(mem, "/static")
    assert c.schema.names == ["rerun.controls.RowId", "Points3D:positions"]
    assert c.num_rows == 3


def test_component_column_from_a_batch_with_lengths_or_offsets(rec):
    mem = rec.memory_recording()
    batch = rr.components.Position3DBatch(np.arange(12, dtype=np.float32).reshape(4, 3))
    desc = rr.ComponentDescriptor("Points3D:positions", archetype="rerun.archetypes.Points3D")
    by_lengths = ComponentColumn(desc, batch, lengths=[3, 0, 1])
    by_offsets = ComponentColumn(desc, batch, offsets=np.array([0, 3, 3, 4], dtype=np.int32))
    by_default = ComponentColumn("custom:positions", batch)
    assert len(by_lengths) == len(by_offsets) == 3 and len(by_default) == 4
    assert by_lengths.as_arrow_array().to_pylist() == by_offsets.as_arrow_array().to_pylist()
    assert by_default.component_descriptor().component == "custom:positions"
    with pytest.raises(ValueError, match="both"):
        ComponentColumn(desc, batch, lengths=[4], offsets=[0, 4])
    rec.send_columns("a", [TimeColumn("t", sequence=[0, 1, 2])], [by_lengths])
    rec.send_columns("b", [TimeColumn("t", sequence=[0, 1, 2, 3])], [by_default.partition([1, 1, 1, 1])])
    (a,) = chunks_of(mem, "/a")
    assert [len(r) for r in a.column("Points3D:positions").to_pylist()] == [3, 0, 1]
    (b,) = chunks_of(mem, "/b")
    assert b.schema.field("custom:positions").metadata[b"rerun:component"] == b"custom:positions"


def test_component_column_list_partitions_every_column():
    cols = rr.Points3D.columns(positions=np.zeros((5, 3)), radii=np.ones(5))
    assert isinstance(cols, ComponentColumnList) and len(cols) == 2
    assert [len(c) for c in cols] == [5, 5]
    assert [len(c) for c in cols.partition([2, 3])] == [2, 2]


@pytest.mark.parametrize(
    ("kwargs", "expected", "arrow_type"),
    [
        ({"sequence": [3, 1, 2]}, [3, 1, 2], pa.int64()),
        ({"sequence": np.array([5, 6], dtype=np.uint8)}, [5, 6], pa.int64()),
        ({"sequence": (x for x in (7, 8))}, [7, 8], pa.int64()),
        ({"sequence": [1.0, 2.0]}, [1, 2], pa.int64()),
        (
            {"duration": [1.5, dt.timedelta(milliseconds=2), np.timedelta64(3, "us"), 4]},
            [1_500_000_000, 2_000_000, 3_000, 4_000_000_000],
            pa.duration("ns"),
        ),
        ({"duration": np.array([0.25, 1])}, [250_000_000, 1_000_000_000], pa.duration("ns")),
        (
            {"timestamp": [1.5, dt.datetime(2024, 1, 1, tzinfo=dt.UTC), np.datetime64("2024-01-01", "ns")]},
            [1_500_000_000, 1_704_067_200_000_000_000, 1_704_067_200_000_000_000],
            pa.timestamp("ns"),
        ),
        (
            {"timestamp": np.array(["2024-01-01T00:00:01"], dtype="datetime64[s]")},
            [1_704_067_201_000_000_000],
            pa.timestamp("ns"),
        ),
    ],
    ids=["seq-list", "seq-uint8", "seq-generator", "seq-integral-float", "dur-mixed", "dur-ndarray",
         "ts-mixed", "ts-datetime64"],
)  # fmt: skip
def test_time_column_conversions(kwargs, expected, arrow_type):
    col = TimeColumn("t", **kwargs)
    assert col.timeline_name() == "t"
    arr = col.as_arrow_array()
    assert arr.type == arrow_type
    assert arr.cast(pa.int64()).to_pylist() == expected


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({}, ValueError),
        ({"sequence": [1], "duration": [1]}, ValueError),
        ({"sequence": [1.5]}, ValueError),
        ({"sequence": ["a"]}, TypeError),
        ({"sequence": [[1, 2]]}, ValueError),
        ({"duration": np.array(["x"])}, TypeError),
    ],
    ids=["none", "two-kinds", "fractional-sequence", "str-sequence", "2d", "str-duration"],
)
def test_time_column_rejects_bad_input(kwargs, error):
    with pytest.raises(error):
        TimeColumn("t", **kwargs)


def test_large_columns_are_borrowed_until_flush_releases_them(rec):
    mem = rec.memory_recording()
    pos = np.ones((BIG, 3), dtype=np.float32)
    before = _native.live_borrows()
    rec.send_columns(
        "cloud",
        [TimeColumn("f", sequence=[0, 1])],
        rr.Points3D.columns(positions=pos).partition([BIG // 2] * 2),
    )
    assert _native.live_borrows() > before, "a large C-contiguous column is borrowed, not copied"
    rec.flush()
    assert _native.live_borrows() == before, "flush() must release every borrow"
    pos[:] = 99  # the memory sink captured its own copy
    (c,) = chunks_of(mem, "/cloud")
    assert c.column("Points3D:positions").flatten().flatten()[:3].to_pylist() == [1.0, 1.0, 1.0]


def test_copy_true_does_not_borrow(rec):
    rec.memory_recording()
    pos = np.ones((BIG, 3), dtype=np.float32)
    before = _native.live_borrows()
    rec.send_columns("cloud", [], rr.Points3D.columns(positions=pos), copy=True)
    assert _native.live_borrows() == before


def test_borrowed_columns_are_written_to_a_file(rec, tmp_path):
    path = tmp_path / "cols.rrd"
    rec.save(path)
    pos = np.ones((BIG, 3), dtype=np.float32)
    rec.send_columns("cloud", [TimeColumn("f", sequence=np.arange(BIG))], rr.Points3D.columns(positions=pos))
    rec.disconnect()
    assert path.stat().st_size > BIG * 12 // 10  # compressed ones, still well above the header


def test_module_level_send_columns_and_entity_path_escaping(rec):
    mem = rec.memory_recording()
    cols = rr.Points3D.columns(positions=[[1, 2, 3]])
    send_columns("x y/z", [TimeColumn("f", sequence=[1])], cols, recording=rec)
    assert len(chunks_of(mem, "/x\\ y/z")) == 1
    # as rerun-sdk: a list of parts is for log(); send_columns wants new_entity_path(parts)
    with pytest.warns(rr.RerunWarning, match="expected a str"):
        send_columns(["a b", "c"], [TimeColumn("f", sequence=[1])], cols, recording=rec)


def test_mismatched_lengths_warn_naming_the_column_and_drop_the_call(rec):
    mem = rec.memory_recording()
    cols = rr.Points3D.columns(positions=np.zeros((2, 3)))
    with pytest.warns(rr.RerunWarning, match=r"Points3D:positions.* has 2") as record:
        rec.send_columns("bad", [TimeColumn("f", sequence=[1, 2, 3])], cols)
    assert record[0].filename == __file__, "the warning points at the caller"
    with pytest.warns(rr.RerunWarning, match=r"timeline \"g\" has 1"):
        rec.send_columns("bad", [TimeColumn("f", sequence=[1, 2]), TimeColumn("g", sequence=[1])], cols)
    rec.send_columns("good", [TimeColumn("f", sequence=[1, 2])], cols)
    assert chunks_of(mem, "/bad") == []
    assert len(chunks_of(mem, "/good")) == 1


@pytest.mark.parametrize(
    ("indexes", "columns", "error", "match"),
    [
        ([TimeColumn("f", sequence=[1])], [42], TypeError, "expected ComponentColumns"),
        ([42], [], TypeError, "expected TimeColumn"),
        ([TimeColumn("f", sequence=[1])], [], ValueError, "no component columns"),
        ([TimeColumn("f", sequence=[1])], "lengths-past-end", ValueError, "runs past the data"),
        ([TimeColumn("f", sequence=[1, 2])], "negative-lengths", ValueError, "non-decreasing"),
    ],
    ids=["not-a-column", "not-an-index", "no-columns", "past-end", "negative"],
)
def test_bad_input_warns_or_raises_in_strict_mode(rec, indexes, columns, error, match):
    pos = rr.Points3D.columns(positions=np.zeros((3, 3)))
    if columns == "lengths-past-end":
        columns = pos.partition([4])
    elif columns == "negative-lengths":
        columns = pos.partition([4, -1])
    with pytest.warns(rr.RerunWarning, match=match):
        rec.send_columns("bad", indexes, columns)
    with pytest.raises(error, match=match):
        rec.send_columns("bad", indexes, columns, strict=True)
    with in_strict_mode():
        with pytest.raises(error, match=match):
            rec.send_columns("bad", indexes, columns)
        with pytest.warns(rr.RerunWarning, match=match):
            rec.send_columns("bad", indexes, columns, strict=False)


def test_rows_follow_the_first_timeline_like_rerun_sdk(rec):
    """rerun-sdk 0.41 reorders a chunk by its first timeline (by name, stable) when it is unsorted;
    the other timelines follow and may stay unsorted. Values read back from rerun-sdk's files."""
    mem = rec.memory_recording()
    pos = np.arange(12, dtype=np.float32).reshape(4, 3)
    rec.send_columns(
        "unsorted",
        [TimeColumn("b", timestamp=[3, 1, 2, 1]), TimeColumn("a", sequence=[2, 1, 1, 2])],
        rr.Points3D.columns(positions=pos).partition([2, 0, 1, 1]),
    )
    (c,) = chunks_of(mem, "/unsorted")
    assert c.column("a").to_pylist() == [1, 1, 2, 2]
    assert c.column("b").cast(pa.int64()).to_pylist() == [
        1_000_000_000,
        2_000_000_000,
        3_000_000_000,
        1_000_000_000,
    ]
    assert c.schema.field("a").metadata.get(b"rerun:is_sorted") == b"true"
    assert c.schema.field("b").metadata.get(b"rerun:is_sorted") is None
    assert [[p[0] for p in r] for r in c.column("Points3D:positions").to_pylist()] == [
        [],
        [6.0],
        [0.0, 3.0],
        [9.0],
    ]
    ids = c.column("rerun.controls.RowId").to_pylist()
    assert ids == sorted(ids)
