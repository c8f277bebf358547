"""Random waiting queues written into a real store, for the property tests that hold the
store's shortcuts (lane heads, lane fronts) equal to dispatch over the whole queue."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from queue_core.ticket import Priority, Ticket, TicketStatus
from queue_server.store import connect, migrate
from queue_server.store import tickets as ticket_rows
from queue_server.store.tickets import TicketRecord

DAY = date(2026, 11, 30)
T0 = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
SERVICES = ["ktp", "kk", "akta"]
WAITS = {"ktp": 60.0, "kk": 45.0, "akta": 20.0}
COUNTERS = ((1, ["ktp", "kk"]), (2, ["akta", "kk", "ktp"]))
"""Two counters sharing services, in different orders."""

one_ticket = st.fixed_dictionaries(
    {
        "service": st.sampled_from(SERVICES),
        "minute": st.integers(0, 120),
        "priority": st.sampled_from(list(Priority)),
        "target": st.sampled_from([None, None, None, 1, 2]),
        "appointment": st.integers(0, 150),
        "status": st.sampled_from(
            [TicketStatus.WAITING] * 4 + [TicketStatus.DONE, TicketStatus.CALLED]
        ),
    }
)
"""One ticket: its service, when it joined (minutes after T0), priority, the counter it
was sent to if any, its appointment time, and its status now."""


@contextmanager
def stored_queue(specs: list[dict[str, Any]]) -> Iterator[sqlite3.Connection]:
    """A fresh store holding one ticket per spec, for the hall day DAY."""
    with tempfile.TemporaryDirectory() as folder:
        db = connect(Path(folder) / "t.db", durable=False)
        migrate(db)
        conn = db.conn
        for i, spec in enumerate(specs, 1):
            at = T0 + timedelta(minutes=spec["minute"])
            appointment = spec["priority"] is Priority.APPOINTMENT
            ticket = Ticket(
                id=0,
                day=DAY,
                service_id=spec["service"],
                prefix="A",
                running=i,
                status=TicketStatus.WAITING,
                priority=spec["priority"],
                issued_at=at,
                queued_at=at,
                appointment_at=T0 + timedelta(minutes=spec["appointment"]) if appointment else None,
            )
            stored = ticket_rows.insert(
                conn, TicketRecord(ticket, f"token-{i:04d}-xxxxxxxxxxxxxxxx"), None, at
            )
            ticket_rows.save(
                conn, replace(stored, status=spec["status"], target_counter_id=spec["target"]), at
            )
        try:
            yield conn
        finally:
            conn.close()
