"""`send_record_batch` / `send_dataframe` / `send_chunks`: Arrow tables in Rerun's columnar layout
give the recording rerun-sdk 0.41 gives (`rerun rrd compare --unordered` after `rrd optimize`),
raise rerun-sdk's `ValueError`s for batches that cannot be read, take polars frames through
`__arrow_c_stream__`, and hand the column buffers to the chunk without copying them."""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa
import pytest
import rerun  # the reference peer

import nparrow as rr
from ffi_tests.rerun_cli import assert_same_recording
from ffi_tests.rrd_reader import read_chunks
from nparrow import _dataframe, _native

POS_TYPE = pa.list_(pa.list_(pa.float32(), 3))


def _side_by_side(tmp_path, send, name) -> tuple:
    ours, theirs = tmp_path / f"ours_{name}.rrd", tmp_path / f"theirs_{name}.rrd"
    for sdk, path in ((rr, ours), (rerun, theirs)):
        rec = sdk.RecordingStream("dataframe", recording_id=f"df_{name}")
        rec.save(str(path))
        send(sdk, rec)
        rec.flush()
        rec.disconnect()
    assert_same_recording(theirs, ours, tmp_path)
    return ours, theirs


def _rerun_layout_batch() -> pa.RecordBatch:
    """Index metadata, a `List` column with descriptor metadata, a plain column with its own
    entity, and `/entity:component` column names."""
    positions = pa.array([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9]], []], type=POS_TYPE)
    schema = pa.schema(
        [
            pa.field("frame", pa.int64(), metadata={"rerun:kind": "index"}),
            pa.field("clock", pa.timestamp("ns"), metadata={"rerun:index_name": "clock"}),
            pa.field(
                "/points:Points3D:positions",
                POS_TYPE,
                metadata={
                    "rerun:component_type": "rerun.components.Position3D",
                    "rerun:archetype": "rerun.archetypes.Points3D",
                },
            ),
            pa.field(
                "scalar",
                pa.float64(),
                metadata={"rerun:entity_path": "/s", "rerun:component": "Scalars:scalars"},
            ),
            pa.field("/txt:TextLog:text", pa.utf8()),
        ]
    )
    return pa.RecordBatch.from_arrays(
        [
            pa.array([1, 2, 3], pa.int64()),
            pa.array([10, 20, 30], pa.timestamp("ns")),
            positions,
            pa.array([1.0, 2.0, 3.0]),
            pa.array(["a", "b", "c"]),
        ],
        schema=schema,
    )


def test_rerun_layout_batch_matches_rerun_sdk(tmp_path, monkeypatch):
    monkeypatch.setenv("NPARROW_COMPRESS", "0")
    ours, _ = _side_by_side(tmp_path, lambda sdk, rec: rec.send_record_batch(_rerun_layout_batch()), "layout")
    entities = {c.schema.metadata[b"rerun:entity_path"] for c in read_chunks(ours)}
    assert {b"/points", b"/s", b"/txt"} <= entities


def test_index_entity_path_and_static_forms_match_rerun_sdk(tmp_path, monkeypatch):
    monkeypatch.setenv("NPARROW_COMPRESS", "0")
    batch_level = pa.RecordBatch.from_arrays(
        [pa.array([3, 4]), pa.array([1, 2])],
        schema=pa.schema(
            [pa.field("t", pa.int64()), pa.field("v", pa.int64())], metadata={"rerun:entity_path": "/bl"}
        ),
    )

    def send(sdk, rec):
        sdk.send_record_batch(
            pa.record_batch({"step": [5, 6], "w": [[1.0, 2.0], []]}),
            recording=rec,
            index="step",
            entity_path="e",
        )
        rec.send_record_batch(batch_level, index="t", entity_path="ignored")
        rec.send_record_batch(pa.record_batch({"v": ["x", "y"]}), index=None, entity_path="static")
        d = pa.record_batch(
            {
                "d": pa.array([1, 2], pa.duration("ns")),
                "t2": pa.array([1, 2], pa.timestamp("ns")),
                "v": [7, 8],
            }
        )
        rec.send_record_batch(d, index=["d", "t2"], entity_path="two_indexes")
        rec.send_record_batch(pa.record_batch({"step": [9], "v": [1]}), index="step")  # the root entity

    _side_by_side(tmp_path, send, "forms")


