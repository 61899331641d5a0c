#!/usr/bin/env python3
# ruff: noqa: BLE001  (a benchmark harness must survive any failure of the SDK under test)
"""nparrow side by side with foxglove-sdk and rerun-sdk (issue 16): small logs to a file, and
file throughput against a plain `f.write` of the same bytes.

Usage (from the repo root):

    .venv/bin/python benches/bench_peers.py [--quick] [--rounds R] [--target-s S] [--frames N]
                                            [--only calls|files] [--out FILE] [--no-write]

Writes benches/peers.md (or --out), which `bench_vs_rerun.py` appends to RESULTS.md.

Method:
  * Calls: the three SDKs in one process, each logging to a file after the SDK's own "open a
    file" call (`rr.save(path)`, rerun-sdk's `rr.save(path)`, `foxglove.open_mcap(path)`), on
    tmpfs. The timing helpers are bench_vs_rerun.py's (`timeit` calibrated per SDK, a fresh file
    per round, a 50 ms pause and one untimed warm-up call, flush outside the timed region);
    rounds interleave the SDKs (the order rotates), best round reported. Construction of the
    message/archetype is inside the timed call.
  * Files: N frames of the same payload from `save`/`open` until the file is closed
    (`rr.disconnect()` writes the footer and closes the file; foxglove `MCAPWriter.close()`;
    plain `open` + N x `f.write(arr.data)` + `close`), on tmpfs and on disk, writers interleaved
    per round (order rotates), best of R; MB/s = payload bytes (N x arr.nbytes) / wall time.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("RUST_LOG", "warn,re_sdk::log_sink=error")

import argparse
import gc
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_vs_rerun import (
    Cell,
    NotImplementedRow,
    Row,
    Sdk,
    _Prepared,
    _tmpdir,
    load_sdks,
    machine_info,
)

# --------------------------------------------------------------------------------------
# foxglove-sdk as a bench_vs_rerun `Sdk`


class FoxgloveSdk(Sdk):
    """foxglove-sdk: a "recording" is an MCAP writer from `foxglove.open_mcap(path)`."""

    def fresh_recording(self, sink: str = "file") -> None:
        self.close_recording()
        path = Path(_tmpdir()) / f"{self.key}.mcap"
        path.unlink(missing_ok=True)
        self.mem = self.mod.open_mcap(str(path), allow_overwrite=True)

    def flush(self) -> None:
        if self.mem is not None:
            self.mem.flush()

    def close_recording(self) -> None:
        if self.mem is None:
            return
        try:
            self.mem.close()
        finally:
            self.mem = None
            gc.collect()


def load_foxglove() -> Sdk:
    fox = FoxgloveSdk("foxglove")
    try:
        import foxglove

        fox.mod = foxglove
        from importlib.metadata import version

        fox.version = version("foxglove-sdk")
    except Exception as e:
        fox.import_error = f"{type(e).__name__}: {e}"
    return fox


# --------------------------------------------------------------------------------------
# Calls to a file (target 1)

_P2 = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=np.float32)
_P1M = np.random.default_rng(0).standard_normal((1_000_000, 3), dtype=np.float32)

_RR_NAMES = {
    "log": "log",
    "Transform3D": "Transform3D",
    "Points3D": "Points3D",
    "Scalars": "Scalars",
}
_FOX_NAMES = {
    "log": "log",
    "FrameTransform": "messages.FrameTransform",
    "Vector3": "messages.Vector3",
    "Quaternion": "messages.Quaternion",
    "PointCloud": "messages.PointCloud",
    "PackedElementField": "messages.PackedElementField",
    "NumericType": "messages.PackedElementFieldNumericType",
}


def _inputs() -> dict:
    return {
        # rerun/nparrow get numpy (the usual input); foxglove its cheapest input, Python floats
        "t": np.array([1.0, 2.0, 3.0], dtype=np.float32),
        "q": [0.0, 0.0, 0.0, 1.0],
        "tx": 1.0,
        "ty": 2.0,
        "tz": 3.0,
        "qx": 0.0,
        "qy": 0.0,
        "qz": 0.0,
        "qw": 1.0,
        "p": _P2,
        "p1m": _P1M,
        "x": 1.5,
        "col": np.array([[255, 0, 0], [0, 255, 0]], dtype=np.uint8),
        "rad": np.array([0.1, 0.2], dtype=np.float32),
        "cid": np.array([1, 2], dtype=np.uint16),
    }


_XYZ = "[PackedElementField(name=n, offset=4 * i, type=NumericType.Float32) for i, n in enumerate('xyz')]"


def peer_row(name: str, stmts: dict[str, str | None], target_us: float | None, max_number=None, note=""):
    """A logging row: `stmts[sdk.key]` is that SDK's statement (None: no equivalent call)."""

    def setup(sdk: Sdk) -> tuple[str, dict]:
        stmt = stmts.get(sdk.key)
        if stmt is None:
            raise NotImplementedRow(f"{sdk.key}: no equivalent call")
        names = _FOX_NAMES if sdk.key == "foxglove" else _RR_NAMES
        ns: dict[str, Any] = {"np": np, "flush": sdk.flush, **_inputs()}
        for local, dotted in names.items():
            ns[local] = sdk.get(dotted)
        if sdk.key == "foxglove":
            ns["xyz"] = eval(_XYZ, ns)
        return stmt, ns

    row = Row("peers", name, None, setup, log=True, max_number=max_number, note=note, sink="file")
    row.target_us = target_us  # type: ignore[attr-defined]
    return row


