"""Appointments in the simulated day: their ETA at check-in is graded with the rest, and
promises their slot, not the walk-in queue they are not part of."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from rich.console import Console
from support import SAMPLE_HALL

from queue_core.hall import load_hall
from queue_server.simulation import run_simulation
from queue_server.store import connect


def test_a_checked_in_appointment_is_promised_its_slot_not_the_walk_in_queue(
    tmp_path: Path,
) -> None:
    result = run_simulation(
        load_hall(SAMPLE_HALL),
        visitors=600,
        counters=12,
        seed=1,
        speed=0,
        db=tmp_path / "day.db",
        console=Console(file=io.StringIO(), width=120),
        show=False,
        booked_share=0.5,
        booking_no_show=0.0,
    )
    conn = connect(tmp_path / "day.db", readonly=True).conn
    try:
        rows = conn.execute(
            "SELECT issued_at, appointment_at, eta_at_issue, service_id FROM tickets"
            " WHERE priority = 'appointment'"
        ).fetchall()
        walk_ins = conn.execute(
            "SELECT avg(eta_at_issue) FROM tickets WHERE priority = 'regular'"
            " AND service_id IN (SELECT service_id FROM tickets WHERE priority = 'appointment')"
        ).fetchone()[0]
    finally:
        conn.close()
    assert result.booked > 20 and len(rows) == result.booked
    for issued_at, appointment_at, eta, _ in rows:
        to_slot = (
            datetime.fromisoformat(appointment_at) - datetime.fromisoformat(issued_at)
        ).total_seconds() / 60
        # Called at its slot, after the call a counter is making (half of one, on average).
        assert eta is not None and eta <= max(to_slot, 0) + 10, (eta, to_slot)
    # …while the walk-ins of the same services were promised long waits that day.
    assert walk_ins > 30
