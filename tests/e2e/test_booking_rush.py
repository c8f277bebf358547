"""A booking rush against a real `antre serve` on a real SQLite file: 500 citizens at once
for a slot's last 20 places get exactly 20 bookings, and nobody sees a place below zero.
Then the whole trail is searched for a full NIK: responses, events, the server's log
file and the database's bytes hold none.
"""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from support import ROOT, Server, bearer

pytestmark = pytest.mark.e2e

RUSH_HALL = ROOT / "tests" / "halls" / "booking_rush.toml"
CAPACITY = 40
LAST_PLACES = 20
RUSH = 500


def nik(n: int) -> str:
    """A valid NIK for each n < 9000: the birth day and serial vary."""
    return f"317101{(n % 28) + 1:02d}0190{1000 + n:04d}"


def tomorrow() -> str:
    return (datetime.now(ZoneInfo("Asia/Jakarta")).date() + timedelta(days=1)).isoformat()


async def _rush(url: str, day: str, niks: list[str]) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:

        async def one(citizen: str) -> httpx.Response:
            body = {"service_id": "kk", "date": day, "start": "00:00", "nik": citizen}
            return await client.post("/api/v1/bookings", json=body)

        return list(await asyncio.gather(*(one(n) for n in niks)))


def test_a_rush_for_the_last_places_books_exactly_them_and_leaks_no_nik(tmp_path: Path) -> None:
    server = Server(
        tmp_path / "antre.db", hall=RUSH_HALL, env={"ANTRE_PUBLIC_RATE_PER_MINUTE": "100000"}
    ).start()
    try:
        day = tomorrow()
        seen: list[str] = []
        early = [nik(n) for n in range(CAPACITY - LAST_PLACES)]
        with httpx.Client(base_url=server.url) as client:
            for citizen in early:
                reply = client.post(
                    "/api/v1/bookings",
                    json={"service_id": "kk", "date": day, "start": "00:00", "nik": citizen},
                )
                assert reply.status_code == 201, reply.text
                seen.append(reply.text)

        # While the rush runs, a phone keeps reading the slot: never a negative place.
        remaining: list[int] = []
        done = threading.Event()

        def watch() -> None:
            with httpx.Client(base_url=server.url) as phone:
                while not done.is_set():
                    slots = phone.get(f"/api/v1/services/kk/slots?date={day}").json()
                    remaining.append(slots[0]["remaining"])

        watcher = threading.Thread(target=watch)
        watcher.start()
        rushers = [nik(n) for n in range(100, 100 + RUSH)]
        try:
            replies = asyncio.run(_rush(server.url, day, rushers))
        finally:
            done.set()
            watcher.join()

        statuses = [r.status_code for r in replies]
        assert not [s for s in statuses if s >= 500]
        assert statuses.count(201) == LAST_PLACES
        refused = [r.json()["error"]["code"] for r in replies if r.status_code != 201]
        assert refused == ["slot_full"] * (RUSH - LAST_PLACES)
        assert remaining and min(remaining) >= 0
        seen.extend(r.text for r in replies)

        with httpx.Client(base_url=server.url) as client:
            slots = client.get(f"/api/v1/services/kk/slots?date={day}").json()
            assert slots[0]["remaining"] == 0
            admin = bearer(server.staff_token())
            listed = client.get(f"/api/v1/bookings?date={day}&limit=500", headers=admin).json()
            assert len(listed["items"]) == CAPACITY
            seen.append(str(listed))

            # A check-in with the whole NIK from a card reader: the NIK goes in, never out.
            kiosk = bearer(server.device_token("kiosk-1", "kiosk"))
            booked = next(r.json() for r in replies if r.status_code == 201)
            citizen = next(n for n in rushers if n.endswith(booked["nik_masked"][-4:]))
            ticket = client.post(
                "/api/v1/tickets",
                json={"booking_code": booked["code"], "nik": citizen},
                headers=kiosk,
            )
            assert ticket.status_code == 201, ticket.text
            seen.append(ticket.text)
            events = client.get("/api/v1/events?since=0&limit=1000", headers=admin)
            assert any(e["type"] == "booking.checked_in" for e in events.json()["events"])
            seen.append(events.text)
    finally:
        server.stop()

    trail = "\n".join(seen).encode() + server.log.read_bytes()
    for suffix in ("", "-wal"):
        path = Path(f"{server.db}{suffix}")
        if path.exists():
            trail += path.read_bytes()
    assert b"/api/v1/bookings" in server.log.read_bytes()  # the log is the server's own
    leaked = [n for n in early + rushers if n.encode() in trail]
    assert not leaked, f"{len(leaked)} full NIKs found in responses, events, log or database"
