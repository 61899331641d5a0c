"""The recording: rows, chunks, timelines, sinks and the borrowing contract."""

from __future__ import annotations

import threading
import warnings

import numpy as np
import pyarrow as pa
import pytest

import nparrow as rr
from ffi_tests.helpers import in_strict_mode, run_in_threads
from nparrow import _native

BIG = 50_000  # points: above the copy threshold, so these arrays are borrowed


def chunks_by_entity(mem: rr.MemoryRecording) -> dict[str, list[pa.RecordBatch]]:
    out: dict[str, list[pa.RecordBatch]] = {}
    for c in mem.chunks():
        out.setdefault(c.schema.metadata[b"rerun:entity_path"].decode(), []).append(c)
    return out


def test_chunk_layout_and_metadata(rec):
    mem = rec.memory_recording()
    rec.set_time("frame", sequence=3)
    rec.log("world/points", rr.Points3D([[1, 2, 3]], colors=[255, 0, 0], labels=["a"]))
    chunks = chunks_by_entity(mem)
    assert set(chunks) == {"/__properties", "/world/points"}
    (c,) = chunks["/world/points"]
    md = c.schema.metadata
    assert md[b"sorbet:version"] == b"0.1.4" and md[b"rerun:id"].startswith(b"chunk_")
    assert c.schema.names == [
        "rerun.controls.RowId", "frame", "log_time",
        "Points3D:colors", "Points3D:labels", "Points3D:positions",
    ]  # fmt: skip
    assert c.schema.field("rerun.controls.RowId").type == pa.binary(16)
    assert c.column("frame").to_pylist() == [3]
    assert c.schema.field("log_time").type == pa.timestamp("ns")
    pos = c.schema.field("Points3D:positions")
    assert pos.metadata == {
        b"rerun:kind": b"data",
        b"rerun:component": b"Points3D:positions",
        b"rerun:archetype": b"rerun.archetypes.Points3D",
        b"rerun:component_type": b"rerun.components.Position3D",
    }
    assert c.column("Points3D:positions").to_pylist() == [[[1.0, 2.0, 3.0]]]
    assert c.column("Points3D:colors").to_pylist() == [[0xFF0000FF]]
    assert c.column("Points3D:labels").to_pylist() == [["a"]]


def test_rows_batch_into_one_chunk_and_static_has_no_index(rec):
    mem = rec.memory_recording()
    for i in range(5):
        rec.set_time("frame", sequence=i)
        rec.log("tf", rr.Transform3D(translation=[i, 0, 0], mat3x3=np.eye(3)))
    rec.log("tf", rr.Transform3D(translation=[9, 9, 9]), static=True)
    chunks = chunks_by_entity(mem)["/tf"]
    temporal = [c for c in chunks if "frame" in c.schema.names]
    static = [c for c in chunks if "frame" not in c.schema.names]
    assert sum(c.num_rows for c in temporal) == 5
    assert len(temporal) == 1, "consecutive rows of one entity share a chunk"
    assert temporal[0].column("frame").to_pylist() == [0, 1, 2, 3, 4]
    (s,) = static
    assert s.schema.names == ["rerun.controls.RowId", "Transform3D:translation"]
    # Transform3D(mat3x3=...) is stored column-major, as Rerun does.
    rot = np.array([[0, -1, 0], [1, 0, 0], [0, 0, 1]], dtype=np.float32)
    rec.log("rot", rr.Transform3D(mat3x3=rot), static=True)
    (r,) = chunks_by_entity(mem)["/rot"]
    assert r.column("Transform3D:mat3x3").to_pylist()[0][0] == rot.T.ravel().tolist()


def test_timelines_are_thread_local(rec):
    mem = rec.memory_recording()
    barrier = threading.Barrier(2)

    def work(frame: int) -> None:
        rec.set_time("frame", sequence=frame)
        barrier.wait()
        rec.log(f"thread{frame}", rr.Points3D([[frame, 0, 0]]))

    run_in_threads(work, (10, 20))
    chunks = chunks_by_entity(mem)
    assert chunks["/thread10"][0].column("frame").to_pylist() == [10]
    assert chunks["/thread20"][0].column("frame").to_pylist() == [20]


