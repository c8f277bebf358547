"""Staff passwords, bearer tokens, roles and login throttling.

Passwords are argon2 hashes; tokens are random and stored only as SHA-256 hashes, so
neither a database copy nor a log line gives anyone a working credential.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from queue_server.login_throttle import LoginThrottle as LoginThrottle
from queue_server.store import staff
from queue_server.store.staff import Principal

ROLES = ("admin", "supervisor", "operator", "kiosk", "display", "integration")
STAFF_ROLES = ("admin", "supervisor", "operator")
DEVICE_ROLES = ("kiosk", "display", "integration")

ADMIN = frozenset({"admin"})
SUPERVISOR = ADMIN | {"supervisor"}
OPERATOR = SUPERVISOR | {"operator"}
KIOSK = frozenset({"kiosk"})
DISPLAY = frozenset({"display"})
INTEGRATION = frozenset({"integration"})
"""Another system pushing dossier status (OSS-RBA); it may do nothing else."""

_hasher = PasswordHasher()
# Verifying against this when the user does not exist makes a wrong user name cost the
# same time as a wrong password: no hint which user names exist.
_DUMMY_HASH = _hasher.hash("antre-no-such-user")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenCache:
    """Token hash → principal, so a busy board or kiosk costs no lookup of its token per
    request.

    Every entry is dropped as soon as `credentials_version` moves: the store's triggers
    bump it in the transaction that disables a user, revokes or rotates a device, changes
    a password or ends a session, whichever process made the change (the server's writer
    or `antre device revoke` beside it). Reading that one row per request is what makes a
    revoked token fail on the very next request; it is a primary-key read of a one-row
    table, a few microseconds."""

    MAX_ENTRIES = 10_000

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._cache: dict[str, tuple[Principal, datetime | None]] = {}
        self._version = -1

    def lookup(self, token: str, now: datetime) -> Principal | None:
        version = staff.credentials_version(self.conn)
        if version != self._version:
            self._cache.clear()
            self._version = version
        key = hash_token(token)
        hit = self._cache.get(key)
        if hit is not None:
            principal, expires = hit
            return principal if expires is None or expires > now else None
        found = staff.principal_for(self.conn, key, now)
        if found is None:
            return None
        if len(self._cache) >= self.MAX_ENTRIES:
            self._cache.clear()
        self._cache[key] = found
        return found[0]
