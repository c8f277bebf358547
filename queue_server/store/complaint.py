"""Complaints' SQL: the case row, its timeline, idempotency keys, the staff inbox."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from queue_core.complaint import Case, Kind, Status
from queue_core.events import iso


@dataclass(frozen=True)
class ComplaintRow:
    id: int
    reference: str
    manage_token: str
    kind: Kind
    text: str
    status: Status
    agency_id: str | None
    service_id: str | None
    ticket_id: int | None
    anonymous: bool
    confidential: bool
    contact_id: int | None
    lang: str
    due_at: datetime | None
    paused_days: int | None
    paused_from: Status | None
    answered_at: datetime | None
    answer: str | None
    reason: str | None
    forwarded_to: str | None
    lapor_tracking_id: str | None
    filed_by: str
    created_at: datetime
    updated_at: datetime

    @property
    def case(self) -> Case:
        return Case(self.status, self.due_at, self.paused_days, self.paused_from, self.answered_at)


@dataclass(frozen=True)
class Entry:
    at: datetime
    status: str
    by_role: str
    text: str | None
    public: bool


_COLUMNS = (
    "id, reference, manage_token, kind, text, status, agency_id, service_id, ticket_id,"
    " anonymous, confidential, contact_id, lang, due_at, paused_days, paused_from,"
    " answered_at, answer, reason, forwarded_to, lapor_tracking_id, filed_by, created_at,"
    " updated_at"
)


def _when(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _row(r: sqlite3.Row) -> ComplaintRow:
    return ComplaintRow(
        id=r[0],
        reference=r[1],
        manage_token=r[2],
        kind=Kind(r[3]),
        text=r[4],
        status=Status(r[5]),
        agency_id=r[6],
        service_id=r[7],
        ticket_id=r[8],
        anonymous=bool(r[9]),
        confidential=bool(r[10]),
        contact_id=r[11],
        lang=r[12],
        due_at=_when(r[13]),
        paused_days=r[14],
        paused_from=None if r[15] is None else Status(r[15]),
        answered_at=_when(r[16]),
        answer=r[17],
        reason=r[18],
        forwarded_to=r[19],
        lapor_tracking_id=r[20],
        filed_by=r[21],
        created_at=datetime.fromisoformat(r[22]),
        updated_at=datetime.fromisoformat(r[23]),
    )


def _opt(moment: datetime | None) -> str | None:
    return None if moment is None else iso(moment)


def next_running(conn: sqlite3.Connection, day: date) -> int:
    """The day's next reference number (ADU-YYYYMMDD-NNNN), inside the writer."""
    prefix = f"ADU-{day:%Y%m%d}-%"
    row = conn.execute(
        "SELECT max(reference) FROM complaints WHERE reference LIKE ?", (prefix,)
    ).fetchone()
    return 1 if row[0] is None else int(row[0].rsplit("-", 1)[1]) + 1


