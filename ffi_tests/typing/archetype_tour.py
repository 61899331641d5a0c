"""Many archetypes with the input forms users pass (numpy arrays and scalars, tuples, nested
lists, enums, strings, single values) and a blueprint layout: type-checked by ffi_tests/typing/test_typing.py with
`import nparrow as rr` and `import rerun as rr`, expecting no error from either checker (the
`*ArrayLike` aliases are not narrower than rerun-sdk's)."""

from __future__ import annotations

import numpy as np

import nparrow as rr


def tour() -> None:
    pts = np.random.rand(10, 3).astype(np.float32)
    rr.log(
        "a",
        rr.Boxes3D(
            half_sizes=[[1, 1, 1]], centers=pts[:1], colors=0xFF0000FF, fill_mode=rr.components.FillMode.Solid
        ),
    )
    rr.log("b", rr.LineStrips3D([pts, pts * 2], radii=0.01, colors=[(255, 0, 0), (0, 255, 0)]))
    rr.log("c", rr.Pinhole(focal_length=300.0, width=640, height=480, camera_xyz=rr.ViewCoordinates.RDF))
    rr.log("d", rr.DepthImage(np.zeros((4, 4), dtype=np.uint16), meter=1000.0, colormap="viridis"))
    rr.log("e", rr.Mesh3D(vertex_positions=pts, triangle_indices=[[0, 1, 2]], vertex_normals=pts))
    rr.log("f", rr.Arrows3D(vectors=pts, origins=np.zeros_like(pts)))
    rr.log("g", rr.Points2D([[0, 0], [1, 1]], class_ids=[1, 2], keypoint_ids=np.array([0, 1])))
    rr.log("h", rr.AnnotationContext([(1, "one", (255, 0, 0))]))
    rr.log("i", rr.Scalars(np.float32(1.0)))
    rr.log("j", rr.Scalars([1, 2, 3]))
    rr.log("k", rr.Transform3D(mat3x3=np.eye(3), translation=(1, 2, 3), scale=2.0))
    rr.log("l", rr.Points3D(pts, colors=np.array([255, 0, 0, 255], dtype=np.uint8), radii=np.float32(0.1)))
    rr.log("m", rr.Boxes2D(mins=[0, 0], sizes=[1, 1], labels=["x"]))
    rr.log("n", rr.TextDocument("# hi", media_type=rr.MediaType.MARKDOWN))
    rr.log("o", rr.Ellipsoids3D(half_sizes=[1, 2, 3], quaternions=[rr.Quaternion(xyzw=[0, 0, 0, 1])]))
    rr.log("p", rr.SeriesPoints(marker_sizes=3.0, markers="circle"))
    rr.log("q", rr.Clear(recursive=True))
    rr.log("r", rr.GraphNodes(node_ids=["a", "b"], labels=["A", "B"]))
    rr.log("s", rr.GraphEdges(edges=[("a", "b")], graph_type=rr.GraphType.Directed))
    rr.log("t", rr.Points3D([rr.datatypes.Vec3D([1, 2, 3])], colors=[rr.components.Color([1, 2, 3])]))


def layout() -> None:
    rrb = rr.blueprint
    blueprint = rrb.Blueprint(
        rrb.Horizontal(
            rrb.Spatial3DView(origin="/world", name="3D"),
            rrb.Vertical(rrb.TimeSeriesView(origin="/plots"), rrb.TextLogView(origin="/logs")),
            column_shares=[2, 1],
        ),
        rrb.BlueprintPanel(state="collapsed"),
        collapse_panels=True,
    )
    rr.send_blueprint(blueprint)
    rec = rr.RecordingStream("app", recording_id="r1")
    with rec:
        rr.log("y", rr.Scalars(1.0), recording=rec)
    rr.set_time("t", timestamp=1.5)
    rr.reset_time()
