"""GaussianSplats3D: each input form gives rerun-sdk 0.41's descriptors and Arrow arrays; the
spherical-harmonics coefficients (a fixed-size list of fixed-size lists of float16) and the
centers are borrowed from numpy, not copied."""

from __future__ import annotations

import numpy as np
import pytest
import rerun  # the reference peer: a hard dependency of the tests (make test installs it)

import nparrow as rr

rng = np.random.default_rng(11)
C = rng.normal(size=(4, 3)).astype(np.float32)
SH16 = rng.normal(size=(4, 15, 3)).astype(np.float16)
SH64 = rng.normal(size=(2, 15, 3))

CASES = {
    "centers-only": lambda s: s.GaussianSplats3D(C),
    "all-numpy": lambda s: s.GaussianSplats3D(
        centers=C,
        scales=np.ones((4, 3)),
        quaternions=[[0, 0, 0, 1]] * 4,
        colors=[[255, 0, 0, 128]] * 4,
        sh_coefficients=SH16,
        spherical_harmonics_degree=3,
    ),
    "sh-float64": lambda s: s.GaussianSplats3D(C[:2], sh_coefficients=SH64),
    "sh-flat-45": lambda s: s.GaussianSplats3D(
        C[:1], sh_coefficients=np.arange(45, dtype=np.float32).reshape(1, 45)
    ),
    "sh-lists": lambda s: s.GaussianSplats3D([[0, 0, 0]], sh_coefficients=[[[0.5, 0.25, 1.0]] * 15]),
    "empty": lambda s: s.GaussianSplats3D(np.zeros((0, 3)), sh_coefficients=np.zeros((0, 15, 3))),
}


def _batches(arch):
    return [
        (b.component_descriptor().component, b.component_descriptor().component_type, b.as_arrow_array())
        for b in arch.as_component_batches()
    ]


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_same_arrow_as_rerun_sdk(make):
    ours, theirs = _batches(make(rr)), _batches(make(rerun))
    assert [(n, t) for n, t, _ in ours] == [(n, t) for n, t, _ in theirs]
    for (name, _, a), (_, _, b) in zip(ours, theirs, strict=True):
        assert a.type == b.type, name
        assert a.equals(b), f"{name}: {a.to_pylist()} != {b.to_pylist()}"


def test_cleared_matches_rerun_sdk():
    ours, theirs = _batches(rr.GaussianSplats3D.cleared()), _batches(rerun.GaussianSplats3D.cleared())
    assert [(n, t, a.type) for n, t, a in ours] == [(n, t, a.type) for n, t, a in theirs]


def test_bad_sh_coefficients_warn_and_are_dropped():
    with pytest.warns(rr.RerunWarning, match="SphericalHarmonics3Rgb"):
        splats = rr.GaussianSplats3D(C, sh_coefficients=np.zeros((4, 7)))
    assert splats.sh_coefficients is None and splats.centers is not None


def test_centers_and_sh_coefficients_are_borrowed():
    splats = rr.GaussianSplats3D(C, sh_coefficients=SH16)
    centers = splats.centers.as_arrow_array()
    assert centers.values.buffers()[1].address == C.ctypes.data
    sh = splats.sh_coefficients.as_arrow_array()
    assert sh.values.values.buffers()[1].address == SH16.ctypes.data
    assert np.array_equal(sh.values.values.to_numpy().reshape(4, 15, 3), SH16)


@pytest.fixture(scope="module")
def big_splats():
    n = 1 << 17  # 131k splats: 11.5 MB of coefficients, 1.5 MB of centers
    return np.ones((n, 3), np.float32), np.ones((n, 15, 3), np.float16)


@pytest.mark.limit_memory("1 MB")
def test_logging_13mb_of_splats_allocates_under_1mb(unbatched_rec, big_splats):
    # The batcher captures only at the fixture's flush, after the measured call: 13 MB is over the
    # default size trigger, and a memory recording's capture copies borrowed arrays (on purpose).
    centers, sh = big_splats
    unbatched_rec.log("splats", rr.GaussianSplats3D(centers, sh_coefficients=sh))
