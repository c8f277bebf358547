"""Bookings (antrean online): the plan in the hall file, slots, and the rules.

A booking reserves an arrival time, not a place ahead of others: checked in, it becomes an
`appointment` ticket that dispatch takes first once its slot has begun. Online capacity
(sessions × slots) is apart from the walk-in quota. Everything here is pure: the server
counts places and stores bookings (queue_server/store/booking.py) inside the one writer's
transaction, so two requests can never both take a slot's last place.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import ClassVar

from queue_core.calendar import Calendar
from queue_core.errors import DomainError, NotFound
from queue_core.events import Event
from queue_core.numbering import zone

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford base32: no I, L, O or U, so a code read aloud or off a phone is unambiguous."""
CODE_LENGTH = 8
_CODE_READS = str.maketrans({"I": "1", "L": "1", "O": "0"})


class BookingStatus(StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


OPEN_STATUSES = (BookingStatus.BOOKED,)
"""What counts towards `booking_limit_per_nik` (checked in or ended bookings do not)."""
HOLDING_STATUSES = (BookingStatus.BOOKED, BookingStatus.CHECKED_IN)
"""What holds a slot's place (a cancelled or expired booking frees it)."""


@dataclass(frozen=True)
class Session:
    """Slots of `slot_minutes` from `start` to `end` on `weekdays` (0 = Monday), each with
    `capacity` places."""

    weekdays: frozenset[int]
    start: time
    end: time
    slot_minutes: int
    capacity: int

    def slots(self) -> list[tuple[time, time]]:
        first = datetime.combine(date.min, self.start)
        last = datetime.combine(date.min, time(0)) + timedelta(days=1)
        if self.end != time.max:
            last = datetime.combine(date.min, self.end)
        step = timedelta(minutes=self.slot_minutes)
        result = []
        while first + step <= last:
            end = first + step
            result.append((first.time(), time.max if end.day != first.day else end.time()))
            first = end
        return result


@dataclass(frozen=True)
class BookingPlan:
    """A service's `booking = {…}` and its `[[services.sessions]]`."""

    days_ahead: int = 7
    lead_minutes: int = 60
    checkin_before: int = 30
    checkin_after: int = 15
    sessions: tuple[Session, ...] = ()


@dataclass(frozen=True)
class BookingRules:
    """Hall-wide anti-tout rules (`[hall]` keys)."""

    limit_per_nik: int = 2
    no_show_strikes: int = 3
    strike_days: int = 30
    suspend_days: int = 14


@dataclass(frozen=True)
class Slot:
    start: time
    end: time
    capacity: int

    @property
    def label(self) -> str:
        return hhmm(self.start)


def hhmm(moment: time) -> str:
    """ "08:00"; `time.max` (midnight at the end of the day) is "24:00"."""
    return "24:00" if moment == time.max else f"{moment:%H:%M}"


def slots_of_day(plan: BookingPlan, calendar: Calendar, day: date) -> list[Slot]:
    """The day's slots in time order; none on a holiday or a day the hall is closed."""
    if not calendar.is_working_day(day):
        return []
    found: dict[time, Slot] = {}
    for session in plan.sessions:
        if day.weekday() in session.weekdays:
            for start, end in session.slots():
                found[start] = Slot(start, end, session.capacity)
    return [found[k] for k in sorted(found)]


def slot_at(plan: BookingPlan, calendar: Calendar, day: date, start: str) -> Slot | None:
    for slot in slots_of_day(plan, calendar, day):
        if slot.label == start:
            return slot
    return None


def starts_at(day: date, start: time, timezone: str) -> datetime:
    """A slot's start as an aware UTC datetime."""
    return datetime.combine(day, start, zone(timezone)).astimezone(UTC)


def window(plan: BookingPlan, today: date) -> list[date]:
    """Today and the next `days_ahead` days."""
    return [today + timedelta(days=n) for n in range(plan.days_ahead + 1)]


def bookable(plan: BookingPlan, slot_start: datetime, now: datetime) -> bool:
    """A slot may be booked until `lead_minutes` before it starts."""
    return slot_start >= now + timedelta(minutes=plan.lead_minutes)


# --- codes --------------------------------------------------------------------------------


def new_code() -> str:
    """8 random Crockford base32 characters (40 bits), stored without the hyphen."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def show_code(code: str) -> str:
    """ "XXXX-XXXX", as printed and shown."""
    return f"{code[:4]}-{code[4:]}"


def read_code(text: str) -> str | None:
    """A code as typed or scanned ("abcd-efgh", spaces, I/L for 1, O for 0) in its stored
    form, or None when it cannot be one."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -").translate(_CODE_READS)
    if len(cleaned) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    return cleaned


