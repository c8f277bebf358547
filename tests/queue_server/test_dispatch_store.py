"""Dispatch reads only the lane heads from the store; it must pick what the whole queue would."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from queue_core.dispatch import choose_next
from queue_core.ticket import Priority, Ticket, TicketStatus
from queue_server.store import connect, migrate
from queue_server.store import tickets as ticket_rows
from queue_server.store.tickets import TicketRecord

DAY = date(2026, 11, 30)
T0 = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
SERVICES = ["ktp", "kk", "akta"]
WAITS = {"ktp": 60.0, "kk": 45.0, "akta": 20.0}

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


@settings(max_examples=120, deadline=None)
@given(
    st.lists(one_ticket, max_size=30), st.integers(0, 3), st.integers(1, 3), st.integers(60, 160)
)
def test_lane_heads_pick_what_the_whole_queue_would(
    specs, streak: int, k: int, now_minute: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = connect(Path(folder) / "t.db", durable=False)
        migrate(db)
        conn = db.conn
        for i, spec in enumerate(specs, 1):
            at = T0 + timedelta(minutes=spec["minute"])
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
                appointment_at=T0 + timedelta(minutes=spec["appointment"])
                if spec["priority"] is Priority.APPOINTMENT
                else None,
            )
            stored = ticket_rows.insert(
                conn, TicketRecord(ticket, f"token-{i:04d}-xxxxxxxxxxxxxxxx"), None, at
            )
            ticket_rows.save(
                conn, replace(stored, status=spec["status"], target_counter_id=spec["target"]), at
            )
        now = T0 + timedelta(minutes=now_minute)
        for counter, services in ((1, ["ktp", "kk"]), (2, ["akta", "kk", "ktp"])):
            rules = dict(
                counter_id=counter,
                services=services,
                now=now,
                streak=streak,
                k=k,
                max_wait_minutes=WAITS,
            )
            everything = choose_next(ticket_rows.waiting(conn, DAY, services), **rules)
            heads = choose_next(ticket_rows.lane_heads(conn, DAY, counter, services, now), **rules)
            assert heads == everything
        conn.close()
