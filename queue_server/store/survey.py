"""SKM responses: storing one per visit, and the sums the index is computed from."""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from queue_core.survey import RESPONDENT_FIELDS, UNKNOWN, UNSUR, Tally
from queue_server.store import tickets as ticket_rows
from queue_server.store.tickets import TicketRecord

_ID_BITS = 62


@dataclass(frozen=True)
class Response:
    day: date
    agency_id: str
    service_id: str
    counter_id: int | None
    channel: str
    answers: dict[str, int]
    respondent: dict[str, str]
    suggestion: str | None


@dataclass(frozen=True)
class Period:
    """Hall days from `first` to `last`, both included, optionally one agency/service."""

    first: date
    last: date
    agency_id: str | None = None
    service_id: str | None = None

    def where(self) -> tuple[str, list[object]]:
        sql = "day BETWEEN ? AND ?"
        args: list[object] = [self.first.isoformat(), self.last.isoformat()]
        if self.agency_id is not None:
            sql += " AND agency_id = ?"
            args.append(self.agency_id)
        if self.service_id is not None:
            sql += " AND service_id = ?"
            args.append(self.service_id)
        return sql, args


def has_answered(conn: sqlite3.Connection, ticket_id: int) -> bool:
    row = conn.execute("SELECT 1 FROM surveyed_tickets WHERE ticket_id = ?", (ticket_id,))
    return row.fetchone() is not None


def record(conn: sqlite3.Connection, ticket_id: int, response: Response) -> bool:
    """Store a response for a ticket; False (and nothing stored) when it already has one."""
    seen = conn.execute(
        "INSERT INTO surveyed_tickets (ticket_id) VALUES (?) ON CONFLICT DO NOTHING", (ticket_id,)
    )
    if seen.rowcount == 0:
        return False
    columns = ["id", "day", "agency_id", "service_id", "counter_id", "channel", *UNSUR]
    values: list[object] = [
        secrets.randbits(_ID_BITS) + 1,
        response.day.isoformat(),
        response.agency_id,
        response.service_id,
        response.counter_id,
        response.channel,
        *(response.answers[u] for u in UNSUR),
    ]
    for name in RESPONDENT_FIELDS:
        columns.append(name)
        values.append(response.respondent.get(name))
    columns.append("suggestion")
    values.append(response.suggestion)
    conn.execute(
        f"INSERT INTO survey_responses ({', '.join(columns)})"
        f" VALUES ({', '.join('?' * len(columns))})",
        values,
    )
    return True


_SUMS = ", ".join(f"sum({u})" for u in UNSUR)
_TALLY_SUMS = ", ".join(f"sum(s{i})" for i in range(1, len(UNSUR) + 1))


def tally(
    conn: sqlite3.Connection, period: Period
) -> tuple[Tally, list[tuple[str, str | None, int]]]:
    """The period's sums and its respondents by group, from the running totals the
    trigger keeps (see migration m010): a few rows per day, however many answered."""
    where, args = period.where()
    total = Tally(0, (0,) * len(UNSUR))
    groups: list[tuple[str, str | None, int]] = []
    rows = conn.execute(
        f"SELECT field, value, sum(n), {_TALLY_SUMS} FROM survey_tally WHERE {where}"
        " GROUP BY field, value",
        args,
    )
    for field, value, n, *sums in rows:
        if field == "":
            total = Tally(int(n), tuple(int(v) for v in sums))
        else:
            groups.append((field, None if value == UNKNOWN else value, int(n)))
    return total, groups


def tally_of_answers(conn: sqlite3.Connection, period: Period) -> Tally:
    """The same sums straight from the answers (what the running totals must equal)."""
    where, args = period.where()
    row = conn.execute(
        f"SELECT count(*), {_SUMS} FROM survey_responses WHERE {where}", args
    ).fetchone()
    return Tally(int(row[0]), tuple(int(v or 0) for v in row[1:]))


def suggestions(
    conn: sqlite3.Connection, period: Period, limit: int = 1000
) -> list[tuple[str, str, str]]:
    """(day, service_id, text) of the period's written suggestions, by day."""
    where, args = period.where()
    rows = conn.execute(
        f"SELECT day, service_id, suggestion FROM survey_responses WHERE {where}"
        " AND suggestion IS NOT NULL AND suggestion != '' ORDER BY day, service_id LIMIT ?",
        [*args, limit],
    )
    return [(r[0], r[1], r[2]) for r in rows]


def visits_done(conn: sqlite3.Connection, period: Period, service_ids: list[str] | None) -> int:
    """The population of the period: tickets finished (`done`) on its hall days."""
    sql = "SELECT count(*) FROM tickets WHERE day BETWEEN ? AND ? AND status = 'done'"
    args: list[object] = [period.first.isoformat(), period.last.isoformat()]
    if service_ids is not None:
        sql += f" AND service_id IN ({', '.join('?' * len(service_ids))})"
        args.extend(service_ids)
    return int(conn.execute(sql, args).fetchone()[0])


def last_finished(
    conn: sqlite3.Connection, counter_id: int, since: datetime
) -> TicketRecord | None:
    """The ticket a counter finished most recently, if that was after `since`."""
    row = conn.execute(
        ticket_rows._SELECT + " WHERE counter_id = ? AND status = 'done' AND finished_at >= ?"
        " ORDER BY finished_at DESC LIMIT 1",
        (counter_id, since.isoformat()),
    ).fetchone()
    return ticket_rows._from_row(row) if row else None
