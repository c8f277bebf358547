"""What the summary report reads: the tickets and bookings of a period (docs/reports.md)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

from queue_core.report import BookingFact, TicketFact


def _time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


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
    rows = conn.execute(
        "SELECT t.day, t.service_id, t.counter_id, t.status, t.issued_at, t.queued_at,"
        " t.called_at, t.started_at, t.finished_at, u.username FROM tickets t"
        " LEFT JOIN users u ON u.id = t.called_by WHERE t.day BETWEEN ? AND ?",
        (first.isoformat(), last.isoformat()),
    )
    for day, service, counter, status, issued, queued, called, started, finished, who in rows:
        agency = agency_of.get(service, "")
        if agency_id is not None and agency != agency_id:
            continue
        issued_at = datetime.fromisoformat(issued)
        yield TicketFact(
            day=date.fromisoformat(day),
            service_id=service,
            agency_id=agency,
            counter_id=counter,
            status=status,
            issued_at=issued_at,
            queued_at=datetime.fromisoformat(queued),
            called_at=_time(called),
            started_at=_time(started),
            finished_at=_time(finished),
            hour=issued_at.astimezone(zone).hour,
            operator=who,
        )


def bookings(
    conn: sqlite3.Connection, first: date, last: date, agency_id: str | None = None
) -> Iterator[BookingFact]:
    """The bookings for hall days first…last (by the day booked for)."""
    rows = conn.execute(
        "SELECT b.day, b.service_id, b.agency_id, t.counter_id, b.status, b.start, u.username"
        " FROM bookings b LEFT JOIN tickets t ON t.id = b.ticket_id"
        " LEFT JOIN users u ON u.id = t.called_by"
        " WHERE b.day BETWEEN ? AND ? AND (? IS NULL OR b.agency_id = ?)",
        (first.isoformat(), last.isoformat(), agency_id, agency_id),
    )
    for day, service, agency, counter, status, start, who in rows:
        yield BookingFact(
            day=date.fromisoformat(day),
            service_id=service,
            agency_id=agency,
            counter_id=counter,
            status=status,
            hour=int(start.split(":")[0]),
            operator=who,
        )
