"""GraphEdges, McapSchema/Channel/Statistics, VideoStream, Mesh3D, GridMap and VoxelGridMap:
static, over a timeline, partial updates, clears."""

import numpy as np
from _common import finish, log_alone, setup

rr = setup("family_b")
# rerun-sdk keeps ImageFormat in `components`; nparrow exports it at the top level
ImageFormat = getattr(rr, "ImageFormat", None) or rr.components.ImageFormat
rng = np.random.default_rng(9)

# static
rr.log("graph", rr.GraphEdges([("a", "b"), ("b", "c")], graph_type="Directed"), static=True)
rr.log(
    "mcap/schema", rr.McapSchema(id=1, name="pkg.Msg", encoding="protobuf", data=b"\x0a\x03abc"), static=True
)
rr.log(
    "mcap/channel",
    rr.McapChannel(id=2, topic="/camera", message_encoding="cdr", metadata={"rate": "30", "unit": "hz"}),
    static=True,
)
rr.log(
    "mcap/statistics",
    rr.McapStatistics(
        message_count=100,
        schema_count=1,
        channel_count=1,
        attachment_count=0,
        metadata_count=2,
        chunk_count=5,
        message_start_time=1_000,
        message_end_time=9_000_000,
    ),
    static=True,
)
tex = rng.integers(0, 256, size=(8, 8, 3), dtype=np.uint8)
rr.log(
    "world/textured",
    rr.Mesh3D(
        vertex_positions=[[0, 0, 0], [1, 0, 0], [0, 1, 0]],
        triangle_indices=[[0, 1, 2]],
        vertex_texcoords=[[0, 0], [1, 0], [0, 1]],
        albedo_texture=tex,
        face_rendering=rr.components.MeshFaceRendering.Front,
    ),
    static=True,
)
occupancy = rng.integers(0, 101, size=(16, 20), dtype=np.uint8)
rr.log(
    "world/map",
    rr.GridMap(
        data=occupancy.tobytes(),
        format=ImageFormat(width=20, height=16, color_model="L", channel_datatype="U8"),
        cell_size=0.05,
        translation=[-0.5, -0.4, 0],
        colormap="RvizCostmap",
    ),
    static=True,
)

for frame in range(6):
    rr.set_time("frame", sequence=frame)
    rr.set_time("time", timestamp=1_700_000_000 + frame * 0.25)
    n = 3 * (frame + 1)
    rr.log(
        "video",
        rr.VideoStream(
            "h264", sample=rng.integers(0, 256, size=64 + frame, dtype=np.uint8), is_keyframe=frame == 0
        ),
    )
    rr.log(
        "world/mesh",
        rr.Mesh3D(
            vertex_positions=rng.normal(size=(n, 3)).astype(np.float32),
            triangle_indices=np.arange(n, dtype=np.uint32).reshape(-1, 3),
            vertex_normals=rng.normal(size=(n, 3)),
            vertex_colors=rng.integers(0, 256, size=(n, 3), dtype=np.uint8),
            albedo_factor=[0.5, 0.5, 1.0, 1.0],
            class_ids=np.arange(n, dtype=np.uint16),
        ),
    )
    rr.log(
        "world/voxels",
        rr.VoxelGridMap(
            rng.integers(-4, 4, size=(n, 3)).astype(np.int32),
            [0.1, 0.1, 0.1],
            values=rng.random(n).astype(np.float32),
            quaternion=[0, 0, 0, 1],
            opacity=0.8,
            value_range=[0, 1],
            colormap="Viridis",
        ),
    )
    rr.log("graph", rr.GraphEdges([(f"n{i}", f"n{i + 1}") for i in range(frame + 1)]))
    if frame == 2:  # partial updates
        log_alone(
            rr,
            ("world/mesh", rr.Mesh3D.from_fields(face_rendering="Back")),
            ("world/voxels", rr.VoxelGridMap.from_fields(colors=[[255, 0, 0]])),
            ("video", rr.VideoStream.from_fields(opacity=0.5, draw_order=2)),
        )
    if frame == 4:
        log_alone(
            rr,
            ("world/mesh", rr.Mesh3D.cleared()),
            ("world/voxels", rr.VoxelGridMap.cleared()),
            ("graph", rr.GraphEdges.cleared()),
            ("world/map", rr.GridMap.cleared()),
        )
# GaussianSplats3D: static splats, then per-frame colors
splat_centers = np.arange(12, dtype=np.float32).reshape(4, 3)
splat_sh = (np.arange(4 * 45, dtype=np.float32).reshape(4, 15, 3) / 100).astype(np.float16)
rr.log(
    "splats",
    rr.GaussianSplats3D(
        splat_centers, scales=[[0.1, 0.1, 0.1]] * 4, sh_coefficients=splat_sh, spherical_harmonics_degree=3
    ),
    static=True,
)
for frame in range(3):
    rr.set_time("frame", sequence=100 + frame)
    rr.log("splats", rr.GaussianSplats3D(splat_centers, colors=[[255, frame * 50, 0, 255]] * 4))
finish(rr)
