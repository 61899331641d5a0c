"""Geometry archetypes (Points2D, Arrows, LineStrips, Boxes, Ellipsoids3D, Pinhole,
ViewCoordinates): each accepted input form gives the same descriptors and Arrow as rerun-sdk 0.41."""

from __future__ import annotations

import math

import attrs
import numpy as np
import pytest
import rerun  # the reference peer: a hard dependency of the tests (make test installs it)

import nparrow
from ffi_tests.helpers import in_strict_mode
from ffi_tests.sdk._parity import assert_bad_call_logs_nothing, assert_field_dropped, assert_same_batches
from nparrow.archetypes import boxes as _boxes
from nparrow.archetypes import pinhole as _pinhole

# Helper types this module family defines; the fallback goes unused once nparrow exports them.
_EXTRA = {
    "Box2DFormat": _boxes.Box2DFormat,
    "ViewCoordinates": _pinhole.ViewCoordinates,
}


class _Nparrow:
    """`nparrow` as the test drives it: `rr.X` with the helper types above as a fallback."""

    def __getattr__(self, name):
        try:
            return getattr(nparrow, name)
        except AttributeError:
            return _EXTRA[name]


SDKS = {"nparrow": _Nparrow(), "rerun": rerun}

rng = np.random.default_rng(7)
P2 = rng.normal(size=(5, 2)).astype(np.float32)
P3 = rng.normal(size=(5, 3)).astype(np.float32)
RGB = rng.integers(0, 256, size=(5, 3), dtype=np.uint8)
BOX_ROWS = np.array([[1, 2, 10, 20], [5, 7, 3, 4]], dtype=np.float32)

