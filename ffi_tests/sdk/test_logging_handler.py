"""`rr.LoggingHandler`: Python `logging` records become `TextLog` rows exactly as rerun-sdk 0.41's
handler makes them (entity from the record's module, level mapping, custom levels, prefix),
judged by `rerun rrd compare --unordered` on the two recordings."""

from __future__ import annotations

import logging

import rerun  # the reference peer

import nparrow as rr
from ffi_tests.rerun_cli import assert_same_recording

NOTICE = 25
logging.addLevelName(NOTICE, "NOTICE")


def _log_through_handler(sdk, path, prefix) -> None:
    sdk.init("logging_handler", recording_id="lh1")
    sdk.save(str(path))
    logger = logging.getLogger(f"nparrow_test.{sdk.__name__}.{prefix}")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    handler = sdk.LoggingHandler(prefix)
    logger.addHandler(handler)
    try:
        for i, level in enumerate(
            (logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR, logging.CRITICAL, NOTICE)
        ):
            sdk.set_time("frame", sequence=i)
            logger.log(level, "step %d of %s", i, "six")
        sdk.set_time("frame", sequence=6)
        try:
            raise ValueError("boom")
        except ValueError:
            logger.exception("failed with %r", "boom")
    finally:
        logger.removeHandler(handler)
    sdk.disconnect()
    # rerun-sdk keeps a disconnected global recording, buffering whatever later tests log
    # through it (its bad-input warnings included): leave no global recording behind.
    sdk.set_global_data_recording(None)


def test_records_match_rerun_sdk(tmp_path, monkeypatch):
    monkeypatch.setenv("NPARROW_COMPRESS", "0")
    for prefix in (None, "logs/app"):
        ours, theirs = tmp_path / f"ours_{bool(prefix)}.rrd", tmp_path / f"theirs_{bool(prefix)}.rrd"
        _log_through_handler(rr, ours, prefix)
        _log_through_handler(rerun, theirs, prefix)
        assert_same_recording(theirs, ours, tmp_path)


def test_levels_paths_and_text():
    rec = rr.RecordingStream("logging_handler_unit")
    mem = rec.memory_recording()
    handler = rr.LoggingHandler("pre")
    record = logging.LogRecord("a.b", NOTICE, "/x/my_module.py", 1, "hello %s", ("world",), None)
    with _as_global(rec):
        handler.emit(record)
        handler.emit(logging.LogRecord("a.b", logging.WARNING, "/x/other.py", 1, "careful", (), None))
    tables = mem.tables()
    rec.disconnect()
    assert set(tables) >= {"/pre/my_module", "/pre/other"}
    notice = tables["/pre/my_module"]
    assert notice.column("TextLog:text").to_pylist() == [["hello world"]]
    assert notice.column("TextLog:level").to_pylist() == [["NOTICE"]]
    assert tables["/pre/other"].column("TextLog:level").to_pylist() == [["WARN"]]
    assert rr.LoggingHandler.LVL2NAME[logging.WARNING] == "WARN"


class _as_global:
    """Makes `rec` the global recording for a `with` block."""

    def __init__(self, rec) -> None:
        self.rec = rec

    def __enter__(self) -> None:
        self.old = rr.set_global_data_recording(self.rec)

    def __exit__(self, *exc: object) -> None:
        rr.set_global_data_recording(self.old)
