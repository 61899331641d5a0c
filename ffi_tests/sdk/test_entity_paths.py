"""Entity paths: the `rerun:entity_path` nparrow records must be the one rerun-sdk 0.41 records.

The expected values were read back from files rerun-sdk 0.41 wrote for the same inputs
(`ffi_tests/compat/scripts/entity_paths.py` re-checks a subset against rerun-sdk itself).
"""

from __future__ import annotations

import pytest

import nparrow as rr
from nparrow import _native
from nparrow._entity_path import escape_entity_path_part, new_entity_path

# input → what rerun-sdk 0.41 writes (EntityPath::parse_forgiving, then its escaped form)
LOGGED = [
    ("a/b", "/a/b"),
    ("/a/b", "/a/b"),
    ("a/b/", "/a/b"),
    ("//a//b//", "/a/b"),
    ("", "/"),
    ("/", "/"),
    ("a/./b", "/a/./b"),
    ("__x/y", "/__x/y"),
    ("a b", r"/a\ b"),
    (r"a\ b", r"/a\ b"),
    ("foo/bar:baz", r"/foo/bar\:baz"),
    ("foo/#bar/baz", r"/foo/\#bar/baz"),
    ("foo/Hallå Där!", r"/foo/Hallå\ Där\!"),
    ("x/ि²Ⅻ", "/x/ि²Ⅻ"),
    ("☮", r"/\u{262E}"),
    ("😀", r"/\u{1F600}"),
    ("tab\there", r"/tab\there"),
    ("a\u00a0b", r"/a\u{00A0}b"),
    ("a\\", r"/a\\"),
    (r"a\\b", r"/a\\b"),
    (r"a\x", "/ax"),
    (r"a\n", r"/a\n"),
    (r"a\/b", r"/a\/b"),
    (r"a\\/b", r"/a\\\/b"),
    (r"C:\Users\img.jpg", r"/C\:Usersimg.jpg"),
    (r"x\u{00e5}", "/xå"),
    (r"a\u{62}", "/ab"),
    (r"a\u{1f600}", r"/a\u{1F600}"),
    (r"a\u{0}", r"/a\u{0000}"),
    (r"\u{2f}", r"/\/"),
    (r"a\u{apa}", r"/a\\u\{apa\}"),
    (r"a\u{D800}\n", r"/a\\u\{D800\}\n"),
    (r"a\u{00000062}", r"/a\\u\{00000062\}"),
    (r"a\u262E", r"/a\\u262E"),
    (r"a\u{+62}", r"/a\\u\{\+62\}"),
    (r"a\u{12\ b}", r"/a\\u\{12\\\ b\}"),
    (r"a\u{1234567\ b", r"/a\\u\{1234567\ b"),
    (r"a\u{éééé\n", r"/a\\u\{éééé\n"),
    (r"a\u\n", r"/a\\u\\n"),
    (["a", "b c", "d/e"], r"/a/b\ c/d\/e"),
    (["", "x"], "/x"),
    (["a", 42], "/a/42"),
    ([], "/"),
    (["/"], r"/\/"),
    (["a\\"], r"/a\\"),
    (("t", "u p"), r"/t/u\ p"),
]


def _entity_paths(mem: rr.MemoryRecording) -> list[str]:
    return [c.schema.metadata[b"rerun:entity_path"].decode() for c in mem.chunks()]


# r"a\x" and the Windows path warn (as rerun-sdk does, on stderr) and are still logged.
@pytest.mark.filterwarnings("ignore:.*unknown escape sequence:nparrow.RerunWarning")
def test_log_records_the_same_entity_path_as_rerun(rec):
    mem = rec.memory_recording()
    for path, _ in LOGGED:
        rec.log(path, rr.Points3D([[1, 2, 3]]), static=True)
        rec.flush()  # one chunk per call, in call order
    got = _entity_paths(mem)[1:]
    mismatches = [(p, e, g) for (p, e), g in zip(LOGGED, got, strict=True) if e != g]
    assert not mismatches, "(input, rerun-sdk, nparrow): " + repr(mismatches)


# r"a\x" and the Windows path warn (as rerun-sdk does, on stderr) and are still logged.
@pytest.mark.filterwarnings("ignore:.*unknown escape sequence:nparrow.RerunWarning")
def test_send_columns_parses_paths_the_same_way(rec):
    from nparrow._send_columns import TimeColumn, send_columns

    mem = rec.memory_recording()
    cols = rr.Points3D.columns(positions=[[0, 0, 0]])
    for path, _ in LOGGED:
        path = path if isinstance(path, str) else new_entity_path(list(path))
        send_columns(path, [TimeColumn("f", sequence=[0])], cols, recording=rec)
    got = _entity_paths(mem)[1:]
    mismatches = [(p, e, g) for (p, e), g in zip(LOGGED, got, strict=True) if e != g]
    assert not mismatches, "(input, rerun-sdk, nparrow): " + repr(mismatches)


@pytest.mark.parametrize(
    ("part", "escaped"),
    [
        ("my image!", r"my\ image\!"),
        ("a/b", r"a\/b"),
        ("", ""),
        ("é²ि", "é²ि"),
        ("☮", r"\u{262E}"),
        ("😀", r"\u{1F600}"),
        ("\n\t\r", r"\n\t\r"),
        ("a\\b", r"a\\b"),
        ("a:b", r"a\:b"),
        ("\x01\x7f", r"\u{0001}\u{007F}"),
        ("\u200b", r"\u{200B}"),
        ("_-.", "_-."),
    ],
)
def test_escape_entity_path_part(part, escaped):
    assert escape_entity_path_part(part) == escaped


def test_new_entity_path():
    assert new_entity_path(["world", 42, "my image!"]) == r"/world/42/my\ image\!"
    assert new_entity_path(["/world", "", "x"]) == r"/\/world//x"
    assert new_entity_path([]) == "/"


def test_plain_paths_take_the_fast_path_unchanged():
    for path in ("world/points", "/world/points", "a.b/c-d/e_f/0"):
        assert _native.normalize_entity_path(path) == "/" + path.lstrip("/")


def test_bad_entity_path_type_warns(rec):
    with pytest.warns(rr.RerunWarning, match="entity_path"):
        rec.log(42, rr.Points3D([[1, 2, 3]]))
