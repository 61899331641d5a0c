"""Shared helpers for the compat logging scripts.

Every script is run as ``python <script> <sdk> <out.rrd>`` where ``<sdk>`` is ``rerun``
(the reference rerun-sdk 0.41) or ``nparrow`` (the SDK under test). Both SDKs are driven
through the exact same code, so the two recordings must be semantically identical.
"""

from __future__ import annotations

import importlib
import os
import sys
import warnings

APP_ID = "compat_app"


def setup(name: str):
    """Parse argv, import the requested SDK as ``rr``, start a recording saving to argv[2]."""
    if len(sys.argv) != 3 or sys.argv[1] not in ("rerun", "nparrow"):
        sys.exit(f"usage: {sys.argv[0]} rerun|nparrow OUT.rrd")
    sdk, out = sys.argv[1], sys.argv[2]
    # Any warning (rerun-sdk's non-strict mode turns logging errors into warnings) is fatal:
    # a silently dropped log call would otherwise make the comparison meaningless.
    warnings.simplefilter("error")
    rr = importlib.import_module(sdk)
    rr.init(APP_ID, recording_id=f"compat-{name}-{sdk}", spawn=False)
    rr.save(out)
    return rr


def perturbed() -> bool:
    """True when the negative test asks the script to change one logged value."""
    return os.environ.get("COMPAT_PERTURB", "") not in ("", "0")


def finish(rr) -> None:
    # rerun-sdk 0.41 has no module-level `flush()`; `disconnect()` flushes there.
    flush = getattr(rr, "flush", None)
    if flush is not None:
        flush()
    rr.disconnect()


def log_alone(rr, *rows) -> None:
    """Logs `(entity, archetype)` rows in chunks of their own. Partial updates and clears have
    another column set than the rows around them: rerun-sdk merges them into one chunk or not
    depending on when its batcher ticks, so they are flushed before and after (in both SDKs) to
    keep the optimized files deterministic."""
    rec = rr.get_global_data_recording()
    rec.flush()
    for entity, archetype in rows:
        rr.log(entity, archetype)
    rec.flush()