_FOX_CLOUD = 'log("/points", PointCloud(frame_id="world", point_stride=12, fields=xyz, data={}.tobytes()))'

CALL_ROWS = [
    peer_row(
        "transform (translation + quaternion) → file",
        {
            "nparrow": 'log("world/robot", Transform3D(translation=t, quaternion=q))',
            "rerun": 'log("world/robot", Transform3D(translation=t, quaternion=q))',
            "foxglove": (
                'log("/tf", FrameTransform(parent_frame_id="world", child_frame_id="robot", '
                "translation=Vector3(x=tx, y=ty, z=tz), rotation=Quaternion(x=qx, y=qy, z=qz, w=qw)))"
            ),
        },
        1.5,
    ),
    peer_row(
        "2-point cloud → file",
        {
            "nparrow": 'log("world/points", Points3D(p))',
            "rerun": 'log("world/points", Points3D(p))',
            "foxglove": _FOX_CLOUD.format("p"),
        },
        1.5,
    ),
    peer_row(
        "a scalar → file",
        {
            "nparrow": 'log("plot/x", Scalars(x))',
            "rerun": 'log("plot/x", Scalars(x))',
            "foxglove": 'log("/x", {"value": x})',
        },
        1.5,
        note="foxglove-sdk has no scalar message: a dict, logged as a schemaless JSON message",
    ),
    peer_row(
        "Points3D(2 points, colors, radii, class_ids) → file",
        {
            "nparrow": 'log("world/full", Points3D(p, colors=col, radii=rad, class_ids=cid))',
            "rerun": 'log("world/full", Points3D(p, colors=col, radii=rad, class_ids=cid))',
            "foxglove": None,
        },
        2.5,
        note="built inside the call; foxglove's PointCloud has no radii/class ids (n/a)",
    ),
    peer_row(
        "1M-point cloud (12 MB) on the calling thread",
        {
            "nparrow": 'log("world/big", Points3D(p1m))',
            "rerun": 'log("world/big", Points3D(p1m))',
            "foxglove": _FOX_CLOUD.format("p1m"),
        },
        None,
        max_number=10,
        note="calling thread only (nparrow borrows the array; foxglove copies it with `tobytes()`)",
    ),
]

SDK_ORDER = ("foxglove", "nparrow", "rerun")


def measure_calls(rows: list[Row], sdks: dict[str, Sdk], rounds: int, target_s: float) -> list[dict]:
    """bench_vs_rerun's `measure_row` for three SDKs: the order rotates every round."""
    results = []
    for i, row in enumerate(rows, 1):
        t0 = time.perf_counter()
        preps = [_Prepared(sdks[k], row) for k in SDK_ORDER]
        for p in preps:
            p.prepare()
        for p in preps:
            p.calibrate(target_s)
        for r in range(rounds):
            k = r % len(preps)
            for p in preps[k:] + preps[:k]:
                p.one_round()
        cells = {k: p.finish() for k, p in zip(SDK_ORDER, preps, strict=True)}
        results.append({"row": row, **cells})
        print(
            f"[{i}/{len(rows)}] {row.name:<52} "
            + "  ".join(f"{k} {cells[k].text():>10}" for k in SDK_ORDER)
            + f"  ({time.perf_counter() - t0:.1f}s)",
            file=sys.stderr,
            flush=True,
        )
    return results


