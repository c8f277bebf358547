"""Collection without a queue: a pickup ticket from the visit's own QR (docs/dossiers.md,
"Pickup").

The citizen scans the ticket QR of the visit that left the dossier (its `/t/<token>`
URL) at the kiosk. When that dossier is `ready`, they get a ticket of the agency's
pickup line (the hall file's `pickup = true` service), so collecting does not wait
behind new applications. One transaction, run by the writer like every issue:

- no NIK is asked: the QR itself shows the citizen holds the visit's ticket, and the
  counter checks the KTP-el when handing over;
- one active pickup ticket per dossier: a second scan (a citizen who was not sure the
  first worked) gives the same ticket back, and prints it again, rather than a second
  number on the board;
- the ticket is tied to the dossier (store/pickup.py), so its print and its page can
  name the reference.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from queue_core.dossier import Status
from queue_core.errors import (
    DomainError,
    IdempotencyConflict,
    NotFound,
    ServiceClosed,
    ValidationFailed,
)
from queue_core.numbering import local_time
from queue_core.ticket import Priority
from queue_server.actions import Issued, Tx, place_ticket
from queue_server.store import dossier as dossier_rows
from queue_server.store import pickup as pickup_rows
from queue_server.store import tickets as ticket_rows
from queue_server.store.dossier import DossierRow


class DossierNotReady(DomainError):
    """The dossier is still being worked on (or was rejected): nothing to collect yet."""

    code = "dossier_not_ready"


class DossierCollected(DomainError):
    code = "dossier_collected"


class NoPickupLine(DomainError):
    """The agency has no pickup service in the hall file: staff hand it over."""

    code = "no_pickup_service"


@dataclass(frozen=True)
class PickupRequest:
    tracking_token: str
    priority: Priority = Priority.REGULAR
    lang: str = "id"
    idempotency_key: str | None = None

    def body_hash(self) -> str:
        """What an Idempotency-Key stands for (the token only as a hash, like the NIK)."""
        body = {
            "pickup": hashlib.sha256(self.tracking_token.encode()).hexdigest(),
            "priority": self.priority.value,
            "lang": self.lang,
        }
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class PickupIssued:
    issued: Issued
    reference: str


def _unknown() -> NotFound:
    # The same words whether the token never existed or its visit left no dossier: a
    # scanner at the kiosk must not become a way to probe tokens.
    return NotFound(
        "Mohon maaf, tidak ada berkas untuk QR ini. Silakan tanyakan kepada petugas.",
        "Sorry, there is no dossier for this QR. Please ask the staff.",
    )


def ready_dossier(tx: Tx, token: str) -> DossierRow:
    """The visit's dossier, when it is ready to collect; otherwise the refusal the
    citizen reads at the kiosk, with one next step."""
    record = ticket_rows.by_token(tx.conn, token)
    row = dossier_rows.by_ticket(tx.conn, record.ticket.id) if record is not None else None
    if row is None:
        raise _unknown()
    if row.status is Status.READY:
        return row
    if row.status is Status.COLLECTED:
        raise DossierCollected(
            f"Mohon maaf, berkas {row.reference} sudah diambil. Silakan tanyakan kepada"
            " petugas bila ada yang kurang.",
            f"Sorry, dossier {row.reference} has already been collected. Please ask the staff"
            " if something is missing.",
        )
    if row.status is Status.REJECTED:
        raise DossierNotReady(
            f"Mohon maaf, berkas {row.reference} tidak dapat diproses. Silakan lihat"
            " alasannya di HP Anda (pindai QR tiket) atau tanyakan kepada petugas.",
            f"Sorry, dossier {row.reference} could not be processed. Please see why on your"
            " phone (scan the ticket's QR) or ask the staff.",
        )
    if row.status is Status.NEEDS_COMPLETION:
        raise DossierNotReady(
            f"Mohon maaf, berkas {row.reference} belum siap karena ada yang perlu dilengkapi."
            " Silakan lihat apa yang kurang di HP Anda (pindai QR tiket).",
            f"Sorry, dossier {row.reference} is not ready because something is missing."
            " Please see what on your phone (scan the ticket's QR).",
        )
    due = row.due_date or tx.day
    raise DossierNotReady(
        f"Mohon maaf, berkas {row.reference} belum siap diambil (perkiraan selesai"
        f" {due:%d-%m-%Y}). Silakan pantau di HP Anda (pindai QR tiket).",
        f"Sorry, dossier {row.reference} is not ready for collection yet (expected by"
        f" {due.isoformat()}). Please follow it on your phone (scan the ticket's QR).",
    )


def issue_pickup(tx: Tx, request: PickupRequest) -> PickupIssued:
    """A ticket of the agency's pickup line for the visit's ready dossier; the same
    ticket again while it is still active. An Idempotency-Key keeps the contract's
    promise as for any issue: the same key with another body is a conflict."""
    if request.idempotency_key is not None:
        seen = ticket_rows.idempotent_ticket(tx.conn, tx.day, request.idempotency_key)
        if seen is not None:
            if seen[0] != request.body_hash():
                raise IdempotencyConflict(
                    "Kunci Idempotency-Key ini sudah dipakai untuk permintaan lain.",
                    "This Idempotency-Key was already used for a different request.",
                )
            record = ticket_rows.get(tx.conn, seen[1])
            reference = pickup_rows.reference_of(tx.conn, seen[1])
            assert record is not None and reference is not None
            return PickupIssued(Issued(record, created=False), reference)
    row = ready_dossier(tx, request.tracking_token)
    service = tx.hall.pickup_service(row.agency_id)
    if service is None:
        raise NoPickupLine(
            f"Mohon maaf, berkas {row.reference} diambil langsung di loket instansinya."
            " Silakan ambil nomor antrean layanan tersebut atau tanyakan kepada petugas.",
            f"Sorry, dossier {row.reference} is collected at its agency's counter. Please"
            " take a number for that service or ask the staff.",
        )
    active = pickup_rows.active_ticket(tx.conn, row.id)
    if active is not None:
        record = ticket_rows.get(tx.conn, active)
        assert record is not None
        return PickupIssued(Issued(record, created=False), row.reference)
    if not tx.hall.is_open(service, local_time(tx.now, tx.hall.timezone)):
        raise ServiceClosed(
            f"Mohon maaf, pengambilan berkas buka pukul {service.opens:%H.%M}–"
            f"{service.closes:%H.%M}. Silakan datang kembali pada jam itu.",
            f"Sorry, collection is open {service.opens:%H:%M}–{service.closes:%H:%M}."
            " Please come back within those hours.",
        )
    if request.priority is Priority.APPOINTMENT:
        raise ValidationFailed(
            "Mohon maaf, antrean janji temu hanya untuk kode pemesanan. Silakan pilih antrean lain.",
            "Sorry, the appointment queue needs a booking code. Please choose another queue.",
        )
    issued = place_ticket(tx, service, request.priority, None, None, request.lang)
    pickup_rows.insert(tx.conn, issued.record.ticket.id, row.id, tx.now)
    if request.idempotency_key is not None:
        ticket_rows.remember_key(
            tx.conn, tx.day, request.idempotency_key, request.body_hash(), issued.record.ticket.id
        )
    return PickupIssued(issued, row.reference)
