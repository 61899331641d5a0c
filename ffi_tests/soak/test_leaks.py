"""Soak: a million `log` calls leak nothing. RSS (/proc/self/statm), tracemalloc's traced memory
and live borrowed buffers must be flat after warm-up while the memory sink is drained (replaced)
periodically. Only `make soak` runs this (NPARROW_SOAK=1); NPARROW_SOAK_CALLS changes the count."""

from __future__ import annotations

import gc
import os
import resource
import tracemalloc

import numpy as np
import pytest

import nparrow as rr
from nparrow import _native

pytestmark = pytest.mark.skipif(os.environ.get("NPARROW_SOAK") != "1", reason="soak test: set NPARROW_SOAK=1")

CALLS = int(os.environ.get("NPARROW_SOAK_CALLS", "1000000"))
DRAIN_EVERY = 20_000  # calls between sink replacements
BIG_EVERY = 10_000  # calls between logs of an array large enough to be borrowed
RSS_SLACK = 16 * 1024 * 1024  # allocator fragmentation and arena growth, not a leak
TRACED_SLACK = 512 * 1024


def _rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()


def test_million_logs_leak_nothing():
    rec = rr.RecordingStream("soak")
    start_borrows = _native.live_borrows()
    rng = np.random.default_rng(0)
    pts = rng.random((2, 3), dtype=np.float32)
    big = rng.random((50_000, 3), dtype=np.float32)  # 600 KB: borrowed, not copied
    rot = np.eye(3, dtype=np.float32)
    rows = 0
    samples: list[tuple[int, int, int]] = []
    tracemalloc.start()
    try:
        mem = rec.memory_recording()
        for i in range(CALLS // 2):
            rec.set_time("frame", sequence=i)
            rec.log("world/points", rr.Points3D(pts, radii=0.01))
            rec.log("world/robot", rr.Transform3D(translation=[i, 0.0, 0.0], mat3x3=rot))
            if i % BIG_EVERY == 0:
                rec.log("world/cloud", rr.Points3D(big))
            if (i * 2) % DRAIN_EVERY == 0 and i:
                rows += sum(c.num_rows for c in mem.chunks())  # flushes first
                mem = rec.memory_recording()  # drops the old sink and its chunks
                gc.collect()
                samples.append((i * 2, _rss(), tracemalloc.get_traced_memory()[0]))
        rec.flush()
        rows += sum(c.num_rows for c in mem.chunks())
    finally:
        tracemalloc.stop()
        rec._close()
    del mem
    gc.collect()

    logged = 2 * (CALLS // 2) + len(range(0, CALLS // 2, BIG_EVERY))
    assert rows >= logged, f"rows captured {rows} < rows logged {logged}"
    assert _native.live_borrows() == start_borrows, "a borrowed buffer outlived the recording"
    warm = samples[len(samples) // 5]  # after the first fifth: caches, arenas, interned strings
    last = samples[-1]
    report = "\n".join(
        f"{n:>9} calls: rss {r / 2**20:8.1f} MiB, traced {t / 2**10:8.1f} KiB" for n, r, t in samples
    )
    print(f"\n{report}")  # shown with -s
    assert last[1] - warm[1] < RSS_SLACK, f"RSS grew by {(last[1] - warm[1]) / 2**20:.1f} MiB\n{report}"
    assert last[2] - warm[2] < TRACED_SLACK, (
        f"traced memory grew by {(last[2] - warm[2]) / 2**10:.0f} KiB\n{report}"
    )
