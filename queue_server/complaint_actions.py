"""Complaints through the one writer: each function is one transaction, so a case, its
timeline entry, its event, its contact and its messages commit together or not at all.

The rules are queue_core/complaint.py's; this module loads the row, applies `step()`,
saves, writes the timeline, emits `complaint.changed` and, for an answer or a hold
question, queues a message to the citizen's contact (notify outbox).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import timedelta

from queue_core import complaint as rules
from queue_core.complaint import Action, Case, HallDays, Kind, Status
from queue_core.errors import IdempotencyConflict, NotFound, ValidationFailed
from queue_server.actions import Tx
from queue_server.notify.contacts import Contact
from queue_server.notify.outbox import Outbox
from queue_server.store import complaint as rows
from queue_server.store.complaint import ComplaintRow

KEEP_WHILE_OPEN = timedelta(days=3650)
"""A contact is kept while its case is open; closing it starts `contact_days`."""


def hall_days(tx: Tx) -> HallDays:
    return HallDays(tx.hall.calendar, tx.hall.closes, tx.hall.timezone)


@dataclass(frozen=True)
class Filing:
    kind: Kind
    text: str
    filed_by: str  # "citizen", "kiosk", or a staff role
    service_id: str | None = None
    agency_id: str | None = None
    ticket_id: int | None = None
    anonymous: bool = False
    confidential: bool = False
    lang: str = "id"
    contact: Contact = field(default_factory=Contact)
    idempotency_key: str | None = None

    def body_hash(self) -> str:
        shown = {
            "kind": self.kind.value,
            "text": self.text,
            "service_id": self.service_id,
            "agency_id": self.agency_id,
            "ticket_id": self.ticket_id,
            "anonymous": self.anonymous,
            "confidential": self.confidential,
            "contact": [self.contact.name, self.contact.phone, self.contact.email],
        }
        return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Filed:
    row: ComplaintRow
    created: bool


def _emit(tx: Tx, kind: type[rules.ComplaintEvent], row: ComplaintRow) -> None:
    tx.emit(
        [kind(at=tx.now, complaint_id=row.id, status=row.status.value, agency_id=row.agency_id)]
    )


def _load(tx: Tx, complaint_id: int) -> ComplaintRow:
    row = rows.by_id(tx.conn, complaint_id)
    if row is None:
        raise NotFound("Pengaduan tidak ditemukan.", "Complaint not found.")
    return row


def file(tx: Tx, outbox: Outbox, filing: Filing) -> Filed:
    """A new case (`received`), or the same one again for the same Idempotency-Key."""
    text = rules.clean_text(filing.text)
    if text is None:
        raise ValidationFailed(
            f"Mohon maaf, isi pengaduan belum sesuai. Silakan tulis {rules.TEXT_MIN} sampai"
            f" {rules.TEXT_MAX:,} karakter.".replace(",", "."),
            f"Sorry, the text does not fit. Please write {rules.TEXT_MIN} to"
            f" {rules.TEXT_MAX:,} characters.",
        )
    if filing.service_id is not None and tx.hall.service(filing.service_id) is None:
        raise ValidationFailed(
            "Mohon maaf, layanan itu tidak dikenal. Silakan pilih layanan dari daftar.",
            "Sorry, that service is unknown. Please choose a service from the list.",
        )
    agency_id = filing.agency_id
    if filing.service_id is not None and agency_id is None:
        service = tx.hall.service(filing.service_id)
        agency_id = service.agency_id if service else None
    if agency_id is not None and agency_id not in {a.id for a in tx.hall.agencies}:
        raise ValidationFailed(
            "Mohon maaf, instansi itu tidak dikenal. Silakan pilih instansi dari daftar.",
            "Sorry, that agency is unknown. Please choose an agency from the list.",
        )
    digest = filing.body_hash()
    if filing.idempotency_key is not None:
        seen = rows.idempotent(tx.conn, filing.idempotency_key)
        if seen is not None:
            if seen[0] != digest:
                raise IdempotencyConflict(
                    "Idempotency-Key yang sama dipakai untuk pengaduan lain.",
                    "The same Idempotency-Key was used for another complaint.",
                )
            return Filed(_load(tx, seen[1]), created=False)
    case = rules.received(tx.now, tx.hall.complaint_clock, hall_days(tx))
    complaint_id = rows.insert(
        tx.conn,
        reference=rules.reference(tx.day, rows.next_running(tx.conn, tx.day)),
        manage_token=rules.new_manage_token(),
        kind=filing.kind,
        text=text,
        case=case,
        agency_id=agency_id,
        service_id=filing.service_id,
        ticket_id=filing.ticket_id,
        anonymous=filing.anonymous,
        confidential=filing.confidential,
        lang=filing.lang,
        filed_by=filing.filed_by,
        now=tx.now,
    )
    if not filing.anonymous:  # anonymous: no contact is stored at all
        contact_id = outbox.add_contact(
            tx, filing.contact, tx.day + KEEP_WHILE_OPEN, f"complaint:{complaint_id}"
        )
        rows.set_contact(tx.conn, complaint_id, contact_id)
    if filing.idempotency_key is not None:
        rows.remember_key(tx.conn, filing.idempotency_key, digest, complaint_id)
    rows.add_entry(tx.conn, complaint_id, tx.now, Status.RECEIVED, filing.filed_by, None)
    row = _load(tx, complaint_id)
    _emit(tx, rules.ComplaintReceived, row)
    return Filed(row, created=True)


@dataclass(frozen=True)
class Step:
    action: Action
    by_role: str
    text: str | None = None
    """The answer, the hold question, the reject reason or the citizen's reply."""
    agency_id: str | None = None
    forwarded_to: str | None = None
    link_base: str = ""
    """The server's base URL, for the link to /c/ in a message to the citizen."""


