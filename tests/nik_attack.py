"""The brute-force attack on a copied hall database, as docs/privacy.md describes it.

The attacker holds copies of `antre.db`, `antre.db-wal` and `antre.db-shm` and the source
code, and wants the NIK behind each stored `(nik_hmac, nik_masked)`. The masked form gives
the last 4 digits; the region (6 digits) has ~7,285 values and the birth date (6 digits)
~74,000, so the whole space is ~5×10^8 per HMAC: minutes, given the key. Tests restrict
the enumeration to the birth date (the attacker is granted the region), which changes the
time it takes, not whether it succeeds: success needs only the right key.

The key is looked for everywhere in the copy: every value of every table, every run of
key-like characters in the raw bytes of the three files (the key file's format is a run
of 64 such characters), and each of those as a hex-encoded raw key. Each candidate is
tried as the HMAC key itself and as a master key put through the server's own
derivation for every hall day found in the copy.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from queue_server.nik_keys import DAILY_LIMIT, derive_key

SUFFIXES = ("", "-wal", "-shm")
_KEY_RUN = re.compile(rb"[A-Za-z0-9_\-]{32,}")
_GENERATED_KEY_CHARS = 64


@functools.cache
def birth_digits() -> tuple[str, ...]:
    """Every DDMMYY a NIK can hold: day 01-31 (women: +40), month 01-12, any year."""
    days = [*range(1, 32), *range(41, 72)]
    return tuple(f"{d:02d}{m:02d}{y:02d}" for d in days for m in range(1, 13) for y in range(100))


def copy_database(db: Path, into: Path) -> Path:
    """Copy the database files as `cp antre.db* into/` would, while the server runs."""
    into.mkdir()
    for suffix in SUFFIXES:
        source = db.with_name(db.name + suffix)
        if source.exists():
            shutil.copyfile(source, into / source.name)
    return into / db.name


@dataclass
class Stolen:
    files: dict[str, bytes]
    """Raw bytes of each copied file, read before SQLite touches the copy."""
    values: set[bytes]
    """Every value of every column of every table, as bytes."""
    links: list[tuple[int, str, str, str]]
    """(ticket id, hall day, nik_hmac, nik_masked) of every ticket still holding a link."""
    days: set[str]
    meta: dict[str, str]
    """hall_meta, where earlier versions kept the key."""


def steal(copy: Path) -> Stolen:
    files = {
        copy.name + s: copy.with_name(copy.name + s).read_bytes()
        for s in SUFFIXES
        if copy.with_name(copy.name + s).exists()
    }
    conn = sqlite3.connect(copy)
    try:
        values: set[bytes] = set()
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, bytes):
                        values.add(value)
                    elif value is not None:
                        values.add(str(value).encode())
        links = [
            (int(r[0]), str(r[1]), str(r[2]), str(r[3]))
            for r in conn.execute(
                "SELECT id, day, nik_hmac, nik_masked FROM tickets WHERE nik_hmac IS NOT NULL"
            )
        ]
        days = {str(r[0]) for r in conn.execute("SELECT DISTINCT day FROM tickets")}
        meta = {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM hall_meta")}
    finally:
        conn.close()
    return Stolen(files, values, links, days, meta)


def candidate_keys(stolen: Stolen) -> set[bytes]:
    """Everything in the copy that could be the key, in every form the code could use."""
    found = set(stolen.values)
    for data in stolen.files.values():
        for run in _KEY_RUN.findall(data):
            found.add(run)
            found.update(
                run[i : i + _GENERATED_KEY_CHARS]
                for i in range(len(run) - _GENERATED_KEY_CHARS + 1)
            )
    for text in list(found):
        if len(text) == 64 and re.fullmatch(rb"[0-9a-f]{64}", text):
            found.add(bytes.fromhex(text.decode()))  # a raw 32-byte key written as hex
    return found


def keyings(candidate: bytes, days: Iterable[str]) -> list[bytes]:
    """The HMAC keys a candidate stands for: itself, and the per-day keys if it were the
    master key."""
    return [candidate, *(derive_key(candidate, DAILY_LIMIT, day) for day in days)]


def opens(keys: list[bytes], nik_hmac: str, nik: str) -> bool:
    target = bytes.fromhex(nik_hmac)
    return any(hmac.new(k, nik.encode(), hashlib.sha256).digest() == target for k in keys)


def recover(nik_hmac: str, masked: str, region: str, keys: list[bytes]) -> str | None:
    """Enumerate the NIKs consistent with the masked form (region granted) under `keys`."""
    target = bytes.fromhex(nik_hmac)
    last4 = masked[-4:]
    for key in keys:
        base = hmac.new(key, digestmod=hashlib.sha256)
        for birth in birth_digits():
            nik = region + birth + last4
            trial = base.copy()
            trial.update(nik.encode())
            if trial.digest() == target:
                return nik
    return None
