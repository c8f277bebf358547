"""The trigger-kept lane counts always equal a plain count of the waiting tickets."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from inprocess import HallClient

from queue_server.store import connect

LANE_SQL = """SELECT day, service_id,
    CASE WHEN target_counter_id IS NOT NULL THEN 'targeted'
         WHEN priority = 'appointment' THEN 'appointment'
         WHEN priority IN ('elderly', 'disability', 'pregnant', 'child') THEN 'priority'
         ELSE 'regular' END, count(*)
    FROM tickets WHERE status = 'waiting' GROUP BY 1, 2, 3"""


def lanes_agree(hall: HallClient) -> None:
    db = connect(hall.db, readonly=True)
    try:
        counted = {(d, s, lane): n for d, s, lane, n in db.conn.execute(LANE_SQL)}
        kept = {
            (d, s, lane): n for d, s, lane, n in db.conn.execute("SELECT * FROM waiting_lanes") if n
        }
    finally:
        db.conn.close()
    assert kept == counted


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 10_000), steps=st.integers(5, 40))
def test_lane_counts_follow_every_kind_of_change(hall: HallClient, seed: int, steps: int) -> None:
    rng = random.Random(seed)
    hall.post("/api/v1/counters/1/open", "supervisor")
    hall.post("/api/v1/counters/2/open", "supervisor")
    for _ in range(steps):
        move = rng.choice(
            [
                "issue",
                "issue",
                "call",
                "start",
                "finish",
                "transfer",
                "no-show",
                "requeue",
                "cancel",
                "day",
            ]
        )
        tickets = hall.get("/api/v1/tickets").json()
        held = [t for t in tickets if t["status"] in ("called", "serving")]
        if move == "issue":
            hall.post(
                "/api/v1/tickets",
                "kiosk",
                json={
                    "service_id": rng.choice(["kk", "akta", "pkb"]),
                    "priority": rng.choice(["regular", "elderly"]),
                },
            )
        elif move == "call":
            hall.post(f"/api/v1/counters/{rng.choice([1, 2])}/call-next", "supervisor")
        elif move == "day":
            hall.clock.advance(hours=rng.choice([1, 20]))
            hall.post("/api/v1/tickets", "kiosk", json={"service_id": "pkb"})
        elif held or tickets:
            target = rng.choice(held or tickets)
            body = (
                {"service_id": "kk", "counter_id": rng.choice([None, 2])}
                if move == "transfer"
                else None
            )
            hall.post(f"/api/v1/tickets/{target['id']}/{move}", "supervisor", json=body)
        lanes_agree(hall)