def _ratio(a: Cell, b: Cell) -> str:
    if a.us is None or b.us is None or b.us <= 0:
        return "–"
    return f"{a.us / b.us:.2f}x"


def _call_verdict(row: Row, fox: Cell, npa: Cell) -> str:
    tgt = getattr(row, "target_us", None)
    if npa.us is None:
        return "–"
    parts = []
    if tgt is not None:
        parts.append(f"≤ {tgt:g} µs: {'yes' if npa.us <= tgt else '**no**'}")
    if fox.us is not None and tgt is not None:
        parts.append(f"≥ 1.5x foxglove: {'yes' if fox.us / npa.us >= 1.5 else '**no**'}")
    return "; ".join(parts) or "–"


def render_calls(results: list[dict], rounds: int, target_s: float) -> list[str]:
    out = [
        "### Calls to a file: foxglove-sdk, nparrow, rerun-sdk (issue 16, target 1)",
        "",
        (
            f"Same process, the three SDKs interleaved (order rotating), {rounds} rounds of `timeit` "
            f"(~{target_s:g} s each), best round in µs per call; each SDK logs to a file on tmpfs "
            "(`rr.save(path)` / `foxglove.open_mcap(path)`), construction inside the call. "
            "2 shared cores: the figures are noisy, compare the ratios."
        ),
        "",
        (
            "| call | foxglove-sdk µs | nparrow µs | rerun-sdk µs | foxglove / nparrow | rerun / nparrow "
            "| nparrow at target |"
        ),
        "|---|---|---|---|---|---|---|",
    ]
    for res in results:
        row, fox, npa, rr = res["row"], res["foxglove"], res["nparrow"], res["rerun"]
        out.append(
            f"| {row.name} | {fox.text()} | {npa.text()} | {rr.text()} | {_ratio(fox, npa)} "
            f"| {_ratio(rr, npa)} | {_call_verdict(row, fox, npa)} |"
        )
    notes = [f"- {res['row'].name}: {res['row'].note}" for res in results if res["row"].note]
    notes.append(
        "- inputs: nparrow/rerun-sdk get `t` as a float32 array and `q` a list; foxglove gets "
        "Python floats (its cheapest input), a pre-built `fields` list and `p.tobytes()` in the call"
    )
    out += ["", *notes, ""]
    problems = [
        f"- {k} `{res['row'].name}`: {res[k].detail}"
        for res in results
        for k in SDK_ORDER
        if res[k].status == "error"
    ]
    if problems:
        out += ["Problems:", "", *problems, ""]
    return out


# --------------------------------------------------------------------------------------
# File throughput (target 3)

_W, _H = 1920, 1080


