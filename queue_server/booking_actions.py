"""Booking actions, run by the one writer inside its transaction (see actions.py).

Every place is counted and taken in the same transaction, by the single writer thread:
two requests for a slot's last place are run one after the other, and the second finds
the slot full. The NIK is never stored: each check computes HMACs (queue_server/
nik_keys.py, purpose "booking", period = the day a booking was made) while the NIK is in
the request's memory.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

from queue_core import booking as rules
from queue_core.booking import BookingPlan, BookingStatus, Slot
from queue_core.errors import IdempotencyConflict, InvalidTransition, NotFound
from queue_core.hall import Service
from queue_core.nik import normalize_nik, parse_nik
from queue_core.ticket import Priority
from queue_server.actions import Issued, Tx, place_ticket
from queue_server.store import booking as booking_rows
from queue_server.store import tickets as ticket_rows
from queue_server.store.booking import BookingRow

PURPOSE = "booking"
TOKEN_BYTES = 24
"""The manage token: 192 random bits, URL-safe."""


@dataclass(frozen=True)
class BookingRequest:
    service_id: str
    day: date
    start: str
    nik: str = field(repr=False)
    lang: str = "id"
    idempotency_key: str | None = None
    contact: dict[str, str] = field(default_factory=dict, repr=False)
    """name, phone, email as given: handed to `contact_hook`, never stored here."""


@dataclass(frozen=True)
class Booked:
    row: BookingRow
    created: bool


def contact_hook(tx: Tx, booking_id: int, contact: dict[str, str]) -> None:
    """Where the notify helper stores a booking's name, phone and email (encrypted). Until
    it does, contact details are accepted and dropped: never stored in plain text."""


def _plan(tx: Tx, service_id: str) -> tuple[Service, BookingPlan]:
    service = tx.hall.service(service_id)
    if service is None:
        raise NotFound(
            f"Mohon maaf, layanan {service_id!r} tidak ada di mal ini. Silakan pilih layanan lain.",
            f"Sorry, there is no service {service_id!r} in this hall. Please choose another"
            " service.",
        )
    if service.booking is None:
        raise rules.DayClosed(
            f"Mohon maaf, layanan {service.name} tidak menerima pemesanan online. Silakan"
            " datang langsung dan ambil nomor antrean.",
            f"Sorry, {service.name_en} takes no online bookings. Please come in person and"
            " take a queue number.",
        )
    return service, service.booking


def _slot(tx: Tx, service: Service, plan: BookingPlan, day: date, start: str) -> Slot:
    """The slot asked for, if it may be booked now: else the contract's error."""
    today = tx.day
    if not today <= day <= today + timedelta(days=plan.days_ahead):
        raise rules.OutsideWindow(
            f"Mohon maaf, pemesanan hanya untuk hari ini sampai {plan.days_ahead} hari ke"
            " depan. Silakan pilih tanggal lain.",
            f"Sorry, bookings are taken for today and the next {plan.days_ahead} days only."
            " Please choose another date.",
        )
    reason = tx.hall.calendar.closed_reason(day)
    if reason is not None:
        holiday = tx.hall.calendar.holiday(day)
        what = f"hari libur ({holiday.name})" if holiday else "hari tutup"
        raise rules.DayClosed(
            f"Mohon maaf, tanggal {day:%d-%m-%Y} adalah {what}. Silakan pilih tanggal lain.",
            f"Sorry, {day.isoformat()} is a {'holiday' if holiday else 'closed day'}."
            " Please choose another date.",
        )
    slot = rules.slot_at(plan, tx.hall.calendar, day, start)
    if slot is None:
        raise rules.DayClosed(
            f"Mohon maaf, tidak ada sesi pukul {start.replace(':', '.')} pada tanggal"
            f" {day:%d-%m-%Y}. Silakan pilih jam lain.",
            f"Sorry, there is no session at {start} on {day.isoformat()}. Please choose"
            " another time.",
        )
    if not rules.bookable(plan, rules.starts_at(day, slot.start, tx.hall.timezone), tx.now):
        raise rules.OutsideWindow(
            f"Mohon maaf, jam ini harus dipesan paling lambat {plan.lead_minutes} menit"
            " sebelumnya. Silakan pilih jam yang lebih siang.",
            f"Sorry, this time must be booked at least {plan.lead_minutes} minutes ahead."
            " Please choose a later time.",
        )
    return slot


