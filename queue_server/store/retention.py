"""Retention: what links a ticket to a NIK is deleted when its purpose ends.

docs/privacy.md lists each table's personal data, purpose and retention. Deleted here
means gone from the file too: writable connections run with `secure_delete` (the freed
bytes are zeroed), and after a purge the WAL, which still holds the old page images, is
checkpointed and truncated.
"""

from __future__ import annotations

import sqlite3
from datetime import date


def purge_day_links(conn: sqlite3.Connection, before: date) -> int:
    """Forget the NIK links of hall days before `before`: the HMAC (its purpose, the day's
    per-NIK limit, is over), the masked NIK (the counter needed it to check the citizen's
    card that day) and the idempotency keys (only valid within their day; their body hash
    includes the HMAC). Returns how many tickets were cleared."""
    day = before.isoformat()
    cleared = conn.execute(
        "UPDATE tickets SET nik_hmac = NULL, nik_masked = NULL"
        " WHERE day < ? AND (nik_hmac IS NOT NULL OR nik_masked IS NOT NULL)",
        (day,),
    ).rowcount
    conn.execute("DELETE FROM idempotency WHERE day < ?", (day,))
    return cleared


def truncate_wal(conn: sqlite3.Connection) -> bool:
    """Checkpoint every WAL frame into the database and truncate the WAL to zero bytes, so
    page images from before a purge do not linger in it. False when a reader held an old
    snapshot past the busy timeout: try again later."""
    busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


SCRUB_PENDING = "scrub_pending"
"""hall_meta flag: the file may still hold freed bytes from before secure_delete; the next
`scrub_if_pending` rewrites it."""


def scrub_if_pending(conn: sqlite3.Connection) -> bool:
    """Rewrite the whole file (VACUUM) once after the migration that retired a key kept in
    the database: its bytes, and HMACs of old rows, may sit in free space that no purge
    touched. Outside any transaction; safe to repeat if interrupted."""
    if conn.execute("SELECT 1 FROM hall_meta WHERE key = ?", (SCRUB_PENDING,)).fetchone() is None:
        return False
    conn.execute("VACUUM")
    conn.execute("DELETE FROM hall_meta WHERE key = ?", (SCRUB_PENDING,))
    truncate_wal(conn)
    return True
