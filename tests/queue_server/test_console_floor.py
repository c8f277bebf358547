"""The console's live floor: its figures are the queue view's, an agency-bound supervisor
sees only their agency, alerts appear past their threshold and not before, and the
cookie-authenticated socket sends the floor after an event and closes when the session
ends."""

from __future__ import annotations

from typing import Any

import pytest
from inprocess import HallClient

from queue_server.console.session import COOKIE
from queue_server.routes import console_floor


def as_console(hall: HallClient, name: str, role: str) -> None:
    hall.client.cookies.clear()
    hall.client.cookies.set(COOKIE, hall.token(name, role))


def floor(hall: HallClient) -> dict[str, Any]:
    answer = hall.client.get("/admin/floor.json")
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def open_counter(hall: HallClient, counter_id: int, who: str = "operator") -> None:
    opened = hall.post(f"/api/v1/counters/{counter_id}/open", who)
    assert opened.status_code == 200, opened.text


def test_the_floor_shows_the_queue_views_own_figures(hall: HallClient) -> None:
    open_counter(hall, 1)
    for service in ("kk", "kk", "akta", "pkb", "pkb", "pkb"):
        hall.issue(service)
    called = hall.post("/api/v1/counters/1/call-next", "operator")
    assert called.status_code == 200, called.text
    as_console(hall, "admin", "admin")
    seen = floor(hall)
    services = {s["id"]: s for s in hall.get("/api/v1/services", "supervisor").json()}
    assert [q["id"] for q in seen["queues"]] == list(services)
    for q in seen["queues"]:
        rest = services[q["id"]]
        for field in ("waiting", "eta_minutes", "eta_low", "eta_high", "eta_text"):
            assert q[field] == rest[field], (q["id"], field)
    counters = {c["id"]: c for c in hall.get("/api/v1/counters", "supervisor").json()}
    for c in seen["counters"]:
        rest = counters[c["id"]]
        assert c["status"] == rest["status"]
        assert c["current"] == (rest["current"] or {}).get("number")
    one = next(c for c in seen["counters"] if c["id"] == 1)
    assert one["current"] == called.json()["number"] and one["operator"] == "operator"
    page = hall.client.get("/admin/floor")
    assert page.status_code == 200
    row = page.text.split('data-counter="1"')[1].split("</tr>")[0]
    assert called.json()["number"] in row and "Buka" in row


def test_an_agency_bound_supervisor_sees_only_their_agency(hall: HallClient) -> None:
    hall.token("coordinator", "supervisor")
    bound = hall.client.patch(
        "/api/v1/users/coordinator", headers=hall.headers("admin"), json={"agency_id": "samsat"}
    )
    assert bound.status_code == 200, bound.text
    as_console(hall, "coordinator", "supervisor")
    seen = floor(hall)
    assert [c["id"] for c in seen["counters"]] == [3, 4]
    assert [q["id"] for q in seen["queues"]] == ["pkb"]
    page = hall.client.get("/admin/floor").text
    assert "Pajak Kendaraan" in page and "Loket 3" in page
    assert "Kartu Keluarga" not in page and "Loket 1" not in page
    as_console(hall, "supervisor", "supervisor")  # not bound: the whole hall
    assert [c["id"] for c in floor(hall)["counters"]] == [1, 2, 3, 4]


def test_a_late_queue_is_flagged_past_its_target_and_not_before(hall: HallClient) -> None:
    hall.issue("pkb")  # target_wait_minutes: the default 30
    as_console(hall, "supervisor", "supervisor")
    hall.clock.advance(minutes=30, seconds=-1)
    before = floor(hall)
    assert before["alerts"] == []
    assert "LEWAT TARGET" not in hall.client.get("/admin/floor").text
    hall.clock.advance(seconds=2)
    after = floor(hall)
    assert after["alerts"] == [{"kind": "late_queue", "id": "pkb", "minutes": 30, "limit": 30.0}]
    page = hall.client.get("/admin/floor").text
    assert "LEWAT TARGET" in page and "tiket terlama menunggu 30 mnt (target 30)" in page


def test_a_long_pause_is_flagged_past_the_threshold_and_not_before(hall: HallClient) -> None:
    open_counter(hall, 3)
    assert hall.post("/api/v1/counters/3/pause", "operator").status_code == 200
    as_console(hall, "supervisor", "supervisor")
    hall.clock.advance(minutes=15)  # the default ANTRE_FLOOR_PAUSE_ALERT_MINUTES
    paused = next(c for c in floor(hall)["counters"] if c["id"] == 3)
    assert paused["status"] == "paused" and paused["minutes_in_state"] == 15
    assert floor(hall)["alerts"] == []
    hall.clock.advance(seconds=1)
    assert floor(hall)["alerts"] == [{"kind": "long_pause", "id": 3, "minutes": 15, "limit": 15.0}]
    english = hall.client.get("/admin/floor?lang=en").text
    assert "LONG PAUSE" in english and "paused for 15 min" in english
    # Resuming ends the alert, and time in state starts again.
    open_counter(hall, 3)
    again = floor(hall)
    assert again["alerts"] == []
    assert next(c for c in again["counters"] if c["id"] == 3)["minutes_in_state"] == 0


