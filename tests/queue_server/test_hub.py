"""The hub never waits on a slow screen."""

from __future__ import annotations

import asyncio

from queue_server.hub import BACKLOG, Hub


def event(seq: int) -> dict:
    return {"seq": seq, "type": "ticket.issued", "at": "2026-11-30T02:00:00.000+00:00", "data": {}}


def test_a_stalled_subscriber_is_dropped_and_the_others_get_everything() -> None:
    async def scenario() -> tuple[list[int], bool, int]:
        hub = Hub()
        stalled, healthy = hub.subscribe(), hub.subscribe()
        received: list[int] = []
        for start in range(0, BACKLOG + 100, 50):
            hub.publish([event(s) for s in range(start + 1, start + 51)])  # returns at once
            batch = await healthy.next_batch()
            assert batch is not None
            received += [e["seq"] for e, _ in batch]
        return received, stalled.dropped, hub.count

    received, dropped, remaining = asyncio.run(scenario())
    assert received == list(range(1, len(received) + 1)) and len(received) >= BACKLOG + 100
    assert dropped and remaining == 1


def test_dropped_subscriber_wakes_up_with_none() -> None:
    async def scenario() -> object:
        hub = Hub()
        sub = hub.subscribe()
        hub.publish([event(s) for s in range(1, BACKLOG + 2)])
        return await asyncio.wait_for(sub.next_batch(), 1)

    assert asyncio.run(scenario()) is None


def test_filters_see_only_what_they_want() -> None:
    async def scenario() -> list[int]:
        hub = Hub()
        sub = hub.subscribe(lambda e: e["seq"] % 2 == 0)
        hub.publish([event(s) for s in range(1, 7)])
        batch = await sub.next_batch()
        return [e["seq"] for e, _ in batch or []]

    assert asyncio.run(scenario()) == [2, 4, 6]
