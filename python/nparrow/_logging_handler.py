"""`rr.LoggingHandler`: Python `logging` records as `TextLog` rows, as rerun-sdk 0.41 does."""

from __future__ import annotations

import logging
from typing import ClassVar

from .archetypes.text import TextLogLevel

__all__ = ["LoggingHandler"]


class LoggingHandler(logging.Handler):
    """A `logging.Handler` that logs each record as a `TextLog` to the active recording.

    As in rerun-sdk: the entity path is the record's module name (`record.module`, the source
    file's name without `.py`) with dots as path separators, under `path_prefix` if one is
    given; the standard levels map to `TextLogLevel` (WARNING → WARN), a custom level keeps its
    name; the text is `record.getMessage()` (the message with its arguments, no formatter).
    """

    LVL2NAME: ClassVar[dict[int, TextLogLevel]] = {
        logging.CRITICAL: TextLogLevel.CRITICAL,
        logging.ERROR: TextLogLevel.ERROR,
        logging.WARNING: TextLogLevel.WARN,
        logging.INFO: TextLogLevel.INFO,
        logging.DEBUG: TextLogLevel.DEBUG,
    }

    def __init__(self, path_prefix: str | None = None) -> None:
        logging.Handler.__init__(self)
        self.path_prefix = path_prefix

    def emit(self, record: logging.LogRecord) -> None:
        """Logs `record` to the current recording (thread-local, else global); none: nothing."""
        # Imported here: `nparrow` imports this module at its top.
        from .archetypes import TextLog
        from .recording_stream import log

        path = record.module.replace(".", "/")
        if self.path_prefix is not None:
            path = f"{self.path_prefix}/{path}"
        level = self.LVL2NAME.get(record.levelno)
        if level is None:  # a user-defined level
            level = TextLogLevel(record.levelname)
        log(path, TextLog(record.getMessage(), level=level))
