"""Contacts and the notification outbox: their SQL (queue_server/notify/ holds the rules).

Contact fields arrive here already encrypted (bytes); this module never sees a phone
number or an address in clear.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime


@dataclass(frozen=True)
class SealedContact:
    id: int
    name: bytes | None
    phone: bytes | None
    email: bytes | None
    keep_until: str


@dataclass(frozen=True)
class OutboxRow:
    id: int
    kind: str
    ref: str
    contact_id: int
    channel: str
    text: str
    text_en: str
    lang: str
    status: str
    send_after: str
    next_attempt_at: str
    attempts: int
    last_error: str | None
    created_at: str
    sent_at: str | None


_OUTBOX_COLUMNS = (
    "id, kind, ref, contact_id, channel, text, text_en, lang, status, send_after,"
    " next_attempt_at, attempts, last_error, created_at, sent_at"
)


def _utc(moment: datetime) -> str:
    """Stored in UTC: the sender compares these as text."""
    return moment.astimezone(UTC).isoformat()


def _outbox(row: sqlite3.Row) -> OutboxRow:
    return OutboxRow(*tuple(row))


# --- contacts ----------------------------------------------------------------------------


def add_contact(
    conn: sqlite3.Connection,
    name: bytes | None,
    phone: bytes | None,
    email: bytes | None,
    keep_until: date,
    now: datetime,
    ref: str | None = None,
) -> int:
    cur = conn.execute(
        "INSERT INTO contacts (ref, name, phone, email, keep_until, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (ref, name, phone, email, keep_until.isoformat(), now.isoformat()),
    )
    return int(cur.lastrowid or 0)


def contact_of(conn: sqlite3.Connection, ref: str) -> int | None:
    """The contact given with `ref` (e.g. `booking:12`), if one was."""
    row = conn.execute(
        "SELECT id FROM contacts WHERE ref = ? ORDER BY id DESC LIMIT 1", (ref,)
    ).fetchone()
    return None if row is None else int(row[0])


def contact(conn: sqlite3.Connection, contact_id: int) -> SealedContact | None:
    row = conn.execute(
        "SELECT id, name, phone, email, keep_until FROM contacts WHERE id = ?", (contact_id,)
    ).fetchone()
    return None if row is None else SealedContact(*tuple(row))


def keep_contact_until(conn: sqlite3.Connection, contact_id: int, day: date) -> None:
    conn.execute("UPDATE contacts SET keep_until = ? WHERE id = ?", (day.isoformat(), contact_id))


def purge_contacts(conn: sqlite3.Connection, today: date) -> int:
    """Delete contacts whose retention ended before `today`, and (ON DELETE CASCADE) the
    messages sent to them: their text names a booking code and its manage link."""
    return conn.execute("DELETE FROM contacts WHERE keep_until < ?", (today.isoformat(),)).rowcount


# --- outbox ------------------------------------------------------------------------------


def enqueue(
    conn: sqlite3.Connection,
    *,
    kind: str,
    ref: str,
    contact_id: int,
    channel: str,
    text: str,
    text_en: str,
    lang: str,
    send_after: datetime,
    now: datetime,
) -> int:
    cur = conn.execute(
        "INSERT INTO outbox (kind, ref, contact_id, channel, text, text_en, lang, status,"
        " send_after, next_attempt_at, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
        (
            kind,
            ref,
            contact_id,
            channel,
            text,
            text_en,
            lang,
            _utc(send_after),
            _utc(send_after),
            _utc(now),
            _utc(now),
        ),
    )
    return int(cur.lastrowid or 0)


def drop_pending(conn: sqlite3.Connection, ref: str, kinds: tuple[str, ...]) -> int:
    """Delete messages of `ref` not sent yet (a cancelled or moved booking's reminders)."""
    marks = ",".join("?" * len(kinds))
    return conn.execute(
        f"DELETE FROM outbox WHERE ref = ? AND status = 'pending' AND kind IN ({marks})",
        (ref, *kinds),
    ).rowcount


def due(conn: sqlite3.Connection, now: datetime, limit: int) -> list[OutboxRow]:
    rows = conn.execute(
        f"SELECT {_OUTBOX_COLUMNS} FROM outbox"
        " WHERE status = 'pending' AND next_attempt_at <= ?"
        " ORDER BY next_attempt_at, id LIMIT ?",
        (_utc(now), limit),
    ).fetchall()
    return [_outbox(r) for r in rows]


def next_due(conn: sqlite3.Connection) -> str | None:
    row = conn.execute(
        "SELECT min(next_attempt_at) FROM outbox WHERE status = 'pending'"
    ).fetchone()
    return None if row is None or row[0] is None else str(row[0])


def message(conn: sqlite3.Connection, message_id: int) -> OutboxRow | None:
    row = conn.execute(
        f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE id = ?", (message_id,)
    ).fetchone()
    return None if row is None else _outbox(row)


def messages(
    conn: sqlite3.Connection, status: str | None, after: int, limit: int
) -> list[OutboxRow]:
    """Newest first, a page at a time: `after` is the last id of the previous page."""
    where, args = ["(? = 0 OR id < ?)"], [after, after]
    if status is not None:
        where.append("status = ?")
        args.append(status)  # type: ignore[arg-type]
    rows = conn.execute(
        f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE {' AND '.join(where)}"
        " ORDER BY id DESC LIMIT ?",
        (*args, limit),
    ).fetchall()
    return [_outbox(r) for r in rows]


def by_ref(conn: sqlite3.Connection, ref: str) -> list[OutboxRow]:
    rows = conn.execute(
        f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE ref = ? ORDER BY id", (ref,)
    ).fetchall()
    return [_outbox(r) for r in rows]


def mark_sent(conn: sqlite3.Connection, message_id: int, now: datetime) -> None:
    conn.execute(
        "UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?,"
        " last_error = NULL, updated_at = ? WHERE id = ? AND status = 'pending'",
        (_utc(now), _utc(now), message_id),
    )


def mark_attempt_failed(
    conn: sqlite3.Connection,
    message_id: int,
    error: str,
    retry_at: datetime | None,
    now: datetime,
) -> None:
    """One more failed attempt: pending again at `retry_at`, or `failed` when None."""
    retry = None if retry_at is None else _utc(retry_at)
    conn.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = ?, updated_at = ?,"
        " status = CASE WHEN ? IS NULL THEN 'failed' ELSE 'pending' END,"
        " next_attempt_at = coalesce(?, next_attempt_at)"
        " WHERE id = ? AND status = 'pending'",
        (error[:300], _utc(now), retry, retry, message_id),
    )
