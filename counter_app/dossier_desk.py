"""The counter's dossiers (berkas): its agency's open dossiers, read from the server, and
the staff steps sent one at a time. A QObject without widgets (tested without a window).

Where the truth comes from: `GET /api/v1/dossiers` per open state, read again
- after every step sent from here (the answer then shows the step's true result),
- when the live stream brings a `dossier.changed` event (another counter, a supervisor or
  OSS-RBA moved one; reads are coalesced like the waiting list's),
- every REFRESH_MS anyway: `overdue` turns true with the hall's date, with no event.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app import dossier_words as dw
from counter_app.signin import explain
from queue_client import HallClient
from queue_client.backoff import Backoff, retry
from queue_client.dossiers import OPEN_STATUSES, Dossier, DossierStatus, DossierStep
from queue_client.errors import ApiError, Forbidden, InvalidTransition, NotFound
from queue_client.qt_jobs import Runner
from queue_core.dossier import TRANSITIONS

SETTLE_MS = 150
REFRESH_MS = 60_000
OPEN_DEADLINE = 10.0
"""How long opening a dossier after Selesai is retried on no answer (keys stay disabled)."""


def steps_for(status: DossierStatus) -> tuple[DossierStep, ...]:
    """The steps the server's rules accept from `status`, in the order of a dossier's life
    (the same table the server judges by: queue_core.dossier.TRANSITIONS)."""
    return tuple(step for step in DossierStep if (status, step) in TRANSITIONS)


def in_order(dossiers: list[Dossier]) -> list[Dossier]:
    """Overdue first, then by due date (paused ones, without a date, last), then by
    reference: the one to chase first is on top."""
    return sorted(dossiers, key=lambda d: (not d.overdue, d.due_date or date.max, d.reference))


def read_open(client: HallClient, agency_id: str | None) -> list[Dossier]:
    """Blocking: every open dossier of the agency (one read per open state, page by page)."""
    found: list[Dossier] = []
    for status in OPEN_STATUSES:
        cursor: str | None = None
        while True:
            page, cursor = client.dossiers(status=status, agency_id=agency_id, cursor=cursor)
            found.extend(page)
            if cursor is None:
                break
    return in_order(found)


def open_for_ticket(
    client: HallClient,
    ticket_id: int,
    title: str | None,
    agency_id: str | None,
    backoff: Backoff | None = None,
) -> Dossier:
    """Blocking: open the done ticket's dossier, repeating on no answer. The server opens
    at most one per ticket, so a repeat after a lost answer is refused (409): the dossier
    the first try opened is then looked up and returned, never a second one."""
    try:
        return retry(
            lambda: client.open_dossier(ticket_id, title),
            deadline=OPEN_DEADLINE,
            backoff=backoff,
        )
    except InvalidTransition:
        page, _ = client.dossiers(status=DossierStatus.RECEIVED, agency_id=agency_id)
        found = next((d for d in page if d.ticket_id == ticket_id), None)
        if found is None:
            raise
        return found


class DossierDesk(QObject):
    changed = Signal()
    """The list, or whether a step is on its way, changed."""
    problem = Signal(str)
    """A refusal or failure and what to do next, in the app's language."""
    notice = Signal(str)
    """A step done ("BRK-…: Siap diambil.")."""

    def __init__(
        self,
        client: HallClient,
        agency_id: str | None,
        runner: Runner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.agency_id = agency_id
        self._runner = runner
        self._items: list[Dossier] = []
        self._loaded = False
        self._reading = False
        self._read_again = False
        self._busy: DossierStep | None = None
        self.reads = 0
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._read)
        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.want)

    @property
    def items(self) -> list[Dossier]:
        return list(self._items)

    @property
    def loaded(self) -> bool:
        return self._loaded

    @property
    def busy(self) -> DossierStep | None:
        return self._busy

    @property
    def settled(self) -> bool:
        """Nothing on its way (tests wait for it)."""
        return (
            self._busy is None
            and not self._reading
            and not self._read_again
            and not self._settle.isActive()
        )

    @property
    def overdue_count(self) -> int:
        return sum(1 for d in self._items if d.overdue)

    def dossier(self, dossier_id: int) -> Dossier | None:
        return next((d for d in self._items if d.id == dossier_id), None)

    def start(self) -> None:
        self._refresh.start()
        self.want()

    def stop(self) -> None:
        self._refresh.stop()
        self._settle.stop()

    def want(self) -> None:
        """Read the list again soon; a burst of events costs one read."""
        if self._reading:
            self._read_again = True
        elif not self._settle.isActive():
            self._settle.start()

    def _read(self) -> None:
        self._reading = True

        def done(items: list[Dossier]) -> None:
            self._finish_read()
            self._items, self._loaded = items, True
            self.changed.emit()

        def failed(error: BaseException) -> None:
            self._finish_read()
            self.problem.emit(dw.say("read_failed", why=explain(error)))

        self.reads += 1
        self._runner.run(lambda: read_open(self.client, self.agency_id), done, failed)

    def _finish_read(self) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self.want()

    def step(self, dossier_id: int, step: DossierStep, note: str | None = None) -> bool:
        """Send one step; until it is answered (and the list re-read) no other is sent."""
        if self._busy is not None:
            return False
        self._busy = step
        self.changed.emit()

        def work() -> tuple[Dossier | None, ApiError | None, list[Dossier]]:
            answer, error = None, None
            try:
                answer = self.client.dossier_step(dossier_id, step, note)
            except ApiError as exc:
                error = exc  # refused, nothing changed: read the truth and say why
            return answer, error, read_open(self.client, self.agency_id)

        def done(result: tuple[Dossier | None, ApiError | None, list[Dossier]]) -> None:
            answer, error, items = result
            self._busy = None
            self._items, self._loaded = items, True
            self.changed.emit()
            if error is not None:
                self.problem.emit(refusal(error))
            elif answer is not None:
                self.notice.emit(
                    dw.say("done", reference=answer.reference, status=dw.status(answer.status))
                )

        def failed(error: BaseException) -> None:
            self._busy = None
            self.changed.emit()
            self.problem.emit(
                refusal(error) if isinstance(error, ApiError) else dw.say("unreachable")
            )
            self.want()

        self._runner.run(work, done, failed)
        return True


def refusal(error: ApiError) -> str:
    """The server's words and the next step: a state that moved on elsewhere, or a dossier
    that is not this agency's (the server answers 404 so as not to hint that it exists;
    403 is handled the same)."""
    why = explain(error)
    if isinstance(error, InvalidTransition):
        return dw.say("refused_state", why=why)
    if isinstance(error, NotFound | Forbidden):
        return dw.say("refused_agency", why=why)
    return why
