"""Staff passwords, bearer tokens, roles and login throttling.

Passwords are argon2 hashes; tokens are random and stored only as SHA-256 hashes, so
neither a database copy nor a log line gives anyone a working credential.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import time
from collections import defaultdict, deque
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from queue_server.store import staff
from queue_server.store.staff import Principal

ROLES = ("admin", "supervisor", "operator", "kiosk", "display")
STAFF_ROLES = ("admin", "supervisor", "operator")
DEVICE_ROLES = ("kiosk", "display")

ADMIN = frozenset({"admin"})
SUPERVISOR = ADMIN | {"supervisor"}
OPERATOR = SUPERVISOR | {"operator"}
KIOSK = frozenset({"kiosk"})
DISPLAY = frozenset({"display"})

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
    """Token hash → principal, so a busy board or kiosk costs no query per request.
    Entries live a minute: a session that expires is refused soon after."""

    TTL = 60.0

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._cache: dict[str, tuple[Principal, datetime | None, float]] = {}

    def lookup(self, token: str, now: datetime) -> Principal | None:
        key = hash_token(token)
        hit = self._cache.get(key)
        if hit is not None and time.monotonic() - hit[2] < self.TTL:
            principal, expires, _ = hit
            return principal if expires is None or expires > now else None
        found = staff.principal_for(self.conn, key, now)
        if found is None:
            self._cache.pop(key, None)
            return None
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[key] = (found[0], found[1], time.monotonic())
        return found[0]


class LoginThrottle:
    """Counts recent failed logins per user name and per client address."""

    def __init__(self, attempts: int, window_seconds: float) -> None:
        self.attempts, self.window = attempts, window_seconds
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and now - failures[0] > self.window:
            failures.popleft()
        return failures

    def blocked_for(self, *keys: str) -> float:
        """Seconds to wait before another attempt is heard (0 when free to try)."""
        now = time.monotonic()
        wait = 0.0
        for key in keys:
            failures = self._recent(key, now)
            if len(failures) >= self.attempts:
                wait = max(wait, self.window - (now - failures[0]))
        return wait

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        for key in keys:
            self._recent(key, now).append(now)

    def succeeded(self, username_key: str) -> None:
        self._failures.pop(username_key, None)
