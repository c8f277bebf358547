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


def user_for_login(conn: sqlite3.Connection, username: str) -> tuple[Principal, str, bool] | None:
    """The user, their password hash, and whether they may sign in (not disabled)."""
    row = conn.execute(
        "SELECT id, username, role, password_hash, agency_id, disabled_at FROM users"
        " WHERE username = ? AND removed_at IS NULL",
        (username,),
    ).fetchone()
    if row is None:
        return None
    return Principal("user", row[0], row[1], row[2], row[4]), row[3], row[5] is None


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
        "SELECT u.id, u.username, u.role, s.expires_at, u.agency_id"
        " FROM sessions s JOIN users u ON u.id = s.user_id"
        " WHERE s.token_hash = ? AND u.disabled_at IS NULL AND u.removed_at IS NULL",
        (token_hash,),
    ).fetchone()
    if row is not None:
        expires = datetime.fromisoformat(row[3])
        return (
            (Principal("user", row[0], row[1], row[2], row[4]), expires) if expires > now else None
        )
    row = conn.execute(
        "SELECT id, name, role FROM devices WHERE token_hash = ? AND revoked_at IS NULL",
        (token_hash,),
    ).fetchone()
    return (Principal("device", row[0], row[1], row[2]), None) if row else None


def drop_expired_sessions(conn: sqlite3.Connection, now: datetime) -> None:
    conn.execute("DELETE FROM sessions WHERE expires_at <= ?", (now.isoformat(),))


def credentials_version(conn: sqlite3.Connection) -> int:
    """Bumped by triggers whenever a credential may have been taken away (m006)."""
    row = conn.execute("SELECT n FROM credentials_version WHERE id = 1").fetchone()
    return int(row[0]) if row else 0


def end_session(conn: sqlite3.Connection, token_hash: str) -> bool:
    return conn.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash,)).rowcount > 0


def end_sessions_of(conn: sqlite3.Connection, user_id: int) -> int:
    return conn.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,)).rowcount


# --- the console's view of users and devices -------------------------------------------


@dataclass(frozen=True)
class UserRecord:
    id: int
    name: str
    role: str
    agency_id: str | None
    created_at: str
    disabled_at: str | None
    removed_at: str | None


_USER = "SELECT id, username, role, agency_id, created_at, disabled_at, removed_at FROM users"


def _user(row: sqlite3.Row | tuple[object, ...]) -> UserRecord:
    return UserRecord(*row)


def users(conn: sqlite3.Connection, after: str = "", limit: int = 100) -> list[UserRecord]:
    """Users that were not removed, by name, from just after `after` (the page cursor)."""
    rows = conn.execute(
        f"{_USER} WHERE removed_at IS NULL AND username > ? ORDER BY username LIMIT ?",
        (after, limit),
    ).fetchall()
    return [_user(r) for r in rows]


def user(conn: sqlite3.Connection, name: str) -> UserRecord | None:
    row = conn.execute(f"{_USER} WHERE username = ?", (name,)).fetchone()
    return _user(row) if row else None


def update_user(conn: sqlite3.Connection, user_id: int, **columns: object) -> None:
    allowed = {"role", "agency_id", "disabled_at", "removed_at", "password_hash"}
    assert columns and set(columns) <= allowed, columns
    assignments = ", ".join(f"{c} = ?" for c in columns)
    conn.execute(f"UPDATE users SET {assignments} WHERE id = ?", (*columns.values(), user_id))


def active_admins(conn: sqlite3.Connection) -> int:
    row = conn.execute(
        "SELECT count(*) FROM users"
        " WHERE role = 'admin' AND disabled_at IS NULL AND removed_at IS NULL"
    ).fetchone()
    return int(row[0])


def counters_held_by(conn: sqlite3.Connection, user_id: int) -> list[int]:
    """Counters this user opened and has not closed (open or paused)."""
    rows = conn.execute(
        "SELECT id FROM counters WHERE operator_id = ? AND status != 'closed' ORDER BY id",
        (user_id,),
    ).fetchall()
    return [int(r[0]) for r in rows]


@dataclass(frozen=True)
class DeviceRecord:
    id: int
    name: str
    role: str
    created_at: str
    revoked_at: str | None


_DEVICE = "SELECT id, name, role, created_at, revoked_at FROM devices"


def devices(conn: sqlite3.Connection, after: str = "", limit: int = 100) -> list[DeviceRecord]:
    rows = conn.execute(
        f"{_DEVICE} WHERE name > ? ORDER BY name LIMIT ?", (after, limit)
    ).fetchall()
    return [DeviceRecord(*r) for r in rows]


def device(conn: sqlite3.Connection, name: str) -> DeviceRecord | None:
    row = conn.execute(f"{_DEVICE} WHERE name = ?", (name,)).fetchone()
    return DeviceRecord(*row) if row else None


def revoke_device(conn: sqlite3.Connection, device_id: int, now: datetime) -> None:
    conn.execute(
        "UPDATE devices SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?",
        (now.isoformat(), device_id),
    )


def replace_device_token(conn: sqlite3.Connection, device_id: int, token_hash: str) -> None:
    """A new token, and the device back in service: the old token stops working."""
    conn.execute(
        "UPDATE devices SET token_hash = ?, revoked_at = NULL WHERE id = ?",
        (token_hash, device_id),
    )