# id → `make(rr)`: the same call is made with nparrow and with rerun-sdk.
CASES = {
    # Points2D
    "points2d-numpy": lambda rr: rr.Points2D(P2, radii=0.5, colors=RGB),
    "points2d-lists": lambda rr: rr.Points2D(
        [[0, 1], [2, 3]], labels=["a", "b"], show_labels=True, draw_order=3, class_ids=[1, 2]
    ),
    "points2d-flat-f64": lambda rr: rr.Points2D(np.arange(6, dtype=np.float64), radii=[0.1, 0.2, 0.3]),
    "points2d-keypoints": lambda rr: rr.Points2D(P2[:3], keypoint_ids=[0, 1, 2]),
    "points2d-empty": lambda rr: rr.Points2D(np.zeros((0, 2))),
    # Arrows
    "arrows2d-vectors": lambda rr: rr.Arrows2D(vectors=P2),
    "arrows2d-all": lambda rr: rr.Arrows2D(
        vectors=[[1, 0], [0, 1]],
        origins=[[0, 0], [1, 1]],
        radii=0.1,
        colors=[[255, 0, 0], [0, 255, 0]],
        labels=["x", "y"],
        show_labels=False,
        draw_order=2.5,
        class_ids=[3, 4],
    ),
    "arrows3d-vectors": lambda rr: rr.Arrows3D(vectors=P3, origins=P3 * 2, colors=RGB),
    "arrows3d-lists": lambda rr: rr.Arrows3D(
        vectors=[1, 2, 3], radii=[0.5], labels="one", show_labels=True, class_ids=9
    ),
    # LineStrips
    "strips2d-lists": lambda rr: rr.LineStrips2D([[[0, 0], [1, 1], [2, 0]], [[3, 3], [4, 4]]]),
    "strips2d-arrays": lambda rr: rr.LineStrips2D(
        [P2[:2], P2[2:]], radii=[0.1, 0.2], colors=[[255, 0, 0], [0, 0, 255]], draw_order=1, class_ids=[1, 2]
    ),
    "strips2d-3d-array": lambda rr: rr.LineStrips2D(
        np.arange(24, dtype=np.float64).reshape(3, 4, 2), labels=["a", "b", "c"], show_labels=True
    ),
    "strips3d-arrays": lambda rr: rr.LineStrips3D([P3[:3], P3[3:]], radii=0.05, colors=0xFF00FFFF),
    "strips3d-3d-array": lambda rr: rr.LineStrips3D(
        np.arange(18, dtype=np.float32).reshape(2, 3, 3), labels=["a", "b"], class_ids=[5, 6]
    ),
    "strips3d-lists": lambda rr: rr.LineStrips3D([[[0, 0, 0], [1, 1, 1]], [[2, 2, 2], [3, 3, 3], [4, 4, 4]]]),
    # Boxes2D
    "boxes2d-half-sizes": lambda rr: rr.Boxes2D(half_sizes=[[1, 2], [3, 4]], centers=[[0, 0], [5, 5]]),
    "boxes2d-sizes": lambda rr: rr.Boxes2D(sizes=[3, 5], colors=[0, 255, 0]),
    "boxes2d-sizes-mins": lambda rr: rr.Boxes2D(
        sizes=[[3, 5], [1, 1]], mins=[[0.5, 0.25], [1, 2]], labels=["a", "b"], draw_order=4, class_ids=[1, 2]
    ),
    "boxes2d-half-sizes-mins": lambda rr: rr.Boxes2D(half_sizes=[1.5, 2.5], mins=[0.1, 0.2], radii=0.3),
    **{
        f"boxes2d-array-{fmt}": (
            lambda rr, fmt=fmt: rr.Boxes2D(array=BOX_ROWS, array_format=getattr(rr.Box2DFormat, fmt))
        )
        for fmt in ("XYWH", "YXHW", "XYXY", "YXYX", "XCYCWH", "XCYCW2H2")
    },
    "boxes2d-array-int-1d": lambda rr: rr.Boxes2D(
        array=[1, 2, 7, 9], array_format=rr.Box2DFormat.XYWH, show_labels=False
    ),
    "boxes2d-array-f64": lambda rr: rr.Boxes2D(
        array=np.array([[0.1, 0.2, 0.7, 0.9]]), array_format=rr.Box2DFormat.XYXY
    ),
    "boxes2d-array-zeros": lambda rr: rr.Boxes2D(array=np.zeros((2, 4)), array_format=rr.Box2DFormat.XYWH),
    # Boxes3D
    "boxes3d-half-sizes": lambda rr: rr.Boxes3D(half_sizes=P3, centers=P3 * 3, colors=RGB),
    "boxes3d-sizes-mins": lambda rr: rr.Boxes3D(sizes=[[1, 2, 3], [4, 5, 6]], mins=[[0, 0, 0], [1, 1, 1]]),
    "boxes3d-quaternions": lambda rr: rr.Boxes3D(
        half_sizes=[1, 1, 1],
        quaternions=[rr.Quaternion(xyzw=[0, 0, 0, 1]), rr.Quaternion(xyzw=[0, 0.6, 0, 0.8])],
        fill_mode="solid",
        radii=0.01,
    ),
    "boxes3d-quaternions-array": lambda rr: rr.Boxes3D(
        half_sizes=[1, 1, 1], quaternions=np.array([[0, 0, 0, 1]], dtype=np.float64)
    ),
    "boxes3d-axis-angles": lambda rr: rr.Boxes3D(
        half_sizes=[[1, 2, 3]],
        rotation_axis_angles=[rr.RotationAxisAngle(axis=[0, 0, 1], degrees=30)],
        fill_mode=rr.components.FillMode.DenseWireframe,
        labels=["box"],
        show_labels=True,
        class_ids=[2],
    ),
    "boxes3d-rotations-quat": lambda rr: rr.Boxes3D(
        half_sizes=[1, 2, 3], rotations=rr.Quaternion(xyzw=[0, 0, 0.6, 0.8])
    ),
    "boxes3d-rotations-axis-angle": lambda rr: rr.Boxes3D(
        half_sizes=[1, 2, 3], rotations=rr.RotationAxisAngle(axis=[1, 0, 0], radians=0.5)
    ),
    # Ellipsoids3D
    "ellipsoids-half-sizes": lambda rr: rr.Ellipsoids3D(
        half_sizes=P3, centers=P3, colors=RGB, line_radii=0.02
    ),
    "ellipsoids-radii": lambda rr: rr.Ellipsoids3D(radii=[1, 2.5], centers=[[0, 0, 0], [3, 3, 3]]),
    "ellipsoids-rotations": lambda rr: rr.Ellipsoids3D(
        half_sizes=[[1, 2, 3]],
        quaternions=[rr.Quaternion(xyzw=[0, 0, 0, 1])],
        rotation_axis_angles=[rr.RotationAxisAngle(axis=[0, 1, 0], radians=1.0)],
        fill_mode="MajorWireframe",
        labels=["e"],
        show_labels=False,
        class_ids=1,
    ),
    # Capsules3D
    "capsules-lengths-radii": lambda rr: rr.Capsules3D(lengths=[1, 2.5], radii=[0.2, 0.3]),
    "capsules-all-fields": lambda rr: rr.Capsules3D(
        lengths=np.array([1.0, 2.0]),
        radii=0.1,
        translations=P3[:2],
        quaternions=[rr.Quaternion(xyzw=[0, 0, 0, 1])] * 2,
        rotation_axis_angles=[rr.RotationAxisAngle(axis=[0, 1, 0], degrees=30)],
        colors=[[255, 0, 0], [0, 0, 255]],
        line_radii=np.array([0.01, 0.02], dtype=np.float32),
        fill_mode=rr.components.FillMode.Solid,
        labels=["a", "b"],
        show_labels=True,
        class_ids=[1, 2],
    ),
    "capsules-fill-mode-name": lambda rr: rr.Capsules3D(lengths=3, radii=1, fill_mode="DenseWireframe"),
    # Pinhole
    "pinhole-focal-wh": lambda rr: rr.Pinhole(focal_length=500, width=640, height=480),
    "pinhole-focal-pair-resolution": lambda rr: rr.Pinhole(focal_length=[500, 450.5], resolution=[640, 480]),
    "pinhole-focal-np-pair": lambda rr: rr.Pinhole(
        focal_length=np.array([300.0, 310.0]), principal_point=np.array([100.5, 80.25]), width=201, height=161
    ),
    "pinhole-principal-point": lambda rr: rr.Pinhole(focal_length=3.0, principal_point=[1.5, 2.5]),
    "pinhole-fov": lambda rr: rr.Pinhole(fov_y=0.8, aspect_ratio=1.7, image_plane_distance=0.5),
    "pinhole-fov-zero": lambda rr: rr.Pinhole(fov_y=0.0, aspect_ratio=1.0),
    "pinhole-matrix": lambda rr: rr.Pinhole(
        image_from_camera=np.array([[500, 0, 320], [0, 500, 240], [0, 0, 1]]), resolution=[640, 480]
    ),
    "pinhole-matrix-flat": lambda rr: rr.Pinhole(image_from_camera=list(range(9))),
    "pinhole-camera-xyz-rub": lambda rr: rr.Pinhole(
        focal_length=1, width=2, height=2, camera_xyz=rr.ViewCoordinates.RUB
    ),
    "pinhole-camera-xyz-flu": lambda rr: rr.Pinhole(
        focal_length=1, width=2, height=2, camera_xyz=rr.ViewCoordinates.FLU
    ),
    "pinhole-all": lambda rr: rr.Pinhole(
        focal_length=[400, 410],
        width=640,
        height=480,
        camera_xyz=rr.ViewCoordinates.RIGHT_HAND_Z_UP,
        child_frame="cam",
        parent_frame="world",
        image_plane_distance=2.0,
        color=[255, 128, 0],
        line_width=0.01,
    ),
    # ViewCoordinates (logged directly)
    "view-coordinates-rdf": lambda rr: rr.ViewCoordinates.RDF,
    "view-coordinates-z-up": lambda rr: rr.ViewCoordinates.RIGHT_HAND_Z_UP,
    "view-coordinates-y-down": lambda rr: rr.ViewCoordinates.LEFT_HAND_Y_DOWN,
}


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_same_batches_as_rerun_sdk(make):
    assert_same_batches(make(SDKS["nparrow"]), make(SDKS["rerun"]))


