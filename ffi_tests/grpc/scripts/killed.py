"""Streams to URL, prints READY once connected, keeps logging while the test kills the viewer.

Prints one JSON line of timings at the end: the slowest log() call, flush() and disconnect().
"""

from __future__ import annotations

import json
import sys
import time
import warnings

import numpy as np

import nparrow as rr
from nparrow._grpc import connect_grpc

url = sys.argv[1]
warnings.simplefilter("always")
rr.init("killed", recording_id="killed")
connect_grpc(url)
pts = np.random.default_rng(0).random((20_000, 3), dtype=np.float32)
for i in range(5):
    rr.set_time("frame", sequence=i)
    rr.log("pts", rr.Points3D(pts))
rr.flush()
print("READY", flush=True)
sys.stdin.readline()  # the test kills the viewer, then writes a line
worst = 0.0
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    end = time.monotonic() + 1.5
    i = 5
    while time.monotonic() < end:
        rr.set_time("frame", sequence=i)
        t = time.perf_counter()
        rr.log("pts", rr.Points3D(pts))
        worst = max(worst, time.perf_counter() - t)
        i += 1
        time.sleep(0.005)
    t = time.perf_counter()
    rr.flush()
    flush_s = time.perf_counter() - t
    t = time.perf_counter()
    rr.disconnect()
    disconnect_s = time.perf_counter() - t
print(
    json.dumps(
        {
            "frames": i,
            "worst_log_s": worst,
            "flush_s": flush_s,
            "disconnect_s": disconnect_s,
            "warnings": [str(w.message) for w in caught],
        }
    ),
    flush=True,
)
