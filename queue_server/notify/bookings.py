"""Bookings with their messages: each wraps the booking helper's action and stores the
contact and the messages in the SAME transaction (the writer runs the whole function as
one action), so a booking never commits without its confirmation, and a rolled-back
booking leaves no message behind.

The REST routes and the /booking pages call these instead of `booking_actions` directly.
"""

from __future__ import annotations

from datetime import date

from queue_core import booking as rules
from queue_server import booking_actions
from queue_server.actions import Tx
from queue_server.notify import texts
from queue_server.notify.contacts import Contact
from queue_server.notify.outbox import Outbox
from queue_server.store.booking import BookingRow


def ref_of(row: BookingRow) -> str:
    return f"booking:{row.id}"


def facts(tx: Tx, row: BookingRow, manage_base: str) -> texts.BookingFacts:
    service = tx.hall.service(row.service_id)
    return texts.BookingFacts(
        hall=tx.hall.name,
        service=service.name if service else row.service_id,
        service_en=service.name_en if service else row.service_id,
        day=row.day,
        start=row.start,
        code=rules.show_code(row.code),
        manage_url=f"{manage_base.rstrip('/')}/b/{row.manage_token}",
    )


def create_booking(
    tx: Tx,
    outbox: Outbox,
    request: booking_actions.BookingRequest,
    contact: Contact,
    manage_base: str,
) -> booking_actions.Booked:
    booked = booking_actions.create_booking(tx, request)
    if booked.created:
        row = booked.row
        contact_id = outbox.add_contact(tx, contact, row.day, ref_of(row))
        outbox.booking_created(
            tx, ref_of(row), contact_id, facts(tx, row, manage_base), row.starts_at, row.lang
        )
    return booked


def cancel_booking(tx: Tx, outbox: Outbox, token: str, manage_base: str) -> BookingRow:
    before = booking_actions._by_token(tx, token)
    row = booking_actions.cancel_booking(tx, token)
    if before.status is not row.status:
        contact_id = outbox.contact_of(tx, ref_of(row))
        outbox.booking_cancelled(tx, ref_of(row), contact_id, facts(tx, row, manage_base), row.lang)
    return row


def move_booking(
    tx: Tx, outbox: Outbox, token: str, day: date, start: str, manage_base: str
) -> BookingRow:
    before = booking_actions._by_token(tx, token)
    row = booking_actions.move_booking(tx, token, day, start)
    if (row.day, row.start) != (before.day, before.start):
        contact_id = outbox.contact_of(tx, ref_of(row))
        outbox.booking_moved(
            tx, ref_of(row), contact_id, facts(tx, row, manage_base), row.starts_at, row.lang
        )
    return row