def test_time_kinds(rec):
    import datetime as dt

    mem = rec.memory_recording()
    rec.set_time("seq", sequence=7)
    rec.set_time("ts", timestamp=1.5)
    rec.set_time("dur", duration=dt.timedelta(milliseconds=250))
    rec.log("p", rr.Points3D([[0, 0, 0]]))
    rec.set_time("ts", timestamp=np.datetime64("2024-01-01T00:00:00", "ns"))
    rec.set_time("dur", duration=np.timedelta64(3, "s"))
    rec.log("p", rr.Points3D([[0, 0, 0]]))
    (c,) = chunks_by_entity(mem)["/p"]
    assert c.schema.field("ts").type == pa.timestamp("ns")
    assert c.schema.field("dur").type == pa.duration("ns")
    assert c.column("seq").to_pylist() == [7, 7]
    assert c.column("ts").cast(pa.int64()).to_pylist() == [1_500_000_000, 1_704_067_200_000_000_000]
    assert c.column("dur").cast(pa.int64()).to_pylist() == [250_000_000, 3_000_000_000]


# --- the borrowing contract ------------------------------------------------------------------


def _logged_first_values(mem: rr.MemoryRecording, entity: str) -> list[float]:
    rows = []
    for c in chunks_by_entity(mem)[entity]:
        for cell in c.column("Points3D:positions").to_pylist():
            rows.append(cell[0][0])
    return rows


def test_large_arrays_are_borrowed_until_flush_releases_them(rec):
    rec.memory_recording()
    buf = np.zeros((BIG, 3), dtype=np.float32)
    before = _native.live_borrows()
    rec.log("cloud", rr.Points3D(buf))
    assert _native.live_borrows() > before, "a large C-contiguous array is borrowed, not copied"
    rec.flush()
    assert _native.live_borrows() == before, "flush() must release every borrow"


def test_small_arrays_are_copied(rec):
    mem = rec.memory_recording()
    buf = np.zeros((10, 3), dtype=np.float32)
    before = _native.live_borrows()
    rec.log("small", rr.Points3D(buf))
    assert _native.live_borrows() == before, "arrays under the threshold are copied, not borrowed"
    buf[:] = 99
    assert _logged_first_values(mem, "/small") == [0.0]


@pytest.mark.parametrize("points", [1, 4, 5, 20])
def test_tiny_and_small_arrays_log_the_values_of_the_call(rec, points):
    """Up to 48 bytes (4 float32 points) a cell's values travel inside the row and the batcher
    builds the array (`chunk::Inline`); above, `log` builds it. Either way the values are those
    of the `log` call, and both give the same column."""
    mem = rec.memory_recording()
    buf = np.arange(points * 3, dtype=np.float32).reshape(points, 3)
    t = np.array([1.0, 2.0, 3.0], dtype=np.float32)
    before = _native.live_borrows()
    rec.log("pts", rr.Points3D(buf))
    rec.log("tf", rr.Transform3D(translation=t, quaternion=[0.0, 0.0, 0.0, 1.0]))
    rec.log("x", rr.Scalars(2.5))
    assert _native.live_borrows() == before
    want = buf.tolist()
    buf[:] = -1
    t[:] = -1
    rec.flush()
    chunks = chunks_by_entity(mem)
    (pts,) = chunks["/pts"]
    assert pts.column("Points3D:positions").to_pylist() == [want]
    item = pa.field("item", pa.float32(), nullable=False)
    assert pts.schema.field("Points3D:positions").type == pa.list_(pa.list_(item, 3))
    (tf,) = chunks["/tf"]
    assert tf.column("Transform3D:translation").to_pylist() == [[[1.0, 2.0, 3.0]]]
    assert tf.column("Transform3D:quaternion").to_pylist() == [[[0.0, 0.0, 0.0, 1.0]]]
    (x,) = chunks["/x"]
    assert x.column("Scalars:scalars").to_pylist() == [[2.5]]


def _small_layouts() -> list[tuple[str, np.ndarray]]:
    """Small arrays in every layout the copy of a small array must read right: numpy's struct is
    read directly for C-contiguous native-endian ndarrays, the buffer protocol does the rest."""
    base = np.arange(12, dtype=np.float32).reshape(4, 3) * 1.5
    unaligned = np.frombuffer(bytearray(b"\0" + base.tobytes()), dtype=np.float32, offset=1).reshape(4, 3)
    cases = [
        ("C order", base),
        ("Fortran order", np.asfortranarray(base)),
        ("big-endian", base.astype(">f4")),
        ("strided rows", np.arange(24, dtype=np.float32).reshape(8, 3)[::2]),
        ("unaligned", unaligned),
        ("one row", base[:1]),
    ]
    # negative values: a signed/unsigned or bool/uint8 mix-up changes the values or the type
    kinds = (np.bool_, np.int8, np.uint16, np.int64, np.uint64, np.float16, np.float64)
    cases += [(str(np.dtype(t)), (np.arange(6) - 3).astype(t)) for t in kinds]
    return cases


