"""Small helpers the test files share: strict mode for a block, code on several threads at once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import nparrow


@contextmanager
def in_strict_mode() -> Iterator[None]:
    """nparrow's strict mode for the `with` block (bad input raises instead of warning); the
    mode it found is restored after."""
    before = nparrow.strict_mode()
    nparrow.set_strict_mode(True)
    try:
        yield
    finally:
        nparrow.set_strict_mode(before)


def run_in_threads(work: Callable[[Any], None], args: Iterable[Any]) -> None:
    """Runs `work(arg)` on a thread of its own for every `arg`, all at once, waits for them all and
    fails with every exception a thread raised (a thread's exception alone would only be printed)."""
    errors: list[BaseException] = []

    def guarded(arg: Any) -> None:
        try:
            work(arg)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=guarded, args=(arg,)) for arg in args]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
