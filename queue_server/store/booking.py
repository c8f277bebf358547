"""Bookings: rows, places taken, NIK links, strikes. All SQL of bookings is here."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from queue_core.booking import HOLDING_STATUSES, BookingStatus
from queue_core.events import iso

_HOLDING = tuple(s.value for s in HOLDING_STATUSES)
_COLUMNS = (
    "id, code, manage_token, service_id, agency_id, day, start, end, starts_at, expires_at,"
    " status, nik_period, nik_masked, ticket_id, affected, lang, created_at"
)


@dataclass(frozen=True)
class BookingRow:
    id: int
    code: str
    manage_token: str
    service_id: str
    agency_id: str
    day: date
    start: str
    end: str
    starts_at: datetime
    expires_at: datetime
    status: BookingStatus
    nik_period: str
    nik_masked: str | None
    ticket_id: int | None
    affected: bool
    lang: str
    created_at: datetime


def _row(r: sqlite3.Row) -> BookingRow:
    return BookingRow(
        id=r["id"],
        code=r["code"],
        manage_token=r["manage_token"],
        service_id=r["service_id"],
        agency_id=r["agency_id"],
        day=date.fromisoformat(r["day"]),
        start=r["start"],
        end=r["end"],
        starts_at=datetime.fromisoformat(r["starts_at"]),
        expires_at=datetime.fromisoformat(r["expires_at"]),
        status=BookingStatus(r["status"]),
        nik_period=r["nik_period"],
        nik_masked=r["nik_masked"],
        ticket_id=r["ticket_id"],
        affected=bool(r["affected"]),
        lang=r["lang"],
        created_at=datetime.fromisoformat(r["created_at"]),
    )


def insert(conn: sqlite3.Connection, row: BookingRow, nik_hmac: str, now: datetime) -> int:
    cur = conn.execute(
        "INSERT INTO bookings (code, manage_token, service_id, agency_id, day, start, end,"
        " starts_at, expires_at, status, nik_hmac, nik_period, nik_masked, lang, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            row.code,
            row.manage_token,
            row.service_id,
            row.agency_id,
            row.day.isoformat(),
            row.start,
            row.end,
            iso(row.starts_at),
            iso(row.expires_at),
            row.status.value,
            nik_hmac,
            row.nik_period,
            row.nik_masked,
            row.lang,
            iso(now),
            iso(now),
        ),
    )
    return int(cur.lastrowid or 0)


def code_exists(conn: sqlite3.Connection, code: str) -> bool:
    return conn.execute("SELECT 1 FROM bookings WHERE code = ?", (code,)).fetchone() is not None


def _one(conn: sqlite3.Connection, where: str, value: object) -> BookingRow | None:
    r = conn.execute(f"SELECT {_COLUMNS} FROM bookings WHERE {where} = ?", (value,)).fetchone()
    return _row(r) if r is not None else None


def get(conn: sqlite3.Connection, booking_id: int) -> BookingRow | None:
    return _one(conn, "id", booking_id)


def by_token(conn: sqlite3.Connection, token: str) -> BookingRow | None:
    return _one(conn, "manage_token", token)


def by_code(conn: sqlite3.Connection, code: str) -> BookingRow | None:
    return _one(conn, "code", code)


def nik_hmac_of(conn: sqlite3.Connection, booking_id: int) -> str | None:
    r = conn.execute("SELECT nik_hmac FROM bookings WHERE id = ?", (booking_id,)).fetchone()
    return None if r is None else r[0]


def taken(conn: sqlite3.Connection, service_id: str, day: date, start: str) -> int:
    """Places of one slot held by a booking (booked or checked in)."""
    row = conn.execute(
        "SELECT count(*) FROM bookings WHERE service_id = ? AND day = ? AND start = ?"
        " AND status IN (?, ?)",
        (service_id, day.isoformat(), start, *_HOLDING),
    ).fetchone()
    return int(row[0])


def taken_by_slot(
    conn: sqlite3.Connection, service_id: str, first: date, last: date
) -> dict[tuple[str, str], int]:
    """{(day, start): places held} for a service over a range of days."""
    rows = conn.execute(
        "SELECT day, start, count(*) FROM bookings WHERE service_id = ? AND day BETWEEN ? AND ?"
        " AND status IN (?, ?) GROUP BY day, start",
        (service_id, first.isoformat(), last.isoformat(), *_HOLDING),
    )
    return {(d, s): n for d, s, n in rows}


def open_periods(conn: sqlite3.Connection) -> list[str]:
    """The periods (creation days) whose keys made the HMACs of open bookings."""
    rows = conn.execute(
        "SELECT DISTINCT nik_period FROM bookings WHERE status = ? AND nik_hmac IS NOT NULL",
        (BookingStatus.BOOKED.value,),
    )
    return [r[0] for r in rows]


def open_by_nik(conn: sqlite3.Connection, digests: Iterable[str]) -> list[tuple[str, str]]:
    """(service_id, day) of the open bookings whose NIK HMAC is one of `digests`."""
    wanted = list(digests)
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    rows = conn.execute(
        f"SELECT service_id, day FROM bookings WHERE nik_hmac IN ({marks}) AND status = ?",
        (*wanted, BookingStatus.BOOKED.value),
    )
    return [(r[0], r[1]) for r in rows]


def same_link_on_day(
    conn: sqlite3.Connection, booking: BookingRow, nik_hmac: str, day: date
) -> bool:
    """Another open booking of the same NIK, made the same day, for this service on `day`
    (all a move can check: it has no NIK to compute other days' HMACs with)."""
    row = conn.execute(
        "SELECT 1 FROM bookings WHERE nik_hmac = ? AND service_id = ? AND day = ? AND id != ?"
        " AND status = ?",
        (nik_hmac, booking.service_id, day.isoformat(), booking.id, BookingStatus.BOOKED.value),
    ).fetchone()
    return row is not None


def set_status(
    conn: sqlite3.Connection,
    booking_id: int,
    status: BookingStatus,
    now: datetime,
    *,
    ticket_id: int | None = None,
    forget_nik: bool = False,
) -> None:
    """A booking that ends forgets its NIK HMAC (its purpose is over)."""
    conn.execute(
        "UPDATE bookings SET status = ?, ticket_id = coalesce(?, ticket_id), updated_at = ?,"
        " nik_hmac = CASE WHEN ? THEN NULL ELSE nik_hmac END WHERE id = ?",
        (status.value, ticket_id, iso(now), forget_nik, booking_id),
    )


def move(
    conn: sqlite3.Connection,
    booking_id: int,
    day: date,
    start: str,
    end: str,
    starts_at: datetime,
    expires_at: datetime,
    now: datetime,
) -> None:
    conn.execute(
        "UPDATE bookings SET day = ?, start = ?, end = ?, starts_at = ?, expires_at = ?,"
        " affected = 0, updated_at = ? WHERE id = ?",
        (day.isoformat(), start, end, iso(starts_at), iso(expires_at), iso(now), booking_id),
    )


def due(conn: sqlite3.Connection, now: datetime) -> list[BookingRow]:
    """Booked and past their check-in window."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM bookings WHERE status = ? AND expires_at < ? ORDER BY id",
        (BookingStatus.BOOKED.value, iso(now)),
    )
    return [_row(r) for r in rows]


def next_expiry(conn: sqlite3.Connection) -> datetime | None:
    row = conn.execute(
        "SELECT min(expires_at) FROM bookings WHERE status = ?", (BookingStatus.BOOKED.value,)
    ).fetchone()
    return datetime.fromisoformat(row[0]) if row[0] else None


def add_strike(
    conn: sqlite3.Connection, nik_hmac: str, period: str, day: date, forget_after: date
) -> None:
    conn.execute(
        "INSERT INTO booking_strikes (nik_hmac, nik_period, day, forget_after) VALUES (?, ?, ?, ?)",
        (nik_hmac, period, day.isoformat(), forget_after.isoformat()),
    )


def strike_periods(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT nik_period FROM booking_strikes")]


def strike_days(conn: sqlite3.Connection, digests: Iterable[str]) -> list[date]:
    wanted = list(digests)
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    rows = conn.execute(f"SELECT day FROM booking_strikes WHERE nik_hmac IN ({marks})", wanted)
    return [date.fromisoformat(r[0]) for r in rows]


def purge(conn: sqlite3.Connection, today: date) -> None:
    """Forget strikes that lapsed, idempotency keys of past days, and the masked NIK of
    bookings whose day has passed (staff needed it to check the citizen's card)."""
    day = today.isoformat()
    conn.execute("DELETE FROM booking_strikes WHERE forget_after < ?", (day,))
    conn.execute("DELETE FROM booking_idempotency WHERE day < ?", (day,))
    conn.execute(
        "UPDATE bookings SET nik_masked = NULL, nik_hmac = NULL"
        " WHERE day < ? AND (nik_masked IS NOT NULL OR nik_hmac IS NOT NULL) AND status != ?",
        (day, BookingStatus.BOOKED.value),
    )


def idempotent(conn: sqlite3.Connection, key: str) -> tuple[str, int] | None:
    row = conn.execute(
        "SELECT body_hash, booking_id FROM booking_idempotency WHERE key = ?", (key,)
    ).fetchone()
    return None if row is None else (row[0], row[1])


def remember_key(
    conn: sqlite3.Connection, key: str, body_hash: str, booking_id: int, day: date
) -> None:
    conn.execute(
        "INSERT INTO booking_idempotency (key, body_hash, booking_id, day) VALUES (?, ?, ?, ?)",
        (key, body_hash, booking_id, day.isoformat()),
    )


def set_affected(conn: sqlite3.Connection, booking_ids: Iterable[int], *, affected: bool) -> int:
    ids = list(booking_ids)
    for booking_id in ids:
        conn.execute("UPDATE bookings SET affected = ? WHERE id = ?", (affected, booking_id))
    return len(ids)


def upcoming(conn: sqlite3.Connection, today: date) -> list[BookingRow]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM bookings WHERE status = ? AND day >= ?",
        (BookingStatus.BOOKED.value, today.isoformat()),
    )
    return [_row(r) for r in rows]


def checked_in_count(conn: sqlite3.Connection, service_id: str, day: date) -> int:
    row = conn.execute(
        "SELECT count(*) FROM bookings WHERE service_id = ? AND day = ? AND status = ?",
        (service_id, day.isoformat(), BookingStatus.CHECKED_IN.value),
    ).fetchone()
    return int(row[0])


def page(
    conn: sqlite3.Connection,
    *,
    day: date | None,
    service_ids: list[str] | None,
    status: str | None,
    after: int,
    limit: int,
) -> list[BookingRow]:
    """Staff list: bookings in id order after the cursor `after`."""
    where, args = ["id > ?"], [after]
    if day is not None:
        where.append("day = ?")
        args.append(day.isoformat())  # type: ignore[arg-type]
    if status is not None:
        where.append("status = ?")
        args.append(status)  # type: ignore[arg-type]
    if service_ids is not None:
        if not service_ids:
            return []
        where.append(f"service_id IN ({','.join('?' * len(service_ids))})")
        args.extend(service_ids)  # type: ignore[arg-type]
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM bookings WHERE {' AND '.join(where)} ORDER BY id LIMIT ?",
        (*args, limit),
    )
    return [_row(r) for r in rows]
