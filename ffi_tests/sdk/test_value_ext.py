"""The extra methods and constants rerun-sdk 0.41 gives its single-value classes (its `*_ext.py`:
`Color.from_string`, `MediaType.guess_from_path` and `MediaType.PNG`, `VideoTimestamp.seconds()`,
`Quaternion.invalid()`, `ViewCoordinates.RDF`, every enum's `auto()` ...) exist in nparrow and give
rerun-sdk's results: equal Arrow arrays or equal Python values, the same exception types for bad input.

The walk finds every such attribute of every public value class of `rerun.components` and
`rerun.encodings` (= `rerun.datatypes`) and of their `_BATCH_TYPE`s; names deliberately absent
are listed below with their reason (not skipped)."""

from __future__ import annotations

import enum
import pathlib

import attrs
import numpy as np
import pytest
import rerun.blueprint.encodings as rbe
import rerun.components as rc
import rerun.encodings as re_enc

import nparrow as rr
from nparrow import components as nc
from nparrow import datatypes as nd
from nparrow import encodings as ne
from nparrow.blueprint import datatypes as nbe  # = `nparrow.blueprint.encodings`

# rerun-sdk's Arrow/codegen plumbing, not API: how its attrs classes convert their fields and
# build Arrow arrays (nparrow's shapes do that), and the hook that sets its class constants.
PLUMBING_SUFFIXES = ("native_to_pa_array_override", "__field_converter_override", "deferred_patch_class")

# Deliberately absent: (module, class, attribute) → why.
ABSENT: dict[tuple[str, str, str], str] = {}

# Absent until a change lands in a file this suite does not own: each entry says which. Asserted to
# be exactly what is missing, so an entry must go when its change lands (none is pending now).
PENDING: dict[tuple[str, str, str], str] = {}


def _value_classes(module):
    for name in module.__all__:
        obj = getattr(module, name)
        if not name.startswith("_") and not name.endswith(("Batch", "Like")) and isinstance(obj, type):
            yield name, obj


def _rerun_attributes(cls) -> set[str]:
    """The public attributes rerun-sdk declares for `cls` itself (its generated class and its
    `*Ext` mixins): methods, class/static methods, constants. Not what its base classes, attrs or
    the enum machinery give every class, not enum members (compared by test_components_walk), not
    attrs fields (instance state), not the plumbing above."""
    out: set[str] = set()
    fields = {f.name for f in attrs.fields(cls)} if attrs.has(cls) else set()
    members = set(cls.__members__) if issubclass(cls, enum.Enum) else set()
    for klass in cls.__mro__:
        mod = klass.__module__
        if not mod.startswith("rerun.") or mod.startswith("rerun._baseclasses"):
            continue
        for name in vars(klass):
            if name.startswith("_") or name in fields or name in members or name.endswith(PLUMBING_SUFFIXES):
                continue
            out.add(name)
    return out


def _pairs():
    """(module kind, class label, rerun class, nparrow class) for every value class and its batch."""
    for kind, theirs, ours in (("components", rc, nc), ("encodings", re_enc, ne)):
        for name, t_cls in _value_classes(theirs):
            yield kind, name, t_cls, getattr(ours, name)
            if hasattr(t_cls, "_BATCH_TYPE"):
                yield kind, f"{name}Batch", t_cls._BATCH_TYPE, getattr(ours, f"{name}Batch")


def test_every_rerun_value_attribute_exists():
    missing, checked = set(), 0
    for kind, label, t_cls, o_cls in _pairs():
        for attr in _rerun_attributes(t_cls):
            checked += 1
            if not hasattr(o_cls, attr):
                missing.add((kind, label, attr))
    assert checked > 100  # the walk sees rerun's extras (MediaType's, ViewCoordinates' ...)
    assert missing - set(ABSENT) - set(PENDING) == set()
    assert missing & set(PENDING) == set(PENDING)  # a stale PENDING entry fails here
    for kind, label, attr in ABSENT:  # the allow-list names only real absences
        assert not hasattr(getattr(nc if kind == "components" else ne, label), attr)


def test_datatypes_share_the_extras():
    assert nd.Plane3D.XY is ne.Plane3D.XY  # `datatypes` is `encodings`: one class, one constant
    assert nd.Quaternion.identity == ne.Quaternion.identity


# --- constants: every rerun constant that is a value of its class equals nparrow's ---


