"""The append-only event log."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from queue_core.events import Event, compact_json, event_json, iso


def append(conn: sqlite3.Connection, event: Event) -> dict[str, Any]:
    """Store an event in the current transaction; returns its numbered wire form."""
    data = compact_json(event.data())
    cur = conn.execute(
        "INSERT INTO events (type, at, data) VALUES (?, ?, ?)", (event.type, iso(event.at), data)
    )
    return event_json(int(cur.lastrowid or 0), event)


def since(conn: sqlite3.Connection, seq: int, limit: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT seq, type, at, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit)
    )
    return [{"seq": s, "type": t, "at": a, "data": json.loads(d)} for s, t, a, d in rows]


def last_seq(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT max(seq) FROM events").fetchone()
    return int(row[0] or 0)