def _apply(tx: Tx, outbox: Outbox, row: ComplaintRow, step: Step) -> ComplaintRow:
    case: Case = rules.step(row.case, step.action, tx.now, tx.hall.complaint_clock, hall_days(tx))
    extra: dict[str, object] = {}
    if step.action is Action.VERIFY and step.agency_id is not None:
        if step.agency_id not in {a.id for a in tx.hall.agencies}:
            raise ValidationFailed("Instansi tidak dikenal.", "Unknown agency.")
        extra["agency_id"] = step.agency_id
    if step.action is Action.ANSWER:
        extra["answer"] = step.text
    if step.action is Action.REJECT:
        extra["reason"] = step.text
        extra["forwarded_to"] = step.forwarded_to
    rows.save_case(tx.conn, row.id, case, tx.now, **extra)
    note = step.text
    if step.action is Action.REJECT and step.forwarded_to:
        note = f"{step.text} → {step.forwarded_to}"
    rows.add_entry(tx.conn, row.id, tx.now, case.status, step.by_role, note)
    changed = _load(tx, row.id)
    _emit(tx, rules.ComplaintChanged, changed)
    if case.status in (Status.CLOSED, Status.REJECTED) and row.contact_id is not None:
        outbox.contact_belongs_to(tx, row.contact_id, tx.day)
    if step.action in (Action.ANSWER, Action.HOLD) and row.contact_id is not None:
        notify_citizen(tx, outbox, changed, step.action, step.link_base)
    return changed


def notify_citizen(
    tx: Tx, outbox: Outbox, row: ComplaintRow, action: Action, link_base: str = ""
) -> None:
    """The citizen who left a contact hears of an answer or a question (never the text
    itself: a message may be read by others; the page behind the link has it)."""
    assert row.contact_id is not None
    link = f"{link_base.rstrip('/')}/c/{row.manage_token}"
    if action is Action.ANSWER:
        text = f"{tx.hall.name}: pengaduan {row.reference} sudah dijawab. Lihat: {link}"
        text_en = f"{tx.hall.name}: complaint {row.reference} has been answered. See: {link}"
    else:
        text = f"{tx.hall.name}: pengaduan {row.reference} menunggu jawaban Anda. Lihat: {link}"
        text_en = f"{tx.hall.name}: complaint {row.reference} is waiting for your reply: {link}"
    outbox.enqueue(
        tx,
        f"complaint.{action.value}",
        f"complaint:{row.id}",
        row.contact_id,
        text,
        text_en,
        lang=row.lang,
    )


def staff_step(
    tx: Tx, outbox: Outbox, complaint_id: int, step: Step, agency_id: str | None
) -> ComplaintRow:
    """A staff step; `agency_id` set: an operator, who may act only on that agency's
    cases (a case not yet assigned is a supervisor's)."""
    row = _load(tx, complaint_id)
    if agency_id is not None and row.agency_id != agency_id:
        raise NotFound("Pengaduan tidak ditemukan.", "Complaint not found.")
    return _apply(tx, outbox, row, step)


def citizen_step(tx: Tx, outbox: Outbox, token: str, step: Step) -> ComplaintRow:
    row = rows.by_token(tx.conn, token)
    if row is None:
        raise NotFound(
            "Mohon maaf, pengaduan tidak ditemukan. Periksa kembali tautan dari halaman"
            " konfirmasi Anda.",
            "Sorry, the complaint was not found. Check the link from your confirmation page.",
        )
    return _apply(tx, outbox, row, step)


def set_lapor(tx: Tx, complaint_id: int, tracking_id: str, agency_id: str | None) -> ComplaintRow:
    row = _load(tx, complaint_id)
    if agency_id is not None and row.agency_id != agency_id:
        raise NotFound("Pengaduan tidak ditemukan.", "Complaint not found.")
    rows.set_lapor(tx.conn, complaint_id, tracking_id, tx.now)
    rows.add_entry(tx.conn, complaint_id, tx.now, row.status, "staff", "LAPOR!", public=False)
    return _load(tx, complaint_id)


def close_due(tx: Tx, outbox: Outbox) -> int:
    """The clock: answered cases past `confirm_days` without a reply close themselves."""
    closed = 0
    for complaint_id in rows.due_to_close(tx.conn, tx.now):
        row = _load(tx, complaint_id)
        _apply(tx, outbox, row, Step(Action.SELF_CLOSE, "system"))
        closed += 1
    return closed