def test_tables_and_readers_match_rerun_sdk(tmp_path, monkeypatch):
    monkeypatch.setenv("NPARROW_COMPRESS", "0")
    table = pa.concat_tables(
        [pa.table({"step": [1, 2], "x": [0.5, 1.5]}), pa.table({"step": [3], "x": [2.5]})]
    )  # two record batches
    assert len(table.to_batches()) == 2

    def send(sdk, rec):
        sdk.send_dataframe(table, recording=rec, index="step", entity_path="table")
        rec.send_dataframe(
            pa.RecordBatchReader.from_batches(table.schema, table.to_batches()),
            index="step",
            entity_path="reader",
        )
        rec.send_dataframe(table.to_batches()[0], index="step", entity_path="batch")

    _side_by_side(tmp_path, send, "tables")


def test_sliced_batch_matches_rerun_sdk(tmp_path, monkeypatch):
    monkeypatch.setenv("NPARROW_COMPRESS", "0")
    batch = _rerun_layout_batch().slice(1, 2)
    _side_by_side(tmp_path, lambda sdk, rec: rec.send_record_batch(batch), "sliced")


def test_null_rows_match_rerun_sdk(tmp_path, monkeypatch):
    # A null row is a null cell (nothing logged for that component in that row), as in rerun-sdk.
    monkeypatch.setenv("NPARROW_COMPRESS", "0")
    batch = pa.record_batch(
        {
            "t": [1, 2, 3],
            "a": pa.array([[1.0], None, [2.0, 3.0]]),
            "b": [1, 2, 3],
            "c": pa.array(["x", None, None]),
        }
    )
    _side_by_side(
        tmp_path, lambda sdk, rec: rec.send_record_batch(batch, index="t", entity_path="nulls"), "nulls"
    )


def test_memory_chunks_round_trip_through_send_chunks(tmp_path, monkeypatch):
    monkeypatch.setenv("NPARROW_COMPRESS", "0")
    source = rr.RecordingStream("source")
    mem = source.memory_recording()
    for i in range(3):
        source.set_time("frame", sequence=i)
        source.log("points", rr.Points3D(np.full((2, 3), i, np.float32), radii=0.1))
    source.log("label", rr.TextDocument("static"), static=True)
    chunks = [c for c in mem.chunks() if c.schema.metadata[b"rerun:entity_path"] != b"/__properties"]
    source.disconnect()

    ours, theirs = tmp_path / "ours.rrd", tmp_path / "theirs.rrd"
    rec = rr.RecordingStream("chunks", recording_id="c1")
    rec.save(ours)
    rr.send_chunks(chunks, recording=rec)
    rec.send_chunks(chunks[0])
    rec.disconnect()

    ref = rerun.RecordingStream("chunks", recording_id="c1")
    ref.save(str(theirs))
    ref.send_chunks([rerun.chunk.Chunk.from_record_batch(c)[0] for c in chunks])
    ref.send_chunks(rerun.chunk.Chunk.from_record_batch(chunks[0])[0])
    ref.disconnect()
    assert_same_recording(theirs, ours, tmp_path)


def test_rerun_sdk_chunks_are_accepted_through_to_record_batch(unbatched_rec):
    mem = unbatched_rec.memory_recording()
    (chunk,) = rerun.chunk.Chunk.from_record_batch(_rerun_layout_batch().select(["frame", "scalar"]))
    rr.send_chunks(chunk, recording=unbatched_rec)
    table = mem.tables()["/s"]
    assert table.column("Scalars:scalars").to_pylist() == [[1.0], [2.0], [3.0]]
    assert table.column("frame").to_pylist() == [1, 2, 3]


def test_polars_frames_come_in_through_the_arrow_stream(unbatched_rec):
    mem = unbatched_rec.memory_recording()
    df = pl.DataFrame({"step": [1, 2], "text": ["a", "b"], "values": [[1.0], [2.0, 3.0]]})
    rr.send_dataframe(df, recording=unbatched_rec, index="step", entity_path="polars")
    table = mem.tables()["/polars"]
    assert table.column("step").to_pylist() == [1, 2]
    assert table.column("text").to_pylist() == [["a"], ["b"]]
    assert table.column("text").type == pa.list_(pa.utf8())  # polars' string_view is stored as Utf8
    assert table.column("values").to_pylist() == [[1.0], [2.0, 3.0]]


