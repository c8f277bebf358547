"""What the summary report reads: the tickets and bookings of a period (docs/reports.md)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

from queue_core.report import BookingFact, TicketCell

# Durations in SQL as whole milliseconds (the stored times carry at most that), so a year
# of tickets is not a million datetime parses in Python.
_MS = "CAST(round((julianday({b}) - julianday({a})) * 86400000) AS INTEGER)"
_WAIT = _MS.format(a="t.queued_at", b="t.called_at")
_SERVICE = f"CASE WHEN t.status = 'done' THEN {_MS.format(a='t.started_at', b='t.finished_at')} END"
# The hall-local hour a ticket was issued in. The server stores UTC times ("…+00:00"): their
# hour is read off the text and moved by the hall zone's offset, whole hours for WIB, WITA
# and WIT (queue_core/hall.py), none of which has summer time. Any other stored offset
# goes through strftime, which turns it to UTC first (3× the cost over a year of tickets).
_HOUR = (
    "CASE WHEN :hours IS NOT NULL AND substr(t.issued_at, -6) = '+00:00'"
    " THEN (CAST(substr(t.issued_at, 12, 2) AS INTEGER) + :hours + 24) % 24"
    " ELSE CAST(strftime('%H', t.issued_at, :shift) AS INTEGER) END"
)
_KEY = {
    "agency": "t.service_id",  # to its agency below: one cell per service either way
    "service": "t.service_id",
    "counter": "t.counter_id",
    "operator": "t.called_by",
    "day": "t.day",
    "hour": _HOUR,
}


def _period(
    conn: sqlite3.Connection,
    first: date,
    last: date,
    timezone: str,
    services: list[str] | None,
    by_day: bool = True,
) -> tuple[str, dict[str, str | int | None]]:
    """`FROM … WHERE …` and the parameters of hall days first…last (and some services).
    `by_day`: the query groups by day first, so the day index also saves its sort."""
    offset = datetime.combine(first, datetime.min.time(), ZoneInfo(timezone)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    args: dict[str, str | int | None] = {
        "first": first.isoformat(),
        "last": last.isoformat(),
        "shift": f"{minutes:+d} minutes",
        "hours": minutes // 60 if minutes % 60 == 0 else None,
    }
    source = "FROM tickets t WHERE t.day BETWEEN :first AND :last"
    if not by_day and _most_of_the_days(conn, first, last):
        # One pass over the table: through the day index (or the counter index, to save
        # the GROUP BY's sort) every ticket would be looked up again by its rowid, 10–15 %
        # slower over a year.
        source = source.replace("tickets t", "tickets t NOT INDEXED")
    if services is not None:  # only the agency's services leave SQLite
        names = [f"s{i}" for i in range(len(services))]
        source += f" AND t.service_id IN ({', '.join(':' + n for n in names)})"
        args |= dict(zip(names, services, strict=True))
    return source, args


def _most_of_the_days(conn: sqlite3.Connection, first: date, last: date) -> bool:
    """Whether first…last covers most of the days the database holds tickets of (the day
    index answers min and max at once)."""
    held = conn.execute("SELECT min(day), max(day) FROM tickets").fetchone()
    if held[0] is None:
        return False
    start, end = date.fromisoformat(held[0]), date.fromisoformat(held[1])
    covered = (min(last, end) - max(first, start)).days + 1
    return covered * 2 > (end - start).days + 1


def _ascending(joined: str | None) -> list[int]:
    return sorted(map(int, joined.split(","))) if joined else []


def ticket_cells(
    conn: sqlite3.Connection,
    first: date,
    last: date,
    group_by: str,
    agency_of: dict[str, str],
    timezone: str,
    agency_id: str | None = None,
) -> Iterator[TicketCell]:
    """The tickets of hall days first…last, each at the service it ended at, counted per
    group and service in one pass: SQLite does the per-ticket work and hands over each
    cell's waits and service times as one string, so Python touches cells, not tickets."""
    services = None
    if agency_id is not None:
        services = sorted(s for s, a in agency_of.items() if a == agency_id)
    source, args = _period(conn, first, last, timezone, services, by_day=group_by == "day")
    # Who called a ticket, by user id: a dict here instead of a join per row.
    names = dict(conn.execute("SELECT id, username FROM users").fetchall())
    rows = conn.execute(
        f"SELECT {_KEY[group_by]}, t.service_id, count(*), sum(t.status = 'done'),"
        " sum(t.status = 'no_show'), sum(t.status = 'cancelled'), sum(t.status = 'expired'),"
        f" group_concat({_WAIT}), group_concat({_SERVICE})"
        f" {source} GROUP BY 1, 2",
        args,
    )
    for raw, service, issued, done, no_show, cancelled, expired, waits, served in rows:
        key: str | None
        if group_by == "agency":
            key = agency_of.get(service, "")
        elif group_by == "operator":
            key = None if raw is None else names.get(raw)
        elif group_by == "hour":
            key = f"{raw:02d}"
        else:
            key = None if raw is None else str(raw)
        yield TicketCell(
            key, service, issued, done, no_show, cancelled, expired,
            _ascending(waits), _ascending(served),
        )  # fmt: skip


def arrivals(
    conn: sqlite3.Connection,
    first: date,
    last: date,
    timezone: str,
    services: list[str] | None = None,
) -> dict[tuple[str, int], tuple[int, int]]:
    """{(hall day, local hour): (issued, served)} of first…last: the hour chart's and the
    heat map's figures, the summary's `issued` and `served` without the waits."""
    source, args = _period(conn, first, last, timezone, services)
    rows = conn.execute(
        f"SELECT t.day, {_HOUR}, count(*), sum(t.status = 'done') {source} GROUP BY 1, 2", args
    )
    return {(day, hour): (issued, served) for day, hour, issued, served in rows}


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


def by_month(
    conn: sqlite3.Connection,
    first: date,
    last: date,
    timezone: str,
    services: list[str] | None = None,
) -> dict[str, tuple[int, int]]:
    """{YYYY-MM: (issued, served)} of hall days first…last: the summary's `issued` and
    `served` added up by month, without the waits a month-over-month chart does not need."""
    source, args = _period(conn, first, last, timezone, services)
    rows = conn.execute(
        f"SELECT substr(t.day, 1, 7), count(*), sum(t.status = 'done') {source} GROUP BY 1",
        args,
    )
    return {month: (issued, served) for month, issued, served in rows}
