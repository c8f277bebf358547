"""Whole-database copies: SQLite's online backup and the integrity check of a copy."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from queue_server.store.database import BUSY_TIMEOUT_MS

PAGES_PER_STEP = 1024
"""4 MB per step of the backup API: between steps other threads of the process run."""


def copy_database(source: Path, target: Path) -> int:
    """Copy `source` (in use by a running server or not) into the new file `target`, as
    of one moment; returns the tickets the copy holds.

    The copy runs inside one read transaction on `source`: in WAL mode that never blocks
    the writer, and it keeps the snapshot fixed, so the backup API does not start over
    each time the writer commits (without it, a busy hall's backup would never end)."""
    src = sqlite3.connect(source, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        src.execute("BEGIN")
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts
        dst = sqlite3.connect(target, isolation_level=None)
        try:
            src.backup(dst, pages=PAGES_PER_STEP)
            # One self-contained file: no -wal beside it to lose on the way to a USB disk.
            dst.execute("PRAGMA journal_mode = DELETE").fetchone()
            tickets = int(dst.execute("SELECT count(*) FROM tickets").fetchone()[0])
        finally:
            dst.close()
        src.execute("COMMIT")
    finally:
        src.close()
    return tickets


def integrity_problems(path: Path) -> list[str]:
    """What is wrong with the database file at `path`; [] for a sound Antre database."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            return rows
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"tickets", "events", "hall_meta"} <= tables:
            return ["not an Antre database (no tickets, events or hall_meta table)"]
        return []
    except sqlite3.Error as exc:
        return [str(exc)]
    finally:
        conn.close()
