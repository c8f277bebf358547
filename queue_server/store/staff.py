"""Staff users, devices and sign-in sessions. Tokens are kept only as SHA-256 hashes:
a copy of the database file gives nobody a working token."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Principal:
    """Who is calling: a staff user or a device."""

    kind: str  # "user" | "device"
    id: int
    name: str
    role: str
    agency_id: str | None = None
    """A staff user's agency, when set: they work only its counters."""


def add_user(
    conn: sqlite3.Connection,
    username: str,
    password_hash: str,
    role: str,
    now: datetime,
    agency_id: str | None = None,
) -> int:
    cur = conn.execute(
        "INSERT INTO users (username, password_hash, role, created_at, agency_id)"
        " VALUES (?, ?, ?, ?, ?)",
        (username, password_hash, role, now.isoformat(), agency_id),
    )
    return int(cur.lastrowid or 0)


def user_for_login(conn: sqlite3.Connection, username: str) -> tuple[Principal, str] | None:
    row = conn.execute(
        "SELECT id, username, role, password_hash, agency_id FROM users WHERE username = ?",
        (username,),
    ).fetchone()
    if row is None:
        return None
    return Principal("user", row[0], row[1], row[2], row[4]), row[3]


def add_device(
    conn: sqlite3.Connection, name: str, role: str, token_hash: str, now: datetime
) -> int:
    cur = conn.execute(
        "INSERT INTO devices (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)",
        (name, role, token_hash, now.isoformat()),
    )
    return int(cur.lastrowid or 0)


def add_session(
    conn: sqlite3.Connection, token_hash: str, user_id: int, expires_at: datetime
) -> None:
    conn.execute(
        "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
        (token_hash, user_id, expires_at.isoformat()),
    )


def principal_for(
    conn: sqlite3.Connection, token_hash: str, now: datetime
) -> tuple[Principal, datetime | None] | None:
    """The principal behind a token hash, and when its session ends (None for devices)."""
    row = conn.execute(
        "SELECT u.id, u.username, u.role, s.expires_at, u.agency_id FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token_hash = ?",
        (token_hash,),
    ).fetchone()
    if row is not None:
        expires = datetime.fromisoformat(row[3])
        return (
            (Principal("user", row[0], row[1], row[2], row[4]), expires) if expires > now else None
        )
    row = conn.execute(
        "SELECT id, name, role FROM devices WHERE token_hash = ?", (token_hash,)
    ).fetchone()
    return (Principal("device", row[0], row[1], row[2]), None) if row else None


def drop_expired_sessions(conn: sqlite3.Connection, now: datetime) -> None:
    conn.execute("DELETE FROM sessions WHERE expires_at <= ?", (now.isoformat(),))
