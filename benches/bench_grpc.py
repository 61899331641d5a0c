#!/usr/bin/env python3
"""End-to-end gRPC streaming: a 1M-point cloud logged 20 times to a live Rerun 0.41 receiver.

Usage (from the repo root):

    .venv/bin/python benches/bench_grpc.py [--rounds R] [--points N] [--frames F]

Each run is a fresh Python process with its own headless receiver (`rerun --port P --save F`):
init, connect_grpc, log F frames of N points (float32 positions + uint8 colours), disconnect.
The time is from connect to `disconnect()` returning, which for both SDKs means every message
was handed to the transport and the receiver acknowledged the end of the stream. Runs alternate
between the SDKs; the table shows the best and median of R runs and the ratio of medians.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RERUN = Path(sys.executable).parent / "rerun"

CHILD = r"""
import json, sys, time
import numpy as np
sdk, url, n, frames = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(0)
pos = rng.random((n, 3), dtype=np.float32)
col = rng.integers(0, 255, (n, 3), dtype=np.uint8)
if sdk == "nparrow":
    import nparrow as rr
    from nparrow._grpc import connect_grpc
else:
    import rerun as rr
    connect_grpc = rr.connect_grpc
rr.init("bench_grpc", recording_id=f"bench-{sdk}")
t0 = time.perf_counter()
connect_grpc(url)
for i in range(frames):
    rr.set_time("frame", sequence=i)
    rr.log("cloud", rr.Points3D(pos, colors=col))
t_logged = time.perf_counter()
rr.disconnect()
t1 = time.perf_counter()
print(json.dumps({"total_s": t1 - t0, "log_s": t_logged - t0}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def stop(proc: subprocess.Popen) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=10)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def run_once(sdk: str, n: int, frames: int, tmp: Path) -> dict:
    port = free_port()
    out = tmp / f"{sdk}-{port}.rrd"
    env = dict(os.environ, RERUN_ANALYTICS="disabled", TELEMETRY_ENABLED="false")
    recv = subprocess.Popen(
        [str(RERUN), "--port", str(port), "--save", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    try:
        while not listening(port):
            if recv.poll() is not None:
                raise RuntimeError("receiver failed to start")
            time.sleep(0.05)
        child = subprocess.run(
            [sys.executable, "-c", CHILD, sdk, f"rerun+http://127.0.0.1:{port}/proxy", str(n), str(frames)],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
            check=False,
        )
        if child.returncode != 0:
            raise RuntimeError(f"{sdk} failed: {child.stderr[-2000:]}")
        res = json.loads(child.stdout.strip().splitlines()[-1])
        # Let the receiver finish writing, then record what arrived.
        last = -1
        while True:
            size = out.stat().st_size if out.exists() else 0
            if size == last:
                break
            last = size
            time.sleep(0.3)
        res["received_mb"] = last / 1e6
        return res
    finally:
        stop(recv)
        out.unlink(missing_ok=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--points", type=int, default=1_000_000)
    ap.add_argument("--frames", type=int, default=20)
    args = ap.parse_args()
    if not RERUN.exists():
        sys.exit(f"needs the rerun CLI (rerun-sdk 0.41) next to {sys.executable}")
    results: dict[str, list[dict]] = {"rerun": [], "nparrow": []}
    with tempfile.TemporaryDirectory() as d:
        for r in range(args.rounds):
            order = ("rerun", "nparrow") if r % 2 == 0 else ("nparrow", "rerun")
            for sdk in order:
                res = run_once(sdk, args.points, args.frames, Path(d))
                results[sdk].append(res)
                print(
                    f"  round {r + 1} {sdk:8s} total {res['total_s']:.3f} s  "
                    f"(log loop {res['log_s']:.3f} s, received {res['received_mb']:.1f} MB)",
                    file=sys.stderr,
                )
    raw_mb = args.points * 15 * args.frames / 1e6
    print(f"\n{args.frames} x {args.points:,}-point cloud (positions f32 + colors u8, {raw_mb:.0f} MB raw)")
    print("| SDK | best (s) | median (s) | median log loop (s) | received (MB) | MB/s (raw, median) |")
    print("|---|---|---|---|---|---|")
    med = {}
    for sdk in ("rerun", "nparrow"):
        rs = results[sdk]
        tot = [x["total_s"] for x in rs]
        med[sdk] = statistics.median(tot)
        print(
            f"| {sdk} | {min(tot):.3f} | {med[sdk]:.3f} | {statistics.median(x['log_s'] for x in rs):.3f} "
            f"| {rs[-1]['received_mb']:.1f} | {raw_mb / med[sdk]:.0f} |"
        )
    print(f"\nnparrow is {med['rerun'] / med['nparrow']:.2f}x rerun-sdk (ratio of median end-to-end times)")


if __name__ == "__main__":
    main()
