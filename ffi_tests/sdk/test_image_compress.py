"""Image.compress(jpeg_quality=): a JPEG EncodedImage as rerun-sdk 0.41 gives, encoded in Rust.

The JPEG bytes differ from rerun-sdk's (another encoder than PIL's), so the tests compare what
can be compared: the archetype, its descriptors and media type, and the decoded pixels against
the source within JPEG's error."""

from __future__ import annotations

import io

import numpy as np
import pytest
import rerun  # the reference peer: a hard dependency of the tests (make test installs it)
from PIL import Image as PILImage

import nparrow as rr

_base = (np.indices((48, 64)).sum(0) * 3 % 256).astype(np.uint8)
RGB = np.stack([_base, 255 - _base, _base // 2], -1)


def _decoded(encoded) -> np.ndarray:
    blob = encoded.blob.as_arrow_array().values.to_numpy().tobytes()
    return np.asarray(PILImage.open(io.BytesIO(blob))).astype(np.float64)


def _descriptors(arch):
    return [
        (b.component_descriptor().component, b.component_descriptor().component_type)
        for b in arch.as_component_batches()
    ]


_MAKE = {
    "rgb": lambda s: s.Image(RGB),
    "gray": lambda s: s.Image(_base, color_model="L"),
    "bgr": lambda s: s.Image(RGB[..., ::-1].copy(), color_model="BGR"),
    "bytes": lambda s: s.Image(bytes=RGB.tobytes(), width=64, height=48, color_model="RGB", datatype="U8"),
}
# rerun-sdk's side, made once at import: its compression keeps pyarrow memory in caches, which
# the per-test leak check would otherwise count against the first test.
_THEIRS = {name: make(rerun).compress(jpeg_quality=90) for name, make in _MAKE.items()}
_THEIRS_DECODED = {name: _decoded(e) for name, e in _THEIRS.items()}
_THEIRS_DESCRIPTORS = {name: _descriptors(e) for name, e in _THEIRS.items()}
_THEIRS_MEDIA = {name: e.media_type.as_arrow_array().to_pylist() for name, e in _THEIRS.items()}


@pytest.mark.parametrize("name", sorted(_MAKE))
def test_compress_gives_rerun_sdks_encoded_image(name):
    ours = _MAKE[name](rr).compress(jpeg_quality=90)
    assert type(ours).__name__ == type(_THEIRS[name]).__name__ == "EncodedImage"
    assert _descriptors(ours) == _THEIRS_DESCRIPTORS[name]
    assert ours.media_type.as_arrow_array().to_pylist() == _THEIRS_MEDIA[name]
    source = (_base if name == "gray" else RGB).astype(np.float64)
    ours_pixels = _decoded(ours)
    assert np.abs(ours_pixels - source).mean() < 3.0  # within JPEG's error of the source
    assert np.abs(ours_pixels - _THEIRS_DECODED[name]).mean() < 8.0  # and of rerun-sdk's JPEG


def test_quality_changes_the_size():
    small = rr.Image(RGB).compress(jpeg_quality=20).blob.as_arrow_array().values
    large = rr.Image(RGB).compress(jpeg_quality=100).blob.as_arrow_array().values
    assert len(small) < len(large)


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda s: s.Image(np.zeros((4, 4, 4), np.uint8)), "RGBA"),
        (lambda s: s.Image(np.zeros((4, 4, 3), np.float32)), "F32"),
    ],
)
def test_what_cannot_be_compressed_warns_and_returns_the_image(make, match):
    image = make(rr)
    with pytest.warns(rr.RerunWarning, match=match):
        assert image.compress() is image
    with pytest.warns(rerun.error_utils.RerunWarning, match=match):
        make(rerun).compress()
