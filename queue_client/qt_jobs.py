"""Blocking REST calls off the GUI thread, their answers back on it.

`HallClient` is blocking on purpose (docs/client.md); a call that waits on the network
must never freeze the window someone is looking at (a kiosk, a counter). `Runner.run(work, done, failed)`
runs `work()` on a small thread pool; `done(result)` or `failed(error)` then runs on the
thread that owns the runner (the GUI thread), through a queued signal, so callbacks may
touch models and widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot

T = TypeVar("T")
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class Runner(QObject):
    _answered = Signal(object, object, object)
    """(callbacks, result, error), emitted on a pool thread, received on ours."""

    def __init__(self, parent: QObject | None = None, threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._pending = 0
        self._closed = False
        self._answered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def pending(self) -> int:
        """Jobs started whose answer has not been delivered yet."""
        return self._pending

    def run(self, work: Callable[[], T], done: Callable[[T], None], failed: Failed) -> None:
        if self._closed:
            return
        self._pending += 1
        callbacks = (done, failed)

        def job() -> None:
            try:
                result = work()
            except Exception as exc:
                self._answered.emit(callbacks, None, exc)
            else:
                self._answered.emit(callbacks, result, None)

        self._pool.start(job)

    @Slot(object, object, object)
    def _deliver(
        self, callbacks: tuple[Done, Failed], result: object, error: BaseException | None
    ) -> None:
        self._pending -= 1
        if self._closed:
            return
        done, failed = callbacks
        if error is not None:
            failed(error)
        else:
            done(result)

    def close(self, timeout_ms: int = 10_000) -> None:
        """No more jobs; wait for those running (a request is bounded by the client's
        timeout) so no thread outlives the objects its answer would reach."""
        self._closed = True
        self._pool.waitForDone(timeout_ms)
