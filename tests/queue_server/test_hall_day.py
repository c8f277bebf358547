"""The hall day: numbers restart at local midnight and leftovers expire."""

from __future__ import annotations

from datetime import UTC, datetime

from inprocess import FakeClock, HallClient


def test_numbers_restart_at_jakarta_midnight_not_utc_midnight(
    hall: HallClient, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 30, 16, 58, tzinfo=UTC))  # 23:58 in Jakarta, still Monday
    assert hall.issue("kk")["number"] == "B001"
    assert hall.issue("kk")["number"] == "B002"
    clock.set(
        datetime(2026, 11, 30, 17, 0, 30, tzinfo=UTC)
    )  # 00:00:30 Tuesday in Jakarta, 17:00 UTC Monday
    assert hall.issue("kk")["number"] == "B001"
    assert hall.client.get("/api/v1/hall").json()["day"] == "2026-12-01"
    clock.set(datetime(2026, 12, 1, 0, 30, tzinfo=UTC))  # UTC midnight passes: nothing restarts
    assert hall.issue("kk")["number"] == "B002"


def test_leftover_waiting_and_called_tickets_expire_with_the_day(
    hall: HallClient, clock: FakeClock
) -> None:
    waiting = hall.issue("kk")
    called_one = hall.issue("kk")
    hall.post("/api/v1/counters/1/open", "operator")
    hall.post("/api/v1/counters/1/call", "operator", json={"ticket_id": called_one["id"]})
    clock.set(datetime(2026, 11, 30, 17, 1, tzinfo=UTC))  # next hall day
    hall.issue("pkb")  # the first write of the new day rolls it
    ids = {waiting["id"], called_one["id"]}
    statuses = {t: hall.get(f"/api/v1/tickets/{t}").json()["status"] for t in ids}
    assert statuses == {waiting["id"]: "expired", called_one["id"]: "expired"}
    expired = [
        e
        for e in hall.get("/api/v1/events?since=0").json()["events"]
        if e["type"] == "ticket.expired"
    ]
    assert sorted(e["data"]["ticket_id"] for e in expired) == sorted(ids)
    # The counter is free again: its expired ticket no longer holds it.
    assert hall.post("/api/v1/counters/1/call-next", "operator").status_code == 204


def test_todays_ticket_list_shows_only_the_hall_day(hall: HallClient, clock: FakeClock) -> None:
    hall.issue("kk")
    clock.advance(days=1)
    hall.issue("pkb")
    assert [t["number"] for t in hall.get("/api/v1/tickets").json()] == ["D001"]