def test_every_constant_equals_rerun():
    compared = 0
    for theirs_mod, ours_mod in ((rc, nc), (re_enc, ne)):
        for name, t_cls in _value_classes(theirs_mod):
            o_cls = getattr(ours_mod, name)
            for attr in sorted(_rerun_attributes(t_cls)):
                theirs = getattr(t_cls, attr)
                if not isinstance(theirs, t_cls) or isinstance(theirs, enum.Enum) or not hasattr(o_cls, attr):
                    continue
                ours = getattr(o_cls, attr)
                assert isinstance(ours, o_cls), (name, attr)
                arrow = getattr(ours_mod, f"{name}Batch")([ours]).as_arrow_array()
                assert arrow.equals(getattr(theirs_mod, f"{name}Batch")([theirs]).as_arrow_array()), (
                    name,
                    attr,
                )
                compared += 1
    assert compared > 80  # MediaType, TextLogLevel, Plane3D, the 60 ViewCoordinates


# --- enums: `auto` and `str` as rerun-sdk's ---


def _enum_pairs():
    for kind, label, t_cls, o_cls in _pairs():
        if issubclass(t_cls, enum.Enum) and (kind, label, "auto") not in PENDING:
            yield label, t_cls, o_cls
    # and the blueprint encodings' enums (`_values.make_enum` makes them too; no data row has one)
    for name in ("ComponentSourceKind", "SortDirection", "TextLogColumnKind"):
        yield name, getattr(rbe, name), getattr(nbe, name)


def test_enum_auto_and_str():
    pairs = list(_enum_pairs())
    assert len(pairs) >= 18  # the 12 component enums, ViewDir, the image enums, the blueprint ones
    for label, t_cls, o_cls in pairs:
        for member in t_cls:
            for form in (member.name, member.name.lower(), member.name.upper(), member.value):
                assert o_cls.auto(form).value == t_cls.auto(form).value, (label, form)
            ours = o_cls.auto(member.name)
            assert o_cls.auto(ours) is ours
            assert str(ours) == str(member), label
        for bad in ("no-such-variant", max(m.value for m in t_cls) + 1):
            with pytest.raises(ValueError):
                t_cls.auto(bad)
            with pytest.raises(ValueError):
                o_cls.auto(bad)


# --- Color.from_string ---


@pytest.mark.parametrize("key", ["", "a", "b", "world/points", "ünïcode", 5, ("a", 1)])
def test_color_from_string(key):
    ours, theirs = nc.Color.from_string(key), rc.Color.from_string(key)
    assert isinstance(ours, nc.Color)
    assert ours.as_arrow_array().equals(theirs.as_arrow_array())
    assert nc.Color.from_string(key) == ours  # deterministic within the process


def test_color_from_string_bad_input():
    for cls in (nc.Color, rc.Color):
        with pytest.raises(TypeError):
            cls.from_string(["unhashable"])


# --- MediaType ---

_SUFFIXES = [
    ".jpg", ".jpeg", ".png", ".glb", ".gltf", ".obj", ".ply", ".stl", ".mp4", ".aac", ".flac",
    ".m4a", ".mp3", ".oga", ".ogg", ".opus", ".wav", ".txt", ".md", ".rvl", ".gz", "",
]  # fmt: skip


def _paths():
    for s in _SUFFIXES:
        yield f"file{s}"
        yield f"dir.d/FILE{s.upper()}"
        yield pathlib.Path(f"/abs/x.tar{s}")
    yield ".png"  # a dot file has no suffix
    yield "dir.png/"


def test_media_type_guess_from_path():
    guessed = 0
    for path in _paths():
        ours, theirs = nc.MediaType.guess_from_path(path), rc.MediaType.guess_from_path(path)
        if theirs is None:
            assert ours is None, path
        else:
            assert isinstance(ours, nc.MediaType), path
            assert ours.as_arrow_array().equals(theirs.as_arrow_array()), path
            guessed += 1
    assert guessed > 30


def test_media_type_guess_from_path_bad_input():
    for bad in (None, 5, b"x.png"):
        for cls in (nc.MediaType, rc.MediaType):
            with pytest.raises(TypeError):
                cls.guess_from_path(bad)


# --- VideoTimestamp ---

_TIMES = [[1.5, 2.0], np.arange(3), np.array([1.7, -2.2, 0.0004]), []]


