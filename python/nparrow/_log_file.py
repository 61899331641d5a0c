"""`log_file_from_path` / `log_file_from_contents`: the file formats rerun-sdk 0.41 loads in
process that our users log — images (EncodedImage), meshes (Asset3D), MP4 video (AssetVideo with
a frame reference per frame), PLY point clouds (Points3D) — logged as rerun-sdk's loaders log
them. Every other format is a clear error naming what is supported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from . import _native
from .error_utils import _report

__all__ = ["log_file_from_contents", "log_file_from_path"]

_IMAGES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
_MESHES = {".glb": "model/gltf-binary", ".gltf": "model/gltf+json", ".obj": "model/obj", ".stl": "model/stl"}
_VIDEOS = {".mp4": "video/mp4"}
_POINT_CLOUDS = {".ply"}
SUPPORTED = sorted({*_IMAGES, *_MESHES, *_VIDEOS, *_POINT_CLOUDS})


def _entity_path(file_path: str, prefix: str | None) -> str:
    """rerun-sdk's entity path for a file: the path as given, under `prefix` if any."""
    path = file_path.replace("\\", "/")
    if prefix:
        return prefix.rstrip("/") + "/" + path.lstrip("/")
    return path


def _log_contents(rec: Any, file_path: str, contents: Any, prefix: str | None, static: bool) -> None:
    from . import archetypes as a

    ext = Path(file_path).suffix.lower()
    entity = _entity_path(file_path, prefix)
    if ext in _IMAGES:
        # rerun-sdk's loaders log images, meshes and point clouds as static data.
        rec.log(entity, a.EncodedImage(contents=contents, media_type=_IMAGES[ext]), static=True)
    elif ext in _MESHES:
        rec.log(entity, a.Asset3D(contents=contents, media_type=_MESHES[ext]), static=True)
    elif ext in _POINT_CLOUDS:
        positions, colors, radii = _native.read_ply_points(contents)
        rec.log(
            entity,
            a.Points3D(
                np.frombuffer(positions, dtype=np.float32).reshape(-1, 3),
                colors=None if colors is None else np.frombuffer(colors, dtype=np.uint32),
                radii=None if radii is None else np.frombuffer(radii, dtype=np.float32),
            ),
            static=True,
        )
    elif ext in _VIDEOS:
        _log_video(rec, entity, contents, _VIDEOS[ext], static)
    else:
        raise ValueError(
            f"cannot load {file_path!r}: nparrow loads {', '.join(SUPPORTED)} files "
            "(rerun-sdk's other loaders and external rerun-loader-* programs are not supported)"
        )


def _log_video(rec: Any, entity: str, contents: Any, media_type: str, static: bool) -> None:
    """The video as an asset at `video` = 0, and one frame reference per frame at its
    presentation time on the `video` timeline, as rerun-sdk's video loader does."""
    from . import archetypes as a
    from ._send_columns import TimeColumn

    # rerun-sdk's loader logs the blob alone (the viewer sniffs the container).
    video = a.AssetVideo(contents=contents, media_type=media_type)
    if static:
        rec.log(entity, a.AssetVideo.from_fields(blob=contents), static=True)
    else:
        zero = TimeColumn("video", duration=np.zeros(1, dtype="m8[ns]"))
        rec.send_columns(entity, [zero], a.AssetVideo.columns(blob=[contents]))
    nanos = video.read_frame_timestamps_nanos()
    rec.send_columns(
        entity,
        [TimeColumn("video", duration=nanos.astype("m8[ns]"))],
        a.VideoFrameReference.columns_nanos(nanos),
    )


def log_file_from_path(
    rec: Any, file_path: str | Path, *, entity_path_prefix: str | None = None, static: bool = False
) -> None:
    try:
        contents = Path(file_path).read_bytes()
    except OSError as err:
        _report(f"log_file_from_path({str(file_path)!r})", err)
        return
    log_file_from_contents(
        rec, str(file_path), contents, entity_path_prefix=entity_path_prefix, static=static
    )


def log_file_from_contents(
    rec: Any,
    file_path: str | Path,
    file_contents: bytes,
    *,
    entity_path_prefix: str | None = None,
    static: bool = False,
) -> None:
    try:
        _log_contents(rec, str(file_path), file_contents, entity_path_prefix, static)
    except (ValueError, TypeError, RuntimeError) as err:
        _report(f"log_file_from_contents({str(file_path)!r})", err)
