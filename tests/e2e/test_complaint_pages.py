"""The complaint pages in Debian's Chromium at phone size (390×844) against a real
`antre serve`: a citizen files a complaint on /pengaduan, staff answer it over REST, the
citizen sees the answer on /c/<token> and confirms it — in Indonesian and English, and
with JavaScript switched off. Every text a person typed carries a script that would set
a window flag; the flag must stay unset on every page that shows it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from support import Server, bearer

from queue_server.routes.complaint_words import WORDS

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
PAYLOAD = (
    '<script>window.pwned = "script"</script>'
    '<img src="x" onerror="window.pwned = \'img\'"><b>tebal</b>'
)
"""Markup that runs if a page ever shows a person's words as HTML instead of text."""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("complaints") / "antre.db").start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def staff(server: Server) -> dict[str, Any]:
    return bearer(server.staff_token("kasubag", "supervisor"))


def phone_page(browser: Browser, *, javascript: bool = True) -> Page:
    return browser.new_context(java_script_enabled=javascript, **PHONE).new_page()


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390


def nothing_ran(page: Page) -> None:
    assert page.evaluate("typeof window.pwned") == "undefined"


def file_on_the_form(page: Page, server: Server, lang: str, text: str) -> str:
    t = WORDS[lang]
    page.goto(f"{server.url}/pengaduan?lang={lang}")
    expect(page.get_by_role("heading", name=t["title"])).to_be_visible()
    fits_the_phone(page)
    page.get_by_label(t["text"]).fill(text)
    page.get_by_label(t["phone"]).fill("081234567890")
    page.get_by_role("button", name=t["send"]).click()
    expect(page.get_by_role("status")).to_have_text(t["filed"])
    assert "/c/" in page.url
    return page.url.split("?")[0].rsplit("/", 1)[1]


def answer_as_staff(server: Server, staff: dict[str, Any], reference: str, text: str) -> None:
    items = httpx.get(f"{server.url}/api/v1/complaints", headers=staff).json()["items"]
    cid = next(c["id"] for c in items if c["reference"] == reference)
    base = f"{server.url}/api/v1/complaints/{cid}"
    for path, body in (
        ("verify", {"agency_id": "dukcapil"}),
        ("start", None),
        ("answer", {"text": text}),
    ):
        reply = httpx.post(f"{base}/{path}", json=body, headers=staff)
        assert reply.status_code == 200, reply.text


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_citizen_files_sees_the_answer_and_confirms_on_a_phone(
    browser: Browser, server: Server, staff: dict[str, Any], lang: str
) -> None:
    t = WORDS[lang]
    page = phone_page(browser)
    token = file_on_the_form(page, server, lang, f"Loket 3 kosong sejak pagi. {PAYLOAD}")
    # The person's words exactly as typed, as text: the tags visible, nothing run.
    expect(page.locator("#complaint-text")).to_contain_text(PAYLOAD)
    expect(page.locator("#complaint-text b")).to_have_count(0)
    nothing_ran(page)
    reference = page.locator(".reference").inner_text()
    assert reference.startswith("ADU-")

    answer_as_staff(server, staff, reference, f"Loket 3 dibuka pukul 08.00. {PAYLOAD}")
    page.reload()
    expect(page.locator("#answer-text")).to_contain_text("Loket 3 dibuka pukul 08.00.")
    expect(page.locator("#answer-text")).to_contain_text(PAYLOAD)
    nothing_ran(page)
    fits_the_phone(page)
    page.get_by_role("button", name=t["confirm"]).click()
    expect(page.get_by_role("status")).to_have_text(t["done_confirm"])
    expect(page.locator("#status")).to_have_text("Closed" if lang == "en" else "Selesai")
    nothing_ran(page)
    assert httpx.get(f"{server.url}/api/v1/complaints/track/{token}").json()["status"] == "closed"


def test_the_complaint_path_works_without_javascript(
    browser: Browser, server: Server, staff: dict[str, Any]
) -> None:
    t = WORDS["id"]
    page = phone_page(browser, javascript=False)
    file_on_the_form(page, server, "id", "Tidak ada kursi roda di pintu masuk utama.")
    reference = page.locator(".reference").inner_text()
    answer_as_staff(server, staff, reference, "Kursi roda kini tersedia di meja informasi.")
    page.reload()
    page.get_by_label(t["reopen_label"]).fill("Kemarin belum ada.")
    page.get_by_role("button", name=t["reopen"]).click()
    expect(page.get_by_role("status")).to_have_text(t["done_reopen"])
    expect(page.locator("#status")).to_have_text("Sedang ditangani")


def test_a_question_and_a_reply_are_shown_as_text_with_scripts_on(
    browser: Browser, server: Server, staff: dict[str, Any]
) -> None:
    t = WORDS["en"]
    page = phone_page(browser)
    token = file_on_the_form(page, server, "en", "The queue screen shows the wrong number.")
    reference = page.locator(".reference").inner_text()
    items = httpx.get(f"{server.url}/api/v1/complaints", headers=staff).json()["items"]
    cid = next(c["id"] for c in items if c["reference"] == reference)
    base = f"{server.url}/api/v1/complaints/{cid}"
    httpx.post(f"{base}/verify", json={"agency_id": "dukcapil"}, headers=staff)
    httpx.post(f"{base}/hold", json={"question": f"Which screen? {PAYLOAD}"}, headers=staff)
    page.reload()
    nothing_ran(page)
    page.get_by_label(t["reply_label"]).fill(f"The one by the door. {PAYLOAD}")
    page.get_by_role("button", name=t["send_reply"]).click()
    expect(page.get_by_role("status")).to_have_text(t["done_reply"])
    expect(page.locator(".timeline")).to_contain_text(f"The one by the door. {PAYLOAD}")
    nothing_ran(page)
    assert httpx.get(f"{server.url}/api/v1/complaints/track/{token}").json()["status"] == (
        "in_progress"
    )