# --- errors ---------------------------------------------------------------------------------


class SlotFull(DomainError):
    code = "slot_full"


class DayClosed(DomainError):
    code = "day_closed"


class OutsideWindow(DomainError):
    code = "booking_window"
    status = 422


class NikBookingLimit(DomainError):
    code = "nik_booking_limit"


class NikSuspended(DomainError):
    code = "nik_suspended"


class TooEarly(DomainError):
    code = "too_early"


class BookingExpired(DomainError):
    code = "booking_expired"


class BookingCancelled(DomainError):
    code = "booking_cancelled"


def unknown_booking() -> NotFound:
    """The same words for an unknown code and wrong digits: no hint which one it was."""
    return NotFound(
        "Mohon maaf, kode pemesanan atau 4 digit NIK tidak cocok. Periksa lagi kode pada"
        " bukti pemesanan Anda.",
        "Sorry, the booking code or the last 4 NIK digits do not match. Check the code on"
        " your booking confirmation.",
    )


# --- check-in and expiry --------------------------------------------------------------------


def check_in_window(
    plan: BookingPlan, slot_start: datetime, timezone: str
) -> tuple[datetime, datetime]:
    """From when to when a booking may be checked in (both ends included)."""
    return (
        slot_start - timedelta(minutes=plan.checkin_before),
        slot_start + timedelta(minutes=plan.checkin_after),
    )


def require_check_in(
    status: BookingStatus, plan: BookingPlan, slot_start: datetime, now: datetime, timezone: str
) -> None:
    """Raise the contract's error when the booking cannot be checked in now. A booking
    already checked in is not refused: the caller returns its ticket again."""
    if status is BookingStatus.CANCELLED:
        raise BookingCancelled(
            "Mohon maaf, pemesanan ini sudah dibatalkan. Silakan ambil nomor antrean biasa.",
            "Sorry, this booking was cancelled. Please take a regular queue number.",
        )
    if status is BookingStatus.EXPIRED:
        raise _expired()
    opens, closes = check_in_window(plan, slot_start, timezone)
    if now < opens:
        local = opens.astimezone(zone(timezone))
        raise TooEarly(
            f"Mohon maaf, check-in untuk pemesanan ini dibuka pukul {local:%H.%M}"
            f" tanggal {local:%d-%m-%Y}. Silakan kembali pada waktu itu.",
            f"Sorry, check-in for this booking opens at {local:%H:%M} on {local:%Y-%m-%d}."
            " Please come back then.",
        )
    if now > closes:
        raise _expired()


def _expired() -> BookingExpired:
    return BookingExpired(
        "Mohon maaf, waktu check-in pemesanan ini sudah lewat. Silakan ambil nomor antrean biasa.",
        "Sorry, the check-in time of this booking has passed. Please take a regular queue number.",
    )


def expires_at(plan: BookingPlan, slot_start: datetime) -> datetime:
    return slot_start + timedelta(minutes=plan.checkin_after)


def suspended_until(strike_days: list[date], rules: BookingRules, today: date) -> date | None:
    """The day a NIK may book again, or None when it may book now. `strike_days` are the
    days of its no-shows: `no_show_strikes` of them within `strike_days` days suspend it
    for `suspend_days` days from the last of them."""
    days = sorted(strike_days)
    n = rules.no_show_strikes
    until: date | None = None
    for i in range(n - 1, len(days)):
        if (days[i] - days[i - n + 1]).days < rules.strike_days:
            end = days[i] + timedelta(days=rules.suspend_days)
            if today < end and (until is None or end > until):
                until = end
    return until


# --- events ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BookingEvent(Event):
    """`data` never holds the NIK, the code or the manage token."""

    booking_id: int
    service_id: str
    day: date
    start: str
    status: str

    def data(self) -> dict[str, object]:
        return {
            "booking_id": self.booking_id,
            "service_id": self.service_id,
            "date": self.day.isoformat(),
            "start": self.start,
            "status": self.status,
        }


@dataclass(frozen=True)
class BookingCreated(BookingEvent):
    type: ClassVar[str] = "booking.created"


@dataclass(frozen=True)
class BookingMoved(BookingEvent):
    type: ClassVar[str] = "booking.moved"


@dataclass(frozen=True)
class BookingCancelledEvent(BookingEvent):
    type: ClassVar[str] = "booking.cancelled"


@dataclass(frozen=True)
class BookingCheckedIn(BookingEvent):
    type: ClassVar[str] = "booking.checked_in"


@dataclass(frozen=True)
class BookingExpiredEvent(BookingEvent):
    type: ClassVar[str] = "booking.expired"
