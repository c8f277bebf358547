"""The citizen's status page /t/<token> in a real browser against a real `antre serve`."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect
from support import Server, bearer

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

NIK = "3273014101900001"
LIVE = 10_000  # ms: a live update arrives well within this
POLLED = 30_000  # ms: long enough for the 10 s polling fallback to pick a change up


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        # The phone's own clock zone must not matter: times are the hall's (WIB).
        viewport={"width": 390, "height": 844},
        locale="id-ID",
        timezone_id="UTC",
    )
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


class Hall:
    """The test hall through its REST API: a kiosk that issues, an admin who calls."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.kiosk = bearer(server.device_token("kiosk-1", "kiosk"))
        self._admin: dict[str, Any] | None = None

    @property
    def admin(self) -> dict[str, Any]:
        if self._admin is None:
            self._admin = bearer(self.server.staff_token())
        return self._admin

    def issue(self, service: str = "kk", nik: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"service_id": service}
        if nik is not None:
            body["nik"] = nik
        r = httpx.post(f"{self.server.url}/api/v1/tickets", json=body, headers=self.kiosk)
        assert r.status_code == 201, r.text
        return dict(r.json())

    def open(self, counter: int) -> None:
        r = httpx.post(f"{self.server.url}/api/v1/counters/{counter}/open", headers=self.admin)
        assert r.status_code == 200, r.text

    def call_next(self, counter: int) -> dict[str, Any]:
        r = httpx.post(f"{self.server.url}/api/v1/counters/{counter}/call-next", headers=self.admin)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def page_url(self, ticket: dict[str, Any]) -> str:
        return f"{self.server.url}/t/{ticket['tracking_token']}"


@pytest.fixture
def hall(server: Server) -> Hall:
    return Hall(server)


def test_waiting_page_shows_number_service_and_people_ahead(
    hall: Hall, server: Server, page: Page
) -> None:
    hall.issue()
    hall.issue()
    mine = hall.issue()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    response = page.goto(hall.page_url(mine))

    assert response is not None and response.status == 200
    expect(page.locator("#number")).to_have_text(mine["number"])
    expect(page.locator("#service")).to_have_text("Kartu Keluarga")
    expect(page.locator("#ahead")).to_be_visible()
    expect(page.locator("#ahead")).to_have_text("2 orang di depan Anda")
    expect(page.locator("#updated")).to_have_text(re.compile(r"^Diperbarui pukul \d\d\.\d\d WIB$"))
    now = datetime.now(ZoneInfo("Asia/Jakarta"))
    around = {f"Diperbarui pukul {(now + timedelta(minutes=d)):%H.%M} WIB" for d in (-1, 0, 1)}
    assert page.locator("#updated").inner_text() in around
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("meta[name=referrer]")).to_have_attribute("content", "no-referrer")
    expect(page.locator("meta[name=robots]")).to_have_attribute("content", re.compile("noindex"))
    expect(page.locator("meta[name=viewport]")).to_have_attribute(
        "content", re.compile("width=device-width")
    )
    expect(page.locator("#offline")).to_be_hidden()
    # The number is the biggest thing on the page, and nothing reaches outside this server.
    assert float(page.locator("#number").evaluate("e => getComputedStyle(e).fontSize")[:-2]) >= 96
    assert requests and all(url.startswith(server.url) for url in requests), requests


def test_page_is_complete_without_javascript(hall: Hall, browser: Browser) -> None:
    hall.issue()
    mine = hall.issue()
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    try:
        page = ctx.new_page()
        page.goto(hall.page_url(mine))
        expect(page.locator("#number")).to_have_text(mine["number"])
        expect(page.locator("#ahead")).to_have_text("1 orang di depan Anda")
        expect(page.locator("#updated")).to_have_text(
            re.compile(r"^Diperbarui pukul \d\d\.\d\d WIB$")
        )
        expect(page.locator("[data-state=called]")).to_be_hidden()
        # Fits a 320 px phone without sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        ctx.close()


def test_page_turns_to_called_live_when_the_operator_calls_next(hall: Hall, page: Page) -> None:
    mine = hall.issue()
    page.add_init_script(
        "window.__vibrations = [];"
        "navigator.vibrate = (pattern) => { window.__vibrations.push(pattern); return true; };"
    )
    page.goto(hall.page_url(mine))
    expect(page.locator("#next")).to_have_text("Giliran Anda berikutnya")
    page.evaluate("window.__sameDocument = true")

    hall.open(1)
    hall.call_next(1)

    called = page.locator("[data-state=called]")
    expect(called).to_be_visible(timeout=LIVE)
    expect(called.locator(".call-go")).to_have_text("Silakan menuju Loket 1")
    expect(page.locator("[data-state=waiting]")).to_be_hidden()
    expect(page.locator("body")).to_have_attribute("data-status", "called")
    expect(page).to_have_title(re.compile("DIPANGGIL"))
    assert page.evaluate("window.__sameDocument") is True, "the page reloaded"
    assert page.evaluate("window.__vibrations.length") == 1


def test_people_ahead_drops_live_when_someone_ahead_is_called(hall: Hall, page: Page) -> None:
    hall.issue()
    hall.issue()
    mine = hall.issue()
    page.goto(hall.page_url(mine))
    ahead = page.locator("#ahead")
    expect(ahead).to_have_text("2 orang di depan Anda")

    hall.open(1)
    hall.call_next(1)
    expect(ahead).to_have_text("1 orang di depan Anda", timeout=LIVE)

    hall.open(2)
    hall.call_next(2)
    expect(page.locator("#next")).to_have_text("Giliran Anda berikutnya", timeout=LIVE)
    expect(ahead).to_be_hidden()


