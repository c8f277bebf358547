"""Reads the writer makes on every batch must not walk the whole day: a long rush would
make each ticket cost more than the one before. Checked on SQLite's own query plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from queue_server.store import connect, migrate
from queue_server.store import tickets as ticket_rows


def test_the_days_calls_are_read_off_an_index_of_called_tickets(tmp_path: Path) -> None:
    db = connect(tmp_path / "antre.db")
    migrate(db)
    # day_calls' own statement (as SQLite ran it, values bound), asked for its plan.
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    ticket_rows.day_calls(db.conn, date(2026, 12, 7))
    db.conn.set_trace_callback(None)
    statement = next(s for s in statements if "called_at IS NOT NULL" in s)
    plan = " ".join(str(tuple(row)) for row in db.conn.execute("EXPLAIN QUERY PLAN " + statement))
    assert "USING INDEX tickets_called" in plan or "USING COVERING INDEX tickets_called" in plan, (
        plan
    )
