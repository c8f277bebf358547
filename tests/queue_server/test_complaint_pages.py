"""The complaint pages in process: the form without JavaScript (POST-redirect-GET), the
form shown again after a refusal with what was typed, and every text a person typed
escaped on every page that shows it (the browser test runs the same payload)."""

from __future__ import annotations

import re

from inprocess import HallClient

PAYLOAD = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
ESCAPED = "&lt;script&gt;window.pwned = 1&lt;/script&gt;"


def no_markup_from_people(html: str) -> None:
    assert "<script>window.pwned" not in html and "<img src=x" not in html
    assert ESCAPED in html


def submit(hall: HallClient, **form: str) -> object:
    data = {"kind": "pengaduan", "lang": "id", "key": "k-" + str(len(form)), **form}
    return hall.client.post("/pengaduan", data=data, follow_redirects=False)


def test_the_form_files_and_redirects_to_the_case_page(hall: HallClient) -> None:
    page = hall.client.get("/pengaduan?lang=en")
    assert page.status_code == 200 and 'name="text"' in page.text
    reply = submit(hall, text="Toilet di lantai 2 rusak sejak minggu lalu.")
    assert reply.status_code == 303  # type: ignore[attr-defined]
    location = reply.headers["location"]  # type: ignore[attr-defined]
    assert re.match(r"^/c/[A-Za-z0-9_-]{32}\?lang=id&done=filed$", location)
    case = hall.client.get(location)
    assert "Toilet di lantai 2 rusak" in case.text and "ADU-20261130-0001" in case.text


def test_a_refused_form_comes_back_with_the_text_kept_and_escaped(hall: HallClient) -> None:
    reply = submit(hall, kind="", text=PAYLOAD)
    assert reply.status_code == 422  # type: ignore[attr-defined]
    no_markup_from_people(reply.text)  # type: ignore[attr-defined]
    short = submit(hall, text="pendek")
    assert short.status_code == 422  # type: ignore[attr-defined]
    assert "10" in short.text and "pendek" in short.text  # type: ignore[attr-defined]


def test_every_text_on_the_case_page_is_escaped(hall: HallClient) -> None:
    location = submit(hall, text=f"Keluhan {PAYLOAD}").headers["location"]  # type: ignore[attr-defined]
    token = location.split("?")[0].rsplit("/", 1)[1]
    cid = hall.get("/api/v1/complaints", "supervisor").json()["items"][0]["id"]
    base = f"/api/v1/complaints/{cid}"
    hall.post(f"{base}/verify", "supervisor", json={"agency_id": "dukcapil"})
    hall.post(f"{base}/hold", "supervisor", json={"question": f"Tanya {PAYLOAD}"})
    hall.client.post(f"/c/{token}/reply", data={"text": f"Jawab {PAYLOAD}", "lang": "id"})
    hall.post(f"{base}/answer", "supervisor", json={"text": f"Jawaban {PAYLOAD}"})
    html = hall.client.get(f"/c/{token}").text
    no_markup_from_people(html)
    assert html.count(ESCAPED) == 5  # the text, the question, the reply, the answer twice
    hall.post(f"{base}/reject", "supervisor", json={"reason": "x"})  # answered: refused
    hall.client.post(f"/c/{token}/reopen", data={"lang": "id"})
    hall.post(
        f"{base}/reject",
        "supervisor",
        json={"reason": f"Alasan {PAYLOAD}", "forwarded_to": PAYLOAD},
    )
    no_markup_from_people(hall.client.get(f"/c/{token}?lang=en").text)


def test_an_unknown_case_page_is_404_in_both_languages(hall: HallClient) -> None:
    assert "tidak ditemukan" in hall.client.get("/c/" + "A" * 32).text
    english = hall.client.get("/c/" + "A" * 32 + "?lang=en")
    assert english.status_code == 404 and "not found" in english.text


def test_the_ticket_page_links_to_the_form(hall: HallClient) -> None:
    ticket = hall.issue()
    page = hall.client.get(f"/t/{ticket['tracking_token']}")
    assert f'href="/pengaduan?ticket={ticket["tracking_token"]}"' in page.text
    form = hall.client.get(f"/pengaduan?ticket={ticket['tracking_token']}")
    assert f'name="ticket" value="{ticket["tracking_token"]}"' in form.text
    reply = submit(
        hall, text="Petugas loket ramah sekali, terima kasih.", ticket=ticket["tracking_token"]
    )
    assert reply.status_code == 303  # type: ignore[attr-defined]
    case = hall.get("/api/v1/complaints", "supervisor").json()["items"][0]
    assert (case["service_id"], case["agency_id"]) == ("kk", "dukcapil")


def test_the_request_log_redacts_complaint_manage_tokens() -> None:
    from queue_server.edge import redact

    token = "J4k5kMabcdefghijklmnopqrstuvwxyz"
    for path in (f"/c/{token}", f"/c/{token}/reply", f"/api/v1/complaints/track/{token}/confirm"):
        assert token not in redact(path, "") and "J4k5kM…" in redact(path, "")
    assert redact("/api/v1/complaints/12/answer", "") == "/api/v1/complaints/12/answer"


def test_the_language_switch_keeps_the_page_but_not_the_one_time_notice(
    hall: HallClient,
) -> None:
    location = submit(hall, text="Toilet di lantai 2 rusak sejak minggu lalu.").headers[  # type: ignore[attr-defined]
        "location"
    ]
    html = hall.client.get(location).text
    switch = re.search(r'<a class="switch" href="([^"]+)"', html)
    assert switch is not None
    assert switch.group(1) == location.split("?")[0] + "?lang=en"
