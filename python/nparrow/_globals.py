"""Which recording a call logs to: the global one (`init`, `set_global_data_recording`) and
this thread's (`set_thread_local_data_recording`, `with RecordingStream(...)`), kept apart so
every module can read them without importing `recording_stream` (which would make a cycle)."""

from __future__ import annotations

import threading
from typing import Any

# The global `RecordingStream` (typed Any: this module imports nothing of nparrow).
recording: Any = None
lock = threading.Lock()

# Per-thread recordings. `thread_locals_used` stays False until one is set, so the hot path
# (`log` without `recording=`) reads one module global and no thread-local storage.
_local = threading.local()
thread_locals_used = False


def thread_local() -> Any:
    return getattr(_local, "recording", None)


def set_thread_local(rec: Any) -> Any:
    """Sets this thread's recording (None clears it); returns the previous one."""
    global thread_locals_used
    thread_locals_used = True
    old = getattr(_local, "recording", None)
    _local.recording = rec
    return old


def data_recording(rec: Any = None) -> Any:
    """The recording to use, as rerun-sdk picks it: the one given, else this thread's, else the
    global one (or None)."""
    if rec is not None:
        return rec
    if thread_locals_used:
        local = getattr(_local, "recording", None)
        if local is not None:
            return local
    return recording
