"""Entity paths with escapes, special characters and lists of parts: both SDKs must record the same
`rerun:entity_path` for each (rerun-sdk warns about some of these in its log, not via Python)."""

import warnings

import numpy as np
from _common import finish, perturbed, setup

rr = setup("entity_paths")

PATHS = [
    "plain/path",
    "/leading/slash",
    "trailing/slash/",
    "//double//slashes//",
    "a/./b",
    "with space/and:colon",
    "foo/#bar/baz",
    "foo/Hallå Där!",
    "ि²Ⅻ/☮/😀",
    "tab\there",
    "\\ escaped\\ space",
    "esc\\/slash",
    "backslash\\\\/quirk",
    "trailing\\",
    "unknown\\xescape",
    "C:\\Users\\img.jpg",
    "uni\\u{00e5}\\u{62}\\u{1f600}",
    "bad\\u{apa}\\u{D800}\\u262E",
    "long\\u{1234567\\ b",
    ["list", "with space", "and/slash"],
    ["", "empty", "part"],
    ["num", 42],
    ["back\\", "slash"],
]

# rerun-sdk warns about unknown escapes (`\x`, `C:\Users`) on stderr, nparrow with a
# RerunWarning; both still log at the path they parse.
warnings.filterwarnings("ignore", message=".*unknown escape sequence")

for i, path in enumerate(PATHS):
    x = float(i) + (0.5 if perturbed() and i == 7 else 0.0)
    rr.log(path, rr.Points3D(np.array([[x, 0, 0]], dtype=np.float32)))
    # send_columns takes string paths only (in both SDKs)
    rr.send_columns(
        path if isinstance(path, str) else rr.new_entity_path(path),
        indexes=[rr.TimeColumn("step", sequence=[i])],
        columns=rr.Points3D.columns(positions=np.array([[x, 1, 0]], dtype=np.float32)),
    )
rr.log(rr.new_entity_path(["built", "by new_entity_path!"]), rr.Points3D([[1, 1, 1]]))
rr.log("escaped/" + rr.escape_entity_path_part("part/with space"), rr.Points3D([[2, 2, 2]]))
finish(rr)
