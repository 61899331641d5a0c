"""Image, DepthImage and SegmentationImage (32x24), static and on a timeline, with partial updates."""

import numpy as np
from _common import finish, setup

rr = setup("image_archetypes")

H, W = 24, 32
yy, xx = np.mgrid[0:H, 0:W]
rgb = np.stack([xx * 8, yy * 10, (xx + yy) * 4], axis=-1).astype(np.uint8)
gray16 = (xx * 1000 + yy * 7).astype(np.uint16)
depth = (1.0 + 0.05 * xx + 0.1 * yy).astype(np.float32)
labels = ((xx // 8) + 4 * (yy // 12)).astype(np.uint8)

# static
rr.log("static/rgb", rr.Image(rgb), static=True)
rr.log("static/bgra", rr.Image(np.dstack([rgb, np.full((H, W), 200, np.uint8)]), "BGRA"), static=True)
rr.log("static/gray16", rr.Image(gray16, opacity=0.5, draw_order=2.0), static=True)
rr.log(
    "static/nv12",
    rr.Image(bytes=bytes(range(256)) * 4 + bytes(128), width=W, height=H, pixel_format="NV12"),
    static=True,
)
rr.log("static/depth", rr.DepthImage(depth, meter=1.0, colormap="Viridis"), static=True)
rr.log("static/seg", rr.SegmentationImage(labels, opacity=0.7), static=True)

# on a timeline, with partial updates
for frame in range(4):
    rr.set_time("frame", sequence=frame)
    rr.log("cam/rgb", rr.Image(np.roll(rgb, frame, axis=1), magnification_filter="Nearest"))
    rr.log(
        "cam/float",
        rr.Image(bytes=(depth + frame).tobytes(), width=W, height=H, color_model="L", datatype=np.float32),
    )
    rr.log(
        "cam/depth",
        rr.DepthImage(
            (depth * 1000 + frame).astype(np.uint16)[::-1],  # a strided view: copied once
            meter=1000.0,
            depth_range=(0.0, 5000.0),
            point_fill_ratio=0.5,
        ),
    )
    rr.log("cam/seg", rr.SegmentationImage(np.roll(labels, frame, axis=0), draw_order=1.0))
    if frame == 2:
        rr.log("cam/rgb", rr.Image.from_fields(opacity=0.25, draw_order=-1.0))
        rr.log("cam/depth", rr.DepthImage.from_fields(colormap="Turbo", magnification_filter="Linear"))
        rr.log("cam/seg", rr.SegmentationImage.from_fields(opacity=0.1))
rr.set_time("frame", sequence=10)
rr.log("cam/rgb", rr.Image.cleared())
rr.log("cam/depth", rr.DepthImage.from_fields(clear_unset=True, meter=10.0))
finish(rr)
