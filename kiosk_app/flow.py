"""KioskFlow: the kiosk's model — screens, choices, timers, issuing and printing.

A QObject for its signals and timers only: it never touches a widget, so tests drive a
whole visit without a window. Blocking work (REST calls, printing) runs on `Runner`'s
threads and comes back here on the GUI thread.

Privacy: the full NIK leaves the keypad (or reader) straight into the `TicketRequest`
that will carry it to the server (which keeps it out of its repr), and is dropped with
that request as soon as the ticket is issued, refused, or the visit is abandoned. What
the model shows after the entry step is the masked NIK and the age it encodes.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from card_reader.check import NikCheck, check_nik
from card_reader.keypad import KeypadEntry
from kiosk_app.catalogue import Tile, shows_services_directly, tiles
from kiosk_app.printing import print_issued
from kiosk_app.words import say
from printer import PrintResult, TicketOptions
from queue_client import Backoff, HallClient, TicketRequest
from queue_client.errors import ApiError, is_transient
from queue_client.models import Hall, Service, Ticket
from queue_client.qt_jobs import Runner
from queue_core.errors import InvalidNik
from queue_core.nik import age_on
from queue_core.ticket import Priority

log = logging.getLogger(__name__)

ELDERLY_AGE = 60


class Screen(StrEnum):
    ATTRACT = "attract"
    AGENCY = "agency"
    SERVICE = "service"
    INFO = "info"
    NIK = "nik"
    PRIORITY = "priority"
    ISSUING = "issuing"
    TROUBLE = "trouble"
    RESULT = "result"
    NOTICE = "notice"


# Screens the idle timer leaves alone: nothing to clear, or a number is on its way.
_NOT_IDLE = {Screen.ATTRACT, Screen.ISSUING, Screen.TROUBLE, Screen.RESULT}


@dataclass(frozen=True)
class Timing:
    idle: float = 60.0
    """Seconds without a touch before the kiosk starts over (clearing any NIK)."""
    result: float = 25.0
    """Seconds the number stays on screen after a good print."""
    result_unprinted: float = 60.0
    """Longer when the ticket was not printed: time to take a photo of it."""
    issue_deadline: float = 15.0
    """One round of `issue_ticket_with_retry`; then the trouble screen starts another."""
    retry_pause: float = 2.0
    catalogue_retry: float = 5.0
    backoff: Backoff | None = None


class KioskFlow(QObject):
    changed = Signal()
    """Anything on screen may have changed; views redraw from the model."""
    issued = Signal(object)
    """A ticket (queue_client Ticket) reached the kiosk."""
    printed = Signal(object)
    """A PrintResult."""
    _retrying = Signal(int)
    """Emitted on a worker thread by the retry hook; received on the GUI thread."""

    def __init__(
        self,
        client: HallClient,
        *,
        printer: str | None = None,
        print_options: TicketOptions | None = None,
        timing: Timing | None = None,
        runner: Runner | None = None,
        today: Callable[[], datetime.date] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self.printer = printer
        self._print_options = print_options or TicketOptions()
        self.timing = timing or Timing()
        self._runner = runner or Runner(self)
        self._today = today
        self.screen = Screen.ATTRACT
        self.lang = "id"
        self.hall: Hall | None = None
        self.services: list[Service] = []
        self.agency_id: str | None = None
        self.service: Service | None = None
        self.keypad = KeypadEntry()
        self.nik_error: InvalidNik | None = None
        """The last NIK refused (keypad or reader): its reason and messages, never the NIK."""
        self.nik_masked: str | None = None
        self.nik_age: int | None = None
        self.priority = Priority.REGULAR
        self.elderly_suggested = False
        self.ticket: Ticket | None = None
        self.print_result: PrintResult | None = None
        self.printing = False
        self.trouble_attempts = 0
        self.notice: tuple[str, str] | None = None
        self.reader_states: dict[str, str] = {}
        self._draft: TicketRequest | None = None
        """The one place the full NIK lives between the entry step and the issue."""
        self._visit = 0
        """Bumped when a visit ends, so late answers for an abandoned visit are dropped."""
        self._idle = self._timer(self._on_idle)
        self._result_timer = self._timer(self.go_home)
        self._retry_timer = self._timer(self._issue_again)
        self._catalogue_timer = self._timer(self.refresh)
        self._retrying.connect(self._on_retrying)

    def _timer(self, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(slot)
        return timer

    # --- what the views read --------------------------------------------------------

    def today(self) -> datetime.date:
        if self._today is not None:
            return self._today()
        return self.hall.day if self.hall else datetime.date.today()

    def say(self, key: str, **values: object) -> str:
        return say(key, self.lang, **values)

    def tiles(self) -> list[Tile]:
        return tiles(self.hall, self.services, self.agency_id)

    def agencies(self) -> list[tuple[str, str, int]]:
        """(id, name, services) of agencies that offer something today."""
        if self.hall is None:
            return []
        counts = {a.id: 0 for a in self.hall.agencies}
        for s in self.services:
            counts[s.agency_id] = counts.get(s.agency_id, 0) + 1
        return [(a.id, a.name, counts[a.id]) for a in self.hall.agencies if counts[a.id]]

    def nik_problem(self) -> InvalidNik | None:
        """What is wrong with the digits on the keypad, live, or the last refused NIK."""
        return self.keypad.problem(self.today()) or self.nik_error

    def can_confirm_nik(self) -> bool:
        return self.keypad.complete and self.nik_problem() is None

    def holds_nik(self) -> bool:
        """True while a full NIK is held anywhere in the model (only ever in the draft)."""
        return bool(self._draft and self._draft.nik) or self.keypad.count > 0

    # --- lifecycle ------------------------------------------------------------------

    def start(self) -> None:
        self.refresh()

    def close(self) -> None:
        for timer in (self._idle, self._result_timer, self._retry_timer, self._catalogue_timer):
            timer.stop()
        self._runner.close()

    def refresh(self) -> None:
        """Reload the hall and its services (waiting, ETA, open) in the background."""

        def load() -> tuple[Hall, list[Service]]:
            return self._client.hall(), self._client.services()

        self._runner.run(load, self._loaded, self._load_failed)

    def _loaded(self, answer: tuple[Hall, list[Service]]) -> None:
        self.hall, self.services = answer
        if self.service is not None:  # keep the chosen service's figures current
            self.service = next((s for s in self.services if s.id == self.service.id), None)
        self.changed.emit()

    def _load_failed(self, error: BaseException) -> None:
        log.warning("cannot load the hall's services: %s", error)
        self._catalogue_timer.start(int(self.timing.catalogue_retry * 1000))

    # --- a citizen's taps -------------------------------------------------------------

    def touch(self) -> None:
        """Any touch on the screen: the citizen is still there."""
        if self.screen not in _NOT_IDLE:
            self._idle.start(int(self.timing.idle * 1000))

    def toggle_language(self) -> None:
        self.lang = "en" if self.lang == "id" else "id"
        self._show(self.screen)

    def begin(self) -> None:
        """Attract screen touched."""
        self.refresh()
        if shows_services_directly(self.hall, self.services):
            self.agency_id = None
            self._show(Screen.SERVICE)
        else:
            self._show(Screen.AGENCY)

    def choose_agency(self, agency_id: str) -> None:
        self.agency_id = agency_id
        self._show(Screen.SERVICE)

    def choose_service(self, service_id: str) -> None:
        tile = next((t for t in self.tiles() if t.service.id == service_id), None)
        if tile is None or not tile.enabled:
            return  # a disabled tile shows its reason; a tap changes nothing
        self.service = tile.service
        self._show(Screen.INFO)

    def take_number(self) -> None:
        """The main button on the information screen."""
        if self.service is None:
            return
        if self.service.nik_required and self.nik_masked is None:
            self._show(Screen.NIK)
        else:
            self.priority = Priority.REGULAR
            self._issue()

    def use_nik(self) -> None:
        self._show(Screen.NIK)

    def ask_priority(self) -> None:
        self._show(Screen.PRIORITY)

    def press_digit(self, digit: str) -> None:
        self.nik_error = None
        if self.keypad.press(digit):
            self._show(Screen.NIK)

    def erase(self) -> None:
        self.nik_error = None
        self.keypad.backspace()
        self._show(Screen.NIK)

    def clear_digits(self) -> None:
        self.nik_error = None
        self.keypad.clear()
        self._show(Screen.NIK)

    def confirm_nik(self) -> None:
        if self.can_confirm_nik():
            self._accept(self.keypad.take(self.today()))

    def nik_read(self, text: str, source: str = "reader") -> None:
        """A NIK from a card reader. Taken only where the kiosk asks for one; a card
        tapped on any other screen is ignored (and nothing of it kept)."""
        if self.screen not in (Screen.NIK, Screen.INFO) or self.service is None:
            return
        self.keypad.clear()
        log.info("NIK read by %s", source)
        self._accept(check_nik(text, self.today()))

    def choose_priority(self, priority: Priority) -> None:
        self.priority = priority
        self._show(Screen.PRIORITY)

    def confirm(self) -> None:
        """ "Ambil nomor" on the priority screen."""
        if self.screen is Screen.PRIORITY:
            self._issue()

    def back(self) -> None:
        previous = {
            Screen.AGENCY: Screen.ATTRACT,
            Screen.SERVICE: Screen.ATTRACT
            if self.agency_id is None or shows_services_directly(self.hall, self.services)
            else Screen.AGENCY,
            Screen.INFO: Screen.SERVICE,
            Screen.NIK: Screen.INFO,
            Screen.PRIORITY: Screen.INFO,
            Screen.NOTICE: Screen.SERVICE,
        }.get(self.screen)
        if previous is None:
            return
        if previous in (Screen.INFO, Screen.SERVICE, Screen.ATTRACT):
            self._forget_nik()
        if previous is Screen.ATTRACT:
            self.go_home()
        else:
            self._show(previous)

    def cancel_trouble(self) -> None:
        """Give up waiting for the server. The request is dropped: if the server had in
        fact issued it, that number goes unused (rare; staff can cancel it)."""
        self.go_home()

    def go_home(self) -> None:
        """Back to the attract screen, forgetting everything about this visit."""
        self._visit += 1
        self._forget_nik()
        self.agency_id = None
        self.service = None
        self.priority = Priority.REGULAR
        self.ticket = None
        self.print_result = None
        self.printing = False
        self.trouble_attempts = 0
        self.notice = None
        self.lang = "id"
        for timer in (self._idle, self._result_timer, self._retry_timer):
            timer.stop()
        self._show(Screen.ATTRACT)

    # --- internals --------------------------------------------------------------------

    def _show(self, screen: Screen) -> None:
        self.screen = screen
        self.touch()
        self.changed.emit()

    def _on_idle(self) -> None:
        if self.screen not in _NOT_IDLE:
            log.info("kiosk idle on %s: starting over", self.screen)
            self.go_home()

    def _forget_nik(self) -> None:
        self.keypad.clear()
        self._draft = None
        self.nik_error = None
        self.nik_masked = None
        self.nik_age = None
        self.elderly_suggested = False

    def _accept(self, verdict: NikCheck) -> None:
        assert self.service is not None
        if not verdict.ok:
            self.nik_error = verdict.error
            self._show(Screen.NIK)
            return
        assert verdict.info is not None and verdict.nik is not None
        self.nik_error = None
        self.nik_masked = verdict.info.masked
        self.nik_age = age_on(verdict.info, self.today())
        self.elderly_suggested = self.nik_age >= ELDERLY_AGE
        self.priority = Priority.ELDERLY if self.elderly_suggested else Priority.REGULAR
        # The NIK's only home from now on; its key is made here, before any send.
        self._draft = TicketRequest(self.service.id, nik=verdict.nik)
        self._show(Screen.PRIORITY)

    def _issue(self) -> None:
        assert self.service is not None
        base = self._draft or TicketRequest(self.service.id)
        # Same key as the draft: replace() copies it; nothing has been sent yet.
        self._draft = replace(base, priority=self.priority, lang=self.lang)
        self.trouble_attempts = 0
        self._show(Screen.ISSUING)
        self._send(self._draft)

    def _send(self, request: TicketRequest) -> None:
        visit = self._visit

        def hook(attempt: int, _error: Exception, _delay: float) -> None:
            self._retrying.emit(visit)  # worker thread → GUI thread (queued)

        self._runner.run(
            lambda: self._client.issue_ticket_with_retry(
                request,
                deadline=self.timing.issue_deadline,
                backoff=self.timing.backoff,
                on_retry=hook,
            ),
            lambda ticket: self._issue_done(visit, ticket),
            lambda error: self._issue_failed(visit, error),
        )

    @Slot(int)
    def _on_retrying(self, visit: int) -> None:
        if visit != self._visit or self.screen not in (Screen.ISSUING, Screen.TROUBLE):
            return
        self.trouble_attempts += 1
        self._show(Screen.TROUBLE)

    def _issue_again(self) -> None:
        if self._draft is not None and self.screen is Screen.TROUBLE:
            self._send(self._draft)  # the very same request: same key, same body

    def _issue_done(self, visit: int, ticket: Ticket) -> None:
        if visit != self._visit:
            log.warning("ticket %s arrived after its visit was abandoned", ticket.number)
            return
        self._forget_nik()  # issued: the NIK has done its job
        self.ticket = ticket
        self.issued.emit(ticket)
        self._show(Screen.RESULT)
        self._print(ticket)

    def _issue_failed(self, visit: int, error: BaseException) -> None:
        if visit != self._visit:
            return
        if is_transient(error):
            # Still no answer after a whole round: keep the screen, keep the request.
            self.trouble_attempts += 1
            self._show(Screen.TROUBLE)
            self._retry_timer.start(int(self.timing.retry_pause * 1000))
            return
        self._forget_nik()
        if isinstance(error, ApiError):
            self.notice = (error.message, error.message_en or error.message)
        else:
            log.error("issuing failed unexpectedly", exc_info=error)
            self.notice = (say("trouble_title", "id"), say("trouble_title", "en"))
        self._show(Screen.NOTICE)

    def _print(self, ticket: Ticket) -> None:
        if self.printer is None:
            self._result_timer.start(int(self.timing.result_unprinted * 1000))
            return
        visit = self._visit
        self.printing = True
        hall, service = self.hall, self.service
        self._runner.run(
            lambda: print_issued(ticket, hall, service, self.printer or "", self._print_options),
            lambda result: self._printed(visit, result),
            lambda error: log.error("printing crashed", exc_info=error),
        )

    def _printed(self, visit: int, result: PrintResult) -> None:
        if visit != self._visit:
            return
        self.printing = False
        self.print_result = result
        self.printed.emit(result)
        wait = self.timing.result if result.ok else self.timing.result_unprinted
        self._result_timer.start(int(wait * 1000))
        self.changed.emit()
