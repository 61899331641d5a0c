"""The recording API past log/save: identity, global / thread-local / `with` recordings, the
decorators, enabling, batcher thresholds, properties and forked children — each against what
rerun-sdk 0.41 does (recordings themselves are compared in compat/scripts/recording_api.py)."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import timedelta

import pytest
import rerun  # the reference peer: a hard dependency of the tests (make test installs it)

import nparrow as rr
from ffi_tests.rerun_cli import rerun_cli
from ffi_tests.rrd_reader import read_chunks


def _paths(batches) -> list[str]:
    return sorted(b.schema.metadata[b"rerun:entity_path"].decode() for b in batches)


def _entity_paths(path) -> list[str]:
    return [p for p in _paths(read_chunks(path)) if p != "/__properties"]


@pytest.fixture(autouse=True)
def _no_recordings(monkeypatch):
    """Each test starts without a global or thread-local recording."""
    monkeypatch.setattr(rr._globals, "recording", None)
    rr.set_thread_local_data_recording(None)
    monkeypatch.setenv("NPARROW_COMPRESS", "0")
    monkeypatch.delenv("RERUN", raising=False)
    yield
    rr.set_thread_local_data_recording(None)


def test_identity_without_a_recording_is_none_as_in_rerun():
    assert rr.get_application_id() is None and rr.get_recording_id() is None
    assert rr.is_enabled() is False and rr.get_data_recording() is None
    rr.init("app", recording_id="rid")
    assert (rr.get_application_id(), rr.get_recording_id(), rr.is_enabled()) == ("app", "rid", True)
    assert rr.get_global_data_recording().get_recording_id() == "rid"


def test_data_recording_prefers_given_then_thread_then_global():
    g = rr.RecordingStream("g", make_default=True)
    t = rr.RecordingStream("t")
    assert rr.get_data_recording() is g
    assert rr.set_thread_local_data_recording(t) is None
    assert rr.get_data_recording() is t
    other = rr.RecordingStream("o")
    assert rr.get_data_recording(other) is other
    seen = []
    th = threading.Thread(target=lambda: seen.append(rr.get_data_recording()))
    th.start()
    th.join()
    assert seen == [g], "thread-local recordings are per thread"
    assert rr.set_thread_local_data_recording(None) is t
    assert rr.get_data_recording() is g


def test_make_thread_default_and_make_default():
    a = rr.RecordingStream("a", make_thread_default=True)
    assert rr.get_thread_local_data_recording() is a and rr.get_global_data_recording() is None
    b = rr.RecordingStream("b", make_default=True)
    assert rr.get_global_data_recording() is b


def test_with_block_routes_calls_and_finishes_the_file(tmp_path):
    main = rr.RecordingStream("main", make_default=True)
    main_mem = main.memory_recording()
    path = tmp_path / "inner.rrd"
    with rr.RecordingStream("inner") as inner:
        inner.save(path)
        rr.log("inside", rr.Points3D([[1, 2, 3]]))
        with rr.RecordingStream("nested") as nested:
            assert rr.get_data_recording() is nested
        assert rr.get_data_recording() is inner
    assert rr.get_data_recording() is main
    rr.log("outside", rr.Points3D([[0, 0, 0]]))
    # The file is complete when the block ends: its footer is there, so verify passes.
    proc = rerun_cli("rrd", "verify", str(path))
    assert proc.returncode == 0, proc.stderr
    assert _entity_paths(path) == ["/inside"]
    assert "/outside" in _paths(main_mem.chunks()) and "/inside" not in _paths(main_mem.chunks())


def test_thread_local_stream_gives_each_job_its_recording(tmp_path):
    @rr.thread_local_stream("job_app")
    def job(name: str) -> str:
        rr.save(tmp_path / f"{name}.rrd")
        rr.log(f"job/{name}", rr.Points3D([[1, 2, 3]]))
        return rr.get_recording_id()

    ids = []
    threads = [threading.Thread(target=lambda n=n: ids.append(job(n))) for n in ("a", "b")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(set(ids)) == 2
    assert _entity_paths(tmp_path / "a.rrd") == ["/job/a"]
    assert _entity_paths(tmp_path / "b.rrd") == ["/job/b"]
    assert rr.get_thread_local_data_recording() is None


def test_thread_local_stream_on_a_generator_releases_the_recording_between_steps():
    outer = rr.RecordingStream("outer", make_default=True)

    @rr.thread_local_stream("gen_app")
    def gen():
        for _ in range(2):
            yield rr.get_data_recording()

    seen = []
    for inner in gen():
        seen.append(inner)
        assert rr.get_data_recording() is outer, "the caller keeps its recording between steps"
    assert len(seen) == 2 and seen[0] is seen[1] and seen[0] is not outer


def test_recording_stream_generator_ctx():
    outer = rr.RecordingStream("outer", make_default=True)
    inner = rr.RecordingStream("inner")

    @rr.recording_stream_generator_ctx
    def gen():
        with inner:
            for _ in range(3):
                yield rr.get_data_recording()

    for value in gen():
        assert value is inner
        assert rr.get_data_recording() is outer
    assert rr.get_data_recording() is outer


def test_disabled_recordings_log_nothing(monkeypatch, tmp_path):
    off = rr.RecordingStream("off", default_enabled=False)
    assert off.is_enabled() is False and rr.is_enabled(off) is False
    assert rerun.is_enabled(rerun.RecordingStream("off", default_enabled=False)) is False
    path = tmp_path / "off.rrd"
    off.save(path)
    off.log("p", rr.Points3D([[1, 2, 3]]))
    rr.log("p", rr.Points3D([[1, 2, 3]]), recording=off)
    off.flush()
    off.disconnect()
    assert _entity_paths(path) == []
    monkeypatch.setenv("RERUN", "off")  # the environment wins, as in rerun-sdk
    assert rr.RecordingStream("x").is_enabled() is False
    monkeypatch.setenv("RERUN", "on")
    assert rr.RecordingStream("x", default_enabled=False).is_enabled() is True


def test_chunk_batcher_config_api_matches_rerun():
    for name in ("DEFAULT", "LOW_LATENCY"):
        ours, theirs = getattr(rr.ChunkBatcherConfig, name)(), getattr(rerun.ChunkBatcherConfig, name)()
        assert ours.flush_tick == theirs.flush_tick and ours.flush_num_rows == theirs.flush_num_rows
    for name in ("ALWAYS_TEST_ONLY", "NEVER"):
        ours, theirs = getattr(rr.ChunkBatcherConfig, name)(), getattr(rerun.ChunkBatcherConfig, name)()
        assert (ours.flush_num_bytes, ours.flush_num_rows) == (theirs.flush_num_bytes, theirs.flush_num_rows)
    c = rr.ChunkBatcherConfig(flush_tick=0.5, flush_num_rows=3)
    assert (c.flush_tick, c.flush_num_rows) == (timedelta(seconds=0.5), 3)
    c.flush_tick = timedelta(seconds=1)
    assert c.flush_tick == timedelta(seconds=1)


def test_batcher_config_cuts_chunks():
    rec = rr.RecordingStream("b", batcher_config=rr.ChunkBatcherConfig(flush_num_rows=2))
    mem = rec.memory_recording()
    for i in range(5):
        rec.set_time("f", sequence=i)
        rec.log("p", rr.Points3D([[i, 0, 0]]))
    chunks = [c for c in mem.chunks() if c.schema.metadata[b"rerun:entity_path"] == b"/p"]
    assert sum(c.num_rows for c in chunks) == 5 and max(c.num_rows for c in chunks) <= 2


def test_send_properties_false_leaves_out_the_start_time():
    rec = rr.RecordingStream("np", send_properties=False)
    mem = rec.memory_recording()
    rec.log("p", rr.Points3D([[0, 0, 0]]))
    assert _paths(mem.chunks()) == ["/p"]


def test_property_paths_escape_like_rerun():
    import rerun_bindings

    rec = rr.RecordingStream("props")
    mem = rec.memory_recording()
    rec.send_property("my prop", rr.TextDocument("x"))
    expected = rerun_bindings.new_property_entity_path(["my prop"])
    assert expected in _paths(mem.chunks())


def _child_logs_into_inherited(_: int) -> int:
    rec = rr.get_global_data_recording()
    rec.log("child", rr.Points3D([[6, 6, 6]]))
    rec.flush()
    return 1


def test_a_forked_child_does_not_write_into_the_parents_file(tmp_path):
    path = tmp_path / "parent.rrd"
    rr.init("fork_app")
    rr.save(path)
    rr.log("parent/before", rr.Points3D([[1, 2, 3]]))
    rr.flush()
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(2) as pool:
        assert pool.map(_child_logs_into_inherited, range(4)) == [1] * 4
    rr.log("parent/after", rr.Points3D([[3, 2, 1]]))
    rr.disconnect()
    proc = rerun_cli("rrd", "verify", str(path))
    assert proc.returncode == 0, proc.stderr
    assert _entity_paths(path) == ["/parent/after", "/parent/before"]


def test_shutdown_at_exit_finishes_files(tmp_path):
    path = tmp_path / "job.rrd"

    @rr.shutdown_at_exit
    def job():
        rec = rr.RecordingStream("job")
        rec.save(path)
        rec.log("p", rr.Points3D([[1, 2, 3]]))

    job()
    assert rerun_cli("rrd", "verify", str(path)).returncode == 0


def test_names_rerun_has_at_top_level():
    for name in (
        "get_application_id", "get_recording_id", "get_data_recording", "set_global_data_recording",
        "get_thread_local_data_recording", "set_thread_local_data_recording", "thread_local_stream",
        "recording_stream_generator_ctx", "send_property", "send_recording_name",
        "send_recording_start_time_nanos", "is_enabled", "set_log_time_enabled", "set_log_tick_enabled",
        "ChunkBatcherConfig", "shutdown_at_exit", "rerun_shutdown", "unregister_shutdown",
        "cleanup_if_forked_child", "version", "RECORDING_PROPERTIES_PATH", "send_blueprint",
    ):  # fmt: skip
        assert hasattr(rerun, name), name
        assert callable(getattr(rr, name)) or name == "RECORDING_PROPERTIES_PATH", name
    assert rr.RECORDING_PROPERTIES_PATH == rerun.RECORDING_PROPERTIES_PATH