def payloads(quick: bool) -> dict[str, tuple[str, np.ndarray]]:
    """name -> (kind, array); clouds are (1M, 3) float32, images 1080p RGB u8."""
    rng = np.random.default_rng(7)
    n = 100_000 if quick else 1_000_000
    yy, xx = np.mgrid[0:_H, 0:_W]
    gradient = np.stack([xx * 255 // (_W - 1), yy * 255 // (_H - 1), (xx + yy) * 255 // (_W + _H - 2)], -1)
    return {
        "cloud, uniform [0, 1)": ("cloud", rng.random((n, 3), dtype=np.float32)),
        "cloud, Gaussian": ("cloud", rng.standard_normal((n, 3), dtype=np.float32)),
        "cloud, integer-valued": ("cloud", rng.integers(-1000, 1000, (n, 3)).astype(np.float32)),
        "image 1080p RGB, noise": ("image", rng.integers(0, 256, (_H, _W, 3), dtype=np.uint8)),
        "image 1080p RGB, gradient": ("image", np.ascontiguousarray(gradient.astype(np.uint8))),
    }


def write_plain(path: Path, arr: np.ndarray, frames: int) -> None:
    with open(path, "wb") as f:
        for _ in range(frames):  # noqa: FURB122  (the plain loop a user writes)
            f.write(arr.data)


def write_nparrow(path: Path, arr: np.ndarray, frames: int, kind: str) -> None:
    import nparrow as rr

    rr.save(str(path))
    for i in range(frames):
        rr.set_time("frame", sequence=i)
        if kind == "cloud":
            rr.log("points", rr.Points3D(arr))
        else:
            rr.log("image", rr.Image(arr))
    rr.disconnect()  # footer written, file closed


def write_foxglove(path: Path, arr: np.ndarray, frames: int, kind: str) -> None:
    import foxglove
    from foxglove.messages import PackedElementField, PackedElementFieldNumericType, PointCloud, RawImage

    xyz = [
        PackedElementField(name=n, offset=4 * i, type=PackedElementFieldNumericType.Float32)
        for i, n in enumerate("xyz")
    ]
    w = foxglove.open_mcap(str(path), allow_overwrite=True)
    for _ in range(frames):
        if kind == "cloud":
            foxglove.log(
                "/points", PointCloud(frame_id="world", point_stride=12, fields=xyz, data=arr.tobytes())
            )
        else:
            h, wd = arr.shape[:2]
            foxglove.log(
                "/image", RawImage(width=wd, height=h, encoding="rgb8", step=wd * 3, data=arr.tobytes())
            )
    w.close()


WRITERS = ("plain", "nparrow", "foxglove")
# foxglove's MCAP (zstd) files are a reference, not judged, and slow: clouds only, best of 2.
FOXGLOVE_ROUNDS = 2


def measure_files(fs: dict[str, Path], rounds: int, frames: int, quick: bool) -> list[dict]:
    import nparrow as rr

    results = []
    for fs_name, d in fs.items():
        for name, (kind, arr) in payloads(quick).items():
            t_row = time.perf_counter()
            nbytes = arr.nbytes * frames
            best: dict[str, float | None] = dict.fromkeys(WRITERS)
            errors: dict[str, str] = {}
            fns: dict[str, Callable[[Path], None]] = {
                "plain": lambda p, a=arr: write_plain(p, a, frames),
                "nparrow": lambda p, a=arr, k=kind: write_nparrow(p, a, frames, k),
                "foxglove": lambda p, a=arr, k=kind: write_foxglove(p, a, frames, k),
            }
            sizes: dict[str, int] = {}
            per_round: dict[int, dict[str, float]] = {}
            for r in range(rounds):
                order = WRITERS[r % 3 :] + WRITERS[: r % 3]
                for w in order:
                    if w in errors or (w == "foxglove" and (kind != "cloud" or r >= FOXGLOVE_ROUNDS)):
                        continue
                    path = d / f"peers-{w}.{'mcap' if w == 'foxglove' else 'rrd'}"
                    path.unlink(missing_ok=True)
                    if w == "nparrow":
                        rr.init("bench_peers", recording_id=f"peers-{time.monotonic_ns()}", spawn=False)
                    gc.collect()
                    time.sleep(0.05)
                    try:
                        t0 = time.perf_counter()
                        fns[w](path)
                        dt = time.perf_counter() - t0
                    except BaseException as e:
                        if isinstance(e, KeyboardInterrupt):
                            raise
                        errors[w] = f"{type(e).__name__}: {e}"
                        continue
                    sizes[w] = path.stat().st_size
                    path.unlink(missing_ok=True)
                    mbs = nbytes / dt / 1e6
                    best[w] = mbs if best[w] is None else max(best[w], mbs)
                    per_round.setdefault(r, {})[w] = mbs
            results.append(
                {
                    "fs": fs_name,
                    "name": name,
                    "nbytes": nbytes,
                    "best": best,
                    "errors": errors,
                    "sizes": sizes,
                    # nparrow / plain within each round (the two writes are adjacent in time)
                    "paired": [
                        x["nparrow"] / x["plain"]
                        for x in per_round.values()
                        if "nparrow" in x and "plain" in x
                    ],
                }
            )
            print(
                f"[{fs_name}] {name:<28} "
                + "  ".join(f"{w} {best[w] or 0:8.0f} MB/s" for w in WRITERS)
                + f"  ({time.perf_counter() - t_row:.1f}s)",
                file=sys.stderr,
                flush=True,
            )
    return results


def render_files(results: list[dict], rounds: int, frames: int) -> list[str]:
    out = [
        "### File throughput until the file is closed (issue 16, target 3)",
        "",
        (
            f"{frames} frames of one payload, from `save`/`open` until the file is closed "
            "(nparrow: `rr.save` → `rr.log` × N → `rr.disconnect()`, footer included; plain: "
            "`open` → `f.write(arr.data)` × N → `close`; foxglove: `open_mcap` → `log(PointCloud/RawImage("
            "data=arr.tobytes()))` × N → `close`, its default zstd chunks), writers interleaved, best of "
            f"{rounds} rounds (foxglove, a reference: clouds only, best of {FOXGLOVE_ROUNDS}), MB/s of payload "
            "(N × arr.nbytes). Judged on tmpfs: nparrow ≥ 90 % of plain. "
            "2 shared cores and a page-cached disk: noisy."
        ),
        "",
        (
            "| file system | payload | plain MB/s | nparrow MB/s | nparrow / plain (best / best) "
            "| nparrow / plain (median of the rounds) | nparrow file / payload | foxglove MB/s "
            "| at target (≥ 90 %) |"
        ),
        "|---|---|---|---|---|---|---|---|---|",
    ]

    def mbs(x):
        return "–" if x is None else f"{x:,.0f}"

    for res in results:
        b = res["best"]
        ratio = b["nparrow"] / b["plain"] if b["plain"] and b["nparrow"] else None
        size, nbytes = res["sizes"].get("nparrow"), res["nbytes"]
        paired = f"{statistics.median(res['paired']):.0%}" if res["paired"] else "–"
        verdict = "–" if ratio is None else ("yes" if ratio >= 0.9 else "**no**")
        if res["fs"] != "tmpfs" and ratio is not None:
            verdict = f"({verdict}, not judged)"
        out.append(
            f"| {res['fs']} | {res['name']} | {mbs(b['plain'])} | {mbs(b['nparrow'])} "
            f"| {'–' if ratio is None else f'{ratio:.0%}'} | {paired} "
            f"| {'–' if size is None else f'{size / nbytes:.2f}'} | {mbs(b['foxglove'])} | {verdict} |"
        )
    errs = [f"- {r['fs']} {r['name']} {w}: {e}" for r in results for w, e in r["errors"].items()]
    if errs:
        out += ["", "Problems:", "", *errs]
    out.append("")
    return out


# --------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="3 rounds, short timings, 100k-point clouds")
    ap.add_argument("--rounds", type=int, default=None)
    ap.add_argument("--target-s", type=float, default=None, help="seconds per timeit round")
    ap.add_argument("--frames", type=int, default=50, help="frames per file (default 50)")
    ap.add_argument("--only", choices=("calls", "files"), default=None)
    ap.add_argument("--fs", choices=("tmpfs", "disk", "both"), default="both")
    ap.add_argument("--out", default=None, help="results file (default benches/peers.md)")
    ap.add_argument("--no-write", action="store_true", help="print only")
    args = ap.parse_args()
    if args.rounds is None:
        args.rounds = 3 if args.quick else 5
    if args.target_s is None:
        args.target_s = 0.05 if args.quick else 0.2

    rerun, npa = load_sdks()
    fox = load_foxglove()
    for s in (rerun, npa, fox):
        if s.mod is None:
            print(f"{s.key} not importable: {s.import_error}", file=sys.stderr)
            return 2
    sdks = {"foxglove": fox, "nparrow": npa, "rerun": rerun}

    text: list[str] = ["## nparrow vs foxglove-sdk (and rerun-sdk): `benches/bench_peers.py`", ""]
    text += machine_info((rerun, npa))
    text += [f"- foxglove-sdk {fox.version}", ""]
    if args.only in (None, "calls"):
        text += render_calls(
            measure_calls(CALL_ROWS, sdks, args.rounds, args.target_s), args.rounds, args.target_s
        )
    if args.only in (None, "files"):
        fs: dict[str, Path] = {}
        tmp_dirs = []
        if args.fs in ("tmpfs", "both") and os.path.isdir("/dev/shm"):
            fs["tmpfs"] = Path(tempfile.mkdtemp(prefix="nparrow-peers-", dir="/dev/shm"))
        if args.fs in ("disk", "both"):
            fs["disk"] = Path(tempfile.mkdtemp(prefix="nparrow-peers-", dir=tempfile.gettempdir()))
        tmp_dirs = list(fs.values())
        try:
            text += render_files(
                measure_files(fs, args.rounds, args.frames, args.quick), args.rounds, args.frames
            )
        finally:
            for d in tmp_dirs:
                shutil.rmtree(d, ignore_errors=True)

    out = "\n".join(text)
    print(out)
    if not args.no_write:
        path = Path(args.out) if args.out else HERE / "peers.md"
        path.write_text(out.rstrip() + "\n")
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