def _require_place(tx: Tx, service: Service, day: date, slot: Slot) -> None:
    if booking_rows.taken(tx.conn, service.id, day, slot.label) >= slot.capacity:
        raise rules.SlotFull(
            f"Mohon maaf, sesi pukul {slot.label.replace(':', '.')} sudah penuh. Silakan pilih jam"
            " lain.",
            f"Sorry, the {slot.label} session is fully booked. Please choose another time.",
        )


def _body_hash(request: BookingRequest, digest: str) -> str:
    body = {
        "service_id": request.service_id,
        "date": request.day.isoformat(),
        "start": request.start,
        "nik": digest,
        "lang": request.lang,
    }
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def create_booking(tx: Tx, request: BookingRequest) -> Booked:
    info = parse_nik(request.nik, tx.day)
    nik = normalize_nik(request.nik)
    period = tx.day.isoformat()
    digest = tx.keys.digest(PURPOSE, period, nik)
    if request.idempotency_key is not None:
        seen = booking_rows.idempotent(tx.conn, request.idempotency_key)
        if seen is not None:
            if seen[0] != _body_hash(request, digest):
                raise IdempotencyConflict(
                    "Kunci Idempotency-Key ini sudah dipakai untuk permintaan lain.",
                    "This Idempotency-Key was already used for a different request.",
                )
            row = booking_rows.get(tx.conn, seen[1])
            assert row is not None
            return Booked(row, created=False)
    service, plan = _plan(tx, request.service_id)
    slot = _slot(tx, service, plan, request.day, request.start)
    _require_nik_may_book(tx, nik, service, request.day)
    _require_place(tx, service, request.day, slot)
    slot_start = rules.starts_at(request.day, slot.start, tx.hall.timezone)
    code = rules.new_code()
    while booking_rows.code_exists(tx.conn, code):  # 2^40 codes: a clash is rare, not impossible
        code = rules.new_code()
    draft = BookingRow(
        id=0,
        code=code,
        manage_token=secrets.token_urlsafe(TOKEN_BYTES),
        service_id=service.id,
        agency_id=service.agency_id,
        day=request.day,
        start=slot.label,
        end=rules.hhmm(slot.end),
        starts_at=slot_start,
        expires_at=rules.expires_at(plan, slot_start),
        status=BookingStatus.BOOKED,
        nik_period=period,
        nik_masked=info.masked,
        ticket_id=None,
        affected=False,
        lang=request.lang,
        created_at=tx.now,
    )
    booking_id = booking_rows.insert(tx.conn, draft, digest, tx.now)
    if request.contact:
        contact_hook(tx, booking_id, request.contact)
    if request.idempotency_key is not None:
        booking_rows.remember_key(
            tx.conn, request.idempotency_key, _body_hash(request, digest), booking_id, tx.day
        )
    row = booking_rows.get(tx.conn, booking_id)
    assert row is not None
    _emit(tx, rules.BookingCreated, row)
    return Booked(row, created=True)


def _require_nik_may_book(tx: Tx, nik: str, service: Service, day: date) -> None:
    """Suspension, one open booking per service and day, `booking_limit_per_nik`."""
    limits = tx.hall.booking_rules
    strike_digests = [tx.keys.digest(PURPOSE, p, nik) for p in booking_rows.strike_periods(tx.conn)]
    until = rules.suspended_until(booking_rows.strike_days(tx.conn, strike_digests), limits, tx.day)
    if until is not None:
        raise rules.NikSuspended(
            f"Mohon maaf, NIK ini tidak dapat memesan sampai tanggal {until:%d-%m-%Y} karena"
            f" {limits.no_show_strikes} kali tidak datang. Silakan datang langsung dan ambil"
            " nomor antrean.",
            f"Sorry, this NIK cannot book until {until.isoformat()} after"
            f" {limits.no_show_strikes} missed bookings. Please come in person and take a"
            " queue number.",
        )
    periods = set(booking_rows.open_periods(tx.conn))
    held = booking_rows.open_by_nik(tx.conn, (tx.keys.digest(PURPOSE, p, nik) for p in periods))
    if (service.id, day.isoformat()) in held:
        raise rules.NikBookingLimit(
            f"Mohon maaf, NIK ini sudah memesan {service.name} pada tanggal {day:%d-%m-%Y}."
            " Silakan batalkan atau pindahkan pemesanan itu bila perlu.",
            f"Sorry, this NIK already booked {service.name_en} on {day.isoformat()}. Please"
            " cancel or move that booking if needed.",
        )
    if len(held) >= limits.limit_per_nik:
        raise rules.NikBookingLimit(
            f"Mohon maaf, NIK ini sudah memegang {limits.limit_per_nik} pemesanan aktif."
            " Silakan gunakan atau batalkan salah satunya dulu.",
            f"Sorry, this NIK already holds {limits.limit_per_nik} open bookings. Please use"
            " or cancel one of them first.",
        )


