"""Ticket rows, numbering and idempotency keys."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, fields
from datetime import date, datetime

from queue_core.ticket import PRIORITY_GROUPS, Priority, Ticket, TicketStatus


@dataclass(frozen=True)
class TicketRecord:
    """A ticket with what only the server keeps beside it."""

    ticket: Ticket
    tracking_token: str
    nik_masked: str | None = None
    lang: str = "id"
    note: str | None = None
    eta_at_issue: int | None = None


_TIME_FIELDS = (
    "issued_at",
    "queued_at",
    "called_at",
    "started_at",
    "finished_at",
    "appointment_at",
)
_COLUMNS = [f.name for f in fields(Ticket)]
_SELECT = (
    "SELECT "
    + ", ".join(_COLUMNS)
    + ", tracking_token, nik_masked, lang, note, eta_at_issue FROM tickets"
)


def _ts(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _from_row(row: sqlite3.Row) -> TicketRecord:
    values = {name: row[name] for name in _COLUMNS}
    for name in _TIME_FIELDS:
        if values[name] is not None:
            values[name] = datetime.fromisoformat(values[name])
    values["day"] = date.fromisoformat(values["day"])
    values["status"] = TicketStatus(values["status"])
    values["priority"] = Priority(values["priority"])
    return TicketRecord(
        ticket=Ticket(**values),
        tracking_token=row["tracking_token"],
        nik_masked=row["nik_masked"],
        lang=row["lang"],
        note=row["note"],
        eta_at_issue=row["eta_at_issue"],
    )


def next_running(conn: sqlite3.Connection, day: date, prefix: str) -> int:
    """The next running number for a prefix on a hall day, reserved in this transaction.

    A row per (day, prefix) bumped inside the writer's transaction: concurrent kiosks get
    consecutive numbers, and a crash before COMMIT gives the number back unused."""
    row = conn.execute(
        "INSERT INTO numbering (day, prefix, last) VALUES (?, ?, 1) "
        "ON CONFLICT (day, prefix) DO UPDATE SET last = last + 1 RETURNING last",
        (day.isoformat(), prefix),
    ).fetchone()
    return int(row[0])


def issued_count(conn: sqlite3.Connection, day: date, prefix: str) -> int:
    row = conn.execute(
        "SELECT last FROM numbering WHERE day = ? AND prefix = ?", (day.isoformat(), prefix)
    ).fetchone()
    return int(row[0]) if row else 0


def insert(
    conn: sqlite3.Connection, record: TicketRecord, nik_hmac: str | None, now: datetime
) -> Ticket:
    t = record.ticket
    cur = conn.execute(
        "INSERT INTO tickets (day, service_id, prefix, running, status, priority, issued_at,"
        " queued_at, appointment_at, tracking_token, nik_hmac, nik_masked, lang, eta_at_issue,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            t.day.isoformat(),
            t.service_id,
            t.prefix,
            t.running,
            t.status.value,
            t.priority.value,
            _ts(t.issued_at),
            _ts(t.queued_at),
            _ts(t.appointment_at),
            record.tracking_token,
            nik_hmac,
            record.nik_masked,
            record.lang,
            record.eta_at_issue,
            _ts(now),
        ),
    )
    return Ticket(**{**{f: getattr(t, f) for f in _COLUMNS}, "id": int(cur.lastrowid or 0)})


def save(conn: sqlite3.Connection, t: Ticket, now: datetime, note: str | None = None) -> None:
    """Write back the fields a transition may change."""
    conn.execute(
        "UPDATE tickets SET service_id = ?, status = ?, queued_at = ?, called_at = ?,"
        " started_at = ?, finished_at = ?, counter_id = ?, target_counter_id = ?, recalls = ?,"
        " note = COALESCE(?, note), updated_at = ? WHERE id = ?",
        (
            t.service_id,
            t.status.value,
            _ts(t.queued_at),
            _ts(t.called_at),
            _ts(t.started_at),
            _ts(t.finished_at),
            t.counter_id,
            t.target_counter_id,
            t.recalls,
            note,
            _ts(now),
            t.id,
        ),
    )


def get(conn: sqlite3.Connection, ticket_id: int) -> TicketRecord | None:
    row = conn.execute(_SELECT + " WHERE id = ?", (ticket_id,)).fetchone()
    return _from_row(row) if row else None


def by_token(conn: sqlite3.Connection, token: str) -> TicketRecord | None:
    row = conn.execute(_SELECT + " WHERE tracking_token = ?", (token,)).fetchone()
    return _from_row(row) if row else None


def of_day(
    conn: sqlite3.Connection,
    day: date,
    *,
    status: str | None = None,
    service_ids: list[str] | None = None,
    counter_id: int | None = None,
) -> list[TicketRecord]:
    sql = _SELECT + " WHERE day = ?"
    args: list[str | int] = [day.isoformat()]
    if status is not None:
        sql += " AND status = ?"
        args.append(status)
    if service_ids is not None:
        sql += f" AND service_id IN ({', '.join('?' * len(service_ids))})"
        args.extend(service_ids)
    if counter_id is not None:
        sql += " AND counter_id = ?"
        args.append(counter_id)
    return [_from_row(r) for r in conn.execute(sql + " ORDER BY id", args)]


def waiting(conn: sqlite3.Connection, day: date, service_ids: list[str]) -> list[Ticket]:
    return [r.ticket for r in of_day(conn, day, status="waiting", service_ids=service_ids)]


def lane_heads(
    conn: sqlite3.Connection, day: date, counter_id: int, service_ids: list[str], now: datetime
) -> list[Ticket]:
    """The only waiting tickets dispatch can pick for this counter: those sent to it, the
    due appointments, and the oldest priority and oldest regular ticket of each service.

    Within one service both lanes are first come, first served, and an older ticket is
    never less overdue, so every lane's winner is among these heads: dispatch decides
    exactly as over the whole queue (a test holds the two equal), in time that does not
    grow with the queue."""
    d, stamp = day.isoformat(), now.isoformat()
    rows = list(
        conn.execute(
            _SELECT + " WHERE day = ? AND status = 'waiting' AND target_counter_id = ?",
            (d, counter_id),
        )
    )
    marks = ", ".join("?" * len(service_ids))
    rows += conn.execute(
        _SELECT + f" WHERE day = ? AND service_id IN ({marks}) AND status = 'waiting'"
        " AND target_counter_id IS NULL AND priority = 'appointment' AND appointment_at <= ?",
        (d, *service_ids, stamp),
    ).fetchall()
    for service_id in service_ids:
        for lane in (f"priority IN ({_PRIORITY_SQL})", f"priority NOT IN ({_PRIORITY_SQL})"):
            rows += conn.execute(
                _SELECT + " WHERE day = ? AND service_id = ? AND status = 'waiting'"
                f" AND target_counter_id IS NULL AND {lane}"
                " AND NOT (priority = 'appointment' AND appointment_at IS NOT NULL"
                " AND appointment_at <= ?) ORDER BY queued_at, id LIMIT 1",
                (d, service_id, stamp),
            ).fetchall()
    return [_from_row(r).ticket for r in rows]


def held_by(conn: sqlite3.Connection, counter_id: int, day: date) -> Ticket | None:
    """The called/serving ticket a counter holds today. A ticket someone forgot to finish
    yesterday does not block the counter for the new day (supervisors can still finish it)."""
    row = conn.execute(
        _SELECT + " WHERE counter_id = ? AND status IN ('called', 'serving') AND day = ? LIMIT 1",
        (counter_id, day.isoformat()),
    ).fetchone()
    return _from_row(row).ticket if row else None


_PRIORITY_SQL = ", ".join(f"'{p.value}'" for p in PRIORITY_GROUPS)


def lane_counts(
    conn: sqlite3.Connection, day: date, service_id: str, now: datetime
) -> dict[str, int]:
    """Waiting tickets of a service per dispatch lane (see queue_core.dispatch), from the
    counts the triggers keep; only appointments need a look at the clock."""
    counts = {"targeted": 0, "due": 0, "priority": 0, "regular": 0}
    appointments = 0
    for lane, n in conn.execute(
        "SELECT lane, n FROM waiting_lanes WHERE day = ? AND service_id = ?",
        (day.isoformat(), service_id),
    ):
        if lane == "appointment":
            appointments = n
        else:
            counts[lane] = n
    if appointments:
        # Appointments whose slot has begun go first; the rest wait as regulars.
        row = conn.execute(
            "SELECT count(*) FROM tickets WHERE day = ? AND service_id = ? AND status = 'waiting'"
            " AND priority = 'appointment' AND target_counter_id IS NULL AND appointment_at <= ?",
            (day.isoformat(), service_id, now.isoformat()),
        ).fetchone()
        counts["due"] = int(row[0])
        counts["regular"] += appointments - counts["due"]
    return counts


def waiting_count(
    conn: sqlite3.Connection, day: date, service_id: str, *, priority_only: bool
) -> int:
    """Waiting tickets of a service (only the priority groups' with `priority_only`)."""
    lanes = (
        "('priority', 'targeted')"
        if priority_only
        else "('priority', 'targeted', 'regular', 'appointment')"
    )
    row = conn.execute(
        f"SELECT sum(n) FROM waiting_lanes WHERE day = ? AND service_id = ? AND lane IN {lanes}",
        (day.isoformat(), service_id),
    ).fetchone()
    return int(row[0] or 0)


def recent_minutes(
    conn: sqlite3.Connection, day: date, service_id: str, limit: int = 20
) -> list[float]:
    """How long the day's last finished tickets of a service took at the counter (minutes)."""
    rows = conn.execute(
        "SELECT started_at, finished_at FROM tickets WHERE day = ? AND service_id = ?"
        " AND status = 'done' AND started_at IS NOT NULL ORDER BY finished_at DESC LIMIT ?",
        (day.isoformat(), service_id, limit),
    ).fetchall()
    return [
        (datetime.fromisoformat(f) - datetime.fromisoformat(s)).total_seconds() / 60
        for s, f in rows
    ]


def recent_occupancy(
    conn: sqlite3.Connection, day: date, service_id: str, limit: int = 30
) -> list[float]:
    """How long the day's last finished tickets of a service held their counter, from the
    call to the finish (walk included), in minutes: what a call costs the counter."""
    return _occupancy(
        conn,
        "SELECT called_at, finished_at FROM tickets WHERE day = ? AND service_id = ?"
        " AND status = 'done' AND called_at IS NOT NULL ORDER BY finished_at DESC LIMIT ?",
        (day.isoformat(), service_id, limit),
    )


def history_occupancy(
    conn: sqlite3.Connection, day: date, service_id: str, limit: int = 300
) -> list[float]:
    """The same on the hall's earlier days (the ETA's prior): the same weekday's first,
    then the other days', newest first."""
    return _occupancy(
        conn,
        "SELECT called_at, finished_at FROM tickets WHERE day < ? AND service_id = ?"
        " AND status = 'done' AND called_at IS NOT NULL"
        " ORDER BY strftime('%w', day) = ? DESC, day DESC LIMIT ?",
        (day.isoformat(), service_id, str(day.isoweekday() % 7), limit),
    )


def _occupancy(conn: sqlite3.Connection, sql: str, args: tuple[object, ...]) -> list[float]:
    return [
        (datetime.fromisoformat(f) - datetime.fromisoformat(c)).total_seconds() / 60
        for c, f in conn.execute(sql, args).fetchall()
    ]


def day_calls(conn: sqlite3.Connection, day: date) -> tuple[int, int, int]:
    """(calls, of which priority, of which no-show) among the day's tickets called so far:
    the ETA's priority stretch and no-show cost."""
    groups = tuple(g.value for g in PRIORITY_GROUPS)
    marks = ", ".join("?" * len(groups))
    row = conn.execute(
        "SELECT count(*), coalesce(sum(priority IN (" + marks + ")), 0),"
        " coalesce(sum(status = 'no_show'), 0) FROM tickets"
        " WHERE day = ? AND called_at IS NOT NULL",
        (*groups, day.isoformat()),
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def nik_count(conn: sqlite3.Connection, day: date, nik_hmac: str) -> int:
    row = conn.execute(
        "SELECT count(*) FROM tickets WHERE nik_hmac = ? AND day = ? AND status != 'cancelled'",
        (nik_hmac, day.isoformat()),
    ).fetchone()
    return int(row[0])


def leftovers(conn: sqlite3.Connection, before: date) -> list[Ticket]:
    """Tickets of earlier hall days still waiting or called: they expire."""
    rows = conn.execute(
        _SELECT + " WHERE status IN ('waiting', 'called') AND day < ? ORDER BY id",
        (before.isoformat(),),
    )
    return [_from_row(r).ticket for r in rows]


def idempotent_ticket(conn: sqlite3.Connection, day: date, key: str) -> tuple[str, int] | None:
    row = conn.execute(
        "SELECT body_hash, ticket_id FROM idempotency WHERE day = ? AND key = ?",
        (day.isoformat(), key),
    ).fetchone()
    return (row[0], int(row[1])) if row else None


def remember_key(
    conn: sqlite3.Connection, day: date, key: str, body_hash: str, ticket_id: int
) -> None:
    conn.execute(
        "INSERT INTO idempotency (day, key, body_hash, ticket_id) VALUES (?, ?, ?, ?)",
        (day.isoformat(), key, body_hash, ticket_id),
    )


def lane_fronts(
    conn: sqlite3.Connection,
    day: date,
    counter_id: int,
    service_ids: list[str],
    now: datetime,
    per_lane: int,
) -> tuple[list[TicketRecord], list[TicketRecord], list[list[TicketRecord]]]:
    """What a counter's next `per_lane` calls can be drawn from, like `lane_heads` but
    `per_lane` deep: (tickets sent to this counter, due appointments, and for each service
    its priority lane and its regular lane, each oldest first).

    N calls take at most N tickets from any one lane, and each lane is first come, first
    served, so the counter's first N calls are exactly dispatch's over these fronts. Read
    off the tickets_fifo index (day, service_id, status, …): the cost follows N, not the
    length of the queue."""
    d, stamp = day.isoformat(), now.isoformat()
    marks = ", ".join("?" * len(service_ids))
    # Off the small partial index of tickets sent to a counter; the service check is
    # dispatch's own (a hall file may since have taken a service off this counter).
    mine = [
        record
        for record in (
            _from_row(r)
            for r in conn.execute(
                _SELECT + " WHERE day = ? AND status = 'waiting' AND target_counter_id = ?"
                " ORDER BY queued_at, id",
                (d, counter_id),
            )
        )
        if record.ticket.service_id in service_ids
    ]
    due = [
        _from_row(r)
        for r in conn.execute(
            _SELECT + f" WHERE day = ? AND service_id IN ({marks}) AND status = 'waiting'"
            " AND target_counter_id IS NULL AND priority = 'appointment' AND appointment_at <= ?"
            " ORDER BY appointment_at, queued_at, id",
            (d, *service_ids, stamp),
        )
    ]
    lanes: list[list[TicketRecord]] = []
    for service_id in service_ids:
        for lane in (f"priority IN ({_PRIORITY_SQL})", f"priority NOT IN ({_PRIORITY_SQL})"):
            lanes.append(
                [
                    _from_row(r)
                    for r in conn.execute(
                        _SELECT + " WHERE day = ? AND service_id = ? AND status = 'waiting'"
                        f" AND target_counter_id IS NULL AND {lane} AND NOT (priority ="
                        " 'appointment' AND appointment_at IS NOT NULL AND appointment_at <= ?)"
                        " ORDER BY queued_at, id LIMIT ?",
                        (d, service_id, stamp, per_lane),
                    )
                ]
            )
    return mine, due, lanes


def waiting_by_lane(
    conn: sqlite3.Connection, day: date, service_ids: list[str]
) -> dict[str, dict[str, int]]:
    """service → lane → waiting tickets, from the counts the triggers keep (no scan)."""
    counts: dict[str, dict[str, int]] = {s: {} for s in service_ids}
    marks = ", ".join("?" * len(service_ids))
    for service_id, lane, n in conn.execute(
        f"SELECT service_id, lane, n FROM waiting_lanes WHERE day = ? AND service_id IN ({marks})",
        (day.isoformat(), *service_ids),
    ):
        counts[service_id][lane] = int(n)
    return counts
