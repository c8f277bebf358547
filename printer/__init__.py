"""Ticket printing: one layout, rendered as ESC/POS bytes or a PNG preview, sent to a
printer named by a URL, with every failure reported as a typed outcome.

    content = TicketContent.from_api(ticket, hall_name=..., agency_name=...,
                                     service_name=..., timezone=hall.timezone)
    layout = layout_ticket(content, TicketOptions(paper=Paper.MM80))
    result = print_ticket(layout, "tcp://192.168.1.50:9100")   # never raises

See docs/printing.md.
"""

from printer.content import TicketContent
from printer.deadline import Timeouts
from printer.errors import PrinterUrlError
from printer.escpos_render import render_escpos
from printer.job import print_ticket
from printer.layout import TicketLayout, TicketOptions, layout_ticket, prepare_logo
from printer.outcome import Outcome, PrintResult
from printer.paper import Paper
from printer.preview import render_preview, save_preview
from printer.status import PrinterStatus
from printer.url import parse_printer_url

__all__ = [
    "Outcome",
    "Paper",
    "PrintResult",
    "PrinterStatus",
    "PrinterUrlError",
    "TicketContent",
    "TicketLayout",
    "TicketOptions",
    "Timeouts",
    "layout_ticket",
    "parse_printer_url",
    "prepare_logo",
    "print_ticket",
    "render_escpos",
    "render_preview",
    "save_preview",
]