def _emit(tx: Tx, kind: type[rules.BookingEvent], row: BookingRow) -> None:
    tx.emit(
        [
            kind(
                at=tx.now,
                booking_id=row.id,
                service_id=row.service_id,
                day=row.day,
                start=row.start,
                status=row.status.value,
            )
        ]
    )


def _by_token(tx: Tx, token: str) -> BookingRow:
    row = booking_rows.by_token(tx.conn, token)
    if row is None:
        raise NotFound(
            "Mohon maaf, pemesanan tidak ditemukan. Periksa tautan dari pesan konfirmasi Anda.",
            "Sorry, the booking was not found. Check the link in your confirmation message.",
        )
    return row


def _require_booked(row: BookingRow) -> None:
    """Only an open booking can be cancelled or moved."""
    if row.status is BookingStatus.CANCELLED:
        raise rules.BookingCancelled(
            "Mohon maaf, pemesanan ini sudah dibatalkan. Silakan pesan jadwal baru.",
            "Sorry, this booking was cancelled. Please book a new time.",
        )
    if row.status is BookingStatus.EXPIRED:
        raise rules.BookingExpired(
            "Mohon maaf, pemesanan ini sudah kedaluwarsa. Silakan pesan jadwal baru.",
            "Sorry, this booking has expired. Please book a new time.",
        )
    if row.status is not BookingStatus.BOOKED:
        raise InvalidTransition(
            "Mohon maaf, pemesanan ini sudah check-in dan tidak dapat diubah lagi. Silakan"
            " tanyakan kepada petugas bila perlu.",
            "Sorry, this booking is checked in and can no longer be changed. Please ask the"
            " staff if needed.",
        )


def cancel_booking(tx: Tx, token: str) -> BookingRow:
    row = _by_token(tx, token)
    if row.status is BookingStatus.CANCELLED:
        return row  # cancelling twice is harmless: the place is already free
    _require_booked(row)
    booking_rows.set_status(tx.conn, row.id, BookingStatus.CANCELLED, tx.now, forget_nik=True)
    new = booking_rows.get(tx.conn, row.id)
    assert new is not None
    _emit(tx, rules.BookingCancelledEvent, new)
    return new


def move_booking(tx: Tx, token: str, day: date, start: str) -> BookingRow:
    """Take the new place first; the old one is released in the same transaction only
    when the new one was taken (any error leaves the booking as it was)."""
    row = _by_token(tx, token)
    _require_booked(row)
    service, plan = _plan(tx, row.service_id)
    slot = _slot(tx, service, plan, day, start)
    if (day, slot.label) == (row.day, row.start):
        return row
    _require_place(tx, service, day, slot)
    digest = booking_rows.nik_hmac_of(tx.conn, row.id)
    if digest is not None and booking_rows.same_link_on_day(tx.conn, row, digest, day):
        raise rules.NikBookingLimit(
            f"Mohon maaf, NIK ini sudah memesan {service.name} pada tanggal {day:%d-%m-%Y}."
            " Silakan pilih tanggal lain.",
            f"Sorry, this NIK already booked {service.name_en} on {day.isoformat()}. Please"
            " choose another date.",
        )
    slot_start = rules.starts_at(day, slot.start, tx.hall.timezone)
    booking_rows.move(
        tx.conn,
        row.id,
        day,
        slot.label,
        rules.hhmm(slot.end),
        slot_start,
        rules.expires_at(plan, slot_start),
        tx.now,
    )
    new = booking_rows.get(tx.conn, row.id)
    assert new is not None
    _emit(tx, rules.BookingMoved, new)
    return new


