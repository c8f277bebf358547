"""Working complaints in the console (issue 13), and the dossiers and bookings lists: every
staff step from the case page's forms with the REST route's own rules, a refused step
that changes nothing, HTML in a complaint shown as text, late cases first, no full NIK,
and an agency-bound supervisor who sees only their agency.

The small test hall: "dukcapil" (ktp, kk, akta) and "samsat" (pkb); the clock starts on
Monday 30 November 2026, 09:00 WIB."""

from __future__ import annotations

import re
import sqlite3
from html import unescape
from typing import Any

from inprocess import FakeClock, HallClient

from queue_server.console.session import COOKIE

TEXT = "Antrean KTP terlalu lama, petugas tidak ada di loket 3 sejak pagi."


def browse_as(hall: HallClient, name: str, role: str = "supervisor", agency: str | None = None):
    token = hall.token(name, role)
    if agency is not None:
        conn = sqlite3.connect(hall.db)
        with conn:
            conn.execute("UPDATE users SET agency_id = ? WHERE username = ?", (agency, name))
        conn.close()
    hall.client.cookies.clear()
    hall.client.cookies.set(COOKIE, token)


def file(hall: HallClient, text: str = TEXT, **body: Any) -> dict[str, Any]:
    payload = {"kind": "pengaduan", "text": text, **body}
    reply = hall.client.post("/api/v1/complaints", json=payload)
    assert reply.status_code == 201, reply.text
    items = hall.get("/api/v1/complaints", "supervisor").json()["items"]
    found = next(c for c in items if c["reference"] == reply.json()["reference"])
    return dict(found) | {"_token": reply.json()["manage_url"].rsplit("/c/", 1)[1]}


def csrf_of(page: str) -> str:
    return page.split('name="csrf" value="')[1].split('"')[0]


def act(hall: HallClient, cid: int, step: str, **fields: str) -> Any:
    page = hall.client.get(f"/admin/complaints/{cid}").text
    return hall.client.post(
        f"/admin/complaints/{cid}",
        data={"csrf": csrf_of(page), "step": step, **fields},
        follow_redirects=False,
    )


def steps_offered(page: str) -> list[str]:
    return re.findall(r'name="step" value="([a-z]+)"', page)


def test_a_complaint_is_worked_through_every_step_from_the_console(
    hall: HallClient, clock: FakeClock
) -> None:
    case = file(hall, contact={"name": "Budi", "phone": "081234567890"})
    cid = case["id"]
    browse_as(hall, "kepala")
    page = hall.client.get(f"/admin/complaints/{cid}").text
    assert steps_offered(page) == ["verify", "reject", "lapor"]
    assert "Budi" in page and "081234567890" not in page  # the phone only masked

    done = act(hall, cid, "verify", agency_id="dukcapil")
    assert done.status_code == 303 and done.headers["location"].endswith("?done=verify")
    assert steps_offered(hall.client.get(f"/admin/complaints/{cid}").text) == [
        "start",
        "hold",
        "reject",
        "lapor",
    ]
    assert act(hall, cid, "start").status_code == 303
    assert act(hall, cid, "hold", question="Loket nomor berapa tepatnya?").status_code == 303
    reply = hall.client.post(
        f"/api/v1/complaints/track/{case['_token']}/reply", json={"text": "Loket 3, pagi."}
    )
    assert reply.status_code == 200, reply.text
    clock.advance(hours=1)
    assert act(hall, cid, "answer", text="Petugas sudah ditambah di loket 3.").status_code == 303
    assert act(hall, cid, "close").status_code == 303
    assert act(hall, cid, "lapor", tracking_id="LAPOR-123").status_code == 303

    rest = hall.get(f"/api/v1/complaints/{cid}", "supervisor").json()
    assert rest["status"] == "closed" and rest["lapor_tracking_id"] == "LAPOR-123"
    assert [e["status"] for e in rest["timeline"]] == [
        "received",
        "verified",
        "in_progress",
        "on_hold",
        "in_progress",
        "answered",
        "closed",
        "closed",
    ]
    assert [e["by_role"] for e in rest["timeline"]][1:4] == ["supervisor"] * 3
    page = hall.client.get(f"/admin/complaints/{cid}").text
    assert "Petugas sudah ditambah di loket 3." in page and "Loket 3, pagi." in page
    assert steps_offered(page) == ["lapor"]
    # A stale page's step: refused with the rule's own words, nothing changed.
    refused = act(hall, cid, "start")
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("text/html")
    assert '<p class="error" role="alert">' in refused.text
    assert "tidak dapat di-start" in unescape(refused.text)
    assert hall.get(f"/api/v1/complaints/{cid}", "supervisor").json() == rest


def test_reject_forwards_and_an_empty_answer_is_refused_with_words(hall: HallClient) -> None:
    cid = file(hall)["id"]
    browse_as(hall, "kepala")
    empty = act(hall, cid, "reject", reason="   ")
    assert empty.status_code == 422 and "Isi teksnya" in empty.text
    assert hall.get(f"/api/v1/complaints/{cid}", "supervisor").json()["status"] == "received"
    done = act(hall, cid, "reject", reason="Bukan wewenang MPP.", forwarded_to="Polres")
    assert done.status_code == 303
    case = hall.get(f"/api/v1/complaints/{cid}", "supervisor").json()
    assert case["status"] == "rejected" and case["forwarded_to"] == "Polres"
    no_csrf = hall.client.post(f"/admin/complaints/{cid}", data={"step": "close"})
    assert no_csrf.status_code == 403


