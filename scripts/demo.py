#!/usr/bin/env python3
"""nparrow demo: log a synthetic robotics scene to an .rrd file.

    .venv/bin/python scripts/demo.py [OUT.rrd] [--sdk nparrow|rerun] [--points N] [--frames F]

Scene (deterministic, seeded):
  * ``world``            static Transform3D (identity rotation, small offset)
  * ``world/landmarks``  static Points3D: 8 labelled landmarks
  * ``world/cloud``      200k-point coloured point cloud (a deforming, rotating torus;
                         float32 positions, uint8 RGB colours by height), one per frame
  * ``world/robot``      Transform3D per frame (translation + quaternion), driving a circle
  * ``world/robot/body`` static Points3D (a small marker attached to the robot frame)

Timelines: ``frame`` (sequence) and ``time`` (timestamp, seconds).
Then ``rr.disconnect()`` finishes the file. Open it with ``rerun demo.rrd``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import sys
import time
from pathlib import Path

import numpy as np

T0_EPOCH_S = 1_700_000_000.0  # fixed epoch for the `time` timeline (deterministic output)
FPS = 10.0


def torus_params(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    u = rng.uniform(0.0, 2.0 * np.pi, n).astype(np.float32)
    v = rng.uniform(0.0, 2.0 * np.pi, n).astype(np.float32)
    return u, v


def torus_frame(u: np.ndarray, v: np.ndarray, t: float) -> np.ndarray:
    """Deforming torus rotating about z. Returns C-contiguous (N, 3) float32."""
    big_r = np.float32(3.0)
    small_r = np.float32(1.0) + np.float32(0.25) * np.sin(3.0 * u + np.float32(2.0 * t)).astype(np.float32)
    ring = big_r + small_r * np.cos(v)
    phi = u + np.float32(0.3 * t)  # rotation about z
    out = np.empty((u.shape[0], 3), dtype=np.float32)
    out[:, 0] = ring * np.cos(phi)
    out[:, 1] = ring * np.sin(phi)
    out[:, 2] = small_r * np.sin(v) + np.float32(0.2) * np.sin(np.float32(2.0) * phi + np.float32(t))
    return out


def height_colors(z: np.ndarray) -> np.ndarray:
    """Simple blue→green→yellow→red ramp by height; (N, 3) uint8."""
    lo, hi = -1.5, 1.5
    s = np.clip((z - lo) / (hi - lo), 0.0, 1.0)
    r = np.clip(2.0 * s - 0.5, 0.0, 1.0)
    g = np.clip(1.5 - np.abs(4.0 * s - 2.0), 0.0, 1.0)
    b = np.clip(1.0 - 2.0 * s, 0.0, 1.0)
    rgb = np.empty((z.shape[0], 3), dtype=np.uint8)
    rgb[:, 0] = (r * 255.0).astype(np.uint8)
    rgb[:, 1] = (g * 255.0).astype(np.uint8)
    rgb[:, 2] = (b * 255.0 + 40.0 * (1.0 - s)).clip(0, 255).astype(np.uint8)
    return rgb


def yaw_quaternion_xyzw(yaw: float) -> list[float]:
    return [0.0, 0.0, float(np.sin(yaw / 2.0)), float(np.cos(yaw / 2.0))]


def main() -> int:
    ap = argparse.ArgumentParser(description="Log a synthetic robotics scene to an .rrd file.")
    ap.add_argument("out", nargs="?", default="demo.rrd", help="output .rrd path (default demo.rrd)")
    ap.add_argument(
        "--sdk",
        choices=("nparrow", "rerun"),
        default="nparrow",
        help="SDK to log with (default nparrow; rerun = rerun-sdk for comparison)",
    )
    ap.add_argument("--points", type=int, default=200_000)
    ap.add_argument("--frames", type=int, default=50)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()

    t_import = time.perf_counter()
    if args.sdk == "nparrow":
        import nparrow as rr
    else:
        import rerun as rr
    t_import = time.perf_counter() - t_import

    out = Path(args.out)
    if out.exists():
        out.unlink()

    rng = np.random.default_rng(args.seed)
    u, v = torus_params(args.points, rng)

    # landmarks (static)
    lm_pos = rng.uniform(-6.0, 6.0, (8, 3)).astype(np.float32)
    lm_pos[:, 2] = 0.0
    lm_labels = [f"landmark-{i}" for i in range(len(lm_pos))]
    lm_colors = np.tile(np.array([[255, 255, 255]], dtype=np.uint8), (len(lm_pos), 1))
    body = np.array([[0.3, 0.0, 0.1], [-0.2, 0.15, 0.1], [-0.2, -0.15, 0.1]], dtype=np.float32)

    # Precompute per-frame data outside the logging timer so we only time the SDK.
    frames = []
    for i in range(args.frames):
        t = i / FPS
        pos = torus_frame(u, v, t)
        col = height_colors(pos[:, 2])
        yaw = 2.0 * np.pi * i / max(args.frames, 1)
        trans = np.array([5.0 * np.cos(yaw), 5.0 * np.sin(yaw), 0.0], dtype=np.float32)
        quat = yaw_quaternion_xyzw(yaw + np.pi / 2.0)
        frames.append((pos, col, trans, quat))
    payload_bytes = sum(p.nbytes + c.nbytes for p, c, _, _ in frames)

    log_s = 0.0  # time spent inside SDK calls on this thread
    wall0 = time.perf_counter()

    t = time.perf_counter()
    if args.sdk == "nparrow":
        rr.init("nparrow_demo", recording_id="nparrow-demo")
    else:
        rr.init("nparrow_demo", recording_id="nparrow-demo", spawn=False)
    rr.save(str(out))

    rr.log(
        "world", rr.Transform3D(translation=[0.0, 0.0, 0.5], mat3x3=np.eye(3, dtype=np.float32)), static=True
    )
    rr.log(
        "world/landmarks", rr.Points3D(lm_pos, radii=0.15, colors=lm_colors, labels=lm_labels), static=True
    )
    rr.log("world/robot/body", rr.Points3D(body, radii=0.08, colors=[255, 80, 0]), static=True)
    log_s += time.perf_counter() - t

    for i, (pos, col, trans, quat) in enumerate(frames):
        t = time.perf_counter()
        rr.set_time("frame", sequence=i)
        rr.set_time("time", timestamp=T0_EPOCH_S + i / FPS)
        rr.log("world/robot", rr.Transform3D(translation=trans, quaternion=rr.Quaternion(xyzw=quat)))
        rr.log("world/cloud", rr.Points3D(pos, colors=col, radii=0.02))
        log_s += time.perf_counter() - t

    t = time.perf_counter()
    rr.disconnect()  # finishes the file (flushes batcher + encoder)
    flush_s = time.perf_counter() - t
    total_s = time.perf_counter() - wall0

    size = out.stat().st_size if out.exists() else 0
    mb = size / 1e6
    print(
        f"sdk:                {args.sdk} ({getattr(rr, '__version__', '?')}), import {t_import * 1e3:.0f} ms (numpy already loaded)"
    )
    print(f"frames:             {args.frames}")
    print(
        f"total points:       {args.points * args.frames + len(lm_pos) + len(body):,} "
        f"({args.points:,} per frame + {len(lm_pos)} landmarks + {len(body)} body)"
    )
    print(f"payload (pos+rgb):  {payload_bytes / 1e6:.1f} MB")
    print(f"bytes written:      {size:,} ({mb:.1f} MB) -> {out}")
    print(f"logging wall time:  {log_s * 1e3:.1f} ms (calling thread, SDK calls only)")
    print(f"flush/disconnect:   {flush_s * 1e3:.1f} ms")
    print(f"total incl. flush:  {total_s * 1e3:.1f} ms")
    print(
        f"throughput:         {mb / total_s:.0f} MB/s written (incl. flush), "
        f"{payload_bytes / 1e6 / max(log_s, 1e-9):.0f} MB/s payload on the calling thread"
    )
    print(f"open it with:       rerun {out}")
    if size == 0:
        print("ERROR: output file is empty or missing", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