ARCHETYPES = [
    "Points2D",
    "Arrows2D",
    "Arrows3D",
    "LineStrips2D",
    "LineStrips3D",
    "Boxes2D",
    "Boxes3D",
    "Ellipsoids3D",
    "Capsules3D",
    "Pinhole",
    "ViewCoordinates",
]


@pytest.mark.parametrize("name", ARCHETYPES)
def test_cleared_matches_rerun_sdk(name):
    ours, theirs = getattr(SDKS["nparrow"], name), getattr(rerun, name)
    assert_same_batches(ours.cleared(), theirs.cleared())
    assert [f for f, _ in ours._DESCRIPTORS] == [f.name for f in attrs.fields(theirs)]


PARTIAL = {
    "Points2D": {"radii": [0.5, 0.6], "draw_order": 2},
    "Arrows3D": {"colors": [[255, 0, 0]]},
    "LineStrips2D": {"strips": [[[0, 0], [1, 1]]], "draw_order": 1},
    "Boxes2D": {"centers": [[1, 2]], "labels": "b"},
    "Boxes3D": {"quaternions": [[0, 0, 0, 1]], "fill_mode": "Solid"},
    "Ellipsoids3D": {"half_sizes": [[1, 2, 3]], "line_radii": 0.1},
    "Capsules3D": {"lengths": [2.0], "class_ids": 3},
    "Pinhole": {"image_plane_distance": 3.0, "camera_xyz": "RUB"},
}


