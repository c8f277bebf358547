"""Counter rows: the configured counters' live state."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

from queue_core.counter import CounterState, CounterStatus
from queue_core.hall import Counter


def sync_config(conn: sqlite3.Connection, counters: Iterable[Counter]) -> None:
    """Make a row for every configured counter and keep names in step with the file.
    Rows of counters removed from the file stay (old tickets point at them)."""
    conn.executemany(
        "INSERT INTO counters (id, name) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name",
        [(c.id, c.name) for c in counters],
    )


def _state(row: sqlite3.Row) -> CounterState:
    return CounterState(
        id=row["id"],
        name=row["name"],
        status=CounterStatus(row["status"]),
        operator_id=row["operator_id"],
        priority_streak=row["priority_streak"],
    )


def get(conn: sqlite3.Connection, counter_id: int) -> CounterState | None:
    row = conn.execute("SELECT * FROM counters WHERE id = ?", (counter_id,)).fetchone()
    return _state(row) if row else None


def all_states(conn: sqlite3.Connection) -> dict[int, CounterState]:
    return {row["id"]: _state(row) for row in conn.execute("SELECT * FROM counters ORDER BY id")}


def opened_by(conn: sqlite3.Connection) -> dict[int, str]:
    """counter id → the user name of the operator who holds it open (or paused)."""
    rows = conn.execute(
        "SELECT c.id, u.username FROM counters c JOIN users u ON u.id = c.operator_id"
        " WHERE c.status != 'closed'"
    )
    return {row[0]: row[1] for row in rows}


def save(conn: sqlite3.Connection, state: CounterState, now: datetime) -> None:
    conn.execute(
        "UPDATE counters SET status = ?, operator_id = ?, priority_streak = ?, updated_at = ? WHERE id = ?",
        (state.status.value, state.operator_id, state.priority_streak, now.isoformat(), state.id),
    )


def current_tickets(conn: sqlite3.Connection) -> dict[int, tuple[str, str]]:
    """counter id → (number, status) of the ticket each counter holds."""
    rows = conn.execute(
        "SELECT counter_id, prefix, running, status FROM tickets"
        " WHERE status IN ('called', 'serving') AND counter_id IS NOT NULL"
    )
    return {r[0]: (f"{r[1]}{r[2]:03d}", r[3]) for r in rows}


def open_ids(conn: sqlite3.Connection) -> set[int]:
    return {row[0] for row in conn.execute("SELECT id FROM counters WHERE status = 'open'")}


def paused_ids(conn: sqlite3.Connection) -> set[int]:
    return {row[0] for row in conn.execute("SELECT id FROM counters WHERE status = 'paused'")}
