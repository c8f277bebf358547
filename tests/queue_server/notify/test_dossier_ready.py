"""A ready dossier tells the citizen who left a contact (their booking's), in the step's
own transaction; a walk-in ticket has no contact, so nothing is queued."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from inprocess import FakeClock, HallClient
from notify_sinks import hall_with_channels
from support import free_port

from queue_server.store import notify as rows

TUESDAY_0800_WIB = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


@pytest.fixture
def hall(tmp_path: Path, clock: FakeClock) -> Iterator[HallClient]:
    path = hall_with_channels(tmp_path, free_port(), f"http://127.0.0.1:{free_port()}/x")
    with HallClient(tmp_path / "antre.db", clock, hall=path) as client:
        client.token("dk", "operator")
        conn = sqlite3.connect(client.db)
        with conn:
            conn.execute("UPDATE users SET agency_id = 'dukcapil' WHERE username = 'dk'")
        conn.close()
        yield client


def serve_to_ready(hall: HallClient, ticket: dict[str, Any]) -> int:
    hall.post("/api/v1/counters/1/open", "operator")
    hall.post("/api/v1/counters/1/call", "operator", json={"ticket_id": ticket["id"]})
    for step in ("start", "finish"):
        hall.post(f"/api/v1/tickets/{ticket['id']}/{step}", "operator").raise_for_status()
    d = hall.post(f"/api/v1/tickets/{ticket['id']}/dossier", "dk", json={})
    assert d.status_code == 201, d.text
    did = int(d.json()["id"])
    hall.post(f"/api/v1/dossiers/{did}/process", "dk").raise_for_status()
    hall.post(f"/api/v1/dossiers/{did}/ready", "dk").raise_for_status()
    return did


def kinds(hall: HallClient, did: int) -> list[str]:
    return [m.kind for m in rows.by_ref(hall.app.state.runtime.reader, f"dossier:{did}")]


def test_ready_tells_the_booked_citizen_and_not_a_walk_in(
    hall: HallClient, clock: FakeClock
) -> None:
    booking = hall.client.post(
        "/api/v1/bookings",
        json={
            "service_id": "kk",
            "date": "2026-12-01",
            "start": "08:00",
            "nik": "3171011501900001",
            "phone": "081234567890",
            "email": "budi@contoh.example",
        },
    )
    assert booking.status_code == 201, booking.text
    clock.set(TUESDAY_0800_WIB)
    ticket = hall.post(
        "/api/v1/tickets",
        "kiosk",
        json={"booking_code": booking.json()["code"], "nik_last4": "0001"},
    )
    assert ticket.status_code == 201, ticket.text
    booked = serve_to_ready(hall, ticket.json())
    assert kinds(hall, booked) and set(kinds(hall, booked)) == {"dossier.ready"}
    walk_in = serve_to_ready(hall, hall.issue("kk"))
    assert kinds(hall, walk_in) == []
