"""The dossier on the citizen's /t/ page in a real browser against a real `antre serve`,
phone-sized: the page open after the visit follows REST changes live (no reload) up to
`ready`, with the timeline, the note and the pickup words, in Indonesian and English."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, expect
from support import Server, bearer

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    s = Server(tmp_path_factory.mktemp("dossier") / "antre.db").start()
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="module")
def creds(server: Server) -> tuple[dict[str, str], dict[str, str]]:
    return bearer(server.device_token("kiosk-d", "kiosk")), bearer(server.staff_token())


def dossier_after_a_visit(
    server: Server, creds: tuple[dict[str, str], dict[str, str]]
) -> tuple[dict[str, Any], dict[str, str]]:
    kiosk, admin = creds
    url = server.url
    ticket = httpx.post(f"{url}/api/v1/tickets", json={"service_id": "kk"}, headers=kiosk).json()
    httpx.post(f"{url}/api/v1/counters/1/open", headers=admin)
    httpx.post(f"{url}/api/v1/counters/1/call", json={"ticket_id": ticket["id"]}, headers=admin)
    for step in ("start", "finish"):
        httpx.post(f"{url}/api/v1/tickets/{ticket['id']}/{step}", headers=admin).raise_for_status()
    reply = httpx.post(
        f"{url}/api/v1/tickets/{ticket['id']}/dossier", json={"title": "KK"}, headers=admin
    )
    assert reply.status_code == 201, reply.text
    return reply.json() | {"token": ticket["tracking_token"]}, admin


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_open_page_follows_the_dossier_to_ready_with_pickup_words(
    server: Server, browser: Browser, creds: tuple[dict[str, str], dict[str, str]], lang: str
) -> None:
    d, admin = dossier_after_a_visit(server, creds)
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/t/{d['token']}?lang={lang}")
        box = page.locator("#dossier")
        expect(box.locator(".ref")).to_have_text(d["reference"])
        received = "Dossier received" if lang == "en" else "Berkas diterima"
        expect(box.locator(".dossier-status")).to_have_text(received)
        expect(box.locator(".pickup")).to_be_hidden()
        base = f"{server.url}/api/v1/dossiers/{d['id']}"
        httpx.post(f"{base}/process", headers=admin).raise_for_status()
        httpx.post(f"{base}/ready", json={"note": "Loket 1 <b>sore</b>"}, headers=admin)
        ready = "Ready to collect" if lang == "en" else "Siap diambil"
        expect(box.locator(".dossier-status")).to_have_text(ready)  # live, no reload
        pickup = "Please collect it at Loket 1" if lang == "en" else "Silakan ambil di Loket 1"
        expect(box.locator(".pickup")).to_be_visible()
        expect(box.locator(".pickup")).to_contain_text(pickup)
        expect(box.locator(".timeline li")).to_have_count(3)
        first = box.locator(".timeline li").first
        expect(first.locator(".note")).to_have_text("Loket 1 <b>sore</b>")  # as text
        expect(page.locator("form.survey")).to_be_visible()  # the survey stays below
    finally:
        context.close()
