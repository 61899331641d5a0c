#!/usr/bin/env python3
# ruff: noqa: BLE001, S110  (a benchmark harness must survive any failure of the SDK under test)
"""Benchmark nparrow against rerun-sdk, in the same process, interleaved.

Usage (from the repo root):

    .venv/bin/python benches/bench_vs_rerun.py [--quick] [--filter SUBSTR] [--rounds R]
                                               [--target-s SECONDS] [--no-write]

Method (same as /work/shared/notes/bridge-measurements.md section 3):
  * ``OPENBLAS_NUM_THREADS=1`` is set before numpy is imported.
  * Every row is a ``timeit`` statement string compiled against a namespace
    holding already-resolved names (``Points3D``, ``log``, input arrays ...),
    so both SDKs pay exactly the same Python-side lookup cost.
  * ``timeit``'s ``number`` is calibrated separately per SDK to ~``--target-s``
    per round (capped per row, e.g. for 1M points).
  * For R rounds, rerun-sdk and nparrow alternate (the SDK that goes first
    alternates too); the reported figure is the best round, in us per call.
  * Logging rows use a fresh in-memory recording per round, a 50 ms pause,
    then one untimed warm-up call (both SDKs); flush happens after the
    timed region. Only the calling thread's wall time is measured
    (background batcher/encoder threads are not part of the figure).
  * A row whose class/function is missing in an SDK is reported as
    "n/a (not implemented)"; a row that raises or emits a warning is reported
    as "error" and listed under "Problems" at the end.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
# rerun-sdk warns "Dropping data in MemorySink/BufferedSink" when we discard a per-round
# memory recording without draining it (deliberate: draining would encode everything).
os.environ.setdefault("RUST_LOG", "warn,re_sdk::log_sink=error")

import argparse
import datetime as _dt
import gc
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

NA = "n/a (not implemented)"


class NotImplementedRow(Exception):
    """A name needed by the row does not exist in this SDK."""


# --------------------------------------------------------------------------------------
# SDK loading


@dataclass
class Sdk:
    key: str  # "rerun" | "nparrow"
    mod: Any = None
    import_error: str | None = None
    version: str = "?"
    mem: Any = None  # current memory recording (kept alive)

    def get(self, dotted: str) -> Any:
        """Resolve e.g. 'components.Position3DBatch'; raise NotImplementedRow if missing."""
        if self.mod is None:
            raise NotImplementedRow(f"{self.key} not importable: {self.import_error}")
        obj = self.mod
        for part in dotted.split("."):
            try:
                obj = getattr(obj, part)
            except AttributeError:
                # submodule that is not imported eagerly?
                try:
                    import importlib

                    obj = importlib.import_module(f"{obj.__name__}.{part}")
                except Exception:
                    raise NotImplementedRow(f"{self.key}.{dotted}") from None
        return obj

    def get_any(self, *candidates: str) -> Any:
        """First of several dotted names that exists."""
        for c in candidates:
            try:
                return self.get(c)
            except NotImplementedRow:
                continue
        raise NotImplementedRow(f"{self.key}: none of {candidates}")

    # ---- recording management (outside timed regions) ----

    def fresh_recording(self, sink: str = "memory") -> None:
        self.close_recording()
        m = self.mod
        m.init("bench")
        if sink == "file":
            path = Path(_tmpdir()) / f"{self.key}.rrd"
            path.unlink(missing_ok=True)
            m.save(str(path))
            self.mem = path  # marker: a recording is open
        else:
            self.mem = m.memory_recording()

    def flush(self) -> None:
        m = self.mod
        if hasattr(m, "flush"):
            m.flush()
        elif self.mem is not None and not isinstance(self.mem, Path) and hasattr(self.mem, "flush"):
            self.mem.flush()
        elif hasattr(m, "get_global_data_recording"):
            rec = m.get_global_data_recording()
            if rec is not None:
                rec.flush()

    def close_recording(self) -> None:
        if self.mem is None:
            return
        try:
            self.flush()
        finally:
            # rerun-sdk: disconnect() swaps in a BufferedSink that later warns "Dropping data";
            # re-init is enough there (init flushes/cleans orphaned recordings).
            if self.key != "rerun" or isinstance(self.mem, Path):
                try:
                    self.mod.disconnect()
                except Exception:
                    pass
            self.mem = None
            gc.collect()


_TMPDIR = None


def _tmpdir() -> str:
    global _TMPDIR
    if _TMPDIR is None:
        import atexit
        import shutil
        import tempfile

        # tmpfs when available: measure SDK batching/encoding, not disk writeback throttling
        shm = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
        _TMPDIR = tempfile.mkdtemp(prefix="nparrow-bench-", dir=shm)
        atexit.register(shutil.rmtree, _TMPDIR, ignore_errors=True)
    return _TMPDIR


def load_sdks() -> tuple[Sdk, Sdk]:
    rerun = Sdk("rerun")
    try:
        import rerun as _rerun

        rerun.mod = _rerun
        rerun.version = getattr(_rerun, "__version__", "?")
    except Exception as e:  # pragma: no cover
        rerun.import_error = f"{type(e).__name__}: {e}"

    npa = Sdk("nparrow")
    try:
        import nparrow as _np

        npa.mod = _np
        npa.version = getattr(_np, "__version__", None) or _pkg_version("nparrow")
    except Exception as e:
        npa.import_error = f"{type(e).__name__}: {e}"
    return rerun, npa


def _pkg_version(name: str) -> str:
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:
        return "?"


# --------------------------------------------------------------------------------------
# Rows


@dataclass
class Row:
    table: str
    name: str
    seed: float | None  # seed note speedup (main / optimized)
    setup: Callable[[Sdk], tuple[str, dict]]  # -> (stmt, namespace)
    log: bool = False  # needs a recording; fresh one per round
    max_number: int | None = None  # cap timeit number (large payloads)
    note: str = ""
    spine: bool = False
    sink: str = "memory"  # "memory" | "file" (temp dir)


def _p2():
    return np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=np.float32)


def _p2d():
    return np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)


_P1M = None


def _p1m():
    global _P1M
    if _P1M is None:
        _P1M = np.random.default_rng(0).standard_normal((1_000_000, 3), dtype=np.float32)
    return _P1M


def _c1m():
    return np.random.default_rng(1).integers(0, 256, (1_000_000, 4), dtype=np.uint8)


def _r1m():
    return np.random.default_rng(2).random(1_000_000, dtype=np.float32)


def _full_inputs():
    return {
        "pos": _p2(),
        "col": np.array([[255, 0, 0], [0, 255, 0]], dtype=np.uint8),
        "rad": np.array([0.1, 0.2], dtype=np.float32),
        "cid": np.array([1, 2], dtype=np.uint16),
    }


def batch_row(table, name, seed, dotted, arg_expr, args=None, note="", spine=False, alt=()):
    """Batch construction row: `Cls(<arg_expr>)`."""

    def setup(sdk: Sdk):
        cls = sdk.get_any(dotted, *alt)
        ns = {"Cls": cls, "np": np}
        ns.update(args() if args else {})
        return f"Cls({arg_expr})", ns

    return Row(table, name, seed, setup, note=note, spine=spine)


def log_row(
    table,
    name,
    seed,
    names,
    stmt,
    args=None,
    prebuild=None,
    max_number=None,
    note="",
    spine=False,
    sink="memory",
):
    """Logging row. `names`: {local_name: dotted} resolved from the SDK.
    `prebuild`: optional {local_name: expr} evaluated once in the namespace (not timed)."""

    def setup(sdk: Sdk):
        ns = {"np": np, "flush": sdk.flush}
        for local, dotted in names.items():
            cands = dotted if isinstance(dotted, tuple) else (dotted,)
            ns[local] = sdk.get_any(*cands)
        ns.update(args() if args else {})
        for local, expr in (prebuild or {}).items():
            ns[local] = eval(expr, ns)
        return stmt, ns

    return Row(table, name, seed, setup, log=True, max_number=max_number, note=note, spine=spine, sink=sink)


T_LOG = "Full `rr.log()` pipeline"
T_DT = "Batch construction per datatype"
T_PRIM = "Primitive scalar batch construction"
T_FULL = "Scalar-heavy archetype end-to-end"
T_STR = "String and variable-length batch construction"
T_ENUM = "Enum batch construction"
T_INT = "Key internals (approximated: nparrow has no rerun internals)"
T_NEW = "`rr.log()` of the archetypes added for issue 11 (target: at least 5x rerun-sdk)"

TABLES = [T_LOG, T_NEW, T_DT, T_PRIM, T_FULL, T_STR, T_ENUM, T_INT]

_TRANS = lambda: {"trans": np.array([1.0, 2.0, 3.0], dtype=np.float32), "m33": np.eye(3, dtype=np.float32)}

ROWS: list[Row] = [
    # ---- full pipeline ----
    log_row(
        T_LOG,
        "rr.log(Transform3D(trans+mat3x3))",
        3.2,
        {"log": "log", "Transform3D": "Transform3D"},
        'log("world/t", Transform3D(translation=trans, mat3x3=m33))',
        args=_TRANS,
        spine=True,
    ),
    log_row(
        T_LOG,
        "rr.log(Transform3D(trans+quat))",
        2.8,
        {"log": "log", "Transform3D": "Transform3D", "Quaternion": "Quaternion"},
        'log("world/t", Transform3D(translation=trans, quaternion=Quaternion(xyzw=q)))',
        args=lambda: {"trans": np.array([1.0, 2.0, 3.0], np.float32), "q": [0.0, 0.0, 0.0, 1.0]},
    ),
    log_row(
        T_LOG,
        "rr.log(Arrows3D(2 arrows))",
        2.9,
        {"log": "log", "Arrows3D": "Arrows3D"},
        'log("world/a", Arrows3D(origins=o, vectors=v))',
        args=lambda: {"o": np.zeros((2, 3), np.float32), "v": _p2()},
    ),
    log_row(
        T_LOG,
        "rr.log(Points3D(2 points))",
        2.9,
        {"log": "log", "Points3D": "Points3D"},
        'log("world/p", Points3D(pos))',
        args=lambda: {"pos": _p2()},
        spine=True,
    ),
    log_row(
        T_LOG,
        "rr.log(Points2D(2 points))",
        2.9,
        {"log": "log", "Points2D": "Points2D"},
        'log("world/p2", Points2D(pos))',
        args=lambda: {"pos": _p2d()},
    ),
    log_row(
        T_LOG,
        "rr.log(pre-built transform)",
        2.5,
        {"log": "log", "Transform3D": "Transform3D"},
        'log("world/t", t)',
        args=_TRANS,
        prebuild={"t": "Transform3D(translation=trans, mat3x3=m33)"},
    ),
    log_row(
        T_LOG,
        "rr.log(Pinhole, pre-built)",
        2.5,
        {"log": "log", "Pinhole": "Pinhole"},
        'log("world/cam", ph)',
        prebuild={"ph": "Pinhole(focal_length=500.0, width=640, height=480)"},
    ),
    log_row(
        T_LOG,
        "rr.log(Points3D 1M) (1M f32 points)",
        None,
        {"log": "log", "Points3D": "Points3D"},
        'log("world/big", Points3D(pos))',
        args=lambda: {"pos": _p1m()},
        max_number=10,
        spine=True,
        note="not in seed; payload 12 MB/call",
    ),
    log_row(
        T_LOG,
        "rr.log(Points3D 1M, RGBA u8 colors, f32 radii)",
        None,
        {"log": "log", "Points3D": "Points3D"},
        'log("world/big", Points3D(pos, colors=col, radii=rad))',
        args=lambda: {"pos": _p1m(), "col": _c1m(), "rad": _r1m()},
        max_number=10,
        note="not in seed; target < 100 µs on the calling thread (RGBA packed off it, on the batcher)",
    ),
    log_row(
        T_LOG,
        "rr.log(Points3D 1M) + flush, file sink",
        None,
        {"log": "log", "Points3D": "Points3D"},
        'log("world/big", Points3D(pos)); flush()',
        args=lambda: {"pos": _p1m()},
        max_number=10,
        sink="file",
        note=(
            "not in seed; flush inside the timed region, so batching + encoding + file write count "
            "(file on /dev/shm tmpfs when available)"
        ),
    ),
    # ---- batch construction per datatype ----
    batch_row(
        T_DT,
        "Position3DBatch(np)",
        5.4,
        "components.Position3DBatch",
        "a",
        args=lambda: {"a": _p2()},
        spine=True,
        note="2 points",
    ),
    batch_row(
        T_DT,
        "Position2DBatch(np)",
        5.6,
        "components.Position2DBatch",
        "a",
        args=lambda: {"a": _p2d()},
        note="2 points",
    ),
    batch_row(
        T_DT, "Vec2DBatch(list)", 4.5, "encodings.Vec2DBatch", "[1.0, 2.0]", alt=("datatypes.Vec2DBatch",)
    ),
    batch_row(
        T_DT,
        "Vec3DBatch(list)",
        4.3,
        "encodings.Vec3DBatch",
        "[1.0, 2.0, 3.0]",
        alt=("datatypes.Vec3DBatch",),
    ),
    batch_row(
        T_DT,
        "QuaternionBatch(list)",
        4.4,
        "encodings.QuaternionBatch",
        "[0.0, 0.0, 0.0, 1.0]",
        alt=("datatypes.QuaternionBatch",),
    ),
    batch_row(
        T_DT,
        "Mat3x3Batch(np.eye(3))",
        4.1,
        "encodings.Mat3x3Batch",
        "m",
        args=lambda: {"m": np.eye(3)},
        alt=("datatypes.Mat3x3Batch",),
    ),
    batch_row(
        T_DT,
        "Mat4x4Batch(np.eye(4))",
        2.1,
        "encodings.Mat4x4Batch",
        "m",
        args=lambda: {"m": np.eye(4)},
        alt=("datatypes.Mat4x4Batch",),
    ),
    # ---- primitive scalars ----
    batch_row(
        T_PRIM, "Float32Batch(1.0)", 6.3, "encodings.Float32Batch", "1.0", alt=("datatypes.Float32Batch",)
    ),
    batch_row(
        T_PRIM,
        "Float32Batch(np 100)",
        7.3,
        "encodings.Float32Batch",
        "a",
        args=lambda: {"a": np.arange(100, dtype=np.float32)},
        alt=("datatypes.Float32Batch",),
    ),
    batch_row(T_PRIM, "UInt16Batch(42)", 6.1, "encodings.UInt16Batch", "42", alt=("datatypes.UInt16Batch",)),
    batch_row(
        T_PRIM,
        "UInt32Batch(0xFF0000FF)",
        6.3,
        "encodings.UInt32Batch",
        "0xFF0000FF",
        alt=("datatypes.UInt32Batch",),
    ),
    batch_row(T_PRIM, "BoolBatch(True)", 6.3, "encodings.BoolBatch", "True", alt=("datatypes.BoolBatch",)),
    batch_row(
        T_PRIM, "Float64Batch(1.0)", 6.0, "encodings.Float64Batch", "1.0", alt=("datatypes.Float64Batch",)
    ),
    batch_row(T_PRIM, "RadiusBatch(1.0)", 5.9, "components.RadiusBatch", "1.0"),
    batch_row(T_PRIM, "ColorBatch(0xFF0000FF)", 3.8, "components.ColorBatch", "0xFF0000FF"),
    batch_row(T_PRIM, "ClassIdBatch(42)", 6.2, "components.ClassIdBatch", "42"),
    batch_row(T_PRIM, "OpacityBatch(0.5)", 6.0, "components.OpacityBatch", "0.5"),
    batch_row(T_PRIM, "ShowLabelsBatch(True)", 6.0, "components.ShowLabelsBatch", "True"),
    batch_row(T_PRIM, "ScalarBatch(1.0)", 5.8, "components.ScalarBatch", "1.0"),
    # ---- scalar-heavy archetype ----
    log_row(
        T_FULL,
        "rr.log(Points3D full, pre-built)",
        2.4,
        {"log": "log", "Points3D": "Points3D"},
        'log("world/full", pts)',
        args=_full_inputs,
        prebuild={"pts": "Points3D(pos, colors=col, radii=rad, class_ids=cid)"},
        note="2 points: positions f32, colors u8 RGB, radii f32, class_ids u16",
    ),
    log_row(
        T_FULL,
        "rr.log(Points3D full, from scratch)",
        2.4,
        {"log": "log", "Points3D": "Points3D"},
        'log("world/full", Points3D(pos, colors=col, radii=rad, class_ids=cid))',
        args=_full_inputs,
        note="same numpy inputs, archetype built inside the timed call",
    ),
    # ---- strings / var-length ----
    batch_row(
        T_STR, "Utf8Batch('hello')", 2.7, "encodings.Utf8Batch", "'hello'", alt=("datatypes.Utf8Batch",)
    ),
    batch_row(
        T_STR,
        "Utf8Batch(['a', 'b', 'c'])",
        1.9,
        "encodings.Utf8Batch",
        "['a', 'b', 'c']",
        alt=("datatypes.Utf8Batch",),
    ),
    batch_row(
        T_STR,
        "LineStrip3DBatch([3-point strip])",
        3.4,
        "components.LineStrip3DBatch",
        "[[[0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]]",
    ),
    batch_row(
        T_STR,
        "LineStrip2DBatch([3-point strip])",
        3.4,
        "components.LineStrip2DBatch",
        "[[[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]]",
    ),
    batch_row(
        T_STR,
        "BlobBatch(np 1000 bytes)",
        5.4,
        "encodings.BlobBatch",
        "b",
        args=lambda: {"b": np.arange(1000, dtype=np.uint16).astype(np.uint8)},
        alt=("components.BlobBatch", "datatypes.BlobBatch"),
    ),
    batch_row(
        T_STR,
        "BlobBatch(b'hello')",
        5.0,
        "encodings.BlobBatch",
        "b'hello'",
        alt=("components.BlobBatch", "datatypes.BlobBatch"),
    ),
    # ---- enums ----
    batch_row(
        T_ENUM, "AggregationPolicyBatch('Average')", 3.7, "components.AggregationPolicyBatch", "'Average'"
    ),
    batch_row(T_ENUM, "ColormapBatch('Viridis')", 3.7, "components.ColormapBatch", "'Viridis'"),
    batch_row(T_ENUM, "FillModeBatch('Solid')", 3.6, "components.FillModeBatch", "'Solid'"),
    batch_row(T_ENUM, "MarkerShapeBatch('Circle')", 3.8, "components.MarkerShapeBatch", "'Circle'"),
]


def _internals_rows() -> list[Row]:
    def asb_setup(sdk: Sdk):
        Points3D = sdk.get("Points3D")
        ns = {"Points3D": Points3D, **_full_inputs()}
        ns["pts"] = eval("Points3D(pos, colors=col, radii=rad, class_ids=cid)", ns)
        if not hasattr(ns["pts"], "as_component_batches"):
            raise NotImplementedRow("Points3D.as_component_batches")
        return "pts.as_component_batches()", ns

    return [
        Row(
            T_INT,
            "as_component_batches()",
            3.5,
            asb_setup,
            note="on a pre-built Points3D full (2 points, 4 components)",
        ),
        Row(
            T_INT,
            "__attrs_init__ ~ Points3D(pos, colors, radii, class_ids)",
            3.1,
            lambda sdk: (
                "Points3D(pos, colors=col, radii=rad, class_ids=cid)",
                {"Points3D": sdk.get("Points3D"), **_full_inputs()},
            ),
            note="archetype construction only, no log",
        ),
        batch_row(
            T_INT,
            "BaseBatch.__init__ ~ RadiusBatch(np f32 (2,))",
            4.4,
            "components.RadiusBatch",
            "a",
            args=lambda: {"a": np.array([0.1, 0.2], np.float32)},
        ),
        log_row(
            T_INT,
            "_log_components ~ rr.log(pre-built Points3D(2 points))",
            2.1,
            {"log": "log", "Points3D": "Points3D"},
            'log("world/p", pts)',
            args=lambda: {"pos": _p2()},
            prebuild={"pts": "Points3D(pos)"},
            note="log call cost with nothing to build",
        ),
    ]


ROWS += _internals_rows()


def _new_archetype_rows() -> list[Row]:
    """One small `rr.log(X(...))` per archetype added for issue 11, built inside the call."""
    p2 = lambda: np.array([[0, 1], [2, 3]], np.float32)
    p3 = lambda: np.array([[0, 1, 2], [3, 4, 5]], np.float32)
    cases = [
        ("Cylinders3D(2)", "Cylinders3D(lengths=[1.0, 2.0], radii=[0.1, 0.2], centers=p3)"),
        ("Ellipses2D(2)", "Ellipses2D(half_sizes=p2, centers=p2)"),
        ("InstancePoses3D(2 translations)", "InstancePoses3D(translations=p3)"),
        ("TransformAxes3D", "TransformAxes3D(1.0)"),
        ("CoordinateFrame", 'CoordinateFrame("base_link")'),
        ("StateChange", 'StateChange(state="running")'),
        ("StateConfiguration(2)", 'StateConfiguration(values=["idle", "run"], labels=["Idle", "Run"])'),
        ("Measurements(2)", "Measurements(values=[1.0, 2.0])"),
        ("McapMessage(64 B)", "McapMessage(blob)"),
        ("McapSchema", 'McapSchema(id=1, name="pose", encoding="protobuf", data=blob)'),
        ("McapChannel", 'McapChannel(id=1, topic="/pose", message_encoding="protobuf")'),
        ("AssetAudio(64 B)", 'AssetAudio(contents=blob, media_type="audio/wav")'),
        ("AssetVideo(64 B)", 'AssetVideo(contents=blob, media_type="video/mp4")'),
        ("EncodedDepthImage(64 B)", 'EncodedDepthImage(blob, media_type="image/png")'),
        ("VideoFrameReference", "VideoFrameReference(nanoseconds=1000)"),
        ("VideoStream(64 B sample)", 'VideoStream("h264", sample=blob, is_keyframe=True)'),
        ("GeoPoints(2)", "GeoPoints(lat_lon=p2)"),
        ("GeoLineStrings(1)", "GeoLineStrings(lat_lon=[p2])"),
        ("GraphNodes(2)", 'GraphNodes(["a", "b"])'),
        ("GraphEdges(1)", 'GraphEdges([("a", "b")], graph_type="Directed")'),
        ("Mesh3D(1 triangle)", "Mesh3D(vertex_positions=mesh, triangle_indices=tri)"),
        ("GridMap(4x4)", "GridMap(data=grid, format=fmt, cell_size=0.1)"),
        ("VoxelGridMap(2)", "VoxelGridMap(vox, [1, 1, 1])"),
        ("Tensor(2x3)", "Tensor(p3)"),
        ("BarChart(4)", "BarChart([1.0, 2.0, 3.0, 4.0])"),
        ("Volume3D(2x2x2)", "Volume3D(values=cube)"),
        ("GaussianSplats3D(2)", "GaussianSplats3D(p3)"),
        ("RecordingInfo", 'RecordingInfo(name="run")'),
    ]
    names = {"log": "log", "ImageFormat": "components.ImageFormat"}
    rows = []
    for name, expr in cases:
        arch = expr.split("(", 1)[0]
        rows.append(
            log_row(
                T_NEW,
                f"rr.log({name})",
                None,
                {**names, arch: f"archetypes.{arch}"},
                f'log("new/{arch.lower()}", {expr})',
                args=lambda: {
                    "p2": p2(),
                    "p3": p3(),
                    "blob": b"\x00" * 64,
                    "mesh": np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0]], np.float32),
                    "tri": np.array([[0, 1, 2]], np.uint32),
                    "grid": np.zeros((4, 4), np.uint8),
                    "vox": np.array([[0, 1, 2], [3, 4, 5]], np.int32),
                    "cube": np.zeros((2, 2, 2), np.float32),
                },
                prebuild={"fmt": 'ImageFormat(4, 4, color_model="L", channel_datatype="U8")'},
            )
        )
    return rows


ROWS += _new_archetype_rows()


# --------------------------------------------------------------------------------------
# Measurement


@dataclass
class Cell:
    us: float | None = None
    status: str = ""  # "" ok | NA | "error"
    detail: str = ""
    number: int = 0
    rounds: list[float] = field(default_factory=list)

    def text(self) -> str:
        if self.us is not None:
            return fmt_us(self.us)
        if self.status == NA:
            return NA
        return self.status or "?"


def fmt_us(us: float) -> str:
    if us >= 1000:
        return f"{us:,.0f}"
    if us >= 10:
        return f"{us:.1f}"
    return f"{us:.2f}"


class _Prepared:
    def __init__(self, sdk: Sdk, row: Row):
        self.sdk = sdk
        self.row = row
        self.timer: timeit.Timer | None = None
        self.cell = Cell()
        self.ns: dict = {}

    def prepare(self) -> None:
        sdk, row = self.sdk, self.row
        try:
            if row.log:
                sdk.fresh_recording(row.sink)
            stmt, ns = row.setup(sdk)
            self.ns = ns
            # validation run: must not raise and must not warn
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always")
                eval(compile(stmt, "<bench>", "exec"), ns)
                if row.log:
                    sdk.flush()
            w = [x for x in w if not issubclass(x.category, (DeprecationWarning, PendingDeprecationWarning))]
            if w:
                raise RuntimeError(
                    f"warning during validation call: {w[0].category.__name__}: {w[0].message}"
                )
            self.timer = timeit.Timer(stmt, globals=ns)
        except NotImplementedRow as e:
            self.cell = Cell(status=NA, detail=str(e))
        except BaseException as e:  # PanicException is a BaseException
            if isinstance(e, KeyboardInterrupt):
                raise
            tb = traceback.format_exception_only(type(e), e)[-1].strip()
            self.cell = Cell(status="error", detail=tb)
        finally:
            if row.log and sdk.mem is not None:
                try:
                    sdk.close_recording()
                except BaseException as e:
                    if isinstance(e, KeyboardInterrupt):
                        raise
                    if self.timer is not None:
                        self.timer = None
                        self.cell = Cell(status="error", detail=f"flush/disconnect failed: {e!r}")

    def calibrate(self, target_s: float) -> None:
        if self.timer is None:
            return
        try:
            if self.row.log:
                self.sdk.fresh_recording(self.row.sink)
            number = 1
            while True:
                t = self.timer.timeit(number)
                if t >= 0.02 or (self.row.max_number and number >= self.row.max_number):
                    break
                number *= 2 if t > 0.002 else 10
            per = t / number
            number = max(1, int(target_s / max(per, 1e-9)))
            if self.row.max_number:
                number = min(number, self.row.max_number)
            self.cell.number = number
        except BaseException as e:
            if isinstance(e, KeyboardInterrupt):
                raise
            self.timer = None
            self.cell = Cell(status="error", detail=f"during calibration: {e!r}")
        finally:
            if self.row.log:
                self._close_quiet()

    def _close_quiet(self) -> None:
        try:
            self.sdk.close_recording()
        except BaseException as e:
            if isinstance(e, KeyboardInterrupt):
                raise
            self.timer = None
            self.cell = Cell(status="error", detail=f"flush/disconnect failed: {e!r}")

    def one_round(self) -> None:
        if self.timer is None:
            return
        try:
            if self.row.log:
                self.sdk.fresh_recording(self.row.sink)
                # Let background threads of the previous round (either SDK's batcher/encoder
                # finishing a closed recording) go quiet: this box has two cores.
                time.sleep(0.05)
                # Then one untimed call, right before timing: a recording's first log (entity
                # and time-point setup, waking the batcher) and the first call after the pause
                # are one-offs, not part of the per-call cost. With only 10 calls per round
                # (1M-point rows) they would otherwise dominate the figure.
                self.timer.timeit(1)
            t = self.timer.timeit(self.cell.number)
            self.cell.rounds.append(t / self.cell.number * 1e6)
        except BaseException as e:
            if isinstance(e, KeyboardInterrupt):
                raise
            self.timer = None
            self.cell = Cell(status="error", detail=f"during timing: {e!r}")
        finally:
            if self.row.log:
                self._close_quiet()

    def finish(self) -> Cell:
        if self.cell.rounds:
            self.cell.us = min(self.cell.rounds)
        return self.cell


def measure_row(row: Row, sdks: tuple[Sdk, Sdk], rounds: int, target_s: float) -> tuple[Cell, Cell]:
    preps = [_Prepared(s, row) for s in sdks]
    for p in preps:
        p.prepare()
    for p in preps:
        p.calibrate(target_s)
    for r in range(rounds):
        order = preps if r % 2 == 0 else preps[::-1]
        for p in order:
            p.one_round()
    return preps[0].finish(), preps[1].finish()


# --------------------------------------------------------------------------------------
# Import time (fresh subprocesses)


_PYCACHE = Path(tempfile.gettempdir()) / "nparrow-bench-pycache"


def import_time(module: str, reps: int = 5) -> float | None:
    """Best wall time of `import module` in a fresh interpreter, with bytecode caches as an
    installed package has them (rerun-sdk's site-packages has its .pyc files; nparrow's source
    tree would otherwise be compiled on every run): one untimed warm-up fills a private
    pycache, then `reps` timed runs."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(OPENBLAS_NUM_THREADS="1", PYTHONPYCACHEPREFIX=str(_PYCACHE))
    subprocess.run([sys.executable, "-c", f"import {module}"], env=env, capture_output=True, check=False)
    best = None
    for _ in range(reps):
        t0 = time.perf_counter()
        r = subprocess.run(
            [sys.executable, "-c", f"import {module}"], env=env, capture_output=True, check=False
        )
        dt = time.perf_counter() - t0
        if r.returncode != 0:
            return None
        best = dt if best is None else min(best, dt)
    return best