@pytest.mark.parametrize(("name", "arr"), _small_layouts(), ids=[n for n, _ in _small_layouts()])
def test_small_arrays_of_any_layout_are_logged_as_their_values(rec, name, arr):
    mem = rec.memory_recording()
    want = arr.tolist()
    payload = (arr, 3) if arr.ndim == 2 else arr
    before = _native.live_borrows()
    rec._rec.log("small", [(_native.ComponentDescriptor("Test:values"), payload)], True, False)
    assert _native.live_borrows() == before, "a small array is copied"
    arr[...] = 0  # the copy is what was logged
    rec.flush()
    (c,) = chunks_by_entity(mem)["/small"]
    assert c.column("Test:values").to_pylist()[0] == want
    item = c.schema.field("Test:values").type.value_type
    if arr.ndim == 2:
        assert item.list_size == 3
        item = item.value_type
    assert item == pa.from_numpy_dtype(arr.dtype.newbyteorder("="))


def test_refill_with_flush_between_frames_records_each_fill(rec):
    mem = rec.memory_recording()
    buf = np.zeros((BIG, 3), dtype=np.float32)
    for fill in (0, 1, 2):
        buf[:] = fill
        rec.log("cloud", rr.Points3D(buf))
        rec.flush()
    buf[:] = 99
    assert _logged_first_values(mem, "/cloud") == [0.0, 1.0, 2.0]


def test_refill_with_copy_true_records_each_fill(rec):
    mem = rec.memory_recording()
    buf = np.zeros((BIG, 3), dtype=np.float32)
    for fill in (0, 1, 2):
        buf[:] = fill
        rec.log("cloud", rr.Points3D(buf), copy=True)
    buf[:] = 99
    assert _logged_first_values(mem, "/cloud") == [0.0, 1.0, 2.0]


def test_recording_wide_copy_policy():
    stream = rr.RecordingStream("test_app", copy=True)
    try:
        mem = stream.memory_recording()
        buf = np.zeros((BIG, 3), dtype=np.float32)
        for fill in (0, 1, 2):
            buf[:] = fill
            stream.log("cloud", rr.Points3D(buf))
        buf[:] = 99
        assert _logged_first_values(mem, "/cloud") == [0.0, 1.0, 2.0]
    finally:
        stream._close()


def test_debug_switch_detects_a_buffer_changed_before_capture(monkeypatch):
    monkeypatch.setenv("NPARROW_CHECK_BORROWS", "1")
    monkeypatch.setenv("RERUN_FLUSH_TICK_SECS", "60")  # capture happens at flush, not on a tick
    stream = rr.RecordingStream("test_app")
    try:
        stream.memory_recording()
        buf = np.zeros((BIG, 3), dtype=np.float32)
        stream.log("world/cloud", rr.Points3D(buf))
        buf[:] = 99  # hazard: changed while still borrowed
        with pytest.warns(UserWarning, match=r"/world/cloud.*modified after log\(\)"):
            stream.flush()
        # An unchanged buffer does not warn.
        stream.log("world/cloud", rr.Points3D(buf))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            stream.flush()
    finally:
        stream._close()


def test_bad_log_input_warns_and_keeps_earlier_data(rec):
    mem = rec.memory_recording()
    rec.log("ok", rr.Points3D([[1, 2, 3]]))
    with pytest.warns(rr.RerunWarning, match="expected an archetype"):
        rec.log("bad", 42)
    with in_strict_mode(), pytest.raises(TypeError):
        rec.log("bad", 42)
    assert "/ok" in chunks_by_entity(mem)


def test_save_writes_a_footer_on_disconnect(rec, tmp_path):
    path = tmp_path / "out.rrd"
    rec.log("early", rr.Points3D([[1, 2, 3]]))  # before save(): buffered, then written
    rec.save(path)
    rec.log("late", rr.Points3D(np.zeros((BIG, 3), np.float32)))
    rec.disconnect()
    data = path.read_bytes()
    assert data[:4] == b"RRF2" and data[-8:-4] == b"FOOT"


