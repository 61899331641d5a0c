"""log_file_from_path errors: what nparrow does not load says what it does; nothing is logged."""

from __future__ import annotations

import pytest

import nparrow as rr
from ffi_tests.helpers import in_strict_mode


def _paths(mem) -> list[str]:
    return [c.schema.metadata[b"rerun:entity_path"].decode() for c in mem.chunks()]


def test_unsupported_format_names_the_supported_ones(tmp_path):
    rec = rr.RecordingStream("lf", send_properties=False)
    mem = rec.memory_recording()
    (tmp_path / "notes.xyz").write_text("x")
    with pytest.warns(rr.RerunWarning, match=r"\.ply.*\.png|\.png") as caught:
        rec.log_file_from_path(tmp_path / "notes.xyz")
    assert "notes.xyz" in str(caught[0].message) and ".mp4" in str(caught[0].message)
    assert caught[0].filename == __file__, "points at the caller's line"
    assert _paths(mem) == []


def test_missing_file_warns_and_strict_mode_raises(tmp_path):
    rec = rr.RecordingStream("lf", send_properties=False)
    with pytest.warns(rr.RerunWarning, match="missing.png"):
        rec.log_file_from_path(tmp_path / "missing.png")
    with in_strict_mode():
        with pytest.raises(OSError):
            rec.log_file_from_path(tmp_path / "missing.png")
        with pytest.raises(ValueError, match="cannot read the PLY"):
            rec.log_file_from_contents("bad.ply", b"not a ply file")


def test_ply_points_are_read_in_rust():
    rec = rr.RecordingStream("lf", send_properties=False)
    mem = rec.memory_recording()
    ply = (
        "ply\nformat ascii 1.0\nelement vertex 2\nproperty double x\nproperty double y\nproperty double z\n"
        "property float radius\nend_header\n0 1 2 0.5\n3 4 5 0.25\n"
    )
    rec.log_file_from_contents("c.ply", ply.encode())
    (chunk,) = mem.chunks()
    cols = {f.name: chunk.column(i) for i, f in enumerate(chunk.schema)}
    assert cols["Points3D:positions"].to_pylist() == [[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]]
    assert cols["Points3D:radii"].to_pylist() == [[0.5, 0.25]]
    assert "Points3D:colors" not in cols