# --------------------------------------------------------------------------------------
# Reporting


def machine_info(sdks: tuple[Sdk, Sdk]) -> list[str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except Exception:
        pass
    try:
        commit = (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],
                cwd=REPO,
                capture_output=True,
                check=False,
                text=True,
                timeout=10,
            ).stdout.strip()
            or "?"
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
        if dirty and commit != "?":
            commit += " (+ uncommitted changes)"
    except Exception:
        commit = "?"
    import pyarrow

    rerun, npa = sdks
    return [
        f"- machine: `{' '.join(platform.uname())}`",
        f"- CPU: {cpu}, {os.cpu_count()} logical cores",
        f"- date: {_dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}",
        f"- git commit: {commit}",
        (
            f"- Python {platform.python_version()} ({sys.executable}), numpy {np.__version__}, "
            f"pyarrow {pyarrow.__version__}, rerun-sdk {rerun.version}, "
            f"nparrow {npa.version if npa.mod else 'NOT IMPORTABLE: ' + str(npa.import_error)}"
        ),
        f"- OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}",
    ]


def speedup(a: Cell, b: Cell) -> str:
    if a.us is None or b.us is None or b.us <= 0:
        return "–"
    return f"**{a.us / b.us:.2f}x**"


def render(
    results: list[tuple[Row, Cell, Cell]],
    imports: tuple[float | None, float | None, float | None],
    header: list[str],
    args,
) -> str:
    out: list[str] = ["# nparrow vs rerun-sdk benchmarks", ""]
    out += header
    out += [
        (
            f"- method: same process, interleaved rerun/nparrow, {args.rounds} rounds of `timeit` "
            f"(~{args.target_s:g} s each, `number` auto-calibrated per SDK), best round reported in µs per call; "
            "logging rows use a fresh in-memory recording per round, a 50 ms pause and one untimed warm-up call, and flush outside the timed region"
        ),
        (
            "- speedup = rerun-sdk µs / nparrow µs (higher is better for nparrow); "
            "seed speedup = `main`/`optimized` from `seed/log_nparray.md` (rerun's own optimisation branch)"
        ),
        "",
    ]
    base, rr_imp, np_imp = imports
    if imports == (None, None, None):
        pass
    else:
        out += _import_table(base, rr_imp, np_imp)
    return _render_tables(out, results)


