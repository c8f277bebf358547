"""The NIK key: one master key in its own file, and the keys derived from it.

Why a file and not the database: a NIK has only ~5×10^8 plausible values once the last 4
digits are shown, so whoever holds a database copy *and* its key recovers every stored
NIK in minutes. The key therefore never enters the database (nor its backups, nor a copy
sent along with a support request); without it the HMACs in a copy are random strings.

Why derived keys: each purpose and period gets its own key (HKDF-SHA256 from
`cryptography`, a standard KDF rather than a home-made one): the per-day limit uses a key
of that hall day, bookings one of their booking window. The same NIK therefore gives
unrelated HMACs on Monday and Tuesday, and in a booking and a ticket, so no table can be
joined to another on it; and once a day's HMACs are purged, nothing — not even the key
file — links that day's tickets to a NIK. Derived keys are kept in memory only.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from queue_core.errors import ConfigError

MIN_KEY_CHARS = 32
"""A key shorter than this could be guessed; generated keys have 64 characters (384 bits)."""
DAILY_LIMIT = "ticket-day"
"""Purpose of tickets.nik_hmac: the per-NIK ticket limit of one hall day."""
BOOKING = "booking"
"""Purpose of bookings' NIK HMACs (per booking window): see `derive_key`."""


def derive_key(master: bytes, purpose: str, period: str) -> bytes:
    """The 32-byte key for one purpose over one period, e.g. `(master, DAILY_LIMIT,
    "2026-11-30")`, or for bookings `(master, BOOKING, "<window id>")` where the window is
    the span during which a booking's NIK must stay linkable (booking to check-in and
    strikes); a booking's HMAC is deleted with the window's end.

    Never store the result: it is as good as the master key for its period."""
    if not purpose or "/" in purpose:
        raise ValueError("purpose must be a non-empty name without '/'")
    hkdf = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=f"antre/nik/{purpose}/{period}".encode(),
    )
    return hkdf.derive(master)


def nik_digest(key: bytes, nik: str) -> str:
    """HMAC-SHA256 of a normalized NIK under a derived key, as stored (hex)."""
    return hmac.new(key, nik.encode(), hashlib.sha256).hexdigest()


class NikKeys:
    """The master key and the current hall day's derived key, cached: the ticket-issue path
    derives once per day, not once per request."""

    def __init__(self, master: bytes) -> None:
        self._master = master
        self._day: date | None = None
        self._day_key = b""
        self._derived: dict[tuple[str, str], bytes] = {}

    def __repr__(self) -> str:
        return "NikKeys(<hidden>)"

    def day_key(self, day: date) -> bytes:
        if day != self._day:
            self._day_key = derive_key(self._master, DAILY_LIMIT, day.isoformat())
            self._day = day
        return self._day_key

    def for_day(self, day: date, nik: str) -> str:
        """The HMAC that links a NIK's tickets within `day` (and only within it)."""
        return nik_digest(self.day_key(day), nik)

    def derive(self, purpose: str, period: str) -> bytes:
        return derive_key(self._master, purpose, period)

    def digest(self, purpose: str, period: str, nik: str) -> str:
        """The HMAC of `nik` under the key of (`purpose`, `period`). Derived keys are kept
        in memory (a few dozen periods at most: a booking check computes one HMAC per
        period among the open bookings and recent strikes)."""
        key = self._derived.get((purpose, period))
        if key is None:
            if len(self._derived) > 512:
                self._derived.clear()
            key = self._derived[(purpose, period)] = derive_key(self._master, purpose, period)
        return nik_digest(key, nik)


def load_or_create(path: Path) -> NikKeys:
    """Read the key file; create it (mode 0600, its folder 0700) on first start."""
    try:
        return NikKeys(_read(path))
    except FileNotFoundError:
        pass
    _create(path)
    return NikKeys(_read(path))


def _read(path: Path) -> bytes:
    info = path.stat()  # follows a symlink: systemd credentials and mounted secrets are links
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(f"{path}: the NIK key file is not a regular file")
    if info.st_mode & 0o077:
        raise ConfigError(
            f"{path}: the NIK key file can be read by other users (mode "
            f"{stat.S_IMODE(info.st_mode):04o}). Fix: chmod 600 {path}"
        )
    try:
        text = path.read_text(encoding="utf-8").strip()
    except PermissionError:
        raise ConfigError(
            f"{path}: the server's user cannot read the NIK key file. Fix: chown it to that user"
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(
            f"{path}: the NIK key file does not hold a text key. Fix: restore the right file"
        ) from None
    if len(text) < MIN_KEY_CHARS:
        raise ConfigError(
            f"{path}: the NIK key is too short ({len(text)} characters, at least "
            f"{MIN_KEY_CHARS}). Fix: remove the file to have a new key made at start"
        )
    return text.encode()


def _create(path: Path) -> None:
    folder = path.parent
    # O_EXCL: never follow a planted symlink nor overwrite a key another process just made.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        if not folder.exists():
            # Only folders made here get 0700; an existing one keeps its owner's choice.
            folder.mkdir(mode=0o700, parents=True)
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        return  # made by a concurrent start; _read checks it
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot create the NIK key file ({exc.strerror}). Fix: make "
            f"{folder} writable by the server's user, or set ANTRE_SECRET_FILE elsewhere"
        ) from None
    try:
        os.fchmod(fd, 0o600)  # a strict umask must not leave the owner unable to read it
        os.write(fd, (secrets.token_urlsafe(48) + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(dir_fd)  # the key survives a power cut together with the first tickets
    finally:
        os.close(dir_fd)