def insert(
    conn: sqlite3.Connection,
    *,
    reference: str,
    manage_token: str,
    kind: Kind,
    text: str,
    case: Case,
    agency_id: str | None,
    service_id: str | None,
    ticket_id: int | None,
    anonymous: bool,
    confidential: bool,
    lang: str,
    filed_by: str,
    now: datetime,
) -> int:
    cursor = conn.execute(
        "INSERT INTO complaints (reference, manage_token, kind, text, status, agency_id,"
        " service_id, ticket_id, anonymous, confidential, lang, due_at, filed_by, created_at,"
        " updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            reference,
            manage_token,
            kind.value,
            text,
            case.status.value,
            agency_id,
            service_id,
            ticket_id,
            int(anonymous),
            int(confidential),
            lang,
            _opt(case.due_at),
            filed_by,
            iso(now),
            iso(now),
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def set_contact(conn: sqlite3.Connection, complaint_id: int, contact_id: int | None) -> None:
    conn.execute("UPDATE complaints SET contact_id = ? WHERE id = ?", (contact_id, complaint_id))


def save_case(
    conn: sqlite3.Connection, complaint_id: int, case: Case, now: datetime, **fields: object
) -> None:
    """The case's new state and clock, with any of answer/reason/forwarded_to/agency_id."""
    allowed = {"answer", "reason", "forwarded_to", "agency_id", "lapor_tracking_id"}
    assert set(fields) <= allowed
    extra = "".join(f", {name} = ?" for name in fields)
    conn.execute(
        "UPDATE complaints SET status = ?, due_at = ?, paused_days = ?, paused_from = ?,"
        f" answered_at = ?, updated_at = ?{extra} WHERE id = ?",
        (
            case.status.value,
            _opt(case.due_at),
            case.paused_days,
            None if case.paused_from is None else case.paused_from.value,
            _opt(case.answered_at),
            iso(now),
            *fields.values(),
            complaint_id,
        ),
    )


def add_entry(
    conn: sqlite3.Connection,
    complaint_id: int,
    at: datetime,
    status: Status,
    by_role: str,
    text: str | None,
    public: bool = True,
) -> None:
    conn.execute(
        "INSERT INTO complaint_timeline (complaint_id, at, status, by_role, text, public)"
        " VALUES (?,?,?,?,?,?)",
        (complaint_id, iso(at), status.value, by_role, text, int(public)),
    )


def timeline(conn: sqlite3.Connection, complaint_id: int, public_only: bool) -> list[Entry]:
    rows = conn.execute(
        "SELECT at, status, by_role, text, public FROM complaint_timeline WHERE complaint_id = ?"
        + (" AND public = 1" if public_only else "")
        + " ORDER BY id",
        (complaint_id,),
    )
    return [Entry(datetime.fromisoformat(r[0]), r[1], r[2], r[3], bool(r[4])) for r in rows]


def by_id(conn: sqlite3.Connection, complaint_id: int) -> ComplaintRow | None:
    r = conn.execute(f"SELECT {_COLUMNS} FROM complaints WHERE id = ?", (complaint_id,)).fetchone()
    return None if r is None else _row(r)


def by_token(conn: sqlite3.Connection, token: str) -> ComplaintRow | None:
    r = conn.execute(
        f"SELECT {_COLUMNS} FROM complaints WHERE manage_token = ?", (token,)
    ).fetchone()
    return None if r is None else _row(r)


def idempotent(conn: sqlite3.Connection, key: str) -> tuple[str, int] | None:
    r = conn.execute(
        "SELECT body_hash, complaint_id FROM complaint_idempotency WHERE key = ?", (key,)
    ).fetchone()
    return None if r is None else (r[0], r[1])


def remember_key(conn: sqlite3.Connection, key: str, body_hash: str, complaint_id: int) -> None:
    conn.execute(
        "INSERT INTO complaint_idempotency (key, body_hash, complaint_id) VALUES (?,?,?)",
        (key, body_hash, complaint_id),
    )


def set_lapor(conn: sqlite3.Connection, complaint_id: int, tracking_id: str, now: datetime) -> None:
    conn.execute(
        "UPDATE complaints SET lapor_tracking_id = ?, updated_at = ? WHERE id = ?",
        (tracking_id, iso(now), complaint_id),
    )


OPEN_STATUSES = ("received", "verified", "in_progress")
"""Whose `due_at` is staff's deadline (on hold has none; answered waits for the citizen)."""


def page(
    conn: sqlite3.Connection,
    *,
    status: str | None,
    agency_id: str | None,
    overdue_at: datetime | None,
    before: int | None,
    limit: int,
    on_time_at: datetime | None = None,
) -> list[ComplaintRow]:
    """The inbox, newest first, before the cursor `before` (an id). `overdue_at`: only
    open cases due before that moment; `on_time_at`: only the others. Each filter rides
    an index (migration m030)."""
    where: list[str] = []
    args: list[object] = []
    if before is not None:
        where.append("id < ?")
        args.append(before)
    if status is not None:
        where.append("status = ?")
        args.append(status)
    if agency_id is not None:
        where.append("agency_id = ?")
        args.append(agency_id)
    if overdue_at is not None:
        where.append(f"status IN {OPEN_STATUSES!r} AND due_at < ?")
        args.append(iso(overdue_at))
    if on_time_at is not None:
        where.append(f"NOT (status IN {OPEN_STATUSES!r} AND due_at IS NOT NULL AND due_at < ?)")
        args.append(iso(on_time_at))
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM complaints {clause} ORDER BY id DESC LIMIT ?", (*args, limit)
    )
    return [_row(r) for r in rows]


def due_to_close(conn: sqlite3.Connection, now: datetime) -> list[int]:
    """Answered cases whose confirm time has passed (the clock closes them)."""
    rows = conn.execute(
        "SELECT id FROM complaints WHERE status = 'answered' AND due_at <= ? ORDER BY id",
        (iso(now),),
    )
    return [r[0] for r in rows]


def next_self_close(conn: sqlite3.Connection) -> datetime | None:
    r = conn.execute("SELECT min(due_at) FROM complaints WHERE status = 'answered'").fetchone()
    return _when(r[0])


def month_counts(
    conn: sqlite3.Connection, start: datetime, end: datetime, agency_id: str | None, now: datetime
) -> tuple[dict[str, int], int]:
    """The cases filed in [start, end), by their status now, and how many of them are late
    now (open and past due, as the inbox's overdue filter): the monthly report's part."""
    where, args = "created_at >= ? AND created_at < ?", [iso(start), iso(end)]
    if agency_id is not None:
        where += " AND agency_id = ?"
        args.append(agency_id)
    counts = dict(
        conn.execute(f"SELECT status, count(*) FROM complaints WHERE {where} GROUP BY status", args)
    )
    late = conn.execute(
        f"SELECT count(*) FROM complaints WHERE {where} AND status IN {OPEN_STATUSES!r} "
        "AND due_at < ?",
        (*args, iso(now)),
    ).fetchone()[0]
    return counts, int(late)
