"""`log_file_from_path` / `log_file_from_contents`: the file formats rerun-sdk 0.41 loads in
process that our users log — images (EncodedImage), meshes (Asset3D), MP4 video (AssetVideo with
a frame reference per frame), PLY point clouds (Points3D) — logged as rerun-sdk's loaders log
them — and Rerun's own `.rrd` / `.rbl` files, merged with their stores as rerun-sdk's loader does.
A file of any other kind is handed to the external loaders on `PATH` (`rerun-importer-*` and the
older `rerun-loader-*` executables, by rerun's loader protocol); if none takes it, a clear error
names what is supported."""

from __future__ import annotations

import os
import subprocess
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
_RERUN_FILES = {".rrd", ".rbl"}
_BUILT_IN = {*_IMAGES, *_MESHES, *_VIDEOS, *_POINT_CLOUDS, *_RERUN_FILES}
SUPPORTED = sorted(_BUILT_IN)

# rerun's external loader protocol: executables on PATH with one of these prefixes get the file's
# path and the recording's settings as flags, and write an .rrd stream to stdout; exit code 66
# means "not a file I load". rerun 0.41 renamed `rerun-loader-` to `rerun-importer-` and still
# runs both.
EXTERNAL_LOADER_PREFIXES = ("rerun-importer-", "rerun-loader-")
EXTERNAL_LOADER_INCOMPATIBLE_EXIT_CODE = 66


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
    if ext in _RERUN_FILES:
        # As rerun-sdk's .rrd loader: every message keeps its own store (application and
        # recording id); `entity_path_prefix` and `static` do not apply.
        if rec.is_enabled():
            rec._rec.merge_rrd(contents if isinstance(contents, bytes) else bytes(contents))
    elif ext in _IMAGES:
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
        raise ValueError(_unsupported(file_path, from_path=False))


def _unsupported(file_path: str, *, from_path: bool) -> str:
    loaders = "rerun-importer-* / rerun-loader-* programs on PATH"
    tail = f"no {loaders} took it" if from_path else f"{loaders} only load files given by path"
    return f"cannot load {file_path!r}: nparrow loads {', '.join(SUPPORTED)} files ({tail})"


def _external_loaders() -> list[str]:
    """The loader executables on PATH, the first of each name in PATH order (as rerun does)."""
    found: dict[str, str] = {}
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        if not directory:
            continue
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name in found or not entry.name.startswith(EXTERNAL_LOADER_PREFIXES):
                continue
            try:
                executable = entry.is_file() and entry.stat().st_mode & 0o111 != 0
            except OSError:
                continue
            if executable:
                found[entry.name] = entry.path
    return list(found.values())


def _loader_args(rec: Any, prefix: str | None, static: bool) -> list[str]:
    """The flags rerun-sdk 0.41 passes to an external loader (its `DataLoaderSettings`)."""
    app, rid = rec.application_id, rec.recording_id
    args = ["--application-id", app, "--recording-id", rid]
    args += ["--opened-application-id", app, "--opened-recording-id", rid]
    if prefix:
        args += ["--entity-path-prefix", _native.normalize_entity_path(prefix)]
    if not static:
        # rerun-sdk passes the time a `log` call would get now (static: no time flags at all),
        # each with its current and its backward-compatible flag; a timestamp goes out as
        # `--time_duration_nanos` + `--sequence`, exactly as rerun 0.41 writes it.
        for name, kind, value in rec._rec.loader_timepoint() or ():
            pair = f"{name}={value}"
            if kind == "sequence":
                args += ["--time_sequence", pair, "--sequence", pair]
            elif kind == "duration":
                args += ["--time_duration_nanos", pair, "--time", pair]
            else:
                args += ["--time_duration_nanos", pair, "--sequence", pair]
    return args


def _run_external_loaders(rec: Any, file_path: str, prefix: str | None, static: bool) -> bool:
    """Runs every external loader on `file_path` and merges what each writes to stdout.

    Returns whether one of them took the file (exit code other than 66). A loader that fails
    after taking it warns with its stderr; what it wrote before is kept, as in rerun."""
    loaders = _external_loaders()
    if not loaders:
        return False
    args = _loader_args(rec, prefix, static)
    env = {k: v for k, v in os.environ.items() if k != "RERUN_APP_ONLY"}
    procs = []
    for exe in loaders:  # started together: rerun runs its loaders in parallel
        try:
            procs.append((exe, subprocess.Popen(
                [exe, file_path, *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, env=env,
            )))  # fmt: skip
        except OSError as err:
            _report(f"log_file_from_path({file_path!r}): external loader {exe}", err)
    taken = False
    for exe, proc in procs:
        out, err = proc.communicate()  # type: ignore[misc]  # `err` reused after the `except` above
        if proc.returncode == EXTERNAL_LOADER_INCOMPATIBLE_EXIT_CODE:
            continue
        taken = True
        if out:
            try:
                rec._rec.merge_rrd(out)
            except (ValueError, RuntimeError) as decode_err:
                _report(f"log_file_from_path({file_path!r}): output of {exe}", decode_err)
        if proc.returncode != 0:
            stderr = err.decode(errors="replace").strip()  # type: ignore[misc]
            _report(
                f"log_file_from_path({file_path!r})",
                RuntimeError(f"external loader {exe} failed with exit code {proc.returncode}: {stderr}"),
            )
    return taken


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
    path = Path(file_path)
    try:
        if path.suffix.lower() not in _BUILT_IN:
            if not path.exists():
                raise FileNotFoundError(f"path does not exist: {str(file_path)!r}")
            if not rec.is_enabled():
                return
            if not _run_external_loaders(rec, str(file_path), entity_path_prefix, static):
                _report(
                    f"log_file_from_path({str(file_path)!r})",
                    ValueError(_unsupported(str(file_path), from_path=True)),
                )
            return
        contents = path.read_bytes()
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
