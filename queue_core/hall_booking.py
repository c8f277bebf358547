"""The hall file's calendar and booking keys, read with the same care as the rest of it
(queue_core/hall.py): every complaint names the file, the entry and the fix.

    [hall]
    days = ["mon", "tue", "wed", "thu", "fri"]
    booking_limit_per_nik = 2
    no_show_strikes = 3
    strike_days = 30
    suspend_days = 14

    [[holidays]]
    date = "2026-12-25"
    name = "Hari Raya Natal"

    [[services]]
    booking = {days_ahead = 7, lead_minutes = 60, checkin_before = 30, checkin_after = 15}
    [[services.sessions]]
    weekdays = ["mon", "tue"]
    start = "08:00"
    end = "12:00"
    slot_minutes = 30
    capacity = 4
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import TYPE_CHECKING, Any

from queue_core.booking import BookingPlan, BookingRules, Session
from queue_core.calendar import DEFAULT_DAYS, WEEKDAYS, Calendar, Holiday
from queue_core.errors import ConfigError

if TYPE_CHECKING:
    from queue_core.hall import _Reader

_BOOKING_KEYS = ("days_ahead", "lead_minutes", "checkin_before", "checkin_after")
_LIMITS = {
    "days_ahead": (0, 60),
    "lead_minutes": (0, 24 * 60),
    "checkin_before": (0, 24 * 60),
    "checkin_after": (0, 24 * 60),
}


def _weekdays(reader: _Reader, key: str, default: Any) -> frozenset[int]:
    names = reader.get(key, list, default)
    if not names or not all(isinstance(n, str) and n in WEEKDAYS for n in names):
        raise reader.fail(
            f"{key} must list day names from {', '.join(WEEKDAYS)}",
            f'write e.g. {key} = ["mon", "tue", "wed", "thu", "fri"]',
        )
    return frozenset(WEEKDAYS.index(n) for n in names)


def parse_calendar(top: _Reader, raw: Mapping[str, Any], source: str) -> Calendar:
    """`[hall] days` and the `[[holidays]]` entries."""
    from queue_core.hall import _Reader

    days = _weekdays(top, "days", list(DEFAULT_DAYS))
    entries = raw.get("holidays", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(
            f"{source}: [[holidays]] must be an array of tables. Fix: write each as [[holidays]]"
        )
    seen: dict[date, str] = {}
    holidays = []
    for i, entry in enumerate(entries, 1):
        reader = _Reader(source, f"holiday #{i} ({entry.get('date', '?')})", entry)
        value = reader.get("date", (str, date), fix='add date = "2026-12-25"')
        try:
            day = value if isinstance(value, date) else date.fromisoformat(value)
        except ValueError:
            raise reader.fail(
                f"date {value!r} is not a date", 'write it as "YYYY-MM-DD", e.g. "2026-12-25"'
            ) from None
        if day in seen:
            raise reader.fail(
                f"date {day} is already the holiday {seen[day]!r}",
                "list each date once (join the names if two holidays fall on one day)",
            )
        name = reader.text("name")
        seen[day] = name
        holidays.append(Holiday(day, name))
    holidays.sort(key=lambda h: h.day)
    return Calendar(days=days, holidays=tuple(holidays))


def parse_rules(top: _Reader) -> BookingRules:
    """The hall-wide `booking_limit_per_nik`, `no_show_strikes`, `strike_days`,
    `suspend_days`."""
    values = {
        "limit_per_nik": top.get("booking_limit_per_nik", int, 2),
        "no_show_strikes": top.get("no_show_strikes", int, 3),
        "strike_days": top.get("strike_days", int, 30),
        "suspend_days": top.get("suspend_days", int, 14),
    }
    for key, value in values.items():
        if not 1 <= value <= 366:
            name = "booking_limit_per_nik" if key == "limit_per_nik" else key
            raise top.fail(
                f"{name} {value} is out of range", f"use a whole number 1-366 for {name}"
            )
    return BookingRules(**values)


def parse_plan(
    reader: _Reader, entry: Mapping[str, Any], opens: time, closes: time
) -> BookingPlan | None:
    """A service's `booking = {…}` and `[[services.sessions]]`; None when it takes no
    bookings. Sessions must lie within the service's hours (a booked citizen must find
    the service open) and never overlap on a weekday."""
    from queue_core.hall import _Reader

    table = reader.get("booking", dict, None)
    sessions_raw = reader.get("sessions", list, None)
    if table is None and sessions_raw is None:
        return None
    if table is None:
        raise reader.fail(
            "sessions are set but booking is not",
            "add booking = {days_ahead = 7, lead_minutes = 60, checkin_before = 30,"
            " checkin_after = 15}",
        )
    if not sessions_raw:
        raise reader.fail(
            "booking is set but there are no [[services.sessions]]",
            'add [[services.sessions]] weekdays = ["mon"], start = "08:00", end = "12:00",'
            " slot_minutes = 30, capacity = 4",
        )
    inner = _Reader(reader.source, f"{reader.entry} booking", table)
    unknown = set(table) - set(_BOOKING_KEYS)
    if unknown:
        raise inner.fail(
            f"unknown key {sorted(unknown)[0]!r}", f"use only {', '.join(_BOOKING_KEYS)}"
        )
    numbers = {}
    for key in _BOOKING_KEYS:
        low, high = _LIMITS[key]
        value = inner.get(key, int, getattr(BookingPlan, key))
        if not low <= value <= high:
            raise inner.fail(f"{key} {value} is out of range", f"use {low}-{high}")
        numbers[key] = value
    sessions = []
    taken: dict[int, list[tuple[time, time]]] = {}
    for i, raw_session in enumerate(sessions_raw, 1):
        if not isinstance(raw_session, dict):
            raise reader.fail("sessions must be tables", "write each as [[services.sessions]]")
        sr = _Reader(reader.source, f"{reader.entry} session #{i}", raw_session)
        weekdays = _weekdays(sr, "weekdays", ...)
        start = sr.clock(sr.get("start", str), "start")
        end = sr.clock(sr.get("end", str), "end")
        if end <= start:
            raise sr.fail("end is not after start", "make end later than start")
        if start < opens or (end > closes and closes != time.max):
            raise sr.fail(
                f"the session runs outside the service's hours {opens:%H:%M}-"
                f"{'24:00' if closes == time.max else f'{closes:%H:%M}'}",
                "keep start and end within the hours (a booked citizen must find it open)",
            )
        minutes = sr.get("slot_minutes", int, fix="add slot_minutes = 30")
        capacity = sr.get("capacity", int, fix="add capacity = bookings per slot, e.g. 4")
        if not 5 <= minutes <= 24 * 60:
            raise sr.fail(f"slot_minutes {minutes} is out of range", "use 5 minutes or more")
        if not 1 <= capacity <= 10_000:
            raise sr.fail(f"capacity {capacity} is out of range", "use 1 or more")
        session = Session(weekdays, start, end, minutes, capacity)
        if not session.slots():
            raise sr.fail("no slot fits between start and end", "make slot_minutes shorter")
        for day in weekdays:
            for other_start, other_end in taken.get(day, []):
                if start < other_end and other_start < end:
                    raise sr.fail(
                        f"it overlaps another session on {WEEKDAYS[day]}",
                        "give each weekday's sessions separate hours",
                    )
            taken.setdefault(day, []).append((start, end))
        sessions.append(session)
    return BookingPlan(**numbers, sessions=tuple(sessions))
