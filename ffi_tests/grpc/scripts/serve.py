"""Logs through an in-process gRPC server (`serve_grpc`) that a viewer connects to late.

usage: serve.py rerun|nparrow PORT MEMORY_LIMIT

Logs the backlog (static data, a blueprint, 20 frames), prints `ready URL`, then waits for
`live` on stdin, logs 10 more frames, prints `logged`, waits for `exit` and disconnects (which
stops the server), or for `quit` and just ends (the exit hook stops it). Both SDKs run the same lines.
"""

from __future__ import annotations

import importlib
import sys

import numpy as np

sdk, port, limit = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rr = importlib.import_module(sdk)
rrb = importlib.import_module(f"{sdk}.blueprint")

rr.init("rerun_example_serve_grpc", recording_id="serve-grpc-test", spawn=False)
url = rr.serve_grpc(
    grpc_port=port,
    server_memory_limit=limit,
    default_blueprint=rrb.Blueprint(rrb.Spatial3DView(origin="/world", name="World")),
)
rec = rr.get_data_recording()

rr.log("world/origin", rr.Points3D([[0.0, 0.0, 0.0]], radii=0.5), static=True)
rr.log("world/label", rr.TextDocument("served over gRPC"), static=True)


def frames(start: int, stop: int) -> None:
    for i in range(start, stop):
        rr.set_time("frame", sequence=i)
        pts = np.arange(30, dtype=np.float32).reshape(10, 3) + i
        rr.log("world/points", rr.Points3D(pts, colors=[255, i, 0]))
        rr.log("world/scalar", rr.Scalars(float(i)))


frames(0, 20)
rec.flush()
print("ready", url, flush=True)

for line in sys.stdin:
    cmd = line.strip()
    if cmd == "live":
        frames(20, 30)
        rec.flush()
        print("logged", flush=True)
    elif cmd == "exit":
        break
    elif cmd == "quit":  # end the process without disconnecting: the exit hook stops the server
        print("done", flush=True)
        sys.exit(0)
rr.disconnect()
print("done", flush=True)
