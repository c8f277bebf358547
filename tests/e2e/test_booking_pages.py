"""The citizen's booking pages in Debian's Chromium at phone size (390×844) against a real
`antre serve`: book, cancel and move, in Indonesian and in English, and the whole booking
path with JavaScript switched off. Nothing is fetched from anywhere but the hall server."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from support import Server

from queue_server.routes.booking_words import WORDS

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
# Valid, made-up NIKs (Kota Bandung); never real people.
NIKS = iter(
    [
        "3273010101850002",
        "3273014502900003",
        "3273011207780004",
        "3273015809950005",
        "3273010310880006",
        "3273012011800007",
        "3273010507920008",
        "3273011503870009",
    ]
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("booking") / "antre.db").start()
    try:
        yield running
    finally:
        running.stop()


def phone_page(browser: Browser, server: Server, *, javascript: bool = True) -> Page:
    context = browser.new_context(java_script_enabled=javascript, **PHONE)
    page = context.new_page()
    foreign: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith((server.url, "data:")) else foreign.append(r.url),
    )
    page.foreign = foreign  # type: ignore[attr-defined]
    return page


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390


def book(page: Page, server: Server, lang: str) -> str:
    """Walk /booking from the first screen to the confirmation; return the manage URL."""
    t = WORDS[lang]
    page.goto(f"{server.url}/booking?lang={lang}")
    expect(page.get_by_role("heading", name=t["choose_agency"])).to_be_visible()
    fits_the_phone(page)
    page.locator("a.choice").first.click()
    expect(page.get_by_role("heading", name=t["choose_service"])).to_be_visible()
    page.locator("a.choice").first.click()
    # The requirements come before any time can be chosen.
    expect(page.get_by_role("heading", name=t["requirements"])).to_be_visible()
    expect(page.locator(".requirements li").first).to_have_text("KK lama")
    fits_the_phone(page)
    page.locator("a.choice").first.click()  # the first open day
    expect(page.get_by_role("heading", name=t["choose_time"])).to_be_visible()
    page.locator("a.choice").first.click()  # its first time with a place
    expect(page.get_by_role("heading", name=t["your_data"])).to_be_visible()
    page.get_by_label(t["nik"]).fill(next(NIKS))
    page.get_by_label(t["phone"]).fill("081234567890")
    fits_the_phone(page)
    page.get_by_role("button", name=t["book"]).click()
    expect(page.get_by_role("status")).to_have_text(t["booked_ok"])
    assert "/b/" in page.url
    return page.url.split("?")[0]


def check_confirmation(page: Page, server: Server, lang: str) -> None:
    t = WORDS[lang]
    code = page.locator(".code")
    expect(code).to_have_text(re.compile(r"^[0-9A-Z]{4}-[0-9A-Z]{4}$"))
    assert float(code.evaluate("e => getComputedStyle(e).fontSize").rstrip("px")) >= 40
    expect(page.locator(".qr svg")).to_be_visible()
    # The QR a kiosk's scanner reads holds the manage URL (the code is in it).
    shot = Image.open(io.BytesIO(page.locator(".qr svg").screenshot())).convert("L")
    assert [r.text for r in zxingcpp.read_barcodes(shot)] == [page.url.split("?")[0]]
    expect(page.locator(".status")).to_have_text(t["status_booked"])
    ics = httpx.get(server.url + page.get_by_role("link", name=t["ics"]).get_attribute("href"))
    assert ics.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in ics.text and code.inner_text() in ics.text
    fits_the_phone(page)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_citizen_books_then_cancels_on_a_phone(
    browser: Browser, server: Server, lang: str
) -> None:
    t = WORDS[lang]
    page = phone_page(browser, server)
    manage = book(page, server, lang)
    check_confirmation(page, server, lang)
    nik_digits = page.content()
    assert "3273" not in nik_digits  # not even the start of the NIK on the page

    page.get_by_role("link", name=t["cancel"]).click()
    expect(page.get_by_text(t["cancel_confirm"])).to_be_visible()
    page.get_by_role("button", name=t["cancel_yes"]).click()
    expect(page.get_by_role("status")).to_have_text(t["cancelled_ok"])
    expect(page.locator(".status")).to_have_text(t["status_cancelled"])
    token = manage.rsplit("/", 1)[1]
    assert httpx.get(f"{server.url}/api/v1/bookings/by-token/{token}").json()["status"] == (
        "cancelled"
    )
    assert page.foreign == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_citizen_moves_a_booking_on_a_phone(browser: Browser, server: Server, lang: str) -> None:
    t = WORDS[lang]
    page = phone_page(browser, server)
    manage = book(page, server, lang)
    token = manage.rsplit("/", 1)[1]
    before = httpx.get(f"{server.url}/api/v1/bookings/by-token/{token}").json()

    page.get_by_role("link", name=t["move"]).click()
    expect(page.get_by_role("heading", name=t["move_title"])).to_be_visible()
    page.locator("a.choice").last.click()  # the last open day of the window
    page.locator("button.choice").first.click()
    expect(page.get_by_role("status")).to_have_text(t["moved_ok"])
    after = httpx.get(f"{server.url}/api/v1/bookings/by-token/{token}").json()
    assert after["code"] == before["code"]
    assert (after["date"], after["start"]) != (before["date"], before["start"])
    expect(page.locator(".summary dd").nth(1)).to_contain_text(after["start"])
    fits_the_phone(page)
    assert page.foreign == []  # type: ignore[attr-defined]


def test_the_booking_path_works_without_javascript(browser: Browser, server: Server) -> None:
    page = phone_page(browser, server, javascript=False)
    manage = book(page, server, "id")
    check_confirmation(page, server, "id")
    page.get_by_role("link", name=WORDS["id"]["cancel"]).click()
    page.get_by_role("button", name=WORDS["id"]["cancel_yes"]).click()
    expect(page.locator(".status")).to_have_text(WORDS["id"]["status_cancelled"])
    assert manage in page.url


def test_a_wrong_nik_is_explained_on_the_form_and_the_nik_is_not_shown_back(
    browser: Browser, server: Server
) -> None:
    page = phone_page(browser, server, javascript=False)
    t = WORDS["en"]
    page.goto(f"{server.url}/booking?lang=en")
    for _ in range(4):
        page.locator("a.choice").first.click()
    page.get_by_label(t["nik"]).fill("3273019999999999")
    page.get_by_label(t["name"]).fill("Budi Santoso")
    page.get_by_role("button", name=t["book"]).click()
    expect(page.get_by_role("alert")).to_contain_text(t["error"])
    assert page.get_by_label(t["nik"]).input_value() == ""
    assert page.get_by_label(t["name"]).input_value() == "Budi Santoso"
    assert "3273019999999999" not in page.content()


def test_an_unknown_manage_link_says_so_in_both_languages(server: Server) -> None:
    for lang in ("id", "en"):
        answer = httpx.get(f"{server.url}/b/ThisTokenDoesNotExist123?lang={lang}")
        assert answer.status_code == 404
        assert WORDS[lang]["not_found"] in answer.text
