"""Staff accounts and device tokens: the changes the console and `antre user|device` make.

Each function takes a connection inside a transaction and the time, so the server runs it
in the one writer and the CLI in its own short transaction: the same rules either way.
Passwords arrive already hashed and tokens as SHA-256 hashes: argon2 costs tens of
milliseconds on purpose and must never run inside the writer.

Whatever takes a credential away (disable, remove, revoke, rotate, password change,
logout) also bumps `credentials_version` through the store's triggers, in the same
transaction: every server process then drops its cached principals (auth.TokenCache).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from queue_core.errors import DomainError, NotFound
from queue_server.store import staff
from queue_server.store.staff import DeviceRecord, UserRecord

UNUSABLE_HASH = "!removed"
"""Stored in place of a removed user's password hash: argon2 accepts no password for it."""


class AlreadyExists(DomainError):
    code = "already_exists"


class UserHoldsCounter(DomainError):
    code = "user_holds_counter"


class LastAdmin(DomainError):
    code = "last_admin"


def _user(conn: sqlite3.Connection, name: str) -> UserRecord:
    found = staff.user(conn, name)
    if found is None or found.removed_at is not None:
        raise NotFound(f"Pengguna {name!r} tidak ada.", f"There is no user {name!r}.")
    return found


def _device(conn: sqlite3.Connection, name: str) -> DeviceRecord:
    found = staff.device(conn, name)
    if found is None:
        raise NotFound(f"Perangkat {name!r} tidak ada.", f"There is no device {name!r}.")
    return found


def _keep_an_admin(conn: sqlite3.Connection, user: UserRecord) -> None:
    """Nobody may lock the hall out of its own console: the last admin stays."""
    if user.role == "admin" and user.disabled_at is None and staff.active_admins(conn) <= 1:
        raise LastAdmin(
            f"{user.name} adalah admin aktif terakhir; tambahkan admin lain dahulu.",
            f"{user.name} is the last active admin; add another admin first.",
        )


def add_user(
    conn: sqlite3.Connection,
    now: datetime,
    name: str,
    password_hash: str,
    role: str,
    agency_id: str | None = None,
) -> UserRecord:
    existing = staff.user(conn, name)
    if existing is not None:
        removed = existing.removed_at is not None
        raise AlreadyExists(
            f"Nama pengguna {name!r} sudah dipakai"
            + (" (oleh pengguna yang dihapus; nama tidak dipakai ulang)." if removed else "."),
            f"User name {name!r} is taken"
            + (" (by a removed user: names are not reused)." if removed else "."),
        )
    staff.add_user(conn, name, password_hash, role, now, agency_id)
    return _user(conn, name)


def change_user(
    conn: sqlite3.Connection,
    now: datetime,
    name: str,
    *,
    role: str | None = None,
    agency_id: str | None = None,
    clear_agency: bool = False,
    disabled: bool | None = None,
    password_hash: str | None = None,
) -> UserRecord:
    """Change what was given. Disabling or a new password ends every session of the user:
    whoever held one signs in again (or cannot)."""
    user = _user(conn, name)
    columns: dict[str, object] = {}
    if role is not None and role != user.role:
        if role != "admin":
            _keep_an_admin(conn, user)
        columns["role"] = role
    if agency_id is not None or clear_agency:
        columns["agency_id"] = agency_id
    if disabled is True and user.disabled_at is None:
        _keep_an_admin(conn, user)
        columns["disabled_at"] = now.isoformat()
    elif disabled is False and user.disabled_at is not None:
        columns["disabled_at"] = None
    if password_hash is not None:
        columns["password_hash"] = password_hash
    if columns:
        staff.update_user(conn, user.id, **columns)
    if disabled or password_hash is not None:
        staff.end_sessions_of(conn, user.id)
    return _user(conn, name)


def remove_user(conn: sqlite3.Connection, now: datetime, name: str) -> None:
    """Soft removal: the row stays, with its name, so history that names the user keeps
    its meaning; the password is made unusable and every session ends. Refused while the
    user holds a counter: its calls would be left with nobody who may finish them."""
    user = _user(conn, name)
    held = staff.counters_held_by(conn, user.id)
    if held:
        listed = ", ".join(str(c) for c in held)
        raise UserHoldsCounter(
            f"{name} masih memegang loket {listed}; tutup loketnya dahulu (atau nonaktifkan).",
            f"{name} still holds counter {listed}; close it first (or disable the user).",
        )
    _keep_an_admin(conn, user)
    staff.update_user(conn, user.id, removed_at=now.isoformat(), password_hash=UNUSABLE_HASH)
    staff.end_sessions_of(conn, user.id)


def add_device(
    conn: sqlite3.Connection, now: datetime, name: str, role: str, token_hash: str
) -> DeviceRecord:
    if staff.device(conn, name) is not None:
        raise AlreadyExists(
            f"Perangkat {name!r} sudah ada.", f"A device named {name!r} exists already."
        )
    staff.add_device(conn, name, role, token_hash, now)
    return _device(conn, name)


def revoke_device(conn: sqlite3.Connection, now: datetime, name: str) -> DeviceRecord:
    staff.revoke_device(conn, _device(conn, name).id, now)
    return _device(conn, name)


def rotate_device(
    conn: sqlite3.Connection, now: datetime, name: str, token_hash: str
) -> DeviceRecord:
    """A new token for the device (also one that was revoked); the old one stops working."""
    staff.replace_device_token(conn, _device(conn, name).id, token_hash)
    return _device(conn, name)


def logout(conn: sqlite3.Connection, now: datetime, token_hash: str) -> bool:
    return staff.end_session(conn, token_hash)
