"""The counter's own queue, as the server's dispatch will call it (GET
/counters/{id}/queue), read again after the events that can change it.

Reads are coalesced: the first event of a burst starts a short wait, the events that follow
within it ride along, and events that arrive while a read is on its way ask for exactly one
more read after it. Twenty tickets issued in one second cost one or two reads, not twenty;
every counter PC in the hall does this after every event, so it must stay cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal

from queue_client import HallClient
from queue_client.models import Ticket
from queue_client.qt_jobs import Runner

LIMIT = 100
"""Enough for the side panel and for F7 (calling a number out of order); the counts per
service cover the whole queue."""
SETTLE_MS = 120
"""How long a burst of events may go on before the one read is sent."""
REFRESH_MS = 30_000
"""Time alone reorders the queue (a regular passing the service's maximum wait); the
server's own order changes at most every 30 s for that reason."""


@dataclass(frozen=True)
class QueueAnswer:
    head: int
    """The event head the server read before the tickets: the answer reflects every event
    up to it; later ones the model applies on top."""
    tickets: tuple[Ticket, ...] = ()
    """At most LIMIT, in the order call-next will take them."""
    counts: dict[str, int] = field(default_factory=dict)
    """Per service of the counter, in its order: everyone it may call, beyond LIMIT too."""


def read_queue(client: HallClient, counter_id: int, limit: int = LIMIT) -> QueueAnswer:
    """Blocking: run it off the GUI thread."""
    answer = client.counter_queue(counter_id, limit)
    return QueueAnswer(head=answer.last_seq, tickets=answer.tickets, counts=answer.per_service)


class QueueLine(QObject):
    arrived = Signal(object)
    """A `QueueAnswer`."""

    def __init__(
        self, read: Callable[[], QueueAnswer], runner: Runner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._read = read
        self._runner = runner
        self._in_flight = False
        self._again = False
        self.reads = 0
        """Reads sent so far (the coalescing is measured by it)."""
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._send)
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.want)

    def start(self) -> None:
        self._refresh.start()

    def stop(self) -> None:
        self._settle.stop()
        self._refresh.stop()

    @property
    def pending(self) -> bool:
        return self._in_flight or self._again or self._settle.isActive()

    def want(self) -> None:
        """Something changed: read the queue again soon (once for the whole burst)."""
        if self._in_flight:
            self._again = True
        elif not self._settle.isActive():
            self._settle.start()

    def _send(self) -> None:
        self._in_flight = True
        self.reads += 1

        def done(answer: QueueAnswer) -> None:
            self._in_flight = False
            self.arrived.emit(answer)
            self._next()

        def failed(_error: BaseException) -> None:
            # The stream's reconnect (or the next event) asks again; a snapshot also
            # carries the queue, so nothing waits on this read alone.
            self._in_flight = False
            self._next()

        self._runner.run(self._read, done, failed)

    def _next(self) -> None:
        if self._again:
            self._again = False
            self._settle.start()