@pytest.mark.parametrize("clear_unset", [False, True])
@pytest.mark.parametrize("name", PARTIAL)
def test_from_fields_matches_rerun_sdk(name, clear_unset):
    fields = PARTIAL[name]
    theirs_fields = dict(fields)
    if "camera_xyz" in fields:  # rerun-sdk has no 3-letter-string form: give it the constant
        theirs_fields["camera_xyz"] = rerun.ViewCoordinates.RUB
    ours = getattr(SDKS["nparrow"], name).from_fields(clear_unset=clear_unset, **fields)
    theirs = getattr(rerun, name).from_fields(clear_unset=clear_unset, **theirs_fields)
    assert_same_batches(ours, theirs)


@pytest.mark.parametrize(
    "make",
    [
        lambda rr: rr.Boxes3D(mins=[1, 2, 3], colors=[1, 2, 3]),
        lambda rr: rr.Boxes3D(sizes=[2, 2, 2], half_sizes=[5, 5, 5]),
        lambda rr: rr.Boxes3D(sizes=[2, 2, 2], mins=[0, 0, 0], centers=[9, 9, 9]),
        lambda rr: rr.Ellipsoids3D(radii=[2.0], half_sizes=[1, 2, 3]),
        lambda rr: rr.Pinhole(focal_length=1, resolution=[4, 4], width=8, height=8),
        lambda rr: rr.Pinhole(image_from_camera=np.eye(3), focal_length=2, principal_point=[1, 1], fov_y=1),
    ],
    ids=[
        "boxes3d-mins-only",
        "boxes3d-sizes-and-half",
        "boxes3d-mins-and-centers",
        "ellipsoids-radii-and-half",
        "pinhole-resolution-and-wh",
        "pinhole-matrix-and-params",
    ],
)
def test_warns_and_continues_like_rerun_sdk(make):
    """rerun-sdk warns here but still logs (its best-effort values): so does nparrow."""
    with pytest.warns(nparrow.RerunWarning):
        ours = make(SDKS["nparrow"])
    with pytest.warns(Warning):
        theirs = make(rerun)
    assert_same_batches(ours, theirs)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda rr: rr.Boxes2D(array=BOX_ROWS), "Must specify `array_format`"),
        (lambda rr: rr.Boxes2D(array=BOX_ROWS, array_format=rr.Box2DFormat.XYWH, sizes=[1, 1]), "`sizes`"),
        (lambda rr: rr.Boxes2D(sizes=[1, 1], half_sizes=[1, 1]), "both `sizes` and `half_sizes`"),
        (lambda rr: rr.Boxes2D(half_sizes=[1, 1], mins=[0, 0], centers=[1, 1]), "`mins` and `centers`"),
        (lambda rr: rr.Boxes2D(mins=[0, 0]), "`mins` without"),
        (lambda rr: rr.Pinhole(), "focal_length must be set"),
        (lambda rr: rr.Pinhole(focal_length=1), "principal_point"),
        (lambda rr: rr.Pinhole(focal_length=[1], width=3, height=3), "one or two floats"),
    ],
)
def test_bad_call_logs_nothing_like_rerun_sdk(make, message):
    """Contradictory or impossible constructor calls: a warning and an empty archetype (as
    rerun-sdk's `__attrs_clear__`); strict mode raises."""
    assert_bad_call_logs_nothing(make, SDKS["nparrow"], rerun, message, ValueError)


@pytest.mark.parametrize(
    ("make", "field", "message"),
    [
        (lambda rr: rr.Points2D([[1, 2, 3]], radii=0.5), "positions", "Position2DBatch"),
        (lambda rr: rr.Arrows2D(vectors=[[1, 0]], origins=[[1, 2, 3]]), "origins", "Position2DBatch"),
        (lambda rr: rr.LineStrips3D([np.zeros((2, 2))], radii=1), "strips", "LineStrip3DBatch"),
        (lambda rr: rr.Boxes2D(half_sizes=[[1, 2, 3]], colors=[1, 2, 3]), "half_sizes", "HalfSize2DBatch"),
        (lambda rr: rr.Boxes3D(half_sizes=[1, 1, 1], fill_mode="Hollow"), "fill_mode", "FillMode"),
        (lambda rr: rr.Pinhole(focal_length=1, width=1, height=1, camera_xyz="RXF"), "camera_xyz", "ViewDir"),
        (
            lambda rr: rr.Pinhole(focal_length=1, width=1, height=1, camera_xyz=[1, 2, 9]),
            "camera_xyz",
            "1..6",
        ),
    ],
)
def test_bad_field_warns_and_is_dropped(make, field, message):
    arch = assert_field_dropped(lambda: make(SDKS["nparrow"]), field, message)
    assert arch.as_component_batches(), "the other fields are kept"
    with in_strict_mode(), pytest.raises((TypeError, ValueError)):
        make(SDKS["nparrow"])