@pytest.fixture(scope="module")
def cloud_256mb():
    return np.ones((256 * 1024 * 1024 // 12, 3), dtype=np.float32)


@pytest.mark.limit_memory("1 MB")
def test_logging_256mb_cloud_allocates_under_1mb(unbatched_rec, cloud_256mb):
    before = _native.live_borrows()
    unbatched_rec.log("cloud", rr.Points3D(cloud_256mb, radii=0.1))
    assert _native.live_borrows() == before + 1, "the cloud is borrowed, not copied"


@pytest.fixture(scope="module")
def random_cloud_128mb():
    return np.random.default_rng(0).random((128 * 1024 * 1024 // 12, 3), dtype=np.float32)


@pytest.mark.limit_memory("8 MB")
def test_file_sink_writes_a_128mb_cloud_without_copying_it(random_cloud_128mb, tmp_path):
    """The .rrd encoder hands the chunk's own buffers to `write` (arrow-ipc segments): logging,
    encoding and writing a 128 MB borrowed cloud allocates nothing near its size. Random floats:
    LZ4 cannot shrink them, so they are stored as they are (compressible data is compressed, and
    LZ4 needs the stream in one piece: that path copies)."""
    stream = rr.RecordingStream("test_app")
    try:
        stream.save(tmp_path / "cloud.rrd")
        stream.log("cloud", rr.Points3D(random_cloud_128mb))
        stream.flush()
    finally:
        stream._close()
    assert (tmp_path / "cloud.rrd").stat().st_size > random_cloud_128mb.nbytes


def test_normal_exit_flushes_and_finishes_the_file(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "exit.rrd"
    code = f"""
import numpy as np, nparrow as rr
rng = np.random.default_rng(0)
rr.init("exit_app")
rr.save({str(path)!r})
for i in range(10):
    rr.set_time("frame", sequence=i)
    rr.log("p", rr.Points3D(rng.random((20_000, 3), dtype=np.float32)))
"""  # no flush, no disconnect: exit must do both
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    data = path.read_bytes()
    assert data[-8:-4] == b"FOOT", "the footer is written at exit"
    assert len(data) > 10 * 20_000 * 12 * 0.9, "every row is in the file (random floats barely compress)"


def test_interleaved_layouts_chunk_per_layout_in_log_order(monkeypatch):
    """As rerun-sdk's batcher: an entity's rows with different component sets, interleaved in
    time, become one chunk per layout (not a new chunk at every change)."""
    monkeypatch.setenv("RERUN_FLUSH_TICK_SECS", "3600")
    stream = rr.RecordingStream("test_app")
    try:
        mem = stream.memory_recording()
        for step in range(20):
            stream.set_time("step", sequence=step)
            colors = [255, 0, 0] if step % 5 == 4 else None
            stream.log("pts", rr.Points3D([[step, 0, 0]], colors=colors))
        chunks = chunks_by_entity(mem)["/pts"]
        assert len(chunks) == 2
        by_cols = {tuple(c.schema.names): c.column("step").to_pylist() for c in chunks}
        with_colors = next(v for k, v in by_cols.items() if "Points3D:colors" in k)
        without = next(v for k, v in by_cols.items() if "Points3D:colors" not in k)
        assert with_colors == [4, 9, 14, 19]
        assert without == [s for s in range(20) if s % 5 != 4]
    finally:
        stream._close()


@pytest.fixture(scope="module")
def cloud_1m_rgba():
    rng = np.random.default_rng(0)
    return (
        rng.random((1_000_000, 3), dtype=np.float32),
        rng.integers(0, 256, (1_000_000, 4), dtype=np.uint8),
        rng.random(1_000_000, dtype=np.float32),
    )


@pytest.mark.limit_memory("1 MB")
def test_rgba_colors_are_packed_off_the_calling_thread(unbatched_rec, cloud_1m_rgba):
    """1M points with uint8 RGBA colors and radii: nothing per-point happens in `log` (the
    4 MB of packed colors would exceed the limit); the batcher packs them later."""
    pos, rgba, radii = cloud_1m_rgba
    before = _native.live_borrows()
    unbatched_rec.log("cloud", rr.Points3D(pos, colors=rgba, radii=radii))
    assert _native.live_borrows() == before + 3, "positions, colors and radii are all borrowed"


def test_deferred_colors_are_packed_like_rerun(rec):
    mem = rec.memory_recording()
    rgba = np.array([[255, 0, 0, 128], [1, 2, 3, 4]], dtype=np.uint8)
    rgbf = np.array([[1.0, 0.5, 0.0], [0.2, 0.4, 0.6]], dtype=np.float32)
    rec.log("a", rr.Points3D(np.zeros((2, 3)), colors=rgba))
    rec.log("b", rr.Points3D(np.zeros((2, 3)), colors=rgbf))
    chunks = chunks_by_entity(mem)
    got_a = chunks["/a"][0].column("Points3D:colors").to_pylist()[0]
    got_b = chunks["/b"][0].column("Points3D:colors").to_pylist()[0]
    assert got_a == rr.components.ColorBatch(rgba).as_arrow_array().to_pylist() == [0xFF000080, 0x01020304]
    assert got_b == rr.components.ColorBatch(rgbf).as_arrow_array().to_pylist()
    import rerun  # the reference peer: a hard dependency of the tests (make test installs it)

    assert got_b == rerun.components.ColorBatch(rgbf).as_arrow_array().to_pylist()
