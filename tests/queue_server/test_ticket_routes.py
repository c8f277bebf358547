"""Tickets and counter work through the REST API."""

from __future__ import annotations

import pytest
from inprocess import HallClient


def open_counter(hall: HallClient, counter: int = 1, who: str = "operator") -> None:
    reply = hall.post(f"/api/v1/counters/{counter}/open", who)
    assert reply.status_code == 200, reply.text


def test_issue_returns_the_contract_ticket(hall: HallClient) -> None:
    ticket = hall.issue("kk", priority="elderly", lang="en")
    assert (
        ticket["number"] == "B001"
        and ticket["status"] == "waiting"
        and ticket["priority"] == "elderly"
    )
    assert ticket["position"] == 0 and ticket["eta_minutes"] is not None
    assert len(ticket["tracking_token"]) >= 22  # ≥ 128 random bits, URL-safe
    assert ticket["tracking_url"].endswith("/t/" + ticket["tracking_token"])
    assert (
        ticket["nik_masked"] is None
        and ticket["called_at"] is None
        and ticket["counter_id"] is None
    )


def test_numbers_run_per_prefix(hall: HallClient) -> None:
    numbers = [hall.issue(s)["number"] for s in ("kk", "kk", "pkb", "kk", "pkb")]
    assert numbers == ["B001", "B002", "D001", "B003", "D002"]


def test_position_counts_who_goes_first(hall: HallClient) -> None:
    first, second = hall.issue("kk"), hall.issue("kk")
    elderly = hall.issue("kk", priority="elderly")
    assert (first["position"], second["position"], elderly["position"]) == (0, 1, 0)
    listed = {t["number"]: t["position"] for t in hall.get("/api/v1/tickets?status=waiting").json()}
    assert listed == {"B003": 0, "B001": 1, "B002": 2}


def test_full_ticket_life_over_rest(hall: HallClient) -> None:
    ticket = hall.issue("kk")
    open_counter(hall)
    called = hall.post("/api/v1/counters/1/call-next", "operator").json()
    assert (
        called["id"] == ticket["id"] and called["status"] == "called" and called["counter_id"] == 1
    )
    assert hall.post(f"/api/v1/tickets/{ticket['id']}/recall", "operator").json()["recalls"] == 1
    assert (
        hall.post(f"/api/v1/tickets/{ticket['id']}/start", "operator").json()["status"] == "serving"
    )
    done = hall.post(
        f"/api/v1/tickets/{ticket['id']}/finish", "operator", json={"note": "selesai"}
    ).json()
    assert done["status"] == "done"
    types = [e["type"] for e in hall.get("/api/v1/events?since=0").json()["events"]]
    assert types == [
        "ticket.issued",
        "counter.opened",
        "ticket.called",
        "ticket.recalled",
        "ticket.serving",
        "ticket.finished",
    ]


def test_no_show_then_requeue(hall: HallClient) -> None:
    ticket = hall.issue("kk")
    open_counter(hall)
    hall.post("/api/v1/counters/1/call-next", "operator")
    assert (
        hall.post(f"/api/v1/tickets/{ticket['id']}/no-show", "operator").json()["status"]
        == "no_show"
    )
    back = hall.post(f"/api/v1/tickets/{ticket['id']}/requeue", "operator").json()
    assert back["status"] == "waiting" and back["position"] == 0


