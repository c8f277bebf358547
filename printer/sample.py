"""Sample tickets: what `antre print-test` prints and the docs' previews show.

The names are the bundled sample hall's; the tracking URL has the length of a real one
(a hall domain and a 32-character token), so the QR code has a real one's size.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from printer.content import TicketContent
from printer.layout import TicketLayout, TicketOptions, layout_ticket
from printer.paper import Paper
from queue_core.ticket import Priority

SAMPLE_URL = "https://antrean.mpp.harapanjaya.go.id/t/pQ7vX2mK9sLd4RtY8wNc3BfH6jZ1aEuG"


def sample_content(
    *,
    number: str = "A017",
    priority: Priority = Priority.REGULAR,
    service_name: str = "Perekaman dan Pencetakan KTP-el",
    agency_name: str = "Dinas Kependudukan dan Pencatatan Sipil",
    position: int | None = 4,
    eta_minutes: int | None = 12,
    dossier_reference: str | None = None,
) -> TicketContent:
    return TicketContent(
        number=number,
        issued_at=datetime(2026, 5, 28, 9, 15, tzinfo=ZoneInfo("Asia/Jakarta")),
        tracking_url=SAMPLE_URL,
        hall_name="Mal Pelayanan Publik Kota Harapan Jaya",
        agency_name=agency_name,
        service_name=service_name,
        timezone="Asia/Jakarta",
        priority=priority,
        position=position,
        eta_minutes=eta_minutes,
        dossier_reference=dossier_reference,
    )


def sample_layout(paper: Paper, *, test_print: bool = True) -> TicketLayout:
    """The ticket `antre print-test` prints, marked as a test so nobody queues with it."""
    return layout_ticket(sample_content(), TicketOptions(paper=paper, test_print=test_print))
