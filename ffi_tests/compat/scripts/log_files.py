"""log_file_from_path / log_file_from_contents for each format nparrow loads in process: PNG,
JPEG, OBJ, STL, glTF (binary), PLY and MP4 (with a frame reference per frame)."""

import io
import os
import shutil
import struct
import tempfile
from pathlib import Path

import numpy as np
from _common import finish, setup
from PIL import Image

rr = setup("log_files")

# The files are made here, the same bytes for both SDKs, and logged by relative path (the
# entity path is the path as given).
work = Path(tempfile.gettempdir()) / "nparrow_compat_log_files"
work.mkdir(exist_ok=True)
os.chdir(work)
rng = np.random.default_rng(3)
Image.fromarray(rng.integers(0, 256, (6, 8, 3), dtype=np.uint8)).save("rgb.png")
buf = io.BytesIO()
Image.fromarray(rng.integers(0, 256, (8, 8), dtype=np.uint8)).save(buf, format="JPEG", quality=90)
Path("gray.jpg").write_bytes(buf.getvalue())
Path("tri.obj").write_text("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n")
facet = struct.pack("<12fH", 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0)
Path("tri.stl").write_bytes(b"\0" * 80 + struct.pack("<I", 1) + facet)
Path("empty.glb").write_bytes(b"glTF" + struct.pack("<II", 2, 12))
Path("cloud.ply").write_text(
    "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
    "property uchar red\nproperty uchar green\nproperty uchar blue\nend_header\n"
    "0 0 0 255 0 0\n1 0 0 0 255 0\n0 1 0 0 0 255\n"
)
fixtures = Path(__file__).resolve().parents[2] / "fixtures"
shutil.copy(fixtures / "testsrc_10fps_bframes.mp4", "clip.mp4")

rr.set_time("frame", sequence=1)  # loaders ignore the caller's time (as rerun-sdk's do)
for name in ("rgb.png", "gray.jpg", "tri.obj", "tri.stl", "empty.glb", "cloud.ply", "clip.mp4"):
    rr.log_file_from_path(name)
rr.log_file_from_path("tri.obj", entity_path_prefix="meshes", static=True)
rr.log_file_from_contents("inline/rgb.png", Path("rgb.png").read_bytes())
rr.log_file_from_contents("inline/cloud.ply", Path("cloud.ply").read_bytes(), entity_path_prefix="pc")
finish(rr)
