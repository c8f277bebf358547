"""One counter's session: its state, its waiting list, its figures, and what may be done.

A QObject with signals and no widgets, so it is tested without a window.

Where the truth comes from:
- **Events** (the live stream) change the state at once: a ticket another operator
  calls leaves the waiting list the moment its event arrives.
- **Snapshots** (REST reads, `snapshot.py`) fill in what events do not carry: a waiting
  ticket's position and issue time, a masked NIK, a recall count. One is read after every
  action (so the view shows the action's true result before the next key is accepted),
  after every (re)connect, and after events that need one. A snapshot says which event
  head it reflects; events already received beyond it are applied again on top (they
  carry the new status, so that is harmless).
- **Never guessed**: an action changes nothing locally; its result shows when the server
  says so. While the stream is down, or before the view has re-read the truth after a
  reconnect, `ready` is false and every action is disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from counter_app.actions import Action, allowed_actions
from counter_app.figures import Figures
from counter_app.signin import Workplace, explain
from counter_app.snapshot import Snapshot, take_snapshot
from counter_app.state import CounterState
from counter_app.today import service_events_today
from queue_client import Backoff, ConnectionState
from queue_client.errors import ApiError, Unauthorized
from queue_client.models import Counter, Event, Service, Ticket
from queue_client.qt import LiveEvents
from queue_client.qt_jobs import Runner
from queue_core import events as ev
from queue_core.counter import CounterStatus

Clock = Callable[[], datetime]

# Events after which the REST view knows more than the event: a new or returning waiting
# ticket's position and issue time, a recall count.
_NEEDS_SNAPSHOT = frozenset(
    {
        ev.TicketIssued.type,
        ev.TicketRequeued.type,
        ev.TicketTransferred.type,
        ev.TicketRecalled.type,
    }
)
_RECENT_LIMIT = 2000
SYNC_RETRY_MS = 1000
OPEN_RETRY_MS = 2000
UNREACHABLE = (
    "Server tidak menjawab. Tindakan tadi mungkin sudah atau belum tercatat; "
    "layar diperbarui begitu server menjawab."
)
OPEN_UNREACHABLE = "Server tidak menjawab. Loket dibuka begitu server menjawab; mencoba lagi…"
SESSION_ENDED = "Sesi Anda berakhir. Silakan masuk kembali."
NOBODY_WAITING = "Tidak ada antrean yang menunggu."


class CounterSession(QObject):
    changed = Signal()
    """Counter status, current ticket, connection, busy or allowed actions changed."""
    waitingChanged = Signal()
    figuresChanged = Signal()
    problem = Signal(str)
    """A refusal or failure, in Indonesian (the server's own message when it gave one)."""
    notice = Signal(str)
    """Something worth saying that is not a problem ("nobody waits")."""
    ended = Signal(str)
    """The server no longer accepts this sign-in: sign in again."""

    def __init__(
        self,
        workplace: Workplace,
        counter_id: int,
        *,
        runner: Runner | None = None,
        clock: Clock | None = None,
        live_backoff: Backoff | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        counter = workplace.counter(counter_id)
        if counter is None:
            raise ValueError(f"no counter {counter_id} in this hall")
        self.workplace = workplace
        self.client = workplace.client
        self.counter_id = counter_id
        self.counter_name = counter.name
        self.service_ids = counter.service_ids
        self._clock = clock or (lambda: datetime.now(UTC))
        self._runner = runner if runner is not None else Runner(self)
        self._live_backoff = live_backoff
        self._live: LiveEvents | None = None

        self._state = CounterState(counter_id, counter.service_ids, counter.status)
        self._recent: list[Event] = []
        """Events received since the last snapshot, to apply again on top of the next."""
        self._snapshot_head = -1

        self._connection = ConnectionState.STOPPED
        self._epoch = 0
        """Counts connection changes: only a snapshot read within the current connection
        may declare the view true again after an outage."""
        self._stale = True
        self._busy: Action | None = None
        self._syncing = False
        self._sync_again = False
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(SYNC_RETRY_MS)
        self._retry.timeout.connect(self._request_sync)
        self._reopen = QTimer(self)
        self._reopen.setSingleShot(True)
        self._reopen.setInterval(OPEN_RETRY_MS)
        self._reopen.timeout.connect(self.open)

        self._order: list[Ticket] = []
        self._figures = Figures()
        self._allowed: frozenset[Action] = frozenset()

    # --- what the views read ------------------------------------------------------------

    @property
    def status(self) -> CounterStatus:
        return self._state.status

    @property
    def current(self) -> Ticket | None:
        """The ticket this counter holds (called or serving)."""
        return self._state.current

    @property
    def waiting(self) -> list[Ticket]:
        """Waiting tickets of this counter's services, in the order it will likely call
        them (see call_order.py)."""
        return list(self._order)

    @property
    def counts(self) -> dict[str, int]:
        return self._state.counts()

    @property
    def no_shows(self) -> list[Ticket]:
        """Today's no-shows at this counter, latest call first: who may come back."""
        return self._state.no_shows()

    @property
    def figures(self) -> Figures:
        return self._figures

    @property
    def connection(self) -> ConnectionState:
        return self._connection

    @property
    def connected(self) -> bool:
        return self._connection is ConnectionState.CONNECTED

    @property
    def stale(self) -> bool:
        """True until the view has re-read the server's state after (re)connecting."""
        return self._stale

    @property
    def busy(self) -> Action | None:
        """The action on its way to the server, if any."""
        return self._busy

    @property
    def syncing(self) -> bool:
        """A REST read of the state is on its way (tests wait for it to settle)."""
        return self._syncing or self._sync_again or self._busy is not None

    @property
    def ready(self) -> bool:
        return self.connected and not self._stale and self._busy is None

    @property
    def allowed(self) -> frozenset[Action]:
        return self._allowed

    @property
    def services(self) -> list[Service]:
        """This counter's services, in its own order."""
        return [s for sid in self.service_ids if (s := self.workplace.service(sid))]

    @property
    def last_seq(self) -> int:
        return self._live.last_seq if self._live is not None else self._snapshot_head

    def serving_since(self) -> datetime | None:
        """When service of the current ticket began here (its `ticket.serving` event)."""
        return self._state.serving_since()

    def service_name(self, service_id: str) -> str:
        service = self.workplace.service(service_id)
        return service.name if service else service_id

    def now(self) -> datetime:
        return self._clock()

    def transfer_counters(self, service_id: str) -> list[Counter]:
        """Counters that serve `service_id` (a transfer may name one), this one excluded."""
        return [
            c
            for c in self.workplace.counters
            if service_id in c.service_ids and c.id != self.counter_id
        ]

    # --- lifecycle ------------------------------------------------------------------------

    @Slot()
    def open(self) -> None:
        """Open the counter (or take it up again if it is already open or paused, e.g.
        after the app restarted), read its state, then follow the live events."""
        self._set_busy(Action.OPEN)

        def work() -> tuple[ApiError | None, Snapshot]:
            error = None
            counter = next(c for c in self.client.counters() if c.id == self.counter_id)
            if counter.status is CounterStatus.CLOSED:
                try:
                    self.client.open_counter(self.counter_id)
                except ApiError as exc:
                    error = exc
            return error, take_snapshot(self.client, self.counter_id, self.service_ids)

        def done(answer: tuple[ApiError | None, Snapshot]) -> None:
            error, snapshot = answer
            self._busy = None
            self._apply_snapshot(snapshot, self._epoch)
            if self._live is None:
                self._start_live(snapshot.head)
                self._read_service_times(snapshot.head)
            if error is not None:
                self._refused(error)

        def failed(error: BaseException) -> None:
            self._busy = None
            if isinstance(error, Unauthorized):
                self.ended.emit(SESSION_ENDED)
                return
            self.problem.emit(
                OPEN_UNREACHABLE if not isinstance(error, ApiError) else explain(error)
            )
            self._update()
            self._reopen.start()  # the server may be restarting: try again shortly

        self._runner.run(work, done, failed)

    def _start_live(self, since: int) -> None:
        token = self.client.token or ""
        self._live = LiveEvents(
            self.client.server_url, token, since=since, backoff=self._live_backoff, parent=self
        )
        self._live.hallEvent.connect(self.apply_event)
        self._live.connectionChanged.connect(self.set_connection)
        self._live.authFailed.connect(lambda _detail: self.ended.emit(SESSION_ENDED))
        self._live.start()

    def _read_service_times(self, up_to: int) -> None:
        """Today's service times from before the app opened (later ones arrive live)."""

        def done(events: list[Event]) -> None:
            self._state.add_service_events(events)
            self._refresh_figures()

        self._runner.run(
            lambda: service_events_today(self.client, self.workplace.hall, self.counter_id, up_to),
            done,
            lambda _error: None,  # figures stay partial; the counter's work is unaffected
        )

    def shutdown(self) -> None:
        """Stop the stream and wait for requests in flight (the counter stays as it is on
        the server: closing it is an operator's action, not a side effect of quitting)."""
        self._retry.stop()
        self._reopen.stop()
        if self._live is not None:
            self._live.stop()
        self._runner.close()

    # --- actions ----------------------------------------------------------------------------

    def call_next(self) -> bool:
        def nobody(ticket: Any) -> None:
            if ticket is None:
                self.notice.emit(NOBODY_WAITING)

        return self._act(
            Action.CALL_NEXT, lambda: self.client.call_next(self.counter_id), after=nobody
        )

    def recall(self) -> bool:
        return self._act_on_current(Action.RECALL, self.client.recall)

    def start(self) -> bool:
        return self._act_on_current(Action.START, self.client.start)

    def finish(self, note: str | None = None) -> bool:
        note = (note or "").strip() or None
        return self._act_on_current(Action.FINISH, lambda tid: self.client.finish(tid, note))

    def no_show(self) -> bool:
        return self._act_on_current(Action.NO_SHOW, self.client.no_show)

    def transfer(self, service_id: str, counter_id: int | None = None) -> bool:
        return self._act_on_current(
            Action.TRANSFER, lambda tid: self.client.transfer(tid, service_id, counter_id)
        )

    def call_ticket(self, ticket_id: int) -> bool:
        return self._act(
            Action.CALL_TICKET, lambda: self.client.call_ticket(self.counter_id, ticket_id)
        )

    def requeue(self, ticket_id: int) -> bool:
        return self._act(Action.REQUEUE, lambda: self.client.requeue(ticket_id))

    def pause(self) -> bool:
        return self._act(Action.PAUSE, lambda: self.client.pause_counter(self.counter_id))

    def resume(self) -> bool:
        return self._act(Action.RESUME, lambda: self.client.open_counter(self.counter_id))

    def close(self) -> bool:
        return self._act(Action.CLOSE, lambda: self.client.close_counter(self.counter_id))

    def reopen(self) -> bool:
        return self._act(Action.OPEN, lambda: self.client.open_counter(self.counter_id))

    def _act_on_current(self, action: Action, call: Callable[[int], object]) -> bool:
        current = self._state.current
        if current is None:
            return False
        ticket_id = current.id  # the ticket shown when the key was pressed
        return self._act(action, lambda: call(ticket_id))

    def _act(
        self,
        action: Action,
        call: Callable[[], object],
        after: Callable[[Any], None] | None = None,
    ) -> bool:
        """Send one action; until the server has answered and the state after it is read,
        no other key is accepted (a double press must not call two citizens).

        Never repeated on no answer: a repeated call-next would call a second citizen.
        """
        if action not in self._allowed:
            return False
        self._set_busy(action)
        epoch = self._epoch

        def work() -> tuple[object, ApiError | None, Snapshot]:
            outcome, error = None, None
            try:
                outcome = call()
            except ApiError as exc:
                error = exc  # refused, nothing changed: read the truth and say why
            return outcome, error, take_snapshot(self.client, self.counter_id, self.service_ids)

        def done(answer: tuple[object, ApiError | None, Snapshot]) -> None:
            outcome, error, snapshot = answer
            self._busy = None
            self._apply_snapshot(snapshot, epoch)
            if error is not None:
                self._refused(error)
            elif after is not None:
                after(outcome)

        self._runner.run(work, done, self._failed)
        return True

    def _refused(self, error: ApiError) -> None:
        if isinstance(error, Unauthorized):
            self.ended.emit(SESSION_ENDED)
        else:
            self.problem.emit(explain(error))

    def _failed(self, error: BaseException) -> None:
        """No answer (or an answer, then no snapshot): the state is unknown until read."""
        self._busy = None
        if isinstance(error, Unauthorized):
            self.ended.emit(SESSION_ENDED)
            return
        self._stale = True
        self.problem.emit(UNREACHABLE if not isinstance(error, ApiError) else explain(error))
        self._update()
        self._request_sync()

    def _set_busy(self, action: Action) -> None:
        self._busy = action
        self._update()

    # --- live events ------------------------------------------------------------------------

    @Slot(str)
    def set_connection(self, state: str) -> None:
        self._connection = ConnectionState(state)
        self._epoch += 1
        # Whatever the change, what the view shows must be re-read before it is trusted.
        self._stale = True
        if self.connected:
            self._request_sync()
        self._update()

    @Slot(object)
    def apply_event(self, event: Event) -> None:
        if not self._state.concerns(event):
            return
        self._recent.append(event)
        if len(self._recent) > _RECENT_LIMIT:
            del self._recent[: len(self._recent) - _RECENT_LIMIT]
        self._state.fold(event)
        self._update()
        if event.type in _NEEDS_SNAPSHOT:
            self._request_sync()

    # --- snapshots --------------------------------------------------------------------------

    @Slot()
    def _request_sync(self) -> None:
        if self._syncing:
            self._sync_again = True  # one read in flight at a time; one more after it
            return
        self._syncing = True
        epoch = self._epoch

        def done(snapshot: Snapshot) -> None:
            self._syncing = False
            self._apply_snapshot(snapshot, epoch)
            if self._sync_again:
                self._sync_again = False
                self._request_sync()

        def failed(error: BaseException) -> None:
            self._syncing = False
            if isinstance(error, Unauthorized):
                self.ended.emit(SESSION_ENDED)
                return
            # While the stream is down its reconnect asks again; if only REST failed, retry.
            if self.connected:
                self._retry.start()

        self._runner.run(
            lambda: take_snapshot(self.client, self.counter_id, self.service_ids), done, failed
        )

    def _apply_snapshot(self, snapshot: Snapshot, epoch: int) -> None:
        if snapshot.head < self._snapshot_head:
            self._update()  # an older read finishing late: what is shown is newer
            return
        self._snapshot_head = snapshot.head
        self._state.replace_with(snapshot)
        self._recent = [e for e in self._recent if e.seq > snapshot.head]
        for event in self._recent:
            self._state.fold(event)
        if epoch == self._epoch and self.connected:
            self._stale = False
        elif self.connected:
            self._request_sync()  # read across a reconnect: read once more
        self._update()

    # --- derived state and signals ------------------------------------------------------------

    def _update(self) -> None:
        state = self._state
        order = state.call_order()
        if order != self._order:
            self._order = order
            self.waitingChanged.emit()
        self._refresh_figures()
        self._allowed = allowed_actions(
            state.status,
            state.current.status if state.current else None,
            ready=self.ready,
            has_waiting=bool(order),
            has_no_shows=bool(state.no_shows()),
        )
        self.changed.emit()

    def _refresh_figures(self) -> None:
        figures = self._state.figures()
        if figures != self._figures:
            self._figures = figures
            self.figuresChanged.emit()
