"""Getting the number: send, retry through trouble, settle what a citizen left, print.

Part of `KioskFlow` (a mixin, so the flow's signals and state stay in one object); split
out because this is where a number can be lost or doubled, and it reads best on its own:

- every try of one citizen's request carries the same Idempotency-Key and body, so a
  retry after a lost answer can only return the ticket already made;
- while a try may have reached the server, leaving the trouble screen does not drop the
  request: it is kept and settled (kiosk_app/pending.py), and a ticket it turns out to
  have is printed for pick-up (`_settled`).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, SignalInstance, Slot

from kiosk_app.printing import SETTLED_FOOTER, print_issued
from kiosk_app.steps import Screen
from kiosk_app.words import say
from printer import PrintResult
from queue_client import TicketRequest
from queue_client.errors import ApiError, Unreachable, is_transient, refused
from queue_client.models import Hall, Service, Ticket

if TYPE_CHECKING:
    from kiosk_app.pending import PendingIssues
    from kiosk_app.steps import Timing
    from printer import TicketOptions
    from queue_client import HallClient
    from queue_client.qt_jobs import Runner
    from queue_core.ticket import Priority

log = logging.getLogger(__name__)


def might_have_arrived(error: BaseException) -> bool:
    """Whether a failed try may have reached the server (and so committed a ticket)."""
    return not (isinstance(error, Unreachable) and error.never_sent)


class Issuing:
    """The issuing half of KioskFlow (see the module docstring)."""

    if TYPE_CHECKING:
        # What this half uses of the flow it is part of (kiosk_app/flow.py): declared for
        # the type checker only, KioskFlow defines and sets each of them.
        changed: SignalInstance
        issued: SignalInstance
        printed: SignalInstance
        _retrying: SignalInstance
        _client: HallClient
        _runner: Runner
        _pending: PendingIssues
        _print_options: TicketOptions
        _draft: TicketRequest | None
        _visit: int
        _stop_sending: threading.Event | None
        _retry_timer: QTimer
        _result_timer: QTimer
        _settled_timer: QTimer
        timing: Timing
        screen: Screen
        lang: str
        hall: Hall | None
        services: list[Service]
        service: Service | None
        priority: Priority
        printer: str | None
        ticket: Ticket | None
        print_result: PrintResult | None
        printing: bool
        trouble_attempts: int
        outcome_unknown: bool
        settled_numbers: list[str]
        notice: tuple[str, str] | None

        def check_device(self) -> None: ...

        def go_home(self) -> None: ...
        def _show(self, screen: Screen) -> None: ...
        def _forget_nik(self) -> None: ...

    def cancel_trouble(self) -> None:
        """The citizen leaves the trouble screen (a tap, or `trouble_idle`).

        If no try can have reached the server, nothing was issued: the request is simply
        dropped. Otherwise a number may exist, so the request is kept and settled once the
        server answers (kiosk_app/pending.py) instead of being abandoned."""
        if self.screen is not Screen.TROUBLE:
            return
        if self._stop_sending is not None:
            self._stop_sending.set()  # this visit's own retry loop ends its waiting now
        if self.outcome_unknown and self._draft is not None:
            self._pending.keep(self._draft)  # the request, NIK and all, moves there
        self.go_home()

    def _in_trouble(self) -> None:
        """Show the trouble screen; a retry while already there must not restart the idle
        timer (only a touch does), or a kiosk nobody stands at would wait for ever."""
        if self.screen is Screen.TROUBLE:
            self.changed.emit()
        else:
            self._show(Screen.TROUBLE)

    def _issue(self) -> None:
        assert self.service is not None
        base = self._draft or TicketRequest(self.service.id)
        # Same key as the draft: replace() copies it; nothing has been sent yet.
        self._draft = replace(base, priority=self.priority, lang=self.lang)
        self._send_draft()

    def _send_draft(self) -> None:
        """Send the visit's request (a walk-in's, or a booking's check-in)."""
        assert self._draft is not None
        self.trouble_attempts = 0
        self.outcome_unknown = False
        self._show(Screen.ISSUING)
        self._send(self._draft)

    def _send(self, request: TicketRequest) -> None:
        visit = self._visit
        stop = self._stop_sending = threading.Event()

        def hook(attempt: int, error: Exception, _delay: float) -> None:
            self._retrying.emit(visit, might_have_arrived(error))  # worker → GUI thread

        self._runner.run(
            lambda: self._client.issue_ticket_with_retry(
                request,
                deadline=self.timing.issue_deadline,
                backoff=self.timing.backoff,
                on_retry=hook,
                cancel=stop,
            ),
            lambda ticket: self._issue_done(visit, request, ticket),
            lambda error: self._issue_failed(visit, error),
        )

    @Slot(int, bool)
    def _on_retrying(self, visit: int, arrived: bool) -> None:
        if visit != self._visit or self.screen not in (Screen.ISSUING, Screen.TROUBLE):
            return
        self.outcome_unknown = self.outcome_unknown or arrived
        self.trouble_attempts += 1
        self._in_trouble()

    def _issue_again(self) -> None:
        if self._draft is not None and self.screen is Screen.TROUBLE:
            self._send(self._draft)  # the very same request: same key, same body

    def _issue_done(self, visit: int, request: TicketRequest, ticket: Ticket) -> None:
        if visit != self._visit:
            # The citizen left the trouble screen; this last try got through after all.
            if not self._pending.answered(request, ticket):
                self._settled(ticket)
            return
        self._forget_nik()  # issued: the NIK has done its job
        if self.service is None:  # a check-in: the ticket names the booking's service
            self.service = next((s for s in self.services if s.id == ticket.service_id), None)
        self.ticket = ticket
        self.issued.emit(ticket)
        self._show(Screen.RESULT)
        self._print(ticket)

    def _issue_failed(self, visit: int, error: BaseException) -> None:
        if visit != self._visit:
            return
        if is_transient(error):
            # Still no answer after a whole round: keep the screen, keep the request.
            self.outcome_unknown = self.outcome_unknown or might_have_arrived(error)
            self.trouble_attempts += 1
            self._in_trouble()
            self._retry_timer.start(int(self.timing.retry_pause * 1000))
            return
        self._forget_nik()
        if refused(error):
            # Staff's business, never the citizen's ("sign in again"): a plain apology
            # until the token check puts up the setup screen.
            self.check_device()
            self.notice = (say("not_ready", "id"), say("not_ready", "en"))
        elif isinstance(error, ApiError):
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

    def _settled(self, ticket: Ticket) -> None:
        """A ticket exists for a citizen who left the trouble screen.

        Printed, with a footer saying so, rather than only logged: the server was down
        for every kiosk, so that citizen most likely has no other number and is still in
        the hall; a paper ticket lets them (or staff, who find it in the tray) answer the
        call, where a number only in a log would be called to an empty hall. The attract
        screen names it for a while, and the log line tells staff which number it is."""
        log.warning(
            "ticket %s (%s) was issued for a citizen who left the trouble screen: "
            "printed for pick-up; staff may cancel it if nobody claims it",
            ticket.number,
            ticket.service_id,
        )
        self.settled_numbers.append(ticket.number)
        self._settled_timer.start(int(self.timing.settled_notice * 1000))
        self.changed.emit()
        if self.printer is None:
            return
        service = next((s for s in self.services if s.id == ticket.service_id), None)
        options = replace(self._print_options, footer=SETTLED_FOOTER)
        hall, printer = self.hall, self.printer
        self._runner.run(
            lambda: print_issued(ticket, hall, service, printer, options),
            lambda result: log.info("settled ticket %s: %s", ticket.number, result.outcome),
            lambda error: log.error("printing a settled ticket crashed", exc_info=error),
        )
