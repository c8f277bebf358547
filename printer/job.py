"""Printing one ticket: the only entry the kiosk needs, and it never raises.

    result = print_ticket(layout, "tcp://192.168.1.50")
    if not result.ok:
        show(result.message_id)        # the ticket stays valid; the screen shows its QR

A job: read the URL, build the bytes, connect, ask the printer's status (refuse to send
into a printer that is out of paper or open: the ticket would come out later, in the
next citizen's hands), send, ask again, close. Every blocking step draws on one
deadline, so no print takes longer than `Timeouts.total`.
"""

from __future__ import annotations

import logging
import time

from printer.backends import Connection, open_connection
from printer.deadline import Deadline, Timeouts
from printer.errors import MissingDependency, PrinterUnreachable, PrinterUrlError
from printer.escpos_render import render_escpos
from printer.layout import TicketLayout
from printer.outcome import Outcome, PrintResult
from printer.preview import save_preview
from printer.status import QUERIES, PrinterStatus, is_status_byte, query
from printer.url import PrinterAddress, parse_printer_url

log = logging.getLogger(__name__)


def print_ticket(
    layout: TicketLayout, printer: str, timeouts: Timeouts | None = None
) -> PrintResult:
    """Print the ticket on the printer the URL names; report how it went, never raise."""
    timeouts = timeouts or Timeouts()
    started = time.monotonic()
    job = _Job(printer, started)
    try:
        address = parse_printer_url(printer)
        if address.kind == "preview":
            path = save_preview(layout, address.path).resolve()
            return job.end(Outcome.PRINTED, f"preview written to {path}")
        data = render_escpos(layout, qr=address.settings.qr, cut=address.settings.cut)
        result = _send(job, address, data, timeouts)
    except Exception as exc:  # a printer problem must never take the kiosk down
        outcome, detail = _classify(exc)
        if outcome is Outcome.PRINTER_ERROR:  # no failure we know of: a bug, keep its trace
            log.exception("printing on %s failed unexpectedly", printer)
        result = job.end(outcome, detail)
    if not result.ok:
        log.warning("ticket not printed on %s: %s (%s)", printer, result.outcome, result.detail)
    return result


def ask_status(connection: Connection, deadline: Deadline, timeout: float) -> PrinterStatus | None:
    """The printer's real-time status, or None if it does not answer at all."""
    replies: dict[int, int] = {}
    for n in QUERIES:
        reply = _ask(connection, n, deadline, timeout)
        if reply is None:
            if not replies:
                return None  # mute: asking the rest would only wait longer
            continue  # some printers skip a query they do not know
        replies[n] = reply
    return PrinterStatus.from_replies(replies)


def _ask(connection: Connection, n: int, deadline: Deadline, timeout: float) -> int | None:
    connection.write(query(n), deadline)
    window = Deadline(deadline.timeout(timeout))
    while (left := window.remaining()) > 0:
        data = connection.read(left)
        if not data:
            return None
        for value in data:
            if is_status_byte(value):
                return value
        # Anything else is not an answer (an automatic status block, noise): read on.
    return None


class _Job:
    def __init__(self, printer: str, started: float) -> None:
        self.printer, self.started = printer, started
        self.status: PrinterStatus | None = None
        self.sent = 0

    def end(self, outcome: Outcome, detail: str) -> PrintResult:
        return PrintResult(
            outcome=outcome,
            detail=detail,
            printer=self.printer,
            status=self.status,
            sent=self.sent,
            seconds=round(time.monotonic() - self.started, 3),
        )


def _send(job: _Job, address: PrinterAddress, data: bytes, timeouts: Timeouts) -> PrintResult:
    deadline = Deadline(timeouts.total)
    connection = open_connection(address, deadline, timeouts)
    sending = delivered = False
    try:
        asking = connection.answers_status and address.settings.status != "off"
        before = ask_status(connection, deadline, timeouts.status) if asking else None
        job.status = before
        fault = _fault(before)
        if fault is not None:
            return job.end(fault[0], f"{fault[1]}; the ticket was not sent")
        if before is None and asking and address.settings.status == "required":
            return job.end(
                Outcome.TIMEOUT,
                "the printer does not answer status queries (status=required); "
                "the ticket was not sent",
            )
        sending, first = True, connection.sent
        try:
            connection.write(data, deadline)
        finally:
            job.sent = connection.sent - first
        delivered = True
        if before is None:
            quiet = "" if asking or not connection.answers_status else " (status=off)"
            return job.end(Outcome.PRINTED, f"{len(data)} bytes sent; status not reported{quiet}")
        # A printer that answered before must answer after: silence now means it stopped
        # reading, and the ticket may still be stuck in its buffer.
        connection.discard_input()
        try:
            after = ask_status(connection, deadline, timeouts.status)
        except PrinterUnreachable:
            return job.end(
                Outcome.UNREACHABLE,
                "the printer closed the connection after taking the ticket; "
                "it may not have printed",
            )
        if after is None:
            return job.end(
                Outcome.TIMEOUT,
                "the printer took the ticket but stopped answering; it may not have printed",
            )
        job.status = after
        fault = _fault(after)
        if fault is not None:
            return job.end(fault[0], f"{fault[1]} after the ticket was sent; it may be incomplete")
        return job.end(Outcome.PRINTED, f"{len(data)} bytes sent; {after.describe()}")
    finally:
        if sending and not delivered:
            connection.abort()
        connection.close()


def _fault(status: PrinterStatus | None) -> tuple[Outcome, str] | None:
    """The outcome a status reply forbids printing with, most useful to staff first."""
    if status is None:
        return None
    if status.paper_out:
        return Outcome.PAPER_OUT, "the printer reports paper out"
    if status.cover_open:
        return Outcome.COVER_OPEN, "the printer reports its cover open"
    if status.cutter_error:
        return Outcome.PRINTER_ERROR, "the printer reports a cutter error (jammed paper?)"
    if status.error:
        return Outcome.PRINTER_ERROR, "the printer reports an error"
    if status.online is False:
        return Outcome.PRINTER_ERROR, "the printer reports itself offline"
    return None


def _classify(exc: Exception) -> tuple[Outcome, str]:
    if isinstance(exc, PrinterUrlError):
        return Outcome.BAD_CONFIG, str(exc)
    if isinstance(exc, MissingDependency):
        return Outcome.MISSING_DEPENDENCY, str(exc)
    if isinstance(exc, TimeoutError):
        return Outcome.TIMEOUT, str(exc) or "the printer did not respond in time"
    if isinstance(exc, PrinterUnreachable):
        return Outcome.UNREACHABLE, str(exc)
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        return Outcome.UNREACHABLE, f"{where}{exc.strerror or exc}"
    return Outcome.PRINTER_ERROR, f"unexpected error: {exc!r}"