def test_transfer_to_a_counter_keeps_number_and_that_counter_calls_it_first(
    hall: HallClient,
) -> None:
    ticket = hall.issue("kk")
    waiting_ktp = hall.issue("ktp", nik="3273014101900001")
    open_counter(hall, 1)
    hall.post("/api/v1/counters/1/call-next", "operator")
    hall.post(f"/api/v1/tickets/{ticket['id']}/start", "operator")
    moved = hall.post(
        f"/api/v1/tickets/{ticket['id']}/transfer",
        "operator",
        json={"service_id": "ktp", "counter_id": 2},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["number"] == "B001" and moved.json()["service_id"] == "ktp"
    assert moved.json()["tracking_token"] == ticket["tracking_token"]
    open_counter(hall, 2, "operator2")
    first = hall.post("/api/v1/counters/2/call-next", "operator2").json()
    assert first["id"] == ticket["id"], "the transfer to loket 2 goes before the older ktp ticket"
    assert waiting_ktp["status"] == "waiting"


def test_call_specific_ticket_out_of_order(hall: HallClient) -> None:
    first, second = hall.issue("kk"), hall.issue("kk")
    open_counter(hall)
    called = hall.post(
        "/api/v1/counters/1/call", "operator", json={"ticket_id": second["id"]}
    ).json()
    assert called["id"] == second["id"]
    assert hall.get(f"/api/v1/tickets/{first['id']}").json()["position"] == 0


def test_call_next_with_nobody_waiting_is_204(hall: HallClient) -> None:
    open_counter(hall)
    reply = hall.post("/api/v1/counters/1/call-next", "operator")
    assert reply.status_code == 204 and reply.content == b""


def test_counter_busy_while_holding_a_ticket(hall: HallClient) -> None:
    hall.issue("kk"), hall.issue("kk")
    open_counter(hall)
    hall.post("/api/v1/counters/1/call-next", "operator")
    reply = hall.post("/api/v1/counters/1/call-next", "operator")
    assert reply.status_code == 409 and reply.json()["error"]["code"] == "counter_busy"


@pytest.mark.parametrize("setup", ["closed", "paused"])
def test_only_an_open_counter_calls(hall: HallClient, setup: str) -> None:
    hall.issue("kk")
    if setup == "paused":
        open_counter(hall)
        assert hall.post("/api/v1/counters/1/pause", "operator").json()["status"] == "paused"
    reply = hall.post("/api/v1/counters/1/call-next", "operator")
    assert reply.status_code == 409 and reply.json()["error"]["code"] == "counter_closed"


def test_pause_resume_close(hall: HallClient) -> None:
    open_counter(hall)
    assert hall.post("/api/v1/counters/1/pause", "operator").json()["status"] == "paused"
    assert hall.post("/api/v1/counters/1/open", "operator").json()["status"] == "open"
    assert hall.post("/api/v1/counters/1/close", "operator").json()["status"] == "closed"
    types = [e["type"] for e in hall.get("/api/v1/events?since=0").json()["events"]]
    assert types == ["counter.opened", "counter.paused", "counter.opened", "counter.closed"]


def test_a_counter_cannot_close_while_a_citizen_stands_at_it(hall: HallClient) -> None:
    hall.issue("kk")
    open_counter(hall)
    hall.post("/api/v1/counters/1/call-next", "operator")
    reply = hall.post("/api/v1/counters/1/close", "operator")
    assert reply.status_code == 409 and reply.json()["error"]["code"] == "counter_busy"


ILLEGAL = [
    ("waiting", "start"),
    ("waiting", "finish"),
    ("waiting", "recall"),
    ("waiting", "no-show"),
    ("waiting", "requeue"),
    ("waiting", "transfer"),
    ("called", "finish"),
    ("called", "requeue"),
    ("called", "cancel"),
    ("serving", "start"),
    ("serving", "recall"),
    ("serving", "no-show"),
    ("serving", "requeue"),
    ("serving", "cancel"),
    ("done", "start"),
    ("done", "finish"),
    ("done", "recall"),
    ("done", "no-show"),
    ("done", "requeue"),
    ("done", "transfer"),
    ("done", "cancel"),
    ("no_show", "start"),
    ("no_show", "finish"),
    ("no_show", "recall"),
    ("no_show", "transfer"),
    ("no_show", "cancel"),
    ("cancelled", "requeue"),
    ("cancelled", "start"),
    ("cancelled", "cancel"),
]


def bring_to(hall: HallClient, status: str) -> dict:
    ticket = hall.issue("kk")
    tid = ticket["id"]
    if status != "waiting" and status != "cancelled":
        open_counter(hall)
        hall.post("/api/v1/counters/1/call-next", "operator")
    steps = {
        "called": [],
        "serving": ["start"],
        "done": ["start", "finish"],
        "no_show": ["no-show"],
        "cancelled": ["cancel"],
        "waiting": [],
    }
    for step in steps[status]:
        assert hall.post(f"/api/v1/tickets/{tid}/{step}", "operator").status_code == 200
    return ticket


@pytest.mark.parametrize(("status", "step"), ILLEGAL)
def test_illegal_transition_is_409_and_changes_nothing(
    hall: HallClient, status: str, step: str
) -> None:
    if status in ("waiting", "cancelled"):
        open_counter(hall)  # so the operator works a counter of the service
    ticket = bring_to(hall, status)
    before = hall.get(f"/api/v1/tickets/{ticket['id']}").json()
    seq_before = hall.get("/api/v1/events?since=0").json()["last_seq"]
    body = {"service_id": "ktp"} if step == "transfer" else None
    reply = hall.post(f"/api/v1/tickets/{ticket['id']}/{step}", "operator", json=body)
    assert reply.status_code == 409, reply.text
    assert reply.json()["error"]["code"] == "invalid_transition"
    assert reply.json()["error"]["message"] and reply.json()["error"]["message_en"]
    assert hall.get(f"/api/v1/tickets/{ticket['id']}").json() == before
    assert hall.get("/api/v1/events?since=0").json()["last_seq"] == seq_before


def test_two_counters_never_call_the_same_ticket(hall: HallClient) -> None:
    for _ in range(6):
        hall.issue("kk")
    open_counter(hall, 1, "operator")
    open_counter(hall, 2, "operator2")
    seen = []
    for _ in range(3):
        for counter, who in ((1, "operator"), (2, "operator2")):
            called = hall.post(f"/api/v1/counters/{counter}/call-next", who).json()
            seen.append(called["number"])
            hall.post(f"/api/v1/tickets/{called['id']}/start", who)
            hall.post(f"/api/v1/tickets/{called['id']}/finish", who)
    assert sorted(seen) == [f"B00{i}" for i in range(1, 7)]


def test_cancel_a_waiting_ticket(hall: HallClient) -> None:
    ticket = hall.issue("kk")
    reply = hall.post(f"/api/v1/tickets/{ticket['id']}/cancel", "supervisor")
    assert reply.json()["status"] == "cancelled"


def test_announcement_reaches_the_event_log(hall: HallClient) -> None:
    reply = hall.post(
        "/api/v1/announcements", "supervisor", json={"text": "Loket 5 tutup sementara"}
    )
    assert reply.status_code == 201 and reply.json()["type"] == "hall.announcement"
    assert hall.get("/api/v1/events?since=0").json()["events"][-1]["data"] == {
        "text": "Loket 5 tutup sementara"
    }


def test_openapi_documents_the_routes(hall: HallClient) -> None:
    assert hall.client.get("/docs").status_code == 200
    paths = hall.client.get("/openapi.json").json()["paths"]
    assert "/api/v1/tickets" in paths and "/api/v1/counters/{counter_id}/call-next" in paths


def test_eta_counts_earlier_tickets_of_other_services_at_shared_counters(hall: HallClient) -> None:
    # Loket 1 serves ktp and kk; loket 2 serves kk, ktp and akta. Before anyone opens,
    # a ktp ticket behind three kk tickets waits for part of their service too.
    alone = hall.issue("ktp", nik="3273014101900001")["eta_minutes"]
    for _ in range(3):
        hall.issue("kk")
    behind = hall.issue("ktp", nik="3273015101900002")
    assert behind["position"] == 1
    assert behind["eta_minutes"] > alone + 10 / 2  # one more ktp alone would add 5 minutes
    listed = hall.get(f"/api/v1/tickets/{behind['id']}").json()
    assert listed["eta_minutes"] == behind["eta_minutes"], "issue and read side agree"


def test_a_wait_no_open_counter_serves_is_said_in_words_not_numbers(hall: HallClient) -> None:
    # Loket 3 (pkb) is open; nobody serves ktp yet: no number the hall cannot back.
    open_counter(hall, 3)
    waiting = hall.issue("ktp", nik="3273014101900001")
    assert waiting["eta_minutes"] is None and waiting["eta_low"] is None
    assert waiting["eta_text"] == "menunggu loket dibuka"
    served = hall.issue("pkb")
    assert served["eta_minutes"] is not None
    assert served["eta_low"] <= served["eta_minutes"] <= served["eta_high"]
    track = hall.client.get(f"/api/v1/track/{waiting['tracking_token']}").json()
    assert track["eta_text"] == "menunggu loket dibuka"
