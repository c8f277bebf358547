"""What the live floor reads besides the queue view: when each counter last changed state.

The counters table keeps `updated_at` for every save (a call moves the priority streak),
so the time a counter has been open, paused or closed comes from its `counter.*` events.
Events are read by seq (the primary key), never scanned by time."""

from __future__ import annotations

import json
import sqlite3

COUNTER_EVENTS = ("counter.opened", "counter.paused", "counter.closed")


def first_seq_from(conn: sqlite3.Connection, at: str) -> int:
    """The first seq whose event happened at or after `at` (ISO, UTC), found by halving the
    seq range (events are appended in time order); one past the head when none is."""
    row = conn.execute("SELECT min(seq), max(seq) FROM events").fetchone()
    low, high = (row[0], row[1]) if row and row[0] is not None else (1, 0)
    end = high + 1
    hi = end
    while low < hi:
        mid = (low + hi) // 2
        found = conn.execute(
            "SELECT seq, at FROM events WHERE seq >= ? ORDER BY seq LIMIT 1", (mid,)
        ).fetchone()
        if found is None or found[1] >= at:
            hi = mid
        else:
            low = found[0] + 1
    return low


def counter_changes(conn: sqlite3.Connection, after_seq: int) -> list[tuple[int, int, str, str]]:
    """(seq, counter id, status, at) of every counter event after `after_seq`, in order."""
    rows = conn.execute(
        "SELECT seq, type, at, data FROM events WHERE seq > ? AND type IN (?, ?, ?) ORDER BY seq",
        (after_seq, *COUNTER_EVENTS),
    )
    result = []
    for seq, kind, at, data in rows:
        counter_id = json.loads(data).get("counter_id")
        if isinstance(counter_id, int):
            result.append((seq, counter_id, kind.split(".", 1)[1], at))
    return result
