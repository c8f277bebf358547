"""Pickup tickets from the visit's QR, and the boards' list of ready dossiers.

The pickup test hall (tests/halls/pickup.toml) is the small hall plus Disdukcapil's pickup
line "ambil-berkas" (prefix P), served alone at Loket 5; "kk" opens dossiers. Samsat has
no pickup line. The clock starts on Monday 30 November 2026, 09:00 WIB.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dossier_visit import dossier_of_visit
from inprocess import FakeClock, HallClient
from support import ROOT

PICKUP_HALL = ROOT / "tests" / "halls" / "pickup.toml"


@pytest.fixture
def hall(tmp_path: Path, clock: FakeClock) -> Iterator[HallClient]:
    with HallClient(tmp_path / "antre.db", clock, hall=PICKUP_HALL) as client:
        yield client


def refused(reply: Any, status: int, code: str) -> dict[str, str]:
    assert reply.status_code == status, reply.text
    body = reply.json()["error"]
    assert body["code"] == code
    assert body["message"].startswith("Mohon maaf,"), body
    assert body["message_en"].startswith("Sorry,"), body
    return dict(body)


def pickup(hall: HallClient, token: str, who: str = "kiosk", **extra: Any) -> Any:
    hall.clock.advance(seconds=1)
    return hall.post("/api/v1/tickets", who, json={"tracking_token": token}, **extra)


def test_a_ready_dossier_gives_a_ticket_of_the_agency_pickup_line(hall: HallClient) -> None:
    d = dossier_of_visit(hall, "process", "ready")
    reply = pickup(hall, d["_token"])
    assert reply.status_code == 201, reply.text
    ticket = reply.json()
    assert ticket["service_id"] == "ambil-berkas"
    assert ticket["number"] == "P001"
    assert ticket["dossier_reference"] == d["reference"]
    assert ticket["nik_masked"] is None  # no NIK asked for a pickup
    assert ticket["tracking_token"] != d["_token"]  # a ticket of its own


def test_an_operator_may_issue_a_pickup_too(hall: HallClient) -> None:
    d = dossier_of_visit(hall, "process", "ready")
    assert pickup(hall, d["_token"], who="operator").status_code == 201


@pytest.mark.parametrize(
    ("steps", "status", "code", "words"),
    [
        ((), 409, "dossier_not_ready", "belum siap diambil"),
        (("process",), 409, "dossier_not_ready", "belum siap diambil"),
        (("process", "ready", "collect"), 409, "dossier_collected", "sudah diambil"),
    ],
    ids=["received", "in_process", "collected"],
)
def test_a_dossier_not_ready_to_collect_gives_no_ticket(
    hall: HallClient, steps: tuple[str, ...], status: int, code: str, words: str
) -> None:
    d = dossier_of_visit(hall, *steps)
    before = hall.get("/api/v1/tickets", "operator").json()
    body = refused(pickup(hall, d["_token"]), status, code)
    assert d["reference"] in body["message"] and words in body["message"]
    assert hall.get("/api/v1/tickets", "operator").json() == before  # nothing issued


def test_a_dossier_needing_completion_says_to_look_at_the_phone(hall: HallClient) -> None:
    d = dossier_of_visit(hall, "process")
    hall.post(f"/api/v1/dossiers/{d['id']}/need", "dk", json={"note": "Surat RT"})
    body = refused(pickup(hall, d["_token"]), 409, "dossier_not_ready")
    assert "dilengkapi" in body["message"] and "HP" in body["message"]


def test_an_unknown_qr_and_a_visit_without_dossier_get_the_same_answer(
    hall: HallClient,
) -> None:
    walk_in = hall.issue("akta")
    unknown = refused(pickup(hall, "x" * 32), 404, "not_found")
    no_dossier = refused(pickup(hall, walk_in["tracking_token"]), 404, "not_found")
    assert unknown == no_dossier


def test_a_second_scan_returns_the_same_ticket(hall: HallClient) -> None:
    d = dossier_of_visit(hall, "process", "ready")
    first = pickup(hall, d["_token"])
    again = pickup(hall, d["_token"])
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["dossier_reference"] == d["reference"]
    waiting = hall.get("/api/v1/tickets?service_id=ambil-berkas", "operator").json()
    assert [t["number"] for t in waiting] == ["P001"]


def test_a_missed_pickup_ticket_gives_way_to_a_new_one(hall: HallClient) -> None:
    d = dossier_of_visit(hall, "process", "ready")
    first = pickup(hall, d["_token"]).json()
    hall.post(f"/api/v1/tickets/{first['id']}/cancel", "supervisor").raise_for_status()
    second = pickup(hall, d["_token"])
    assert second.status_code == 201
    assert second.json()["number"] == "P002"


def test_the_idempotency_key_keeps_its_promise_for_a_pickup(hall: HallClient) -> None:
    d = dossier_of_visit(hall, "process", "ready")
    key = {"Idempotency-Key": "pickup-1"}
    first = pickup(hall, d["_token"], headers=key)
    assert pickup(hall, d["_token"], headers=key).json()["id"] == first.json()["id"]
    other = hall.post("/api/v1/tickets", "kiosk", json={"service_id": "kk"}, headers=key)
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "idempotency_conflict"


def test_a_pickup_waits_on_its_own_line_not_behind_applications(hall: HallClient) -> None:
    """Ten new applications wait for "kk"; the pickup ticket is first on its own line,
    and Loket 5 (serving only the pickup line) calls it next."""
    d = dossier_of_visit(hall, "process", "ready")
    for _ in range(10):
        hall.issue("kk")
    ticket = pickup(hall, d["_token"]).json()
    assert ticket["position"] == 0
    hall.post("/api/v1/counters/5/open", "operator").raise_for_status()
    called = hall.post("/api/v1/counters/5/call-next", "operator")
    assert called.status_code == 200, called.text
    assert called.json()["id"] == ticket["id"]


def test_an_agency_without_a_pickup_line_sends_the_citizen_to_staff(
    hall: HallClient, tmp_path: Path, clock: FakeClock
) -> None:
    text = PICKUP_HALL.read_text(encoding="utf-8").replace("pickup = true\n", "")
    plain = tmp_path / "plain.toml"
    plain.write_text(text, encoding="utf-8")
    with HallClient(tmp_path / "plain.db", clock, hall=plain) as other:
        d = dossier_of_visit(other, "process", "ready")
        refused(pickup(other, d["_token"]), 409, "no_pickup_service")


def test_a_pickup_needs_no_nik_and_takes_one_kind_of_request(hall: HallClient) -> None:
    d = dossier_of_visit(hall, "process", "ready")
    both = hall.post(
        "/api/v1/tickets", "kiosk", json={"tracking_token": d["_token"], "service_id": "kk"}
    )
    assert both.status_code == 422
    nik = hall.post(
        "/api/v1/tickets", "kiosk", json={"tracking_token": d["_token"], "nik_last4": "1234"}
    )
    assert nik.status_code == 422


def test_the_services_list_names_the_pickup_line(hall: HallClient) -> None:
    services = {s["id"]: s for s in hall.get("/api/v1/services", None).json()}
    assert services["ambil-berkas"]["pickup"] is True
    assert services["kk"]["pickup"] is False


def test_the_board_reads_ready_dossiers_without_notes_or_titles(hall: HallClient) -> None:
    ready = dossier_of_visit(hall, "process")
    hall.post(
        f"/api/v1/dossiers/{ready['id']}/ready", "dk", json={"note": "Rahasia catatan"}
    ).raise_for_status()
    dossier_of_visit(hall, "process")  # in process: not on the board
    reply = hall.get("/api/v1/dossiers/ready", "display")
    assert reply.status_code == 200, reply.text
    assert reply.json() == [
        {
            "agency_id": "dukcapil",
            "dossiers": [
                {"reference": ready["reference"], "number": ready["_number"], "day": "2026-11-30"}
            ],
        }
    ]
    assert "Rahasia" not in reply.text and "KK" not in reply.text.replace(ready["_number"], "")


def test_a_collected_dossier_leaves_the_board(hall: HallClient) -> None:
    d = dossier_of_visit(hall, "process", "ready")
    assert hall.get("/api/v1/dossiers/ready", "display").json() != []
    hall.post(f"/api/v1/dossiers/{d['id']}/collect", "dk").raise_for_status()
    assert hall.get("/api/v1/dossiers/ready", "display").json() == []
