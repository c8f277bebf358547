"""The live stream as Qt signals on the GUI thread (the only module that imports Qt).

The stream calls back on its own thread. Each call is posted to this object's thread
(the GUI thread) through a queued connection to one of its own slots, and only that slot
emits the public signals. So every receiver, lambdas and plain functions included, runs
on the GUI thread, in `seq` order, and may touch widgets.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

from queue_client.backoff import Backoff
from queue_client.live import ConnectionState, LiveStream
from queue_client.models import Event
from queue_core import events as ev

_TICKET_PREFIX = "ticket."
_COUNTER_PREFIX = "counter."


class LiveEvents(QObject):
    """Owns a `LiveStream` and re-emits what it delivers as signals.

    Every signal carries a `queue_client.models.Event` (frozen; read `event.data`), except
    `announcement` (the text), `connectionChanged` (a `ConnectionState` value) and
    `authFailed` ("unauthorized": sign in again; "forbidden": this role may not watch).
    """

    hallEvent = Signal(object)
    """Every event, in seq order; the specific signals below follow it. (Not `event`:
    that name is QObject's virtual event handler, which Qt calls to deliver queued calls.)"""
    ticketEvent = Signal(object)
    """Every ticket.* event."""
    ticketCalled = Signal(object)
    ticketRecalled = Signal(object)
    counterChanged = Signal(object)
    """counter.opened / paused / closed."""
    announcement = Signal(str)
    hallChanged = Signal(object)
    """hall.changed: the hall's configuration changed; refetch what you show from it."""
    connectionChanged = Signal(str)
    authFailed = Signal(str)

    _arrived = Signal(object)
    _stateArrived = Signal(str, str)

    def __init__(
        self,
        server_url: str,
        token: str,
        *,
        since: int = 0,
        backoff: Backoff | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._state = ConnectionState.STOPPED
        self._detail = ""
        self._arrived.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._stateArrived.connect(self._state_changed, Qt.ConnectionType.QueuedConnection)
        self._stream = LiveStream(
            server_url,
            token,
            self._arrived.emit,
            since=since,
            on_state=lambda state, detail: self._stateArrived.emit(state.value, detail),
            backoff=backoff,
        )
        app = QCoreApplication.instance()
        if app is not None:
            # The stream's thread must not outlive the objects its signals reach.
            app.aboutToQuit.connect(self.stop)

    @property
    def state(self) -> ConnectionState:
        """As last delivered on the GUI thread (the same order as the events)."""
        return self._state

    @property
    def detail(self) -> str:
        return self._detail

    @property
    def last_seq(self) -> int:
        """The last seq the stream handed over (its signal may still be queued)."""
        return self._stream.last_seq

    def start(self, token: str | None = None) -> None:
        """Start, or start again from the last seq (after stop(), or with a new token
        after authFailed)."""
        if token is not None:
            self._stream.token = token
        self._stream.start()

    @Slot()
    def stop(self) -> None:
        self._stream.stop()

    @Slot(object)
    def _deliver(self, event: Event) -> None:
        self.hallEvent.emit(event)
        kind = event.type
        if kind.startswith(_TICKET_PREFIX):
            self.ticketEvent.emit(event)
            if kind == ev.TicketCalled.type:
                self.ticketCalled.emit(event)
            elif kind == ev.TicketRecalled.type:
                self.ticketRecalled.emit(event)
        elif kind.startswith(_COUNTER_PREFIX):
            self.counterChanged.emit(event)
        elif kind == ev.HallAnnouncement.type:
            self.announcement.emit(str(event.data.get("text", "")))
        elif kind == ev.HallChanged.type:
            self.hallChanged.emit(event)

    @Slot(str, str)
    def _state_changed(self, state: str, detail: str) -> None:
        self._state, self._detail = ConnectionState(state), detail
        self.connectionChanged.emit(state)
        if self._state is ConnectionState.AUTH_FAILED:
            self.authFailed.emit(detail)
