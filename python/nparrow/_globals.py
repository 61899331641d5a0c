"""The global recording (`init`), kept apart so every module can read it without importing
`recording_stream` (which would make an import cycle)."""

from __future__ import annotations

import threading
from typing import Any

# The `RecordingStream` that `init` created (typed Any: this module imports nothing of nparrow).
recording: Any = None
lock = threading.Lock()
