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
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from card_reader.check import NikCheck, check_nik
from card_reader.keypad import KeypadEntry
from kiosk_app.catalogue import AgencyTile, Tile, agency_tiles, shows_services_directly, tiles
from kiosk_app.checkin import CheckIn
from kiosk_app.device_check import DeviceCheck, SetupProblem
from kiosk_app.issuing import Issuing
from kiosk_app.live import LiveCounts
from kiosk_app.paging import AGENCIES, SERVICES, Page, Pager
from kiosk_app.pending import PendingIssues
from kiosk_app.pickup import Pickup
from kiosk_app.steps import NOT_IDLE, Screen, Timing
from kiosk_app.words import say
from printer import PrintResult, TicketOptions
from queue_client import HallClient, TicketRequest
from queue_client.errors import refused
from queue_client.models import Hall, Service, Ticket
from queue_client.qt_jobs import Runner
from queue_core.errors import InvalidNik
from queue_core.nik import age_on
from queue_core.ticket import Priority

__all__ = ["KioskFlow", "Screen", "Timing"]

log = logging.getLogger(__name__)

ELDERLY_AGE = 60


class KioskFlow(CheckIn, Pickup, Issuing, QObject):
    changed = Signal()
    """Anything on screen may have changed; views redraw from the model."""
    issued = Signal(object)
    """A ticket (queue_client Ticket) reached the kiosk."""
    printed = Signal(object)
    """A PrintResult."""
    _retrying = Signal(int, bool)
    """(visit, may have arrived): emitted on a worker thread by the retry hook; received
    on the GUI thread."""

    def __init__(
        self,
        client: HallClient,
        *,
        printer: str | None = None,
        print_options: TicketOptions | None = None,
        timing: Timing | None = None,
        runner: Runner | None = None,
        today: Callable[[], datetime.date] | None = None,
        live_counts: bool = True,
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
        self.portrait = True
        """The screen's shape, told by the window: it decides how many tiles a page holds."""
        self.short_screen = False
        """A landscape screen under 900 px tall (a 1366×768 kiosk), told by the window."""
        self._agency_pages = Pager(AGENCIES)
        self._service_pages = Pager(SERVICES)
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
        self.outcome_unknown = False
        """True once a try of the request on its way may have reached the server."""
        self.settled_numbers: list[str] = []
        """Numbers printed for citizens who left the trouble screen (attract shows them)."""
        self.notice: tuple[str, str] | None = None
        self.reader_states: dict[str, str] = {}
        self._draft: TicketRequest | None = None
        """The one place the full NIK lives between the entry step and the issue."""
        self._visit = 0
        """Bumped when a visit ends, so late answers for an abandoned visit are dropped."""
        self._stop_sending: threading.Event | None = None
        self._fetches = 0
        self._fetch_shown = 0
        self.setup: SetupProblem | None = None
        """Set once the server refuses the kiosk's token: the setup screen, for good."""
        self._device = DeviceCheck(client, self._runner, self)
        self._device.refused.connect(self._not_set_up)
        self._pending = PendingIssues(client, self._runner, self.timing, self)
        self._pending.settled.connect(self._settled)
        self._live: LiveCounts | None = None
        if live_counts and client.token:
            self._live = LiveCounts(
                client.server_url,
                client.token,
                self.refresh,
                refused=self.check_device,
                settle=self.timing.counts_settle,
                backoff=self.timing.backoff,
                parent=self,
            )
        self._idle = self._timer(self._on_idle)
        self._result_timer = self._timer(self.go_home)
        self._retry_timer = self._timer(self._issue_again)
        self._catalogue_timer = self._timer(self.refresh)
        self._settled_timer = self._timer(self.settled_numbers.clear)
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

    def agencies(self) -> list[AgencyTile]:
        """Agencies that offer something today, with their people waiting."""
        return agency_tiles(self.hall, self.services)

    def agency_page(self) -> Page[AgencyTile]:
        return self._agency_pages.page(self.agencies(), self.portrait)

    def service_page(self) -> Page[Tile]:
        return self._service_pages.page(self.tiles(), self.portrait)

    def running_text(self) -> str:
        """The hall's running text in the chosen language. The hall file's text is
        Indonesian; `running_text_en` is its English, and a hall without one gets a
        plain welcome rather than Indonesian under an English screen."""
        if self.hall is None:
            return ""
        if self.lang != "en":
            return self.hall.running_text
        return self.hall.running_text_en or say("welcome", "en", hall=self.hall.name)

    @property
    def pending_requests(self) -> int:
        """Requests kept after their citizen left, not yet settled with the server."""
        return len(self._pending)

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
        self.check_device()
        self.refresh()
        if self._live is not None:
            self._live.start()

    def close(self) -> None:
        if self._live is not None:
            self._live.stop()
        self._pending.close()
        for timer in (self._idle, self._result_timer, self._retry_timer, self._catalogue_timer):
            timer.stop()
        self._runner.close()

    def refresh(self) -> None:
        """Reload the hall and its services (waiting, ETA, open) in the background."""
        self._fetches += 1
        fetch = self._fetches

        def load() -> tuple[Hall, list[Service]]:
            return self._client.hall(), self._client.services()

        self._runner.run(load, lambda answer: self._loaded(fetch, answer), self._load_failed)

    def _loaded(self, fetch: int, answer: tuple[Hall, list[Service]]) -> None:
        if fetch < self._fetch_shown:
            return  # an older fetch answering late: newer figures are already shown
        self._fetch_shown = fetch
        self.hall, self.services = answer
        if self.service is not None:  # keep the chosen service's figures current
            self.service = next((s for s in self.services if s.id == self.service.id), None)
        self.changed.emit()

    def check_device(self) -> None:
        """Ask the server whether this kiosk's token still works (at start, and on every
        refusal: a token revoked while the kiosk runs shows on its next request)."""
        self._device.check()

    def _not_set_up(self, problem: SetupProblem) -> None:
        self.setup = problem
        self._forget_nik()
        for timer in (self._idle, self._result_timer, self._retry_timer):
            timer.stop()
        self._show(Screen.SETUP)

    def _load_failed(self, error: BaseException) -> None:
        if refused(error):
            self.check_device()
        log.warning("cannot load the hall's services: %s", error)
        self._catalogue_timer.start(int(self.timing.catalogue_retry * 1000))

    # --- a citizen's taps -------------------------------------------------------------

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
        self._service_pages.reset()  # another agency's services start on their first page
        self._show(Screen.SERVICE)

    def turn_page(self, step: int) -> None:
        """Next (+1) or previous (-1) page of agency or service tiles. The agency page is
        kept when the citizen comes back from the services: it is where they were."""
        if self.screen is Screen.AGENCY:
            self._agency_pages.turn(step, self.agencies(), self.portrait)
        elif self.screen is Screen.SERVICE:
            self._service_pages.turn(step, self.tiles(), self.portrait)
        else:
            return
        self._show(self.screen)

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

    def key_typed(self, char: str) -> None:
        """A key typed on a keyboard (handed back by the wedge reader): digits go to the
        keypad as if tapped, Enter confirms. On the information screen a digit opens the
        keypad with it. Elsewhere the kiosk is not asking for a NIK, so nothing is taken,
        as with a card tapped there — and said in the log, not dropped unsaid."""
        if self.screen is Screen.INFO and self.service is not None and char.isdigit():
            self.use_nik()
        if self.screen is not Screen.NIK:
            log.info("a key typed on the %s screen, which takes no NIK: ignored", self.screen)
            return
        if char == "\n":
            self.confirm_nik()
        elif char.isdigit():
            self.press_digit(char)

    def nik_read(self, text: str, source: str = "reader") -> None:
        """A NIK from a card reader. Taken only where the kiosk asks for one; a card
        tapped on any other screen is ignored (and nothing of it kept). A booking's QR
        (or code) from a scanner, and an e-KTP on the check-in screen, go to CheckIn; a
        ticket's QR (a ready dossier to collect) to Pickup."""
        if self.ticket_scanned(text) or self.booking_scanned(text) or self.booking_card_read(text):
            return
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
            Screen.NOTICE: Screen.ATTRACT
            if self.checking_in or self.collecting
            else Screen.SERVICE,
            Screen.BOOKING_CODE: Screen.ATTRACT,
            Screen.BOOKING_DIGITS: Screen.BOOKING_CODE,
        }.get(self.screen)
        if previous is None:
            return
        if previous in (Screen.INFO, Screen.SERVICE, Screen.ATTRACT):
            self._forget_nik()
        if previous is Screen.ATTRACT:
            self.go_home()
        else:
            self._show(previous)

    def go_home(self) -> None:
        """Back to the attract screen, forgetting everything about this visit."""
        self._visit += 1
        self._forget_nik()
        self.forget_booking()
        self.forget_pickup()
        self.agency_id = None
        self._agency_pages.reset()
        self._service_pages.reset()
        self.service = None
        self.priority = Priority.REGULAR
        self.ticket = None
        self.print_result = None
        self.printing = False
        self.trouble_attempts = 0
        self.outcome_unknown = False
        # settled_numbers stay: the attract screen names them for Timing.settled_notice,
        # whoever comes next (its timer clears that very list).
        self.notice = None
        self.lang = "id"
        for timer in (self._idle, self._result_timer, self._retry_timer):
            timer.stop()
        self._show(Screen.ATTRACT)

    # --- internals --------------------------------------------------------------------

    def _show(self, screen: Screen) -> None:
        # No way out of the setup screen but a restart with a working token.
        self.screen = Screen.SETUP if self.setup is not None else screen
        self.touch()
        self.changed.emit()

    def touch(self) -> None:
        """Any touch on the screen: the citizen is still there."""
        if self.screen not in NOT_IDLE:
            idle = self.timing.trouble_idle if self.screen is Screen.TROUBLE else self.timing.idle
            self._idle.start(int(idle * 1000))

    def _on_idle(self) -> None:
        if self.screen is Screen.TROUBLE:
            log.info("nobody at the trouble screen any more: leaving it")
            self.cancel_trouble()
        elif self.screen not in NOT_IDLE:
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
