"""Custom descriptors and custom components: recordings `rerun rrd verify` accepts (the footer's
index columns named as Rerun names them) and that equal rerun-sdk's for the same calls."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import rerun

import nparrow
from ffi_tests.rerun_cli import rerun_cli

SCRIPT = textwrap.dedent(
    """
    import importlib, sys
    rr = importlib.import_module(sys.argv[1])
    rr.init("custom_descriptors", recording_id="custom_descriptors")
    rr.save(sys.argv[2])
    CASES = {cases!r}
    for i, (component, archetype, component_type, static) in enumerate(CASES):
        if not static:
            rr.set_time("my time.x-y", sequence=i)
        rr.log(
            f"data/{{i}}",
            [rr.components.Position3DBatch([1, 2, i]).described(
                rr.ComponentDescriptor(component, archetype=archetype, component_type=component_type))],
            static=static,
        )
    rr.disconnect()
    """
)

# (component, archetype, component_type, static): the case, a fully custom component,
# and names with every character Rerun sanitizes (`,`, ` `, `-`, `.`, `\\`) or strips (`_`).
CASES = [
    ("user.CustomPoints3D:points", "user.CustomPoints3D", "rerun.components.Position3D", True),
    ("confidence", None, "user.Confidence", True),
    ("confidence", None, "user.Confidence", False),
    ("_x.y", None, None, True),
    ("a b-c,d.e\\f:g/h_ü", "user.Cust om", "rerun.components.Position3D", False),
    ("c4a:b:c", "c4a", None, True),
    ("c5x:y", "zz", None, False),
    ("c8x:y", "my.c8x", None, True),
    ("Points3D:positions", "rerun.archetypes.Points3D", "rerun.components.Position3D", False),
    ("c9", "rerun.blueprint.archetypes.Foo", None, True),
    ("c10", "rerun.Foo", None, False),
]


@pytest.fixture(scope="module")
def recordings(tmp_path_factory):
    d = tmp_path_factory.mktemp("custom_descriptors")
    script = d / "script.py"
    script.write_text(SCRIPT.format(cases=CASES))
    out = {}
    for sdk in ("rerun", "nparrow"):
        path = d / f"{sdk}.rrd"
        proc = subprocess.run(
            [sys.executable, str(script), sdk, str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        out[sdk] = path
    return out


@pytest.mark.parametrize("sdk", ["rerun", "nparrow"])
def test_recording_verifies(recordings, sdk):
    proc = rerun_cli("rrd", "verify", str(recordings[sdk]))
    assert proc.returncode == 0, proc.stderr + proc.stdout


def test_recording_equals_rerun_sdk(recordings):
    proc = rerun_cli("rrd", "compare", "--unordered", str(recordings["rerun"]), str(recordings["nparrow"]))
    assert proc.returncode == 0, proc.stderr + proc.stdout


def _static_index_columns(path):
    proc = rerun_cli("rrd", "print", "--footers", "true", "--footers-lod", "2", str(path))
    assert proc.returncode == 0, proc.stderr
    return sorted({w for w in proc.stdout.replace("┆", " ").split() if w.endswith(":has_static_data")})


def test_footer_index_columns_are_named_as_rerun_sdk_names_them(recordings):
    ours, theirs = _static_index_columns(recordings["nparrow"]), _static_index_columns(recordings["rerun"])
    assert "user_CustomPoints3D:points:has_static_data" in theirs
    assert ours == theirs


@pytest.mark.parametrize(
    "make",
    [
        lambda rr: rr.ComponentDescriptor("confidence").with_builtin_archetype("MyArch"),
        lambda rr: rr.ComponentDescriptor("confidence").with_builtin_archetype("rerun.archetypes.Points3D"),
        lambda rr: rr.ComponentDescriptor("a", "x", "t").with_overrides(archetype="y"),
        lambda rr: rr.ComponentDescriptor("a", "x", "t").with_overrides(component_type="u"),
        lambda rr: rr.ComponentDescriptor("a", archetype="x").or_with_overrides("y", "z"),
        lambda rr: rr.ComponentDescriptor("a").or_with_overrides(archetype="y", component_type="z"),
        lambda rr: rr.ComponentDescriptor("c", "arch"),
    ],
)
def test_descriptor_methods_as_rerun_sdk(make):
    ours, theirs = make(nparrow), make(rerun)
    assert (ours.component, ours.archetype, ours.component_type) == (
        theirs.component,
        theirs.archetype,
        theirs.component_type,
    )
    assert str(ours) == str(theirs)