def test_rotations_that_are_neither_warn():
    with pytest.warns(nparrow.RerunWarning, match="Could not infer the type of rotation"):
        arch = nparrow.Boxes3D(half_sizes=[1, 2, 3], rotations="x")
    assert arch.quaternions is None and arch.rotation_axis_angles is None
    assert arch.half_sizes is not None


def test_pinhole_projection_is_column_major():
    """spec §9: Pinhole(focal_length=500, width=640, height=480) → [500,0,0, 0,500,0, 320,240,1]."""
    cam = nparrow.Pinhole(focal_length=500, width=640, height=480)
    assert cam.image_from_camera.as_arrow_array().to_pylist() == [[500, 0, 0, 0, 500, 0, 320, 240, 1]]
    assert cam.resolution.as_arrow_array().to_pylist() == [[640, 480]]


def test_pinhole_fov_matches_formula():
    cam = nparrow.Pinhole(fov_y=math.pi / 2, aspect_ratio=2.0)
    m = cam.image_from_camera.as_arrow_array().to_pylist()[0]
    assert m[0] == pytest.approx(0.5) and m[4] == pytest.approx(0.5)
    assert m[6:8] == [1.0, 0.5]


def test_supersets_of_rerun_sdk_inputs():
    """Inputs rerun-sdk 0.41 rejects but nparrow accepts, with the obvious meaning."""
    # rerun-sdk: "Expected focal_length to be one or two floats" for a numpy scalar
    cam = nparrow.Pinhole(focal_length=np.float64(500), width=640, height=480)
    assert_same_batches(cam, rerun.Pinhole(focal_length=500.0, width=640, height=480))
    # rerun-sdk: AxisError (nothing logged) for a scalar radius
    assert_same_batches(nparrow.Ellipsoids3D(radii=2.0), rerun.Ellipsoids3D(radii=[2.0]))
    # 3-letter codes and ViewDir names for camera_xyz
    for form in ("RDF", ["Right", "Down", "Forward"], [3, 2, 5], [_pinhole.ViewDir.Right, "d", "F"]):
        assert_same_batches(
            nparrow.Pinhole(focal_length=1, width=2, height=2, camera_xyz=form),
            rerun.Pinhole(focal_length=1, width=2, height=2, camera_xyz=rerun.ViewCoordinates.RDF),
        )
    # rerun-sdk means to fall back to focal_length = sqrt(width * height) with a warning, but its
    # fallback is a numpy scalar, which it then rejects, and logs nothing; nparrow logs the fallback.
    with pytest.warns(nparrow.RerunWarning, match="focal_length must be set"):
        cam = nparrow.Pinhole(resolution=[640, 480])
    assert_same_batches(
        cam, rerun.Pinhole(focal_length=float(np.sqrt(np.float32(640 * 480))), resolution=[640, 480])
    )
    # Box2DFormat given by name
    assert_same_batches(
        nparrow.Boxes2D(array=BOX_ROWS, array_format="xyxy"),
        rerun.Boxes2D(array=BOX_ROWS, array_format=rerun.Box2DFormat.XYXY),
    )


def test_view_coordinates_constants_match_rerun_sdk():
    names = [
        n
        for n in dir(rerun.ViewCoordinates)
        if isinstance(getattr(rerun.ViewCoordinates, n), rerun.components.ViewCoordinates)
    ]
    assert len(names) == 60
    ours_cls = SDKS["nparrow"].ViewCoordinates
    for name in names:
        assert_same_batches(getattr(ours_cls, name), getattr(rerun.ViewCoordinates, name))


def test_logs_to_memory_recording():
    rec = nparrow.RecordingStream("geometry_test")
    mem = rec.memory_recording()
    rec.log("p2", nparrow.Points2D(P2, colors=RGB))
    rec.log("boxes", nparrow.Boxes3D(sizes=[1, 2, 3], rotations=nparrow.Quaternion(xyzw=[0, 0, 0, 1])))
    rec.log(
        "cam",
        nparrow.Pinhole(focal_length=500, width=640, height=480, camera_xyz=_pinhole.ViewCoordinates.RDF),
    )
    rec.log("world", _pinhole.ViewCoordinates.RIGHT_HAND_Z_UP, static=True)
    rec.flush()
    assert mem is not None
