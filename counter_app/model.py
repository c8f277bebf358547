"""One counter's session: its state, its waiting list, its figures, and what may be done.

A QObject with signals and no widgets, so it is tested without a window. The operator's
actions live in counter_work.py, staying in step with the server in in_step.py.

Where the truth comes from:
- **Events** (the live stream) change the state at once: a ticket another operator
  calls leaves the waiting list the moment its event arrives.
- **The counter's queue** (queue_line.py) comes from the server's own dispatch, read
  again after the events that can change it (coalesced: one read for a burst).
- **Snapshots** (REST reads, `snapshot.py`) fill in what events do not carry: a masked
  NIK, a recall count. One is read after every action (so the view shows the action's
  true result before the next key is accepted), after every (re)connect, and after events
  that need one. A snapshot says which event head it reflects; events already received
  beyond it are applied again on top (they carry the new status, so that is harmless).
- **Never guessed**: an action changes nothing locally; its result shows when the server
  says so. While the stream is down, or before the view has re-read the truth after a
  reconnect, `ready` is false and every action is disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from counter_app import words
from counter_app.actions import Action, allowed_actions
from counter_app.counter_work import CounterWork, Unopened
from counter_app.dossier_desk import DossierDesk
from counter_app.figures import Figures
from counter_app.in_step import InStep
from counter_app.queue_line import QueueLine, read_queue
from counter_app.signin import Workplace, explain
from counter_app.snapshot import Snapshot, take_snapshot
from counter_app.state import CounterState
from counter_app.today import service_events_today
from queue_client import Backoff, ConnectionState
from queue_client.errors import ApiError, Unauthorized
from queue_client.models import Counter, Event, Hall, Service, Ticket
from queue_client.qt import LiveEvents
from queue_client.qt_jobs import Runner
from queue_core.counter import CounterStatus

Clock = Callable[[], datetime]

SYNC_RETRY_MS = 1000
OPEN_RETRY_MS = 2000
# What the session says, in Indonesian (the app's default language; see words.py).
UNREACHABLE = words.indonesian("say.unreachable")
OPEN_UNREACHABLE = words.indonesian("say.open_unreachable")
SESSION_ENDED = words.indonesian("say.session_ended")
NOBODY_WAITING = words.indonesian("say.nobody_waiting")


class CounterSession(QObject, CounterWork, InStep):
    changed = Signal()
    """Counter status, current ticket, connection, busy or allowed actions changed."""
    waitingChanged = Signal()
    figuresChanged = Signal()
    problem = Signal(str)
    """A refusal or failure, in the app's language (the server's own words if it gave any)."""
    notice = Signal(str)
    """Something worth saying that is not a problem ("nobody waits")."""
    ended = Signal(str)
    """The server no longer accepts this sign-in: sign in again."""
    dossierOpened = Signal(object, str)
    """A dossier opened on Selesai (F11 + F4): the `Dossier` and the ticket's number."""

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
        self._clock = clock or workplace.now  # the server's time: one clock for the hall
        self._runner = runner if runner is not None else Runner(self)
        self._live_backoff = live_backoff
        self._live: LiveEvents | None = None

        self._state = CounterState(counter_id, counter.service_ids, counter.status)
        self._recent: list[Event] = []
        """Events received since the last read, to apply again on top of the next."""
        self._snapshot_head = -1
        self._queue_line = QueueLine(
            lambda: read_queue(self.client, self.counter_id), self._runner, self
        )
        self._queue_line.arrived.connect(self._apply_queue)

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
        self._counts: dict[str, int] = {}
        self._figures = Figures()
        self._allowed: frozenset[Action] = frozenset()
        self._unopened: Unopened | None = None
        self.dossiers = DossierDesk(self.client, counter.agency_id, self._runner, self)
        """The agency's open dossiers (the Berkas view, F12)."""

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
        """Waiting tickets of this counter's services, in the order its call-next takes
        them: the server's dispatch order (queue_line.py)."""
        return list(self._order)

    @property
    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    @property
    def queue_reads(self) -> int:
        """How many times the queue was read after events (coalesced bursts read once)."""
        return self._queue_line.reads

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
        return (
            self._syncing or self._sync_again or self._busy is not None or self._queue_line.pending
        )

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

    @property
    def keeps_dossiers(self) -> bool:
        """The counter's agency has a service that opens dossiers: the Berkas view (F12)
        is offered and its list kept fresh. Other counters never read it."""
        counter = self.workplace.counter(self.counter_id)
        agency = counter.agency_id if counter is not None else None
        return any(
            s.dossier_days is not None and (agency is None or s.agency_id == agency)
            for s in self.workplace.services
        )

    def takes_dossiers(self, service_id: str) -> int | None:
        """The service's `dossier_days` (None: it opens no dossiers, F11 is not offered)."""
        service = self.workplace.service(service_id)
        return service.dossier_days if service is not None else None

    @property
    def unopened_dossier(self) -> Unopened | None:
        """A ticket finished with "open dossier" whose dossier did not open: F11 retries."""
        return self._unopened

    def serving_since(self) -> datetime | None:
        """When service of the current ticket began here (its `ticket.serving` event)."""
        return self._state.serving_since()

    def service_name(self, service_id: str) -> str:
        service = self.workplace.service(service_id)
        return words.service_name(service.name, service.name_en) if service else service_id

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
            return error, take_snapshot(self.client, self.counter_id)

        def done(answer: tuple[ApiError | None, Snapshot]) -> None:
            error, snapshot = answer
            self._busy = None
            self._apply_snapshot(snapshot, self._epoch)
            if self._live is None:
                self._start_live(snapshot.head)
                self._read_service_times(snapshot.head)
                self._queue_line.start()
                if self.keeps_dossiers:
                    self.dossiers.start()
            if error is not None:
                self._refused(error)

        def failed(error: BaseException) -> None:
            self._busy = None
            if isinstance(error, Unauthorized):
                self.ended.emit(words.say("say.session_ended"))
                return
            self.problem.emit(
                words.say("say.open_unreachable")
                if not isinstance(error, ApiError)
                else explain(error)
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
        self._live.hallChanged.connect(self._hall_changed)
        self._live.connectionChanged.connect(self.set_connection)
        self._live.authFailed.connect(
            lambda _detail: self.ended.emit(words.say("say.session_ended"))
        )
        self._live.start()

    @Slot(object)
    def _hall_changed(self, _event: object) -> None:
        """hall.changed: read the hall, its services and counters again (a service renamed,
        one added to this counter), then the queue (docs/hall-admin.md)."""
        client = self.client

        def read() -> tuple[Hall, tuple[Service, ...], tuple[Counter, ...]]:
            return client.hall(), tuple(client.services()), tuple(client.counters())

        def done(answer: tuple[Hall, tuple[Service, ...], tuple[Counter, ...]]) -> None:
            hall, services, counters = answer
            self.workplace = replace(
                self.workplace, hall=hall, services=services, counters=counters
            )
            counter = self.workplace.counter(self.counter_id)
            if counter is not None:
                self.counter_name = counter.name
                self.service_ids = counter.service_ids
                self._state.service_ids = tuple(counter.service_ids)
            self._queue_line.want()
            self._request_sync()
            self._update()

        self._runner.run(read, done, lambda _error: None)

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
        self._queue_line.stop()
        self.dossiers.stop()
        if self._live is not None:
            self._live.stop()
        self._runner.close()

    # --- derived state and signals ------------------------------------------------------------

    def _update(self) -> None:
        state = self._state
        order = state.call_order()
        counts = state.counts()
        if order != self._order or counts != self._counts:
            self._order, self._counts = order, counts
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