@dataclass(frozen=True)
class CheckIn:
    code: str
    nik_last4: str | None = None
    nik: str | None = field(default=None, repr=False)
    lang: str = "id"


def check_in(tx: Tx, request: CheckIn) -> Issued:
    """A booking becomes an `appointment` ticket. Unknown code and wrong digits give the
    same 404; a second check-in returns the same ticket."""
    code = rules.read_code(request.code)
    row = booking_rows.by_code(tx.conn, code) if code else None
    if row is None:
        raise rules.unknown_booking()
    nik_digest = None
    if request.nik is not None:
        nik = normalize_nik(request.nik)
        parse_nik(nik, tx.day)
        stored = booking_rows.nik_hmac_of(tx.conn, row.id)
        matches = stored is not None and secrets.compare_digest(
            stored, tx.keys.digest(PURPOSE, row.nik_period, nik)
        )
        if not matches and row.status is BookingStatus.CHECKED_IN:
            # The HMAC is gone once checked in: the masked digits still say who it was.
            matches = row.nik_masked is not None and row.nik_masked[-4:] == nik[-4:]
        nik_digest = tx.keys.for_day(tx.day, nik)
    else:
        digits = request.nik_last4 or ""
        matches = row.nik_masked is not None and secrets.compare_digest(row.nik_masked[-4:], digits)
    if not matches:
        raise rules.unknown_booking()
    if row.status is BookingStatus.CHECKED_IN and row.ticket_id is not None:
        record = ticket_rows.get(tx.conn, row.ticket_id)
        assert record is not None
        return Issued(record, created=False)
    service, plan = _plan(tx, row.service_id)
    rules.require_check_in(row.status, plan, row.starts_at, tx.now, tx.hall.timezone)
    issued = place_ticket(
        tx,
        service,
        Priority.APPOINTMENT,
        row.nik_masked,
        nik_digest,
        request.lang,
        appointment_at=row.starts_at,
    )
    booking_rows.set_status(
        tx.conn,
        row.id,
        BookingStatus.CHECKED_IN,
        tx.now,
        ticket_id=issued.record.ticket.id,
        forget_nik=True,
    )
    new = booking_rows.get(tx.conn, row.id)
    assert new is not None
    _emit(tx, rules.BookingCheckedIn, new)
    return issued


def expire_due(tx: Tx) -> int:
    """Bookings not checked in by `start + checkin_after` expire, each with its event and a
    strike for its NIK (kept, as the booking's HMAC, until the strike lapses)."""
    limits = tx.hall.booking_rules
    expired = booking_rows.due(tx.conn, tx.now)
    for row in expired:
        digest = booking_rows.nik_hmac_of(tx.conn, row.id)
        if digest is not None:
            forget = row.day + timedelta(days=limits.strike_days + limits.suspend_days)
            booking_rows.add_strike(tx.conn, digest, row.nik_period, row.day, forget)
        booking_rows.set_status(tx.conn, row.id, BookingStatus.EXPIRED, tx.now, forget_nik=True)
        new = booking_rows.get(tx.conn, row.id)
        assert new is not None
        _emit(tx, rules.BookingExpiredEvent, new)
    booking_rows.purge(tx.conn, tx.day)
    return len(expired)


def flag_affected(tx: Tx) -> int:
    """Open bookings on a day that is no longer open for them (a holiday added to the hall
    file, a session removed) are kept and flagged `affected` for staff to contact; the
    flag goes again when the hall file opens the slot again. Returns how many are
    flagged."""
    lost, kept = [], []
    for row in booking_rows.upcoming(tx.conn, tx.day):
        service = tx.hall.service(row.service_id)
        plan = service.booking if service is not None else None
        if plan is None or rules.slot_at(plan, tx.hall.calendar, row.day, row.start) is None:
            lost.append(row.id)
        elif row.affected:
            kept.append(row.id)
    booking_rows.set_affected(tx.conn, kept, affected=False)
    return booking_rows.set_affected(tx.conn, lost, affected=True)
