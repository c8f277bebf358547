"""Dossiers through the REST API, in process, with the hall clock moved by the test.

The small test hall works Monday–Friday; "kk" has dossier_days = 5, "ktp" none. The clock
starts on Monday 30 November 2026, 09:00 WIB.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from inprocess import HallClient


def error(reply: Any, status: int, code: str) -> None:
    assert reply.status_code == status, reply.text
    body = reply.json()["error"]
    assert body["code"] == code
    assert body["message"] and body["message_en"] and body["message"] != body["message_en"]


def agency_operator(hall: HallClient, name: str, agency: str) -> str:
    hall.token(name, "operator")
    conn = sqlite3.connect(hall.db)
    with conn:
        conn.execute("UPDATE users SET agency_id = ? WHERE username = ?", (agency, name))
    conn.close()
    return name


def served(
    hall: HallClient, service: str = "kk", finish: bool = True, counter: int = 1
) -> dict[str, Any]:
    ticket = hall.issue(service)
    who = "operator" if counter == 1 else "operator2"
    hall.post(f"/api/v1/counters/{counter}/open", who)
    hall.post(f"/api/v1/counters/{counter}/call", who, json={"ticket_id": ticket["id"]})
    hall.post(f"/api/v1/tickets/{ticket['id']}/start", who).raise_for_status()
    if finish:
        hall.post(f"/api/v1/tickets/{ticket['id']}/finish", who).raise_for_status()
    return ticket


def opened(hall: HallClient, who: str = "dk", **body: Any) -> dict[str, Any]:
    """A dossier opened by "dk", a Dukcapil operator (an operator with no agency has
    no dossiers, as with complaints)."""
    agency_operator(hall, "dk", "dukcapil")
    ticket = served(hall)
    reply = hall.post(f"/api/v1/tickets/{ticket['id']}/dossier", who, json=body)
    assert reply.status_code == 201, reply.text
    return dict(reply.json()) | {"_token": ticket["tracking_token"]}


def step(hall: HallClient, did: int, action: str, who: str = "dk", **body: Any) -> Any:
    return hall.post(f"/api/v1/dossiers/{did}/{action}", who, json=body or None)


def test_a_done_ticket_opens_a_dossier_due_in_working_days(hall: HallClient) -> None:
    d = opened(hall, title="KK baru")
    assert d["reference"] == "BRK-20261130-0001"
    assert (d["status"], d["service_id"], d["title"]) == ("received", "kk", "KK baru")
    assert d["due_date"] == "2026-12-07"  # Monday + 5 working days, over the weekend
    assert [e["status"] for e in d["timeline"]] == ["received"]
    assert opened(hall)["reference"] == "BRK-20261130-0002"


def test_the_list_names_the_ticket_and_the_catalogue_which_services_take_dossiers(
    hall: HallClient,
) -> None:
    """What the counter client needs: the visit's number on each dossier, and which
    services offer "open a dossier" on Selesai."""
    d = opened(hall)
    ticket = hall.get(f"/api/v1/tickets/{d['ticket_id']}", "dk").json()
    listed = hall.get("/api/v1/dossiers", "dk").json()["items"]
    assert [(x["id"], x["ticket_number"]) for x in listed] == [(d["id"], ticket["number"])]
    assert d["ticket_number"] == ticket["number"]
    days = {s["id"]: s["dossier_days"] for s in hall.get("/api/v1/services").json()}
    assert (days["kk"], days["ktp"]) == (5, None)


def test_only_a_done_ticket_of_a_dossier_service_opens_one_once(hall: HallClient) -> None:
    agency_operator(hall, "dk", "dukcapil")
    ktp = served(hall, "akta", counter=2)
    error(
        hall.post(f"/api/v1/tickets/{ktp['id']}/dossier", "dk", json={}),
        422,
        "validation_error",
    )
    done = served(hall)
    assert hall.post(f"/api/v1/tickets/{done['id']}/dossier", "dk", json={}).status_code == 201
    error(
        hall.post(f"/api/v1/tickets/{done['id']}/dossier", "dk", json={}),
        409,
        "invalid_transition",
    )
    serving = served(hall, finish=False)
    error(
        hall.post(f"/api/v1/tickets/{serving['id']}/dossier", "dk", json={}),
        409,
        "invalid_transition",
    )


def test_the_life_through_rest_and_a_refused_step_changes_nothing(hall: HallClient) -> None:
    d = opened(hall)
    did = d["id"]
    error(step(hall, did, "ready"), 409, "invalid_transition")
    assert hall.get(f"/api/v1/dossiers/{did}").json()["timeline"] == d["timeline"]
    assert step(hall, did, "process").json()["status"] == "in_process"
    hall.clock.advance(days=2)  # Wednesday
    paused = step(hall, did, "need", note="Fotokopi akta kurang").json()
    assert (paused["status"], paused["due_date"]) == ("needs_completion", None)
    error(step(hall, did, "need", note="x"), 409, "invalid_transition")
    hall.clock.advance(days=7)  # the next Wednesday, 9 Dec
    resumed = step(hall, did, "resume").json()
    # Owed on Wednesday 2 Dec: Thu 3, Fri 4, Mon 7 = 3 days → from Wed 9: Thu, Fri, Mon 14.
    assert (resumed["status"], resumed["due_date"]) == ("in_process", "2026-12-14")
    assert step(hall, did, "ready", note="Ambil di loket 1").json()["status"] == "ready"
    done = step(hall, did, "collect").json()
    assert [e["status"] for e in done["timeline"]] == [
        "received",
        "in_process",
        "needs_completion",
        "in_process",
        "ready",
        "collected",
    ]
    error(step(hall, did, "reject", reason="x"), 409, "invalid_transition")


def test_need_and_reject_need_their_words(hall: HallClient) -> None:
    did = opened(hall)["id"]
    step(hall, did, "process")
    assert step(hall, did, "need").status_code == 422
    assert step(hall, did, "reject").status_code == 422
    assert step(hall, did, "reject", reason="Bukan wewenang kami").json()["status"] == "rejected"


def test_overdue_filter_and_flag(hall: HallClient) -> None:
    late = opened(hall)["id"]
    hall.clock.advance(days=8)  # Tuesday 8 Dec: past Monday 7 Dec
    fresh = opened(hall)["id"]
    items = hall.get("/api/v1/dossiers?overdue=true", "supervisor").json()["items"]
    assert [(i["id"], i["overdue"]) for i in items] == [(late, True)]
    items = hall.get("/api/v1/dossiers?overdue=false", "supervisor").json()["items"]
    assert [i["id"] for i in items] == [fresh]


def test_only_the_owning_agencys_operators_see_and_change_a_dossier(hall: HallClient) -> None:
    did = opened(hall)["id"]
    mine = agency_operator(hall, "op_dukcapil", "dukcapil")
    other = agency_operator(hall, "op_samsat", "samsat")
    error(step(hall, did, "process", other), 404, "not_found")
    error(hall.get(f"/api/v1/dossiers/{did}", other), 404, "not_found")
    assert hall.get("/api/v1/dossiers", other).json()["items"] == []
    assert hall.get("/api/v1/dossiers?agency_id=dukcapil", other).json()["items"] == []
    assert hall.get(f"/api/v1/dossiers/{did}", "supervisor").json()["status"] == "received"
    assert step(hall, did, "process", mine).json()["status"] == "in_process"
    assert [i["id"] for i in hall.get("/api/v1/dossiers", mine).json()["items"]] == [did]
    for role in ("display", "kiosk"):
        assert hall.get("/api/v1/dossiers", role).status_code == 403
        assert step(hall, did, "ready", role).status_code == 403


def test_display_tokens_see_only_ids_and_status_on_the_event_stream(hall: HallClient) -> None:
    did = opened(hall)["id"]
    step(hall, did, "process")
    step(hall, did, "need", note="Surat pengantar RT")
    events = hall.get("/api/v1/events?since=0", "display").json()
    changed = [e for e in events["events"] if e["type"] == "dossier.changed"]
    assert changed and all(set(e["data"]) == {"dossier_id", "ticket_id", "status"} for e in changed)
    assert "Surat pengantar" not in str(events)


@pytest.mark.parametrize(
    ("code", "status"),
    [("20", "in_process"), ("41", "needs_completion"), ("50", "ready"), ("90", "rejected")],
)
def test_an_integration_pushes_oss_rba_codes(hall: HallClient, code: str, status: str) -> None:
    d = opened(hall)
    body = {"system": "oss-rba", "code": code, "at": "2026-11-30T10:00:00+07:00"}
    reply = hall.post(
        f"/api/v1/dossiers/{d['id']}/external",
        "oss",
        json=body,
        headers=hall.headers("oss", "integration"),
    )
    assert reply.status_code == 200, reply.text
    assert reply.json()["status"] == status
    assert reply.json()["timeline"][-1]["code"] == code


def test_an_unknown_code_is_kept_and_only_integrations_push(hall: HallClient) -> None:
    d = opened(hall)
    body = {"system": "oss-rba", "code": "77", "at": "2026-11-30T10:00:00+07:00"}
    assert (
        hall.post(f"/api/v1/dossiers/{d['id']}/external", "operator", json=body).status_code == 403
    )
    hall.token("oss", "integration")
    after = hall.post(f"/api/v1/dossiers/{d['id']}/external", "oss", json=body).json()
    assert after["status"] == "received"
    assert after["timeline"][-1]["code"] == "77"
    # The integration device can do nothing else.
    assert hall.get("/api/v1/dossiers", "oss").status_code == 403
    assert step(hall, d["id"], "process", "oss").status_code == 403


def test_the_tracking_json_carries_the_dossier_and_follows_its_changes(hall: HallClient) -> None:
    d = opened(hall)
    track = hall.client.get(f"/api/v1/track/{d['_token']}").json()
    assert track["dossier"]["reference"] == d["reference"]
    assert track["dossier"]["status"] == "received"
    step(hall, d["id"], "process")
    step(hall, d["id"], "ready", note="Loket 1, jam 13.00–15.00")
    again = hall.client.get(f"/api/v1/track/{d['_token']}").json()["dossier"]
    assert again["status"] == "ready"  # the cache moved with the dossier.changed event
    assert again["timeline"][-1] == {
        "at": again["timeline"][-1]["at"],
        "status": "ready",
        "note": "Loket 1, jam 13.00–15.00",
    }
    waiting = hall.issue("kk")
    assert hall.client.get(f"/api/v1/track/{waiting['tracking_token']}").json()["dossier"] is None
