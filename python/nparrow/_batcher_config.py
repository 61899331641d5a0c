"""`ChunkBatcherConfig`: the batcher's thresholds as an object, as rerun-sdk 0.41 has it."""

from __future__ import annotations

from datetime import timedelta

_NEVER_BYTES = _NEVER_ROWS = 2**64 - 1


def _tick(value: float | timedelta) -> timedelta:
    if isinstance(value, timedelta):
        return value
    return timedelta(seconds=float(value))


class ChunkBatcherConfig:
    """When the batcher turns logged rows into chunks: every `flush_tick`, or as soon as the
    rows waiting for an entity reach `flush_num_bytes` or `flush_num_rows`. Unset thresholds
    come from `RERUN_FLUSH_TICK_SECS`, `RERUN_FLUSH_NUM_BYTES`, `RERUN_FLUSH_NUM_ROWS`, else
    the defaults."""

    __slots__ = ("_chunk_max_rows_if_unsorted", "_flush_num_bytes", "_flush_num_rows", "_flush_tick")

    def __init__(
        self,
        flush_tick: float | timedelta | None = None,
        flush_num_bytes: int | None = None,
        flush_num_rows: int | None = None,
        chunk_max_rows_if_unsorted: int | None = None,
    ) -> None:
        self._flush_tick = None if flush_tick is None else _tick(flush_tick)
        self._flush_num_bytes = flush_num_bytes
        self._flush_num_rows = flush_num_rows
        self._chunk_max_rows_if_unsorted = chunk_max_rows_if_unsorted

    # rerun-sdk's defaults, reported when a threshold is unset (the batcher reads the
    # environment variables itself when the recording starts).
    @property
    def flush_tick(self) -> timedelta:
        return self._flush_tick if self._flush_tick is not None else timedelta(milliseconds=200)

    @flush_tick.setter
    def flush_tick(self, value: float | timedelta) -> None:
        self._flush_tick = _tick(value)

    @property
    def flush_num_bytes(self) -> int:
        return self._flush_num_bytes if self._flush_num_bytes is not None else 1024 * 1024

    @flush_num_bytes.setter
    def flush_num_bytes(self, value: int) -> None:
        self._flush_num_bytes = int(value)

    @property
    def flush_num_rows(self) -> int:
        return self._flush_num_rows if self._flush_num_rows is not None else _NEVER_ROWS

    @flush_num_rows.setter
    def flush_num_rows(self, value: int) -> None:
        self._flush_num_rows = int(value)

    @property
    def chunk_max_rows_if_unsorted(self) -> int:
        """Accepted for compatibility; nparrow's batcher does not split unsorted chunks."""
        return self._chunk_max_rows_if_unsorted if self._chunk_max_rows_if_unsorted is not None else 8192

    @chunk_max_rows_if_unsorted.setter
    def chunk_max_rows_if_unsorted(self, value: int) -> None:
        self._chunk_max_rows_if_unsorted = int(value)

    @staticmethod
    def DEFAULT() -> ChunkBatcherConfig:
        return ChunkBatcherConfig(timedelta(milliseconds=200), 1024 * 1024, _NEVER_ROWS)

    @staticmethod
    def LOW_LATENCY() -> ChunkBatcherConfig:
        return ChunkBatcherConfig(timedelta(milliseconds=8), 1024 * 1024, _NEVER_ROWS)

    @staticmethod
    def ALWAYS_TEST_ONLY() -> ChunkBatcherConfig:
        """Every row its own chunk."""
        return ChunkBatcherConfig(timedelta.max, 0, 0, 256)

    @staticmethod
    def NEVER() -> ChunkBatcherConfig:
        """Chunks only on flush."""
        return ChunkBatcherConfig(timedelta.max, _NEVER_BYTES, _NEVER_ROWS, 256)

    def _native(self) -> tuple[float | None, int | None, int | None]:
        """The thresholds set, for `_native.Recording(batcher=...)`."""
        tick = None if self._flush_tick is None else self._flush_tick.total_seconds()
        return (tick, self._flush_num_bytes, self._flush_num_rows)

    def __repr__(self) -> str:
        return (
            f"ChunkBatcherConfig(flush_tick={self.flush_tick!r}, flush_num_bytes={self.flush_num_bytes}, "
            f"flush_num_rows={self.flush_num_rows})"
        )
