"""Rerun's own log-benchmark scenarios, large images and .rrd write throughput, nparrow vs
rerun-sdk 0.41 in one process (each scenario runs both SDKs back to back, best of N rounds).

    .venv/bin/python benches/bench_scenarios.py [--rounds N]

Writes benches/scenarios.md, which `bench_vs_rerun.py` appends to RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("RUST_LOG", "warn,re_sdk::log_sink=error")

import numpy as np
import rerun

import nparrow

HERE = Path(__file__).resolve().parent
TMP = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())


def _rec(sdk, path: Path):
    """A fresh recording saving to `path`, made the global one."""
    sdk.init("scenario_bench", recording_id=f"bench-{time.monotonic_ns()}", spawn=False)
    sdk.save(str(path))


def _finish(sdk) -> None:
    sdk.disconnect()


def scenario(name: str, fn, rounds: int) -> tuple[str, float, float, float, float]:
    """Best (calling-thread s, total s incl. disconnect) per SDK."""
    best = {}
    for sdk in (rerun, nparrow):
        calls, totals = [], []
        for r in range(rounds):
            path = TMP / f"scenario-{sdk.__name__}-{r}.rrd"
            _rec(sdk, path)
            t0 = time.perf_counter()
            fn(sdk)
            t1 = time.perf_counter()
            _finish(sdk)
            t2 = time.perf_counter()
            calls.append(t1 - t0)
            totals.append(t2 - t0)
            path.unlink(missing_ok=True)
        best[sdk] = (min(calls), min(totals))
    return name, *best[rerun], *best[nparrow]


def points_10m(sdk) -> None:
    sdk.log("points", sdk.Points3D(P10M, colors=C10M, radii=R10M, labels="cloud"))


def points_20k(sdk) -> None:
    for i in range(20_000):
        sdk.log("points", sdk.Points3D(P2[i % 2], colors=0xFF0000FF, radii=0.1))


def transforms_10k(sdk) -> None:
    for i in range(10_000):
        sdk.set_time("frame", sequence=i)
        sdk.log("tf", sdk.Transform3D(translation=T[i], rotation=sdk.Quaternion(xyzw=Q[i]), scale=S[i]))


def _send_columns(sdk, batch: int) -> None:
    for start in range(0, 10_000, batch):
        sl = slice(start, start + batch)
        sdk.send_columns(
            "tf",
            indexes=[sdk.TimeColumn("frame", sequence=np.arange(start, start + batch))],
            columns=sdk.Transform3D.columns(translation=T[sl], quaternion=Q[sl], scale=S[sl]),
        )


def images_500(sdk) -> None:
    for i in range(500):
        sdk.set_time("frame", sequence=i)
        sdk.log("image", sdk.Image(IMG))


def clouds_5x120mb(sdk) -> None:
    for i in range(5):
        sdk.set_time("frame", sequence=i)
        sdk.log("cloud", sdk.Points3D(CLOUDS[i]))


rng = np.random.default_rng(0)
P10M = rng.random((10_000_000, 3), dtype=np.float32)
C10M = rng.integers(0, 256, (10_000_000, 4), dtype=np.uint8)
R10M = rng.random(10_000_000, dtype=np.float32)
P2 = rng.random((2, 2, 3), dtype=np.float32)
T = rng.random((10_000, 3), dtype=np.float32)
Q = np.tile(np.array([0, 0, 0, 1], np.float32), (10_000, 1))
S = rng.random((10_000, 3), dtype=np.float32)
IMG = rng.integers(0, 256, (1024, 1024, 4), dtype=np.uint8)
CLOUDS = [rng.random((10_000_000, 3), dtype=np.float32) for _ in range(5)]  # 120 MB each


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    rows = [
        scenario("10M points with colors, radii and a label (one log)", points_10m, args.rounds),
        scenario("20k individual Points3D(2 points, color, radius)", points_20k, args.rounds),
        scenario("10k Transform3D(translation, Quaternion, scale) on `frame`", transforms_10k, args.rounds),
        scenario(
            "send_columns: 10k transforms in batches of 100", lambda s: _send_columns(s, 100), args.rounds
        ),
        scenario(
            "send_columns: 10k transforms in batches of 1000", lambda s: _send_columns(s, 1000), args.rounds
        ),
        scenario("Image(1024×1024×4 u8) logged 500 times", images_500, args.rounds),
        scenario("five 120 MB clouds saved (file closed)", clouds_5x120mb, args.rounds),
    ]
    lines = [
        "## Scenarios (`benches/bench_scenarios.py`)",
        "",
        (
            "Rerun's log-benchmark scenarios, large images and write throughput; both SDKs save to a file "
            f"on {TMP} (best of {args.rounds}); *calls* = time in the logging calls, *total* = until "
            "`disconnect()` returned (file closed)."
        ),
        "",
        "| scenario | rerun-sdk calls s | rerun-sdk total s | nparrow calls s | nparrow total s | speedup calls | speedup total |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, rc, rt, nc, nt in rows:
        lines.append(
            f"| {name} | {rc:.4f} | {rt:.3f} | {nc:.4f} | {nt:.3f} | **{rc / nc:.1f}x** | **{rt / nt:.2f}x** |"
        )
    mb = 5 * CLOUDS[0].nbytes / 1e6
    (_, _, rt, _, nt) = rows[-1]
    lines += [
        "",
        f"Write throughput, five 120 MB clouds: rerun-sdk {mb / rt:.0f} MB/s, nparrow {mb / nt:.0f} MB/s.",
    ]
    lines += ["", *_memory_table()]
    text = "\n".join(lines)
    print(text)
    (HERE / "scenarios.md").write_text(text + "\n")


_MEMORY_PROBE = """
import sys
import numpy as np
import {sdk} as rr
def peak_mb():
    # VmHWM: this process's own peak RSS (ru_maxrss would include the parent's at fork on Linux)
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmHWM:")) / 1024
cloud = np.empty((83_333_334, 3), dtype=np.float32)  # 1.0 GB, filled in slices: no transient peak
rng = np.random.default_rng(0)
for i in range(0, len(cloud), 1_000_000):
    cloud[i : i + 1_000_000] = rng.random((len(cloud[i : i + 1_000_000]), 3), dtype=np.float32)
