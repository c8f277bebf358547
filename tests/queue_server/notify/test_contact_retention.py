"""Contacts are deleted `contact_days` after what they belong to, with the messages sent
to them, at the day roll — gone from the file's bytes too (injectable clock)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from inprocess import FakeClock, HallClient
from notify_sinks import hall_with_channels
from support import free_port

from queue_server.store import connect

# Contact made Monday 30 November 2026 (hall day); contact_days = 30 → kept through
# 30 December, deleted on the first write of 31 December.
LAST_KEPT_DAY = datetime(2026, 12, 30, 10, 0, tzinfo=UTC)
FIRST_PURGE_DAY = datetime(2026, 12, 30, 17, 0, 30, tzinfo=UTC)  # 31 Dec 00:00:30 WIB


@pytest.fixture
def hall(tmp_path: Path, clock: FakeClock) -> Iterator[HallClient]:
    # Channels to closed ports: messages stay (pending or failed) until the purge.
    path = hall_with_channels(tmp_path, free_port(), f"http://127.0.0.1:{free_port()}/x")
    with HallClient(tmp_path / "antre.db", clock, hall=path) as client:
        yield client


def stored(db: Path) -> tuple[list[bytes], int]:
    conn = connect(db, readonly=True).conn
    try:
        blobs = [b for r in conn.execute("SELECT phone, email FROM contacts") for b in r if b]
        return blobs, conn.execute("SELECT count(*) FROM outbox").fetchone()[0]
    finally:
        conn.close()


def roll(hall: HallClient, moment: datetime) -> None:
    hall.clock.set(moment)
    answer = hall.post("/api/v1/announcements", "supervisor", json={"text": "Selamat pagi"})
    assert answer.status_code == 201, answer.text


def test_a_contact_and_its_messages_are_deleted_after_contact_days(hall: HallClient) -> None:
    answer = hall.post(
        "/api/v1/notifications/test",
        "supervisor",
        json={"email": "budi@contoh.example", "phone": "081234567890"},
    )
    assert answer.status_code == 201, answer.text
    blobs, messages = stored(hall.db)
    assert len(blobs) == 2 and messages == 2

    roll(hall, LAST_KEPT_DAY)
    assert stored(hall.db) == (blobs, 2)

    roll(hall, FIRST_PURGE_DAY)
    assert stored(hall.db) == ([], 0)
    raw = b"".join(p.read_bytes() for p in hall.db.parent.glob("antre.db*"))
    for blob in blobs:
        assert blob not in raw