@pytest.mark.parametrize("unit", ["seconds", "milliseconds", "nanoseconds"])
def test_video_timestamp_units(unit):
    for data in _TIMES:
        ours, theirs = getattr(nc.VideoTimestamp, unit)(data), getattr(rc.VideoTimestamp, unit)(data)
        assert isinstance(ours, nc.VideoTimestampBatch)
        assert ours.as_arrow_array().equals(theirs.as_arrow_array()), (unit, data)


@pytest.mark.parametrize("unit", ["seconds", "milliseconds", "nanoseconds"])
def test_video_timestamp_units_bad_input(unit):
    for bad in (1.0, "x"):  # rerun-sdk takes only sequences of numbers
        with pytest.raises((TypeError, ValueError)) as theirs:
            getattr(rc.VideoTimestamp, unit)(bad)
        expected = next(t for t in type(theirs.value).__mro__ if t.__module__ == "builtins")
        with pytest.raises(expected):
            getattr(nc.VideoTimestamp, unit)(bad)


def test_video_timestamp_value():
    for kw in ({"seconds": 1.25}, {"seconds": -1.5e-9}, {"nanoseconds": 7}):
        ours, theirs = nc.VideoTimestamp(**kw), rc.VideoTimestamp(**kw)
        assert ours.timestamp_ns == theirs.timestamp_ns, kw
        assert ours.as_arrow_array().equals(theirs.as_arrow_array()), kw


# --- Quaternion ---


@pytest.mark.parametrize("helper", ["identity", "invalid"])
def test_quaternion_helpers(helper):
    classes = [(nc.RotationQuat, rc.RotationQuat)]
    if ("encodings", "Quaternion", helper) not in PENDING:
        classes.append((ne.Quaternion, re_enc.Quaternion))
    for o_cls, t_cls in classes:
        ours, theirs = getattr(o_cls, helper)(), getattr(t_cls, helper)()
        assert type(ours).__name__ == type(theirs).__name__
        a = ne.QuaternionBatch([ours]).as_arrow_array()
        assert a.equals(re_enc.QuaternionBatch([theirs]).as_arrow_array())
        assert (
            nc.RotationQuatBatch([ours])
            .as_arrow_array()
            .equals(rc.RotationQuatBatch([theirs]).as_arrow_array())
        )


# --- ViewCoordinates (the component) ---


def test_view_coordinates_component():
    assert nc.ViewCoordinates.ViewDir is ne.ViewDir
    for name in ("RDF", "RIGHT_HAND_Y_UP", "LEFT_HAND_Z_DOWN", "BRU"):
        ours, theirs = getattr(nc.ViewCoordinates, name), getattr(rc.ViewCoordinates, name)
        assert isinstance(ours, nc.ViewCoordinates)
        assert ours.as_arrow_array().equals(theirs.as_arrow_array()), name
        # the archetype's constant of the same name holds the same axes
        assert getattr(rr.ViewCoordinates, name).xyz.as_arrow_array().equals(ours.as_arrow_array())
    made = nc.ViewCoordinates([ne.ViewDir.Right, ne.ViewDir.Down, ne.ViewDir.Forward])
    assert made == nc.ViewCoordinates.RDF
    assert nc.ViewCoordinates([3, 2, 5]) == nc.ViewCoordinates.RDF
    mixed = [re_enc.ViewDir.Right, "Down", 5]  # rerun-sdk's own ViewDir, a name, an int
    assert nc.ViewCoordinates(mixed).as_arrow_array().equals(rc.ViewCoordinates(mixed).as_arrow_array())
    for bad in ([3, 2], [7, 1, 1], [0, 1, 2], ["x", "y", "z"]):
        for cls in (nc.ViewCoordinates, rc.ViewCoordinates):
            with pytest.raises(ValueError):
                cls(bad)


def test_view_coordinates_component_as_component_batches():
    ours = nc.ViewCoordinates.RIGHT_HAND_Z_UP.as_component_batches()
    theirs = rc.ViewCoordinates.RIGHT_HAND_Z_UP.as_component_batches()
    assert [str(b.component_descriptor()) for b in ours] == [str(b.component_descriptor()) for b in theirs]
    for o, t in zip(ours, theirs, strict=True):
        assert o.as_arrow_array().equals(t.as_arrow_array())


