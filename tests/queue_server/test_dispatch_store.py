"""Dispatch reads only the lane heads from the store; it must pick what the whole queue would."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from stored_queue import COUNTERS, DAY, T0, WAITS, one_ticket, stored_queue

from queue_core.dispatch import choose_next
from queue_server.store import tickets as ticket_rows


@settings(max_examples=120, deadline=None)
@given(
    st.lists(one_ticket, max_size=30), st.integers(0, 3), st.integers(1, 3), st.integers(60, 160)
)
def test_lane_heads_pick_what_the_whole_queue_would(
    specs, streak: int, k: int, now_minute: int
) -> None:
    with stored_queue(specs) as conn:
        now = T0 + timedelta(minutes=now_minute)
        for counter, services in COUNTERS:
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
