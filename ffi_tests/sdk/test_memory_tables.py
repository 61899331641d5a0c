"""`MemoryRecording.tables()`: one pyarrow table per entity (timelines + one column per
component, rerun's descriptors as field metadata), built from the chunks' own buffers, and read
as they are by polars and duckdb."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa
import pytest
import rerun

import nparrow as rr


@pytest.fixture
def mem():
    rec = rr.RecordingStream("tables")
    memory = rec.memory_recording()
    rec.log("world/points", rr.Points3D([[9, 9, 9]]), static=True)
    for frame in range(3):
        rec.set_time("frame", sequence=frame)
        rec.set_time("clock", duration=frame * 0.5)
        xyz = np.full((frame + 1, 3), frame, dtype=np.float32)
        rec.log("world/points", rr.Points3D(xyz, radii=0.1 * (frame + 1)))
        rec.log("plot/speed", rr.Scalars(float(frame) * 2))
        rec.flush()  # one chunk per frame: the table joins several chunks
    rec.reset_time()
    rec.set_time("frame", sequence=7)  # a row on one timeline only (and log_time)
    rec.log("world/points", rr.Points3D([[7, 7, 7]]))
    yield memory
    rec._close()


def test_one_table_per_entity(mem):
    tables = mem.tables()
    assert set(tables) == {"/__properties", "/world/points", "/plot/speed"}
    for entity, table in tables.items():
        assert isinstance(table, pa.Table)
        assert table.schema.metadata[b"rerun:entity_path"] == entity.encode()


def test_columns_are_timelines_then_components(mem):
    table = mem.tables()["/world/points"]
    assert set(table.column_names[:3]) == {"frame", "clock", "log_time"}
    assert table.column_names[3:] == ["Points3D:positions", "Points3D:radii"]
    for name in table.column_names[:3]:
        assert table.schema.field(name).metadata[b"rerun:kind"] == b"index"
    assert table.schema.field("frame").type == pa.int64()
    assert table.schema.field("clock").type == pa.duration("ns")
    assert table.schema.field("log_time").type == pa.timestamp("ns")
    assert "rerun.controls.RowId" not in table.column_names


def test_rows_and_values(mem):
    table = mem.tables()["/world/points"]
    # log_time as int64 ns since the epoch: pyarrow's Python datetimes stop at microseconds
    log_time = table.column("log_time").cast(pa.int64()).to_pylist()
    rows = [{**r, "log_time": ns} for r, ns in zip(table.drop_columns(["log_time"]).to_pylist(), log_time)]
    assert len(rows) == 5
    static = [r for r in rows if r["frame"] is None]
    assert static == [
        {
            "frame": None,
            "clock": None,
            "log_time": None,
            "Points3D:positions": [[9.0, 9.0, 9.0]],
            "Points3D:radii": None,
        }
    ]
    temporal = sorted((r for r in rows if r["frame"] is not None), key=lambda r: r["frame"])
    assert [r["frame"] for r in temporal] == [0, 1, 2, 7]
    assert [r["clock"] for r in temporal] == [dt.timedelta(seconds=s) for s in (0, 0.5, 1.0)] + [None]
    assert all(r["log_time"] is not None for r in temporal)
    for frame, row in zip((0, 1, 2), temporal):
        assert row["Points3D:positions"] == [[float(frame)] * 3] * (frame + 1)
        assert row["Points3D:radii"] == [pytest.approx(0.1 * (frame + 1))]
    assert temporal[3]["Points3D:positions"] == [[7.0, 7.0, 7.0]]
    assert temporal[3]["Points3D:radii"] is None


def test_field_metadata_is_rerun_sdks_descriptor(mem):
    schema = mem.tables()["/world/points"].schema
    for name, descriptor in [
        ("Points3D:positions", rerun.Points3D.descriptor_positions()),
        ("Points3D:radii", rerun.Points3D.descriptor_radii()),
    ]:
        meta = schema.field(name).metadata
        assert meta[b"rerun:archetype"].decode() == descriptor.archetype
        assert meta[b"rerun:component"].decode() == descriptor.component
        assert meta[b"rerun:component_type"].decode() == descriptor.component_type
    speed = mem.tables()["/plot/speed"].schema.field("Scalars:scalars").metadata
    assert speed[b"rerun:component_type"].decode() == rerun.Scalars.descriptor_scalars().component_type
    frame = schema.field("frame").metadata
    assert frame[b"rerun:index_name"] == b"frame"
    assert b"rerun:is_sorted" not in frame  # a concatenation of chunks need not be sorted


def test_tables_share_the_chunks_buffers(mem):
    """No copy: every column chunk of a table is a column of a captured chunk, same buffers."""
    chunk_addresses = {
        buf.address
        for chunk in mem.chunks()
        for column in chunk.columns
        for buf in column.buffers()
        if buf is not None and buf.size
    }
    table = mem.tables()["/world/points"]
    positions = table.column("Points3D:positions")
    assert positions.num_chunks == 5
    for piece in positions.chunks:
        values = piece.flatten().flatten()  # list -> fixed-size list -> float32 values
        assert values.buffers()[1].address in chunk_addresses


def test_polars_reads_the_tables(mem):
    frame = pl.from_arrow(mem.tables()["/world/points"])
    assert isinstance(frame, pl.DataFrame)
    assert frame.schema["frame"] == pl.Int64
    assert frame.schema["clock"] == pl.Duration("ns")
    assert frame.schema["Points3D:positions"] == pl.List(pl.Array(pl.Float32, 3))
    temporal = frame.filter(pl.col("frame").is_not_null()).sort("frame")
    assert temporal["frame"].to_list() == [0, 1, 2, 7]
    assert temporal["Points3D:positions"].to_list()[2] == [[2.0, 2.0, 2.0]] * 3
    assert frame.filter(pl.col("frame").is_null()).height == 1


def test_duckdb_reads_the_tables(mem):
    speed = mem.tables()["/plot/speed"]  # noqa: F841 (duckdb finds the table by its name)
    rows = duckdb.sql(
        'select frame, "Scalars:scalars"[1] as value from speed where frame is not null order by frame'
    ).fetchall()
    assert rows == [(0, 0.0), (1, 2.0), (2, 4.0)]
    points = mem.tables()["/world/points"]  # noqa: F841
    (static,) = duckdb.sql("select count(*) from points where frame is null and log_time is null").fetchall()[
        0
    ]
    assert static == 1
    (count,) = duckdb.sql('select sum(len("Points3D:positions")) from points').fetchall()[0]
    assert count == 1 + 1 + 2 + 3 + 1


def test_tables_flush_first():
    rec = rr.RecordingStream("tables_flush")
    try:
        memory = rec.memory_recording()
        rec.log("late", rr.Scalars(1.0))  # not flushed by the caller
        assert memory.tables()["/late"].column("Scalars:scalars").to_pylist() == [[1.0]]
    finally:
        rec._close()
