"""Dossiers' rows and their trail (SQL only; the rules are queue_core/dossier.py)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from queue_core.dossier import CLOCK_RUNS, Dossier, Entry, Status
from queue_core.events import iso


@dataclass(frozen=True)
class DossierRow:
    id: int
    reference: str
    ticket_id: int
    service_id: str
    agency_id: str
    title: str | None
    status: Status
    due_date: date | None
    paused_days: int | None
    created_at: datetime
    timeline: tuple[Entry, ...]

    @property
    def dossier(self) -> Dossier:
        return Dossier(self.status, self.due_date, self.timeline, self.paused_days)


def _timeline(conn: sqlite3.Connection, dossier_id: int) -> tuple[Entry, ...]:
    found = conn.execute(
        "SELECT at, status, note, system, code FROM dossier_timeline"
        " WHERE dossier_id = ? ORDER BY id",
        (dossier_id,),
    ).fetchall()
    return tuple(
        Entry(
            datetime.fromisoformat(r["at"]), Status(r["status"]), r["note"], r["system"], r["code"]
        )
        for r in found
    )


def _row(conn: sqlite3.Connection, r: sqlite3.Row) -> DossierRow:
    return DossierRow(
        id=r["id"],
        reference=r["reference"],
        ticket_id=r["ticket_id"],
        service_id=r["service_id"],
        agency_id=r["agency_id"],
        title=r["title"],
        status=Status(r["status"]),
        due_date=None if r["due_date"] is None else date.fromisoformat(r["due_date"]),
        paused_days=r["paused_days"],
        created_at=datetime.fromisoformat(r["created_at"]),
        timeline=_timeline(conn, r["id"]),
    )


def next_running(conn: sqlite3.Connection, day: date) -> int:
    found = conn.execute(
        "SELECT COUNT(*) FROM dossiers WHERE reference LIKE ?", (f"BRK-{day:%Y%m%d}-%",)
    ).fetchone()
    return int(found[0]) + 1


def _add_entries(conn: sqlite3.Connection, dossier_id: int, entries: tuple[Entry, ...]) -> None:
    conn.executemany(
        "INSERT INTO dossier_timeline (dossier_id, at, status, note, system, code)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(dossier_id, e.at.isoformat(), e.status.value, e.note, e.system, e.code) for e in entries],
    )


def insert(
    conn: sqlite3.Connection,
    *,
    reference: str,
    ticket_id: int,
    service_id: str,
    agency_id: str,
    title: str | None,
    dossier: Dossier,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO dossiers (reference, ticket_id, service_id, agency_id, title, status,"
        " due_date, paused_days, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            reference,
            ticket_id,
            service_id,
            agency_id,
            title,
            dossier.status.value,
            None if dossier.due_date is None else dossier.due_date.isoformat(),
            dossier.paused_days,
            now.isoformat(),
            now.isoformat(),
        ),
    )
    dossier_id = int(cur.lastrowid or 0)
    _add_entries(conn, dossier_id, dossier.timeline)
    return dossier_id


def save(
    conn: sqlite3.Connection, dossier_id: int, before: Dossier, after: Dossier, now: datetime
) -> None:
    """The new state, and the trail's new lines (the old ones never change)."""
    conn.execute(
        "UPDATE dossiers SET status = ?, due_date = ?, paused_days = ?, updated_at = ?"
        " WHERE id = ?",
        (
            after.status.value,
            None if after.due_date is None else after.due_date.isoformat(),
            after.paused_days,
            now.isoformat(),
            dossier_id,
        ),
    )
    _add_entries(conn, dossier_id, after.timeline[len(before.timeline) :])


def by_id(conn: sqlite3.Connection, dossier_id: int) -> DossierRow | None:
    r = conn.execute("SELECT * FROM dossiers WHERE id = ?", (dossier_id,)).fetchone()
    return None if r is None else _row(conn, r)


def by_ticket(conn: sqlite3.Connection, ticket_id: int) -> DossierRow | None:
    r = conn.execute("SELECT * FROM dossiers WHERE ticket_id = ?", (ticket_id,)).fetchone()
    return None if r is None else _row(conn, r)


def page(
    conn: sqlite3.Connection,
    *,
    status: str | None,
    agency_id: str | None,
    overdue_before: date | None,
    on_time_from: date | None,
    before: int | None,
    limit: int,
) -> list[DossierRow]:
    """Newest first. `overdue_before`: only late ones (clock running, due before that
    day); `on_time_from`: only those not late. Both filtered in SQL so pages stay whole."""
    where, args = [], []
    if status is not None:
        where.append("status = ?")
        args.append(status)
    if agency_id is not None:
        where.append("agency_id = ?")
        args.append(agency_id)
    running = ", ".join(f"'{s.value}'" for s in sorted(CLOCK_RUNS))
    if overdue_before is not None:
        where.append(f"status IN ({running}) AND due_date < ?")
        args.append(overdue_before.isoformat())
    if on_time_from is not None:
        where.append(f"NOT (status IN ({running}) AND due_date IS NOT NULL AND due_date < ?)")
        args.append(on_time_from.isoformat())
    if before is not None:
        where.append("id < ?")
        args.append(str(before))
    sql = "SELECT * FROM dossiers"
    if where:
        sql += " WHERE " + " AND ".join(where)
    found = conn.execute(sql + " ORDER BY id DESC LIMIT ?", (*args, limit)).fetchall()
    return [_row(conn, r) for r in found]


def booking_of_ticket(conn: sqlite3.Connection, ticket_id: int) -> int | None:
    """The booking a ticket was checked in from: its contact is the only one a ticket can
    have (a walk-in ticket leaves none)."""
    r = conn.execute("SELECT id FROM bookings WHERE ticket_id = ?", (ticket_id,)).fetchone()
    return None if r is None else int(r["id"])


def month_counts(
    conn: sqlite3.Connection, start: datetime, end: datetime, agency_id: str | None, today: date
) -> tuple[dict[str, int], int]:
    """The dossiers opened in [start, end), by their status now, and how many of them are
    late today (as the list's overdue filter): the monthly report's part."""
    where, args = "created_at >= ? AND created_at < ?", [iso(start), iso(end)]
    if agency_id is not None:
        where += " AND agency_id = ?"
        args.append(agency_id)
    counts = dict(
        conn.execute(f"SELECT status, count(*) FROM dossiers WHERE {where} GROUP BY status", args)
    )
    running = ", ".join(f"'{s.value}'" for s in sorted(CLOCK_RUNS))
    late = conn.execute(
        f"SELECT count(*) FROM dossiers WHERE {where} AND status IN ({running}) AND due_date < ?",
        (*args, today.isoformat()),
    ).fetchone()[0]
    return counts, int(late)