_BAD = [
    (pa.record_batch({"x": [1, 2]}), {}, "carries no index column"),
    (pa.record_batch({"x": [1, 2]}), {"index": "nope"}, 'The requested index column "nope" is not present'),
    (pa.record_batch({"t": [1.5, 2.0], "v": [1, 2]}), {"index": "t"}, "Unsupported time type"),
    (
        pa.record_batch({"t": pa.array([1, 2], pa.int32()), "v": [1, 2]}),
        {"index": "t"},
        "Unsupported time type",
    ),
    (
        pa.record_batch({"t": pa.array([1, 2], pa.timestamp("ms")), "v": [1, 2]}),
        {"index": "t"},
        "Unsupported time",
    ),
    (
        pa.record_batch({"t": [1, None], "v": [1, 2]}),
        {"index": "t"},
        'The index column "t" contains null values',
    ),
    (pa.record_batch({"t": [1, 2]}), {"index": "t"}, "contains no component columns"),
    (_rerun_layout_batch(), {"index": None}, "index"),
]


@pytest.mark.parametrize(("batch", "kwargs", "message"), _BAD, ids=[m[:24] for _, _, m in _BAD])
def test_unreadable_batches_raise_like_rerun_sdk(unbatched_rec, batch, kwargs, message):
    mem = unbatched_rec.memory_recording()
    with pytest.raises(ValueError, match=message):
        rerun.RecordingStream("ref").send_record_batch(batch, **kwargs)
    with pytest.raises(ValueError, match=message):
        unbatched_rec.send_record_batch(batch, **kwargs)
    assert [t for t in mem.tables() if t != "/__properties"] == []  # nothing of it was sent


def test_not_arrow_is_a_type_error(unbatched_rec):
    with pytest.raises(TypeError, match="expected a pyarrow RecordBatch"):
        rr.send_dataframe({"t": [1]}, recording=unbatched_rec)
    with pytest.raises(TypeError, match="expected a pyarrow RecordBatch"):
        rr.send_record_batch([1, 2], recording=unbatched_rec)


def test_column_buffers_reach_the_chunk_uncopied():
    n = 100_000  # well past the 4 KiB copy threshold
    xyz = np.random.default_rng(0).random((n, 3), dtype=np.float32)
    positions = pa.FixedSizeListArray.from_arrays(pa.array(xyz.reshape(-1)), 3)
    column = pa.ListArray.from_arrays(pa.array(np.arange(0, n + 1, 1000, dtype=np.int32)), positions)
    steps = pa.array(np.arange(len(column), dtype=np.int64))
    batch = pa.record_batch({"step": steps, "pos": column})
    ((entity, timelines, cols),) = _dataframe._calls(batch, "step", "cloud")
    assert entity == "cloud"
    ((name, kind, times),) = timelines
    assert (name, kind) == ("step", "sequence")
    assert times.ctypes.data == steps.buffers()[1].address
    ((descriptor, payload, offsets),) = cols
    assert descriptor.component == "pos"
    assert offsets.ctypes.data == column.buffers()[1].address
    # The list the chunk is made of (send_columns builds it the same way) holds the input buffers.
    built = pa.array(_native.payload_to_array(("list", offsets, payload, True)))
    assert built.buffers()[1].address == column.buffers()[1].address
    assert built.values.values.buffers()[1].address == xyz.ctypes.data
    assert built.equals(column)


def test_unsorted_times_keep_null_rows(tmp_path, monkeypatch):
    # nparrow's send_columns orders a chunk's rows by its first timeline (rerun-sdk keeps the
    # given order, which `rrd compare` sees as a difference); the null cells move with them.
    monkeypatch.setenv("NPARROW_COMPRESS", "0")
    batch = pa.record_batch(
        {
            "t": [3, 1, 2, 0],
            "pos": pa.array([[[1, 1, 1]], None, [[2, 2, 2], [3, 3, 3]], []], type=POS_TYPE),
            "label": pa.array([None, "b", "c", None]),
        }
    )
    path = tmp_path / "unsorted.rrd"
    rec = rr.RecordingStream("dataframe")
    rec.save(path)
    rec.send_record_batch(batch, index="t", entity_path="u")
    rec.disconnect()
    (chunk,) = [c for c in read_chunks(path) if c.schema.metadata[b"rerun:entity_path"] == b"/u"]
    assert chunk.column("t").to_pylist() == [0, 1, 2, 3]
    assert chunk.column("label").to_pylist() == [None, ["b"], ["c"], None]
    assert chunk.column("pos").to_pylist() == [[], None, [[2, 2, 2], [3, 3, 3]], [[1, 1, 1]]]
