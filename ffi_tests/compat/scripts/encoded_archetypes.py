"""EncodedImage and Asset3D from bytes, BytesIO and files, static and on a timeline, with
partial updates."""

import io
import os
import struct
import tempfile
import zlib

from _common import finish, setup

rr = setup("encoded_archetypes")


def png(width: int, height: int, shade: int) -> bytes:
    """A tiny valid grayscale PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes((shade + x + y) % 256 for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


STL = b"solid t\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nvertex 0 1 0\nendloop\nendfacet\nendsolid t\n"
OBJ = b"v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n"

with tempfile.TemporaryDirectory() as tmp:
    png_path = os.path.join(tmp, "frame.PNG")
    with open(png_path, "wb") as f:
        f.write(png(32, 24, 0))
    obj_path = os.path.join(tmp, "tri.obj")
    with open(obj_path, "wb") as f:
        f.write(OBJ)

    # static
    rr.log("static/png_path", rr.EncodedImage(path=png_path), static=True)
    rr.log("static/png_bytes", rr.EncodedImage(contents=png(32, 24, 9), media_type="image/png"), static=True)
    rr.log("static/obj_path", rr.Asset3D(path=obj_path), static=True)
    rr.log(
        "static/stl", rr.Asset3D(contents=STL, media_type="model/stl", albedo_factor=[255, 0, 0]), static=True
    )

    # on a timeline, with partial updates
    for frame in range(3):
        rr.set_time("frame", sequence=frame)
        rr.log(
            "cam/png",
            rr.EncodedImage(
                contents=io.BytesIO(png(32, 24, 40 * frame)), media_type="image/png", opacity=0.9
            ),
        )
        rr.log("mesh", rr.Asset3D(contents=STL if frame % 2 else OBJ, albedo_factor=0x00FF00FF))
        if frame == 1:
            rr.log("cam/png", rr.EncodedImage.from_fields(draw_order=5.0, magnification_filter="Bicubic"))
            rr.log("mesh", rr.Asset3D.from_fields(media_type="model/obj"))
    rr.set_time("frame", sequence=10)
    rr.log("cam/png", rr.EncodedImage.cleared())
    rr.log("mesh", rr.Asset3D.from_fields(clear_unset=True, albedo_factor=[0, 0, 255]))
    finish(rr)
