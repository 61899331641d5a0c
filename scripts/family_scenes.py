"""One small scene per archetype family added for issue 11, logged with nparrow, for the
screenshots in docs/families/: `python scripts/family_scenes.py OUTDIR`, then each
`OUTDIR/<family>.rrd` is opened in the Rerun viewer (see the README)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

import nparrow as rr


def meshes(rr) -> None:
    t = np.linspace(0, 2 * np.pi, 24, endpoint=False)
    ring = np.stack([np.cos(t), np.sin(t), np.zeros_like(t)], 1).astype(np.float32)
    top = ring + [0, 0, 1]
    verts = np.concatenate([ring, top]).astype(np.float32)
    n = len(t)
    tris = [[i, (i + 1) % n, n + i] for i in range(n)] + [
        [(i + 1) % n, n + (i + 1) % n, n + i] for i in range(n)
    ]
    colors = (np.concatenate([ring, top]) * 100 + 128).clip(0, 255).astype(np.uint8)
    rr.log(
        "world/tube",
        rr.Mesh3D(vertex_positions=verts, triangle_indices=np.array(tris, np.uint32), vertex_colors=colors),
    )
    rr.log(
        "world/cylinders",
        rr.Cylinders3D(
            lengths=[1.0, 0.6],
            radii=[0.2, 0.3],
            centers=[[2.5, 0, 0.5], [-2.5, 0, 0.3]],
            colors=[[200, 80, 80], [80, 200, 80]],
            fill_mode="Solid",
        ),
    )
    rr.log(
        "world/splats",
        rr.GaussianSplats3D(
            np.random.default_rng(0).normal(size=(300, 3)).astype(np.float32) * 0.3 + [0, 2.5, 0.5],
            scales=[[0.05, 0.05, 0.05]] * 300,
            colors=[[90, 140, 255, 200]] * 300,
        ),
    )
    rr.log("world/axes", rr.TransformAxes3D(1.0))


def graphs(rr) -> None:
    nodes = [f"n{i}" for i in range(8)]
    rr.log(
        "graph",
        rr.GraphNodes(nodes, labels=nodes, positions=[[np.cos(i) * 100, np.sin(i) * 100] for i in range(8)]),
    )
    rr.log("graph", rr.GraphEdges([(nodes[i], nodes[(i + 3) % 8]) for i in range(8)], graph_type="Directed"))


def geo(rr) -> None:
    route = np.array([[48.8566, 2.3522], [48.8606, 2.3376], [48.8738, 2.2950], [48.8584, 2.2945]])
    rr.log(
        "paris/route",
        rr.GeoLineStrings(
            lat_lon=[route],
            radii=rr.Radius.ui_points(4.0) if hasattr(rr, "Radius") else 4.0,
            colors=[[255, 80, 0]],
        ),
    )
    rr.log("paris/stops", rr.GeoPoints(lat_lon=route, radii=8.0, colors=[[0, 120, 255]]))


def video(rr) -> None:
    clip = Path(__file__).resolve().parents[1] / "ffi_tests" / "fixtures" / "testsrc_30fps.mp4"
    asset = rr.AssetVideo(path=clip)
    rr.log("video", asset, static=True)
    nanos = asset.read_frame_timestamps_nanos()
    rr.send_columns(
        "video",
        indexes=[rr.TimeColumn("video_time", duration=nanos * 1e-9)],
        columns=rr.VideoFrameReference.columns_nanos(nanos),
    )


def tensors(rr) -> None:
    x = np.linspace(-3, 3, 64)
    rr.log(
        "tensor",
        rr.Tensor(
            np.exp(-(x[:, None] ** 2 + x[None, :] ** 2)) * np.arange(4)[:, None, None],
            dim_names=["batch", "y", "x"],
        ),
    )
    rr.log("bars", rr.BarChart(np.sin(np.linspace(0, np.pi, 12)) * 10, color=[200, 120, 40]))


FAMILIES = {"meshes": meshes, "graphs": graphs, "geo": geo, "video": video, "tensors": tensors}

if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "family_scenes")
    out.mkdir(parents=True, exist_ok=True)
    for name, scene in FAMILIES.items():
        rec = rr.RecordingStream(f"nparrow_{name}", recording_id=f"nparrow-{name}")
        rec.save(out / f"{name}.rrd")
        with rec:
            scene(rr)
        print(out / f"{name}.rrd")
