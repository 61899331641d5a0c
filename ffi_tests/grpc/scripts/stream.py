"""Runs a compat logging script (ffi_tests/compat/scripts) with its sink replaced.

usage: stream.py rerun|nparrow SCRIPT (URL|file:PATH)  — `URL` streams over gRPC, `file:PATH`
saves to PATH (the reference for "nothing lost" checks).
"""

from __future__ import annotations

import importlib
import runpy
import sys

sdk, script, target = sys.argv[1:4]
rr = importlib.import_module(sdk)
if not target.startswith("file:"):
    if sdk == "nparrow":
        from nparrow._grpc import connect_grpc
    else:
        connect_grpc = rr.connect_grpc

    def save(path, *args, **kwargs):
        connect_grpc(target)

    rr.save = save
    out = "unused.rrd"
else:
    out = target.removeprefix("file:")

import _common  # ffi_tests/compat/scripts is on PYTHONPATH

sys.argv = [script, sdk, out]
runpy.run_path(str(_common.__file__).replace("_common.py", f"{script}.py"), run_name="__main__")