def _import_table(base, rr_imp, np_imp) -> list[str]:
    out = [
        "## Import time",
        "",
        "| benchmark | rerun-sdk ms | nparrow ms | speedup | seed speedup |",
        "|---|---|---|---|---|",
    ]

    def ms(x):
        return "error" if x is None else f"{x * 1e3:.0f}"

    def ms_net(x):
        return "error" if x is None or base is None else f"{(x - base) * 1e3:.0f}"

    sp = (
        f"**{(rr_imp - base) / (np_imp - base):.1f}x**"
        if None not in (rr_imp, np_imp, base) and np_imp - base > 0
        else "–"
    )
    sp_raw = f"**{rr_imp / np_imp:.1f}x**" if None not in (rr_imp, np_imp) else "–"
    out.append(
        f"| `import` (fresh subprocess, best of 5, wall) | {ms(rr_imp)} | {ms(np_imp)} | {sp_raw} | – |"
    )
    out.append(
        f"| `import` minus bare interpreter start ({ms(base)} ms) | {ms_net(rr_imp)} | {ms_net(np_imp)} "
        f"| {sp} | – |"
    )
    out.append("")
    return out


def _at_target(r, a, b) -> str:
    """Whether the row reaches the speed issue's target: a speedup of at least twice the seed's."""
    if not r.seed or not (a.us and b.us):
        return "–"
    ratio = a.us / b.us / (2 * r.seed)
    return f"yes ({ratio:.2f}× the target)" if ratio >= 1 else f"**no** ({ratio:.2f}× the target)"


