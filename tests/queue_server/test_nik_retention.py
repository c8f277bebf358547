"""Retention: what links a ticket to a NIK (its HMAC, its masked NIK, its idempotency key)
lasts the hall day it serves and is gone — from the tables and from the file's bytes —
once the day rolls (docs/privacy.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from inprocess import FakeClock, HallClient

from queue_server.store import connect

NIKS = ("3273014101900001", "3174015508850002", "3578012312600003")
TUESDAY_JUST_AFTER_MIDNIGHT = datetime(2026, 11, 30, 17, 0, 30, tzinfo=UTC)  # 00:00:30 WIB


def links(db: Path) -> dict[int, tuple[str, str | None, str | None]]:
    """ticket id → (day, nik_hmac, nik_masked), read the way a copy of the file would be."""
    conn = connect(db, readonly=True).conn
    try:
        rows = conn.execute("SELECT id, day, nik_hmac, nik_masked FROM tickets").fetchall()
        return {r["id"]: (r["day"], r["nik_hmac"], r["nik_masked"]) for r in rows}
    finally:
        conn.close()


def idempotency_days(db: Path) -> list[str]:
    conn = connect(db, readonly=True).conn
    try:
        return [r[0] for r in conn.execute("SELECT day FROM idempotency ORDER BY day")]
    finally:
        conn.close()


def issue(hall: HallClient, service: str, nik: str, key: str) -> dict:
    hall.clock.advance(seconds=30)
    reply = hall.post(
        "/api/v1/tickets",
        "kiosk",
        json={"service_id": service, "nik": nik},
        headers={"Idempotency-Key": key},
    )
    assert reply.status_code == 201, reply.text
    return dict(reply.json())


def test_no_nik_link_of_a_past_day_remains_once_the_day_rolls(
    hall: HallClient, clock: FakeClock
) -> None:
    services = ("kk", "pkb", "kk")
    monday = [
        issue(hall, s, nik, f"mon-{i}")
        for i, (s, nik) in enumerate(zip(services, NIKS, strict=True))
    ]
    monday.append(issue(hall, "ktp", NIKS[0], "mon-again"))
    hall.post("/api/v1/counters/1/open", "operator")
    hall.post("/api/v1/counters/1/call-next", "operator")  # a ticket row updated mid-day
    before = links(hall.db)
    assert all(before[t["id"]][1] and before[t["id"]][2] for t in monday)  # the day's purpose
    assert before[monday[0]["id"]][1] == before[monday[3]["id"]][1]  # linked within the day
    assert idempotency_days(hall.db) == ["2026-11-30"] * 4

    clock.set(TUESDAY_JUST_AFTER_MIDNIGHT)
    tuesday = issue(hall, "ktp", NIKS[0], "tue-0")  # the first write of the day rolls it

    after = links(hall.db)
    assert [after[t["id"]] for t in monday] == [("2026-11-30", None, None)] * 4
    assert hall.get(f"/api/v1/tickets/{monday[0]['id']}").json()["nik_masked"] is None
    assert idempotency_days(hall.db) == ["2026-12-01"]
    day, digest, masked = after[tuesday["id"]]
    assert day == "2026-12-01" and masked == "************0001"
    # Today's HMAC of the same NIK is unrelated to Monday's: days cannot be joined on it.
    assert digest is not None and digest != before[monday[0]["id"]][1]

    # Gone from the bytes too, while the server runs: no freed cell, no old WAL frame.
    # (The masked NIK Tuesday's ticket shows again is today's, not Monday's.)
    monday_links = {h.encode() for _, h, _ in before.values() if h} | {
        m.encode() for _, _, m in before.values() if m and m != masked
    }
    assert len(monday_links) == 5
    for path in hall.db.parent.glob("antre.db*"):
        data = path.read_bytes()
        assert [link for link in monday_links if link in data] == [], path.name
