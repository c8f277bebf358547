"""Complaints through the REST API, in process, with the hall clock moved by the test.

The small test hall works Monday–Friday and closes at 24:00; the clock starts on Monday
30 November 2026, 09:00 WIB.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from inprocess import FakeClock, HallClient
from support import SMALL_HALL

TEXT = "Antrean KTP terlalu lama, petugas tidak ada di loket 3 <b>sejak pagi</b>."


def file(hall: HallClient, who: str | None = None, **body: Any) -> Any:
    payload = {"kind": "pengaduan", "text": TEXT, **body}
    headers = hall.headers(who) if who else {}
    return hall.client.post("/api/v1/complaints", json=payload, headers=headers)


def filed(hall: HallClient, **body: Any) -> dict[str, Any]:
    reply = file(hall, **body)
    assert reply.status_code == 201, reply.text
    return dict(reply.json())


def token_of(case: dict[str, Any]) -> str:
    return str(case["manage_url"].rsplit("/c/", 1)[1])


def case_id(hall: HallClient, reference: str) -> int:
    items = hall.get("/api/v1/complaints", "supervisor").json()["items"]
    return int(next(c["id"] for c in items if c["reference"] == reference))


def error(reply: Any, status: int, code: str) -> None:
    assert reply.status_code == status, reply.text
    body = reply.json()["error"]
    assert body["code"] == code
    assert body["message"] and body["message_en"] and body["message"] != body["message_en"]


def step(hall: HallClient, cid: int, action: str, who: str = "supervisor", **body: Any) -> Any:
    return hall.post(f"/api/v1/complaints/{cid}/{action}", who, json=body or None)


def test_filing_answers_reference_manage_url_and_the_verify_deadline(hall: HallClient) -> None:
    case = filed(hall, contact={"name": "Siti", "phone": "081234567890"})
    assert case["reference"] == "ADU-20261130-0001"
    assert case["status"] == "received"
    assert case["manage_url"].startswith("http://testserver/c/")
    assert len(token_of(case)) >= 22  # at least 128 random bits
    # Monday 09:00 + 3 working days: Thursday, end of the day (the hall closes at 24:00).
    assert case["due_at"] == "2026-12-03T17:00:00.000+00:00"
    assert filed(hall)["reference"] == "ADU-20261130-0002"


def test_the_same_idempotency_key_gives_the_same_case(hall: HallClient) -> None:
    key = {"Idempotency-Key": "abc-1"}
    first = hall.client.post(
        "/api/v1/complaints", json={"kind": "aspirasi", "text": TEXT}, headers=key
    )
    again = hall.client.post(
        "/api/v1/complaints", json={"kind": "aspirasi", "text": TEXT}, headers=key
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    other = hall.client.post(
        "/api/v1/complaints", json={"kind": "aspirasi", "text": TEXT + "!"}, headers=key
    )
    error(other, 409, "idempotency_conflict")


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("x" * 9, 422),
        (" " * 5 + "x" * 9, 422),
        ("x" * 10, 201),
        ("x" * 4000, 201),
        ("x" * 4001, 422),
    ],
)
def test_text_limits(hall: HallClient, text: str, status: int) -> None:
    reply = file(hall, text=text)
    assert reply.status_code == status, reply.text
    if status == 422:
        error(reply, 422, "validation_error")


def test_an_unknown_kind_is_refused(hall: HallClient) -> None:
    error(file(hall, kind="keluhan"), 422, "validation_error")


def test_the_public_form_is_rate_limited_per_address_but_not_the_kiosk(hall: HallClient) -> None:
    for _ in range(30):
        assert file(hall).status_code == 201
    refused = file(hall)
    error(refused, 429, "rate_limited")
    assert int(refused.headers["Retry-After"]) > 0
    assert file(hall, who="kiosk").status_code == 201  # on a citizen's behalf
    assert file(hall, who="operator").status_code == 201
    hall.clock.advance(seconds=0)  # the limiter's own clock is monotonic: nothing to move


def test_the_whole_life_through_rest_with_its_timeline(hall: HallClient) -> None:
    case = filed(hall, contact={"email": "siti@example.id"})
    cid, token = case_id(hall, case["reference"]), token_of(case)
    assert step(hall, cid, "verify", agency_id="dukcapil").json()["status"] == "verified"
    assert step(hall, cid, "start").json()["status"] == "in_progress"
    held = step(hall, cid, "hold", question="Nomor antrean Anda berapa?").json()
    assert held["status"] == "on_hold" and held["due_at"] is None
    replied = hall.client.post(f"/api/v1/complaints/track/{token}/reply", json={"text": "A017"})
    assert replied.json()["status"] == "in_progress"
    answered = step(hall, cid, "answer", text="Loket 3 kini dibuka pukul 08.00.").json()
    assert answered["status"] == "answered" and answered["answer"].startswith("Loket 3")
    confirmed = hall.client.post(f"/api/v1/complaints/track/{token}/confirm").json()
    assert confirmed["status"] == "closed"
    timeline = hall.client.get(f"/api/v1/complaints/track/{token}").json()["timeline"]
    assert [(e["status"], e["by_role"]) for e in timeline] == [
        ("received", "citizen"),
        ("verified", "supervisor"),
        ("in_progress", "supervisor"),
        ("on_hold", "supervisor"),
        ("in_progress", "citizen"),
        ("answered", "supervisor"),
        ("closed", "citizen"),
    ]
    assert timeline[3]["text"] == "Nomor antrean Anda berapa?"


ILLEGAL = [
    ("received", "start", {}),
    ("received", "answer", {"text": "Jawaban."}),
    ("received", "hold", {"question": "?"}),
    ("received", "close", {}),
    ("verified", "verify", {"agency_id": "dukcapil"}),
    ("verified", "answer", {"text": "Jawaban."}),
    ("in_progress", "start", {}),
    ("in_progress", "close", {}),
    ("closed", "reject", {"reason": "x"}),
]


@pytest.mark.parametrize(("state", "action", "body"), ILLEGAL)
def test_an_illegal_step_is_409_and_changes_nothing(
    hall: HallClient, state: str, action: str, body: dict[str, Any]
) -> None:
    case = filed(hall)
    cid = case_id(hall, case["reference"])
    path = {
        "received": [],
        "verified": ["verify"],
        "in_progress": ["verify", "start"],
        "closed": ["verify", "start", "answer", "close"],
    }[state]
    bodies = {"verify": {"agency_id": "dukcapil"}, "answer": {"text": "Jawaban."}}
    for action_before in path:
        assert step(hall, cid, action_before, **bodies.get(action_before, {})).status_code == 200
    before = hall.get(f"/api/v1/complaints/{cid}", "supervisor").json()
    error(step(hall, cid, action, **body), 409, "invalid_transition")
    assert hall.get(f"/api/v1/complaints/{cid}", "supervisor").json() == before


def test_citizen_steps_out_of_turn_are_409(hall: HallClient) -> None:
    token = token_of(filed(hall))
    for action in ("reply", "confirm", "reopen"):
        body = {"text": "Masih belum."} if action != "confirm" else None
        reply = hall.client.post(f"/api/v1/complaints/track/{token}/{action}", json=body)
        error(reply, 409, "invalid_transition")
    error(hall.client.get("/api/v1/complaints/track/" + "x" * 32), 404, "not_found")


def agency_operator(hall: HallClient, name: str, agency: str) -> str:
    hall.token(name, "operator")
    conn = sqlite3.connect(hall.db)
    with conn:
        conn.execute("UPDATE users SET agency_id = ? WHERE username = ?", (agency, name))
    conn.close()
    return name


def test_operators_see_only_their_agencys_cases_and_not_a_confidential_name(
    hall: HallClient,
) -> None:
    mine = filed(hall, service_id="kk", confidential=True, contact={"name": "Budi"})
    theirs = filed(hall, agency_id="samsat", contact={"name": "Ani"})
    op = agency_operator(hall, "op_dukcapil", "dukcapil")
    items = hall.get("/api/v1/complaints", op).json()["items"]
    assert [c["reference"] for c in items] == [mine["reference"]]
    mine_id, theirs_id = case_id(hall, mine["reference"]), case_id(hall, theirs["reference"])
    as_operator = hall.get(f"/api/v1/complaints/{mine_id}", op).json()
    assert as_operator["contact"]["name"] is None  # confidential: hidden from agency staff
    as_supervisor = hall.get(f"/api/v1/complaints/{mine_id}", "supervisor").json()
    assert as_supervisor["contact"]["name"] == "Budi"
    error(hall.get(f"/api/v1/complaints/{theirs_id}", op), 404, "not_found")
    error(step(hall, theirs_id, "verify", op, agency_id="samsat"), 404, "not_found")


def test_anonymous_stores_no_contact(hall: HallClient) -> None:
    case = filed(hall, anonymous=True, contact={"name": "X", "phone": "0811111111"})
    conn = sqlite3.connect(hall.db)
    try:
        assert conn.execute("SELECT contact_id FROM complaints").fetchall() == [(None,)]
        assert conn.execute("SELECT count(*) FROM contacts").fetchone() == (0,)
    finally:
        conn.close()
    cid = case_id(hall, case["reference"])
    assert hall.get(f"/api/v1/complaints/{cid}", "supervisor").json()["contact"] is None


def test_contacts_are_stored_encrypted(hall: HallClient) -> None:
    filed(hall, contact={"name": "Siti Rahayu", "phone": "081234567890"})
    raw = Path(hall.db).read_bytes() + Path(f"{hall.db}-wal").read_bytes()
    assert b"Siti Rahayu" not in raw and b"081234567890" not in raw


def test_events_carry_only_id_status_and_agency(hall: HallClient) -> None:
    case = filed(hall, service_id="kk", contact={"name": "Siti"})
    step(hall, case_id(hall, case["reference"]), "verify", agency_id="dukcapil")
    events = hall.get("/api/v1/events?since=0", "supervisor").json()["events"]
    mine = [e for e in events if e["type"].startswith("complaint.")]
    assert [e["type"] for e in mine] == ["complaint.received", "complaint.changed"]
    for event in mine:
        assert set(event["data"]) == {"complaint_id", "status", "agency_id"}
        assert event["data"]["agency_id"] == "dukcapil"


def test_inbox_filters_and_pages(hall: HallClient, clock: FakeClock) -> None:
    refs = [filed(hall)["reference"] for _ in range(5)]
    first = hall.get("/api/v1/complaints?limit=2", "supervisor").json()
    assert [c["reference"] for c in first["items"]] == refs[::-1][:2]
    second = hall.get(f"/api/v1/complaints?limit=2&cursor={first['next']}", "supervisor").json()
    assert [c["reference"] for c in second["items"]] == refs[::-1][2:4]
    step(hall, case_id(hall, refs[0]), "verify", agency_id="samsat")
    verified = hall.get("/api/v1/complaints?status=verified", "supervisor").json()["items"]
    assert [c["reference"] for c in verified] == [refs[0]]
    by_agency = hall.get("/api/v1/complaints?agency_id=samsat", "supervisor").json()["items"]
    assert [c["reference"] for c in by_agency] == [refs[0]]
    assert hall.get("/api/v1/complaints?overdue=true", "supervisor").json()["items"] == []
    clock.advance(days=4)  # Friday: the four received cases are past Thursday's deadline
    late = hall.get("/api/v1/complaints?overdue=true", "supervisor").json()["items"]
    assert sorted(c["reference"] for c in late) == sorted(refs[1:])
    assert all(c["overdue"] for c in late)
    not_late = hall.get("/api/v1/complaints?overdue=false", "supervisor").json()["items"]
    assert [c["reference"] for c in not_late] == [refs[0]]


def test_an_answered_case_closes_itself_after_confirm_days(
    hall: HallClient, clock: FakeClock
) -> None:
    case = filed(hall)
    cid, token = case_id(hall, case["reference"]), token_of(case)
    for action, body in (
        ("verify", {"agency_id": "dukcapil"}),
        ("start", {}),
        ("answer", {"text": "Sudah kami perbaiki."}),
    ):
        assert step(hall, cid, action, **body).status_code == 200
    runtime = hall.app.state.runtime
    # Monday 30 November + 10 working days: Monday 14 December, end of the day.
    clock.set(datetime(2026, 12, 14, 16, 59, tzinfo=UTC))  # 23:59 WIB on the 14th
    assert hall.client.portal.call(runtime.close_answered_complaints) == 0  # type: ignore[union-attr]
    clock.advance(minutes=2)
    assert hall.client.portal.call(runtime.close_answered_complaints) == 1  # type: ignore[union-attr]
    track = hall.client.get(f"/api/v1/complaints/track/{token}").json()
    assert track["status"] == "closed"
    assert track["timeline"][-1]["by_role"] == "system"
    error(hall.client.post(f"/api/v1/complaints/track/{token}/reopen"), 409, "invalid_transition")


def test_lapor_fields_and_tracking_id(hall: HallClient) -> None:
    case = filed(hall, service_id="kk", anonymous=True)
    cid = case_id(hall, case["reference"])
    fields = hall.get(f"/api/v1/complaints/{cid}/lapor", "supervisor").json()
    assert fields["isi"] == TEXT and fields["anonim"] is True and fields["rahasia"] is False
    assert fields["judul"].startswith("Pengaduan ADU-20261130-0001")
    kept = hall.post(
        f"/api/v1/complaints/{cid}/lapor", "supervisor", json={"tracking_id": "LPR123"}
    )
    assert kept.json()["tracking_id"] == "LPR123"
    assert (
        hall.get(f"/api/v1/complaints/{cid}", "supervisor").json()["lapor_tracking_id"] == "LPR123"
    )


def hall_with_webhook(tmp_path: Path) -> Path:
    path = tmp_path / "hall.toml"
    extra = '\n[[notify]]\nurl = "webhook+http://127.0.0.1:9/hook"\n'
    path.write_text(SMALL_HALL.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def test_a_hold_and_an_answer_queue_a_message_to_a_citizen_with_a_contact(
    tmp_path: Path, clock: FakeClock
) -> None:
    with HallClient(tmp_path / "antre.db", clock, hall_with_webhook(tmp_path)) as hall:
        with_contact = filed(hall, contact={"phone": "081234567890"})
        without = filed(hall)
        for case in (with_contact, without):
            cid = case_id(hall, case["reference"])
            step(hall, cid, "verify", agency_id="dukcapil")
            step(hall, cid, "hold", question="Kapan Anda datang?")
            hall.client.post(
                f"/api/v1/complaints/track/{token_of(case)}/reply", json={"text": "Senin"}
            )
            step(hall, cid, "answer", text="Sudah kami tindak lanjuti.")
        conn = sqlite3.connect(hall.db)
        try:
            sent = conn.execute("SELECT kind, ref, text FROM outbox ORDER BY id").fetchall()
        finally:
            conn.close()
    ref = f"complaint:{case_id_of(sent)}"
    assert [(k, r) for k, r, _ in sent] == [("complaint.hold", ref), ("complaint.answer", ref)]
    assert with_contact["reference"] in sent[1][2] and "/c/" in sent[1][2]
    assert "tindak lanjuti" not in sent[1][2]  # the answer itself stays behind the link


def case_id_of(sent: list[tuple[str, str, str]]) -> str:
    return sent[0][1].split(":", 1)[1]


def test_an_agency_bound_supervisor_sees_only_their_agencys_cases(hall: HallClient) -> None:
    """An agency's coordinator (a supervisor bound to it) works their agency's cases, as in
    the reports and the console; a supervisor bound to none and an admin see them all."""
    mine = filed(hall, service_id="kk", confidential=True, contact={"name": "Budi"})
    theirs = filed(hall, agency_id="samsat", contact={"name": "Ani"})
    hall.token("koordinator", "supervisor")
    conn = sqlite3.connect(hall.db)
    with conn:
        conn.execute("UPDATE users SET agency_id = 'dukcapil' WHERE username = 'koordinator'")
    conn.close()
    items = hall.get("/api/v1/complaints", "koordinator").json()["items"]
    assert [c["reference"] for c in items] == [mine["reference"]]
    theirs_id = case_id(hall, theirs["reference"])
    error(hall.get(f"/api/v1/complaints/{theirs_id}", "koordinator"), 404, "not_found")
    mine_case = hall.get(f"/api/v1/complaints/{case_id(hall, mine['reference'])}", "koordinator")
    assert mine_case.json()["contact"]["name"] is None  # confidential: agency staff
    for everyone in ("supervisor", "admin"):
        assert len(hall.get("/api/v1/complaints", everyone).json()["items"]) == 2