def _render_tables(out: list[str], results) -> str:
    for table in TABLES:
        rows = [(r, a, b) for (r, a, b) in results if r.table == table]
        if not rows:
            continue
        out += [
            f"## {table}",
            "",
            "| benchmark | rerun-sdk µs | nparrow µs | speedup | seed speedup | at target (≥ 2× seed) |",
            "|---|---|---|---|---|---|",
        ]
        for r, a, b in rows:
            seed = f"{r.seed:.1f}x" if r.seed else "–"
            name = f"`{r.name}`" + (" (spine)" if r.spine else "")
            out.append(
                f"| {name} | {a.text()} | {b.text()} | {speedup(a, b)} | {seed} | {_at_target(r, a, b)} |"
            )
        notes = [f"- `{r.name}`: {r.note}" for r, _, _ in rows if r.note]
        if notes:
            out += [""] + notes
        out.append("")

    # summary
    ok = [(r, a, b) for r, a, b in results if a.us and b.us]
    if ok:
        ratios = [a.us / b.us for _, a, b in ok]
        out += [
            "## Summary",
            "",
            (
                f"- rows measured on both: {len(ok)} / {len(results)}; "
                f"geometric-mean speedup {statistics.geometric_mean(ratios):.2f}x; "
                f"rows where nparrow is slower: {sum(x < 1 for x in ratios)}"
            ),
            f"- rows n/a in nparrow: {sum(1 for _, _, b in results if b.status == NA)}",
            "",
        ]
        beat = [(r, a.us / b.us) for r, a, b in ok if r.seed]
        if beat:
            n_beat = sum(1 for r, s in beat if s >= r.seed)
            n_target = sum(1 for r, s in beat if s >= 2 * r.seed)
            out[-1:] = [
                (
                    f"- rows at or above the seed speedup: {n_beat} / {len(beat)} "
                    "(seed = rerun's own main→optimized, measured on another machine)"
                ),
                f"- rows at target (speedup ≥ 2× the seed's, the speed issue's goal): {n_target} / {len(beat)}",
                "",
            ]

    problems = [
        (r, sdk, c)
        for r, a, b in results
        for sdk, c in (("rerun-sdk", a), ("nparrow", b))
        if c.status == "error"
    ]
    if problems:
        out += ["## Problems", ""]
        for r, sdk, c in problems:
            out.append(f"- {sdk} `{r.name}`: {c.detail}")
        out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="3 rounds of ~0.05 s")
    ap.add_argument(
        "--filter", default=None, help="only rows whose name or table contains SUBSTR (case-insens.)"
    )
    ap.add_argument("--rounds", type=int, default=None)
    ap.add_argument("--target-s", type=float, default=None, help="seconds per timeit round")
    ap.add_argument("--no-write", action="store_true", help="do not write benches/RESULTS.md")
    ap.add_argument("--out", default=None, help="results file (default benches/RESULTS.md)")
    args = ap.parse_args()
    if args.rounds is None:
        args.rounds = 3 if args.quick else 5
    if args.target_s is None:
        args.target_s = 0.05 if args.quick else 0.2

    sdks = load_sdks()
    rerun, npa = sdks
    if rerun.mod is None:
        print(f"rerun-sdk not importable: {rerun.import_error}", file=sys.stderr)
        return 2
    if npa.mod is None:
        print(
            f"WARNING: nparrow not importable ({npa.import_error}); nparrow column will be n/a",
            file=sys.stderr,
        )

    rows = ROWS
    if args.filter:
        f = args.filter.lower()
        rows = [r for r in rows if f in r.name.lower() or f in r.table.lower()]
    if not rows:
        print("no rows match --filter", file=sys.stderr)
        return 2

    t_start = time.perf_counter()
    results = []
    for i, row in enumerate(rows, 1):
        t0 = time.perf_counter()
        a, b = measure_row(row, sdks, args.rounds, args.target_s)
        results.append((row, a, b))
        print(
            f"[{i:2d}/{len(rows)}] {row.name:<58} rerun {a.text():>12}  nparrow {b.text():>22}  "
            f"{speedup(a, b).strip('*'):>7}  ({time.perf_counter() - t0:.1f}s)",
            file=sys.stderr,
            flush=True,
        )

    imports: tuple = (None, None, None)
    if not args.filter or "import" in args.filter.lower():
        base = import_time("sys")
        imports = (base, import_time("rerun"), import_time("nparrow") if npa.mod else None)

    text = render(results, imports, machine_info(sdks), args)
    print(text)
    print(f"(total bench time {time.perf_counter() - t_start:.0f} s)", file=sys.stderr)
    if not args.no_write:
        if args.filter and args.out is None:
            print("--filter given: not overwriting RESULTS.md (pass --out FILE to write)", file=sys.stderr)
        else:
            out = Path(args.out) if args.out else HERE / "RESULTS.md"
            # The scenario table (bench_scenarios.py, run first by `make bench`) and the
            # hand-kept log of what each change bought.
            for extra in (HERE / "scenarios.md", HERE / "peers.md", HERE / "CHANGES.md"):
                if extra.exists():
                    text += "\n\n" + extra.read_text().rstrip()
            out.write_text(text + "\n")
            print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
