"""The event log and the live WebSocket: numbered, gapless, replayed from `since`."""

from __future__ import annotations

from inprocess import HallClient


def ws_url(hall: HallClient, since: int, who: str = "display") -> str:
    return f"/api/v1/events/ws?since={since}&token={hall.token(who, who)}"


def test_seq_is_gapless_even_when_actions_fail(hall: HallClient) -> None:
    hall.issue("kk")
    for _ in range(3):  # failing actions roll back their own writes, events included
        hall.post("/api/v1/tickets", "kiosk", json={"service_id": "ktp"})
        hall.post("/api/v1/counters/2/call-next", "operator")
    hall.issue("pkb")
    page = hall.get("/api/v1/events?since=0").json()
    assert [e["seq"] for e in page["events"]] == [1, 2] and page["last_seq"] == 2


def test_events_page_returns_at_most_limit_and_the_head(hall: HallClient) -> None:
    for _ in range(5):
        hall.issue("kk")
    page = hall.get("/api/v1/events?since=1&limit=2").json()
    assert [e["seq"] for e in page["events"]] == [2, 3] and page["last_seq"] == 5


def test_ticket_events_carry_no_nik_and_no_tracking_token(hall: HallClient) -> None:
    ticket = hall.issue("ktp", nik="3273014101900001")
    event = hall.get("/api/v1/events?since=0").json()["events"][0]
    assert set(event["data"]) == {
        "ticket_id",
        "number",
        "service_id",
        "counter_id",
        "priority",
        "status",
    }
    assert ticket["tracking_token"] not in str(event) and "0001" not in str(event["data"])


def test_websocket_replays_then_goes_live(hall: HallClient) -> None:
    hall.issue("kk"), hall.issue("kk")
    with hall.client.websocket_connect(ws_url(hall, 0)) as ws:
        assert [ws.receive_json()["seq"] for _ in range(2)] == [1, 2]
        hall.issue("pkb")
        live = ws.receive_json()
        assert live["seq"] == 3 and live["data"]["number"] == "D001"


def test_reconnect_with_since_receives_each_missed_event_once_in_order(hall: HallClient) -> None:
    seen: list[int] = []
    with hall.client.websocket_connect(ws_url(hall, 0)) as ws:
        hall.issue("kk")
        seen.append(ws.receive_json()["seq"])
    for _ in range(4):  # happen while the screen is away
        hall.issue("kk")
    with hall.client.websocket_connect(ws_url(hall, seen[-1])) as ws:
        seen += [ws.receive_json()["seq"] for _ in range(4)]
        hall.issue("pkb")
        seen.append(ws.receive_json()["seq"])
    assert seen == [1, 2, 3, 4, 5, 6]


def test_kiosk_and_bearer_header_may_also_listen(hall: HallClient) -> None:
    hall.issue("kk")
    with hall.client.websocket_connect(
        "/api/v1/events/ws?since=0", headers=hall.headers("kiosk")
    ) as ws:
        assert ws.receive_json()["seq"] == 1
