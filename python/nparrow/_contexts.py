"""Decorators that give a function or generator its own recording, or shut down after it:
rerun-sdk 0.41's `thread_local_stream`, `recording_stream_generator_ctx` and `shutdown_at_exit`."""

from __future__ import annotations

import functools
import inspect
import uuid
from collections.abc import Callable, Generator
from typing import Any, TypeVar, cast

from . import _globals
from .recording_stream import RecordingStream, rerun_shutdown

_TFunc = TypeVar("_TFunc", bound=Callable[..., Any])

__all__ = ["recording_stream_generator_ctx", "shutdown_at_exit", "thread_local_stream"]


def _step(gen: Generator[Any, Any, Any], stream: RecordingStream | None, send: Any, first: bool) -> Any:
    """Runs the generator to its next `yield` with `stream` as this thread's recording (if any),
    released again before the value is handed out (so the caller's recording is untouched)."""
    if stream is None:
        return next(gen) if first else gen.send(send)
    with stream:
        return next(gen) if first else gen.send(send)


def _wrap_generator(func: Callable[..., Any], stream_for: Callable[[], RecordingStream | None]) -> Any:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        gen = func(*args, **kwargs)
        stream = stream_for()
        try:
            value = _step(gen, stream, None, True)
            while True:
                sent = yield value
                value = _step(gen, stream, sent, False)
        except StopIteration as stop:
            return stop.value
        finally:
            gen.close()

    return wrapper


def thread_local_stream(application_id: str) -> Callable[[_TFunc], _TFunc]:
    """Runs each call of the decorated function (or each step of the generator) with a new
    recording of its own as the thread's recording: jobs on several threads each get theirs."""

    def decorator(func: _TFunc) -> _TFunc:
        if inspect.isgeneratorfunction(func):
            return cast(
                "_TFunc",
                _wrap_generator(func, lambda: RecordingStream(application_id, recording_id=uuid.uuid4())),
            )

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with RecordingStream(application_id, recording_id=uuid.uuid4()):
                return func(*args, **kwargs)

        return cast("_TFunc", wrapper)

    return decorator


def recording_stream_generator_ctx(func: _TFunc) -> _TFunc:
    """For a generator that enters `with RecordingStream(...)` and yields inside it: the stream
    is this thread's recording only while the generator runs, not while the caller does."""
    if not inspect.isgeneratorfunction(func):
        return func

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        gen = func(*args, **kwargs)
        outer = _globals.thread_local()
        inner: Any = None
        try:
            value = next(gen)
            while True:
                # What the generator made current while it ran is put back for its next step.
                inner = _globals.set_thread_local(outer)
                sent = yield value
                outer = _globals.set_thread_local(inner)
                value = gen.send(sent)
        except StopIteration as stop:
            return stop.value
        finally:
            gen.close()

    return cast("_TFunc", wrapper)


def shutdown_at_exit(func: _TFunc) -> _TFunc:
    """Flushes and closes every recording when `func` returns (for entry points where the
    at-exit handler does not run, such as forked worker processes)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        finally:
            rerun_shutdown()

    return cast("_TFunc", wrapper)