def test_english_toggle_switches_texts_and_persists_after_reload(
    hall: Hall, page: Page, browser: Browser
) -> None:
    hall.issue()
    mine = hall.issue()
    page.goto(hall.page_url(mine))
    expect(page.locator("#ahead")).to_have_text("1 orang di depan Anda")

    page.get_by_role("button", name="English").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#ahead")).to_have_text("1 person ahead of you")
    expect(page.locator("#service")).to_have_text("Family card")
    expect(page.locator("#number-label")).to_have_text("Your queue number")
    expect(page.locator("#updated")).to_have_text(re.compile(r"^Updated \d\d:\d\d WIB$"))
    toggle = page.get_by_role("button", name="Indonesia")
    expect(toggle).to_be_visible()

    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#ahead")).to_have_text("1 person ahead of you")

    toggle.click()
    expect(page.locator("#ahead")).to_have_text("1 orang di depan Anda")
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("#ahead")).to_have_text("1 orang di depan Anda")

    # ?lang=en works on a phone that never chose.
    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        other.goto(hall.page_url(mine) + "?lang=en")
        expect(other.locator("#ahead")).to_have_text("1 person ahead of you")
        expect(other.locator("html")).to_have_attribute("lang", "en")
    finally:
        fresh.close()


def test_unknown_token_gives_the_friendly_404_page_without_a_stack_trace(
    server: Server, page: Page
) -> None:
    response = page.goto(f"{server.url}/t/{secrets.token_urlsafe(16)}")

    assert response is not None and response.status == 404
    expect(page.locator("h1").first).to_have_text("Nomor antrean tidak ditemukan")
    expect(page.get_by_text("Queue ticket not found")).to_be_visible()
    expect(page.locator("meta[name=robots]")).to_have_attribute("content", re.compile("noindex"))
    for token in ("pendek", "a" * 200, "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"):
        r = httpx.get(f"{server.url}/t/{token}")
        assert r.status_code == 404, (token, r.status_code)
        assert "Nomor antrean tidak ditemukan" in r.text
        for leak in ("Traceback", "Internal Server Error", "Exception", "<img", "onerror"):
            assert leak not in r.text, (token, leak)
    # A trailing slash (some QR apps add one) is redirected to the page.
    r = httpx.get(f"{server.url}/t/{secrets.token_urlsafe(16)}/", follow_redirects=True)
    assert r.status_code == 404 and "Nomor antrean tidak ditemukan" in r.text
    # A slash inside makes it another path: still a plain 404, never a trace.
    r = httpx.get(f"{server.url}/t/..%2F..%2Fetc")
    assert r.status_code == 404
    assert "Traceback" not in r.text and "Exception" not in r.text


def test_the_page_never_contains_the_nik_used_to_issue_the_ticket(
    hall: Hall, server: Server, page: Page
) -> None:
    mine = hall.issue("ktp", nik=NIK)
    assert mine["nik_masked"], "the kiosk answer carries the masked NIK; the page must not"
    page.goto(hall.page_url(mine))
    expect(page.locator("#service")).to_have_text("KTP-el")

    hall.open(1)
    hall.call_next(1)
    expect(page.locator("[data-state=called]")).to_be_visible(timeout=LIVE)

    rendered = httpx.get(hall.page_url(mine)).text
    api = httpx.get(f"{server.url}/api/v1/track/{mine['tracking_token']}").text
    for text in (page.content(), rendered, api):
        assert NIK not in text
        assert mine["nik_masked"] not in text
        assert "nik" not in text.lower()


def test_falls_back_to_polling_when_the_stream_keeps_failing(hall: Hall, page: Page) -> None:
    mine = hall.issue()
    polls: list[str] = []
    page.route("**/stream", lambda route: route.abort())
    page.on(
        "request",
        lambda request: (
            polls.append(request.url)
            if request.url.endswith(f"/api/v1/track/{mine['tracking_token']}")
            else None
        ),
    )
    page.goto(hall.page_url(mine))
    page.wait_for_event("requestfinished", lambda request: request.url in polls, timeout=LIVE)

    hall.open(1)
    hall.call_next(1)

    expect(page.locator(".call-go")).to_have_text("Silakan menuju Loket 1", timeout=POLLED)
    expect(page.locator("#offline")).to_be_hidden()


def test_shows_reconnecting_while_the_hall_server_is_down(
    hall: Hall, server: Server, page: Page
) -> None:
    mine = hall.issue()
    hall.open(1)
    page.goto(hall.page_url(mine))
    expect(page.locator("#next")).to_have_text("Giliran Anda berikutnya")
    offline = page.locator("#offline")
    expect(offline).to_be_hidden()

    server.kill()  # a power cut in the server room
    expect(offline).to_be_visible(timeout=LIVE)
    expect(offline).to_have_text("menyambung ulang…")
    expect(page.locator("#number")).to_have_text(mine["number"])  # the last state stays

    again = Server(server.db, hall=server.hall)
    again.port, again.url = server.port, server.url
    again.start()
    try:
        hall.call_next(1)
        expect(page.locator(".call-go")).to_have_text("Silakan menuju Loket 1", timeout=POLLED)
        expect(offline).to_be_hidden()
    finally:
        again.stop()


def test_refetches_when_the_tab_becomes_visible_again(hall: Hall, page: Page) -> None:
    mine = hall.issue()
    held: list[Route] = []
    # The stream connects but never delivers: only a fresh fetch can bring news.
    page.route("**/stream", lambda route: held.append(route))
    page.goto(hall.page_url(mine))
    expect(page.locator("#next")).to_have_text("Giliran Anda berikutnya")

    hall.open(1)
    hall.call_next(1)
    expect(page.locator("[data-state=waiting]")).to_be_visible()

    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    expect(page.locator(".call-go")).to_have_text("Silakan menuju Loket 1", timeout=LIVE)