rr.init("memory_bench", spawn=False)
rr.save(sys.argv[1])
rr.log("warmup", rr.Points3D(np.zeros((2, 3), np.float32)))
before = peak_mb()
rr.log("cloud", rr.Points3D(cloud))
after = peak_mb()
rr.disconnect()
print(cloud.nbytes / 1e6, before, after, peak_mb())
"""


def _memory_table() -> list[str]:
    """Peak RSS of the calling process around `log(Points3D(1 GB cloud))` to a file sink, each
    SDK in a fresh process (the batcher may already be encoding when `log` returns)."""
    import subprocess
    import sys

    out = [
        (
            "Memory: peak RSS (`VmHWM`) of a fresh process logging one 1.0 GB float32 cloud to a file "
            "sink (before = after the cloud exists, after = when `log` returned, before any flush):"
        ),
        "",
        "| SDK | peak before log MB | peak after log MB | raise, % of the cloud | peak after disconnect MB |",
        "|---|---|---|---|---|",
    ]
    for sdk in ("rerun", "nparrow"):
        path = TMP / f"memory-{sdk}.rrd"
        res = subprocess.run(
            [sys.executable, "-c", _MEMORY_PROBE.format(sdk=sdk), str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        path.unlink(missing_ok=True)
        try:
            size, before, after, final = map(float, res.stdout.split()[-4:])
        except ValueError:
            out.append(f"| {sdk} | error: {res.stderr.strip()[-200:]} | | | |")
            continue
        out.append(
            f"| {sdk} | {before:.0f} | {after:.0f} | {100 * (after - before) / size:.1f} % | {final:.0f} |"
        )
    return out


if __name__ == "__main__":
    main()
