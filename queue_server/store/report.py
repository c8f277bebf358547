"""What the summary report reads: the tickets and bookings of a period (docs/reports.md)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

from queue_core.report import BookingFact, TicketFact

# Durations in SQL (milliseconds, rounded: the stored times carry at most that), so a year
# of tickets is not a million datetime parses in Python.
_MS = "round((julianday({b}) - julianday({a})) * 86400000) / 1000.0"
_WAIT = _MS.format(a="t.queued_at", b="t.called_at")
_SERVICE = f"CASE WHEN t.status = 'done' THEN {_MS.format(a='t.started_at', b='t.finished_at')} END"


def tickets(
    conn: sqlite3.Connection,
    first: date,
    last: date,
    agency_of: dict[str, str],
    timezone: str,
    agency_id: str | None = None,
) -> Iterator[TicketFact]:
    """The tickets of hall days first…last, each at the service it ended at."""
    zone = ZoneInfo(timezone)
    hours: dict[str, int] = {}
    # Who called a ticket, by user id: a dict here instead of a join per row.
    names = dict(conn.execute("SELECT id, username FROM users").fetchall())
    where, args = "t.day BETWEEN ? AND ?", [first.isoformat(), last.isoformat()]
    if agency_id:  # only the agency's services leave SQLite
        services = sorted(s for s, a in agency_of.items() if a == agency_id)
        where += f" AND t.service_id IN ({', '.join('?' * len(services))})"
        args += services
    rows = conn.execute(
        "SELECT t.day, t.service_id, t.counter_id, t.called_by, t.issued_at, t.status,"
        f" {_WAIT}, {_SERVICE} FROM tickets t WHERE {where}",
        args,
    )
    for day, service, counter, caller, issued, status, wait, served in rows:
        agency = agency_of.get(service, "")
        if agency_id is not None and agency != agency_id:
            continue
        # The local hour, parsed once per stored hour (and offset), not once per ticket.
        stamp = issued[:13] + issued[-6:]
        hour = hours.get(stamp)
        if hour is None:
            hour = hours[stamp] = datetime.fromisoformat(issued).astimezone(zone).hour
        who = None if caller is None else names.get(caller)
        yield TicketFact(day, service, agency, counter, who, hour, status, wait, served)


def bookings(
    conn: sqlite3.Connection, first: date, last: date, agency_id: str | None = None
) -> Iterator[BookingFact]:
    """The bookings for hall days first…last (by the day booked for)."""
    rows = conn.execute(
        "SELECT b.day, b.service_id, b.agency_id, t.counter_id, u.username, b.start, b.status"
        " FROM bookings b LEFT JOIN tickets t ON t.id = b.ticket_id"
        " LEFT JOIN users u ON u.id = t.called_by"
        " WHERE b.day BETWEEN ? AND ? AND (? IS NULL OR b.agency_id = ?)",
        (first.isoformat(), last.isoformat(), agency_id, agency_id),
    )
    for day, service, agency, counter, who, start, status in rows:
        yield BookingFact(day, service, agency, counter, who, int(start.split(":")[0]), status)
