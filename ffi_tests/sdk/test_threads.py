"""Many threads logging into one recording: every row lands exactly once, time stays per thread."""

from __future__ import annotations

import time
from collections import Counter

import numpy as np

import nparrow as rr
from ffi_tests.helpers import run_in_threads
from ffi_tests.rrd_reader import read_chunks

ROWS = 50_000


def test_eight_threads_every_row_exactly_once(tmp_path, monkeypatch):
    monkeypatch.setenv("NPARROW_COMPRESS", "0")
    path = tmp_path / "threads.rrd"
    rec = rr.RecordingStream("threads_app")
    rec.save(path)

    def work(t: int) -> None:
        entity = f"own/{t}" if t < 4 else "shared"
        for i in range(ROWS):
            rec.set_time("step", sequence=t * 1_000_000 + i)
            rec.log(entity, rr.Points3D([[t, i, 0]]))

    try:
        run_in_threads(work, range(8))
    finally:
        rec.disconnect()
        rec._close()

    seen: Counter[tuple[int, int]] = Counter()
    for chunk in read_chunks(path):
        entity = chunk.schema.metadata[b"rerun:entity_path"].decode()
        if entity == "/__properties":
            continue
        steps = chunk.column("step").to_pylist()
        for step, cell in zip(steps, chunk.column("Points3D:positions").to_pylist(), strict=True):
            t, i = int(cell[0][0]), int(cell[0][1])
            assert step == t * 1_000_000 + i, "each thread's time point stays its own"
            assert entity == (f"/own/{t}" if t < 4 else "/shared")
            seen[(t, i)] += 1
    assert len(seen) == 8 * ROWS, "every row is in the file"
    assert set(seen.values()) == {1}, "no row is duplicated"


def test_encoding_runs_without_the_gil(tmp_path, monkeypatch):
    """The batcher writes a large chunk while this thread keeps the interpreter busy."""
    monkeypatch.setenv("NPARROW_COMPRESS", "0")
    path = tmp_path / "gil.rrd"
    rec = rr.RecordingStream("gil_app")
    rec.save(path)
    cloud = np.random.default_rng(0).random((2_000_000, 3), dtype=np.float32)  # 24 MB
    size_before = path.stat().st_size
    rec.log("cloud", rr.Points3D(cloud))
    deadline = time.perf_counter() + 5.0
    x = 0
    while path.stat().st_size < size_before + cloud.nbytes and time.perf_counter() < deadline:
        x += 1  # pure-Python busy loop: only switch-interval GIL releases
    assert path.stat().st_size >= size_before + cloud.nbytes, "the chunk was written during the busy loop"
    rec.flush()
    rec._close()