def test_the_socket_sends_the_floor_after_a_call_and_closes_when_signed_out(
    hall: HallClient,
) -> None:
    open_counter(hall, 3)
    ticket = hall.issue("pkb")
    as_console(hall, "supervisor", "supervisor")
    head = floor(hall)["seq"]
    with hall.client.websocket_connect(f"/admin/floor/ws?since={head}") as ws:
        called = hall.post("/api/v1/counters/3/call-next", "operator")
        assert called.status_code == 200
        update = ws.receive_json()
        assert update["seq"] > head
        three = next(c for c in update["counters"] if c["id"] == 3)
        assert three["current"] == ticket["number"]
        assert ticket["number"] in update["html"]
        page = hall.client.get("/admin").text
        csrf = page.split('name="csrf" value="')[1].split('"')[0]
        hall.client.post("/admin/logout", data={"csrf": csrf})
        closed = ws.receive()
        assert closed["type"] == "websocket.close" and closed["code"] == 4401


def test_a_console_behind_the_head_gets_the_floor_at_once(
    hall: HallClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No half-minute refresh to hide behind: the floor must come because the page is behind.
    monkeypatch.setattr(console_floor, "REFRESH_SECONDS", 3600.0)
    as_console(hall, "supervisor", "supervisor")
    hall.issue("pkb")
    with hall.client.websocket_connect("/admin/floor/ws?since=0") as ws:
        first = ws.receive_json()
        assert first["seq"] == floor(hall)["seq"]
        assert next(q for q in first["queues"] if q["id"] == "pkb")["waiting"] == 1


@pytest.mark.parametrize("origin", ["http://evil.example", "null"])
def test_the_socket_refuses_another_sites_page(hall: HallClient, origin: str) -> None:
    as_console(hall, "supervisor", "supervisor")
    with (
        pytest.raises(Exception),  # noqa: B017 - the handshake is refused
        hall.client.websocket_connect("/admin/floor/ws", headers={"Origin": origin}) as ws,
    ):
        ws.receive_json()


def test_the_socket_accepts_the_consoles_own_page(hall: HallClient) -> None:
    as_console(hall, "supervisor", "supervisor")
    hall.issue("pkb")
    own = {"Origin": "http://testserver"}  # the page at http://testserver/admin/floor
    with hall.client.websocket_connect("/admin/floor/ws?since=0", headers=own) as ws:
        assert ws.receive_json()["seq"] > 0


def test_time_in_state_starts_from_the_first_event_of_the_hall_day(hall: HallClient) -> None:
    """The counter clock finds where today begins in the event log by halving the seq
    range; every event before it is yesterday's."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from queue_core.events import iso
    from queue_server.store import floor as floor_rows
    from queue_server.store.database import connect

    for _ in range(3):
        hall.issue("pkb")
    hall.clock.advance(days=1)
    for _ in range(4):
        hall.issue("pkb")
    conn = connect(hall.db, readonly=True).conn
    try:
        events = conn.execute("SELECT seq, at FROM events ORDER BY seq").fetchall()
        today = hall.clock().astimezone(ZoneInfo("Asia/Jakarta")).date()
        midnight = iso(datetime.combine(today, time(), ZoneInfo("Asia/Jakarta")))
        first_today = min(seq for seq, at in events if at >= midnight)
        assert floor_rows.first_seq_from(conn, midnight) == first_today
        assert floor_rows.first_seq_from(conn, "0000") == events[0][0]
        assert floor_rows.first_seq_from(conn, "9999") == events[-1][0] + 1
    finally:
        conn.close()


def test_an_agency_console_is_not_woken_by_another_agencys_calls(hall: HallClient) -> None:
    hall.token("coordinator", "supervisor")
    bound = hall.client.patch(
        "/api/v1/users/coordinator", headers=hall.headers("admin"), json={"agency_id": "samsat"}
    )
    assert bound.status_code == 200, bound.text
    as_console(hall, "coordinator", "supervisor")
    head = floor(hall)["seq"]
    with hall.client.websocket_connect(f"/admin/floor/ws?since={head}") as ws:
        hall.issue("pkb")
        assert ws.receive_json()["queues"][0]["waiting"] == 1  # following now
        hall.issue("kk")  # Dukcapil's: nothing changes on a Samsat floor
        other = hall.get("/api/v1/events?since=0&limit=1", "display").json()["last_seq"]
        hall.issue("pkb")
        update = ws.receive_json()
        assert update["seq"] > other  # the next message is the second Samsat ticket's
        assert [q["id"] for q in update["queues"]] == ["pkb"]
        assert update["queues"][0]["waiting"] == 2
