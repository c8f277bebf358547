"""Dossiers through the one writer: each function is one transaction, so a dossier, its
trail's new lines, its `dossier.changed` event and a `ready` message commit together or
not at all.

The rules are queue_core/dossier.py's; this module loads the row, applies `step()` or
`external()`, saves, emits, and on `ready` queues a message to the citizen's contact when
the ticket has one (only a ticket checked in from a booking does; a walk-in has none).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from queue_core import dossier as rules
from queue_core.dossier import Action, Dossier, Status
from queue_core.errors import InvalidTransition, NotFound, ValidationFailed
from queue_core.ticket import TicketStatus
from queue_server.actions import Tx
from queue_server.notify.outbox import Outbox
from queue_server.store import dossier as rows
from queue_server.store import tickets as ticket_rows
from queue_server.store.dossier import DossierRow


def _not_found() -> NotFound:
    return NotFound("Berkas tidak ditemukan.", "Dossier not found.")


def _load(tx: Tx, dossier_id: int, agency_id: str | None) -> DossierRow:
    """`agency_id` set: an operator, who sees and changes only that agency's dossiers."""
    row = rows.by_id(tx.conn, dossier_id)
    if row is None or (agency_id is not None and row.agency_id != agency_id):
        raise _not_found()
    return row


def _emit(tx: Tx, row: DossierRow) -> None:
    tx.emit(
        [
            rules.DossierChanged(
                at=tx.now, dossier_id=row.id, ticket_id=row.ticket_id, status=row.status.value
            )
        ]
    )


def _note(note: str | None) -> str | None:
    try:
        return rules.clean_note(note)
    except ValueError:
        raise ValidationFailed(
            f"Catatan paling banyak {rules.NOTE_MAX} karakter.",
            f"A note has at most {rules.NOTE_MAX} characters.",
        ) from None


def open_dossier(
    tx: Tx, ticket_id: int, agency_id: str | None, title: str | None, note: str | None
) -> DossierRow:
    """A `received` dossier for a done ticket of a service with `dossier_days`."""
    record = ticket_rows.get(tx.conn, ticket_id)
    service = tx.hall.service(record.ticket.service_id) if record else None
    if record is None or service is None:
        raise NotFound("Tiket tidak ditemukan.", "Ticket not found.")
    if agency_id is not None and service.agency_id != agency_id:
        raise NotFound("Tiket tidak ditemukan.", "Ticket not found.")
    if record.ticket.status is not TicketStatus.DONE:
        raise InvalidTransition(
            "Berkas hanya dapat dibuka untuk tiket yang sudah selesai dilayani.",
            "A dossier can be opened only for a ticket that has been served (done).",
        )
    if service.dossier_days is None:
        raise ValidationFailed(
            f"Layanan {service.name} tidak menerima berkas (dossier_days belum diatur).",
            f"Service {service.name_en} takes no dossiers (no dossier_days in the hall file).",
        )
    if rows.by_ticket(tx.conn, ticket_id) is not None:
        raise InvalidTransition(
            "Tiket ini sudah mempunyai berkas.", "This ticket already has a dossier."
        )
    dossier = rules.received(
        tx.now, service.dossier_days, tx.hall.calendar, tx.hall.timezone, _note(note)
    )
    dossier_id = rows.insert(
        tx.conn,
        reference=rules.reference(tx.day, rows.next_running(tx.conn, tx.day)),
        ticket_id=ticket_id,
        service_id=service.id,
        agency_id=service.agency_id,
        title=_note(title),
        dossier=dossier,
        now=tx.now,
    )
    row = _load(tx, dossier_id, None)
    _emit(tx, row)
    return row


@dataclass(frozen=True)
class Step:
    action: Action
    note: str | None = None


def _save(tx: Tx, outbox: Outbox, row: DossierRow, after: Dossier) -> DossierRow:
    rows.save(tx.conn, row.id, row.dossier, after, tx.now)
    changed = _load(tx, row.id, None)
    _emit(tx, changed)
    if changed.status is Status.READY and row.status is not Status.READY:
        notify_ready(tx, outbox, changed)
    return changed


def staff_step(
    tx: Tx, outbox: Outbox, dossier_id: int, step: Step, agency_id: str | None
) -> DossierRow:
    row = _load(tx, dossier_id, agency_id)
    note = _note(step.note)
    try:
        after = rules.step(
            row.dossier, step.action, tx.now, tx.hall.calendar, tx.hall.timezone, note
        )
    except ValueError:
        raise ValidationFailed(
            "Tuliskan apa yang kurang atau alasan penolakan.",
            "Say what is missing, or why it is rejected.",
        ) from None
    return _save(tx, outbox, row, after)


def external(
    tx: Tx, outbox: Outbox, dossier_id: int, system: str, code: str, at: datetime
) -> DossierRow:
    """Another system's status push (an `integration` device); it may act on any
    agency's dossier, as the hall's integration is set up by the admin."""
    row = _load(tx, dossier_id, None)
    after = rules.external(row.dossier, system, code, at, tx.hall.calendar, tx.hall.timezone)
    return _save(tx, outbox, row, after)


def notify_ready(tx: Tx, outbox: Outbox, row: DossierRow) -> None:
    """Only a ticket checked in from a booking carries a contact (the booking's); a
    walk-in ticket has no contact mechanism, so the phone page is its only news."""
    booking_id = rows.booking_of_ticket(tx.conn, row.ticket_id)
    contact_id = None if booking_id is None else outbox.contact_of(tx, f"booking:{booking_id}")
    if contact_id is None:
        return
    service = tx.hall.service(row.service_id)
    where = service.name if service else row.service_id
    where_en = service.name_en if service else row.service_id
    outbox.enqueue(
        tx,
        "dossier.ready",
        f"dossier:{row.id}",
        contact_id,
        f"{tx.hall.name}: berkas {row.reference} siap diambil di loket {where}"
        f" pada jam layanan. Bawa tiket/QR Anda.",
        f"{tx.hall.name}: dossier {row.reference} is ready to collect at the {where_en}"
        f" counter during opening hours. Bring your ticket/QR.",
    )