# --- a recording made with the helpers equals rerun-sdk's ---


def _log_with_helpers(sdk, path):
    rec = sdk.RecordingStream("value_ext", recording_id="value-ext")
    rec.save(str(path))
    comps = sdk.components
    rec.log("world", comps.ViewCoordinates.RIGHT_HAND_Z_UP, static=True)  # a component as AsComponents
    rec.log(
        "world/camera", sdk.Pinhole(focal_length=10, resolution=[4, 4], camera_xyz=comps.ViewCoordinates.RDF)
    )
    for i, name in enumerate(("alpha", "beta")):
        rec.set_time("frame", sequence=i)
        rec.log(f"world/{name}", sdk.Points3D([[i, 0, 0]], colors=comps.Color.from_string(name)))
    media = comps.MediaType.guess_from_path("mesh.GLB")
    rec.log("world/asset", sdk.Asset3D(contents=b"glTF", media_type=media), static=True)
    stamps = comps.VideoTimestamp.milliseconds([0, 40, 80])
    rec.send_columns(
        "video",
        indexes=[sdk.TimeColumn("frame", sequence=[0, 1, 2])],
        columns=sdk.VideoFrameReference.columns(
            timestamp=stamps.as_arrow_array()
        ),  # rerun-sdk takes no batch here
    )
    rec.flush()
    rec.disconnect()


def test_recording_with_helpers_equals_rerun_sdk(tmp_path):
    import rerun

    from ffi_tests.rerun_cli import assert_same_recording, rerun_cli

    ours, theirs = tmp_path / "ours.rrd", tmp_path / "theirs.rrd"
    _log_with_helpers(rr, ours)
    _log_with_helpers(rerun, theirs)
    assert rerun_cli("rrd", "verify", str(ours)).returncode == 0
    assert_same_recording(theirs, ours, tmp_path)


# --- the extras are visible to type checkers (the generated stubs list them) ---

_TYPED_USE = """
import nparrow as rr

plane: rr.encodings.Plane3D = rr.encodings.Plane3D.XY
level: rr.components.TextLogLevel = rr.components.TextLogLevel.INFO
media: rr.components.MediaType = rr.components.MediaType.PNG
view: rr.components.ViewCoordinates = rr.components.ViewCoordinates.RIGHT_HAND_Z_UP
rr.components.Radius.ui_points([1.0, 2.0])
rr.components.Color.from_string("world/points")
rr.components.MediaType.guess_from_path("mesh.glb")
rr.components.VideoTimestamp.seconds([0.5])
rr.components.ViewCoordinates.ViewDir.auto("Up")
rr.encodings.Quaternion.invalid()
rr.components.FillMode.auto("solid")
"""


def test_extras_type_check(tmp_path):
    """`mypy --strict` accepts every extra above, and still sees a misspelt one (the control)."""
    import subprocess
    import sys

    def mypy(source: str) -> subprocess.CompletedProcess[str]:
        path = tmp_path / "use_extras.py"
        path.write_text(source)
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "mypy",
                "--strict",
                "--no-color-output",
                "--cache-dir",
                str(tmp_path / "c"),
                str(path),
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )

    ok = mypy(_TYPED_USE)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = mypy(_TYPED_USE + "rr.components.Color.from_strng('x')\nrr.encodings.Plane3D.XZ\n")
    assert bad.returncode == 1
    assert '"from_strng"' in bad.stdout and '"XZ"' in bad.stdout, bad.stdout


# --- deliberate differences (README: "Where nparrow differs from rerun-sdk on purpose") ---


def test_view_coordinates_component_takes_a_code():
    """nparrow's `components.ViewCoordinates` takes a three-letter code; rerun-sdk's refuses it."""
    assert rr.components.ViewCoordinates("RDF") == rr.components.ViewCoordinates.RDF
    with pytest.raises(ValueError):
        rc.ViewCoordinates("RDF")


def test_enum_auto_refuses_what_is_no_int_name_or_member():
    """`auto(True)` and `auto(3.5)`: a ValueError; rerun-sdk returns member 1 for True and raises
    an AttributeError for a float."""
    assert rc.FillMode.auto(True).value == 1
    with pytest.raises(AttributeError):
        rc.FillMode.auto(3.5)
    for bad in (True, 3.5):
        with pytest.raises(ValueError):
            rr.components.FillMode.auto(bad)