def test_html_in_a_complaint_is_shown_as_text(hall: HallClient) -> None:
    text = 'Tolong <script>alert("x")</script> <img src=x onerror=alert(1)> dicek.'
    cid = file(hall, text=text)["id"]
    browse_as(hall, "kepala")
    for url in (f"/admin/complaints/{cid}", "/admin/complaints"):
        page = hall.client.get(url).text
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(" in page
    assert unescape(hall.client.get(f"/admin/complaints/{cid}").text).count(text) >= 1


def test_the_inbox_lists_late_cases_first_marked_in_words(
    hall: HallClient, clock: FakeClock
) -> None:
    old = file(hall)["id"]
    clock.advance(days=7)
    new = file(hall)["id"]
    browse_as(hall, "kepala")
    page = hall.client.get("/admin/complaints").text
    ids = [int(i) for i in re.findall(r'<tr class="[a-z]*" data-id="(\d+)"', page)]
    assert ids == [old, new]
    assert page.count("TERLAMBAT") == 1 and "1 kasus melewati batas waktu" in page
    only_late = hall.client.get("/admin/complaints?overdue=yes").text
    assert f'data-id="{new}"' not in only_late and f'data-id="{old}"' in only_late


def test_an_agency_bound_supervisor_sees_only_their_agencys_cases_and_lists(
    hall: HallClient,
) -> None:
    ours = file(hall, agency_id="dukcapil")["id"]
    theirs = file(hall, agency_id="samsat")["id"]
    browse_as(hall, "kepala-dukcapil", agency="dukcapil")
    inbox = hall.client.get("/admin/complaints?agency_id=samsat").text
    assert f'data-id="{ours}"' in inbox and f'data-id="{theirs}"' not in inbox
    assert hall.client.get(f"/admin/complaints/{theirs}").status_code == 404
    refused = hall.client.post(
        f"/admin/complaints/{theirs}",
        data={"csrf": csrf_of(inbox), "step": "verify", "agency_id": "samsat"},
    )
    assert refused.status_code == 404
    assert hall.get(f"/api/v1/complaints/{theirs}", "supervisor").json()["status"] == "received"
    # Bookings: only the agency's services are offered and listed.
    bookings = hall.client.get("/admin/bookings?service_id=pkb").text
    assert 'value="pkb"' not in bookings and 'value="kk"' in bookings
    dossiers = hall.client.get("/admin/dossiers?agency_id=samsat").text
    assert 'name="agency_id"' not in dossiers


def test_the_dossiers_list_shows_the_agencys_dossiers(hall: HallClient) -> None:
    hall.token("dk", "operator")
    conn = sqlite3.connect(hall.db)
    with conn:
        conn.execute("UPDATE users SET agency_id = 'dukcapil' WHERE username = 'dk'")
    conn.close()
    ticket = hall.issue("kk")
    hall.post("/api/v1/counters/1/open", "operator")
    hall.post("/api/v1/counters/1/call", "operator", json={"ticket_id": ticket["id"]})
    hall.post(f"/api/v1/tickets/{ticket['id']}/start", "operator").raise_for_status()
    hall.post(f"/api/v1/tickets/{ticket['id']}/finish", "operator").raise_for_status()
    made = hall.post(f"/api/v1/tickets/{ticket['id']}/dossier", "dk", json={"title": "KK baru"})
    assert made.status_code == 201, made.text
    browse_as(hall, "kepala-dukcapil", agency="dukcapil")
    page = hall.client.get("/admin/dossiers").text
    assert made.json()["reference"] in page and "KK baru" in page
    browse_as(hall, "kepala-samsat", agency="samsat")
    assert made.json()["reference"] not in hall.client.get("/admin/dossiers").text


def test_the_bookings_list_masks_the_nik_and_flags_a_closed_day(hall: HallClient) -> None:
    nik = "3171011501900001"
    made = hall.client.post(
        "/api/v1/bookings",
        json={"service_id": "kk", "date": "2026-12-01", "start": "08:00", "nik": nik},
    )
    assert made.status_code == 201, made.text
    browse_as(hall, "kepala")
    page = hall.client.get("/admin/bookings?day=2026-12-01&service_id=kk").text
    assert made.json()["code"] in page and made.json()["nik_masked"] in page
    assert nik not in page and nik[:12] not in page
    assert "TERDAMPAK" not in page
    conn = sqlite3.connect(hall.db)
    with conn:
        conn.execute("UPDATE bookings SET affected = 1")
    conn.close()
    page = hall.client.get("/admin/bookings?day=2026-12-01").text
    assert "TERDAMPAK" in page and "1 booking pada hari yang ditutup" in page


def test_every_page_reads_in_english_too(hall: HallClient) -> None:
    cid = file(hall, agency_id="dukcapil")["id"]
    hall.issue("kk")
    browse_as(hall, "kepala")
    for path, words in (
        ("/admin/reports", "Arrivals and served per hour"),
        ("/admin/skm", "Satisfaction survey"),
        ("/admin/complaints", "Reference"),
        (f"/admin/complaints/{cid}", "Verify and assign"),
        ("/admin/dossiers", "Dossiers"),
        ("/admin/bookings", "No bookings on this day."),
    ):
        page = hall.client.get(f"{path}?lang=en")
        assert page.status_code == 200, (path, page.text)
        assert words in page.text, path


def test_the_inbox_and_the_dossier_list_keep_the_chosen_filters(hall: HallClient) -> None:
    browse_as(hall, "kepala")
    for page, status in (("complaints", "on_hold"), ("dossiers", "ready")):
        html = hall.client.get(f"/admin/{page}?status={status}&agency_id=samsat&overdue=no")
        assert html.status_code == 200
        chosen = re.findall(r'<option value="([a-z_]+)" selected>', html.text)
        assert chosen == [status, "samsat", "no"], page
