"""Printing an issued ticket: the kiosk's names for it, then printer.print_ticket.

Runs on a worker thread; `print_ticket` never raises and is bounded by its own deadline
(printer.Timeouts), so a dead printer can neither hang nor crash the kiosk.
"""

from __future__ import annotations

from printer import PrintResult, TicketContent, TicketOptions, layout_ticket, print_ticket
from queue_client.models import Hall, Service, Ticket

SETTLED_FOOTER = (
    "Dicetak setelah gangguan sistem untuk pengunjung yang sudah meninggalkan mesin antrean. "
    "Bukan milik Anda? Serahkan ke petugas."
)
"""The footer of a ticket printed for a citizen who left the trouble screen: whoever
finds it in the tray knows it is someone else's and takes it to staff."""


def ticket_content(ticket: Ticket, hall: Hall | None, service: Service | None) -> TicketContent:
    agency = ""
    if hall is not None and service is not None:
        agency = next((a.name for a in hall.agencies if a.id == service.agency_id), "")
    return TicketContent(
        number=ticket.number,
        issued_at=ticket.issued_at,
        tracking_url=ticket.tracking_url,
        hall_name=hall.name if hall else "",
        agency_name=agency,
        service_name=service.name if service else ticket.service_id,
        timezone=hall.timezone if hall else "Asia/Jakarta",
        priority=ticket.priority,
        position=ticket.position,
        eta_minutes=ticket.eta_minutes,
        eta_low=ticket.eta_low,
        eta_high=ticket.eta_high,
        dossier_reference=ticket.dossier_reference,
    )


def print_issued(
    ticket: Ticket,
    hall: Hall | None,
    service: Service | None,
    printer: str,
    options: TicketOptions,
) -> PrintResult:
    layout = layout_ticket(ticket_content(ticket, hall, service), options)
    return print_ticket(layout, printer)
