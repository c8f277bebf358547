"""The console's live floor in a real browser against a real `antre serve`: a supervisor
signs in through the form, watches a counter's number change when an operator calls a
ticket over REST, sees the page come back true after its socket is dropped (a call made
meanwhile shows), is told to sign in again when the session ends; at 1366×768 and
1920×1080, checked with axe-core."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from hall_driver import HallDriver
from playwright.sync_api import Browser, Page, WebSocketRoute, expect
from support import Server, bearer

from queue_server.console.session import COOKIE

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"
LIVE = 10_000  # ms: a call reaches the open floor well within this
RESUMED = 30_000  # ms: the page's back-off (at most 10 s) and a re-read


def axe_violations(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']})"
    )
    return [{"id": v["id"], "nodes": len(v["nodes"])} for v in result["violations"]]


CALLED: dict[str, int] = {}


def call_next(server: Server, operator: dict[str, str], counter: int) -> str:
    called = httpx.post(f"{server.url}/api/v1/counters/{counter}/call-next", headers=operator)
    assert called.status_code == 200, called.text
    CALLED[called.json()["number"]] = called.json()["id"]
    return str(called.json()["number"])


def no_show(server: Server, operator: dict[str, str], number: str) -> None:
    """The citizen called never came: the counter may call the next one."""
    ticket_id = CALLED[number]
    done = httpx.post(f"{server.url}/api/v1/tickets/{ticket_id}/no-show", headers=operator)
    assert done.status_code == 200, done.text


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_the_floor_follows_a_call_and_is_true_again_after_a_dropped_socket(
    server: Server, browser: Browser, size: tuple[int, int]
) -> None:
    hall = HallDriver(server)
    operator = bearer(server.staff_token("budi", "operator"))
    server.staff_token("kepala", "supervisor")
    opened = httpx.post(f"{server.url}/api/v1/counters/3/open", headers=operator)
    assert opened.status_code == 200, opened.text
    for _ in range(3):
        hall.issue("pkb")

    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
    page = context.new_page()
    cut = threading.Event()
    sockets: list[WebSocketRoute] = []

    def route(ws: WebSocketRoute) -> None:
        if cut.is_set():
            ws.close()  # the manager's Wi-Fi is down: no connection gets through
        else:
            ws.connect_to_server()
            sockets.append(ws)

    page.route_web_socket(re.compile(r"/admin/floor/ws"), route)
    try:
        page.goto(f"{server.url}/admin/floor")
        assert "/admin/login" in page.url  # no session yet: the sign-in form, then back
        page.fill("#username", "kepala")
        page.fill("#password", "kepala-password-123")
        page.click("button[type=submit]")
        page.wait_for_load_state()
        assert page.url.endswith("/admin/floor"), (page.url, page.locator("main").inner_text())
        link = page.locator("#floor-link")
        expect(link).to_have_attribute("data-state", "live", timeout=LIVE)
        number = page.locator('tr[data-counter="3"] [data-field="current"]')
        expect(number).to_have_text("—")
        expect(page.locator('tr[data-queue="pkb"] [data-field="waiting"]')).to_have_text("3")
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing cut

        first = call_next(server, operator, 3)
        expect(number).to_contain_text(first, timeout=LIVE)
        expect(page.locator('tr[data-queue="pkb"] [data-field="waiting"]')).to_have_text("2")

        # The socket drops; a call made meanwhile is on the page once it is back.
        no_show(server, operator, first)
        cut.set()
        sockets[-1].close()
        expect(link).to_have_attribute("data-state", "reconnecting", timeout=LIVE)
        second = call_next(server, operator, 3)
        cut.clear()
        expect(number).to_contain_text(second, timeout=RESUMED)
        expect(page.locator('tr[data-queue="pkb"] [data-field="waiting"]')).to_have_text("1")
        expect(link).to_have_attribute("data-state", "live", timeout=RESUMED)
        # And it keeps following live after the reconnect.
        no_show(server, operator, second)
        third = call_next(server, operator, 3)
        expect(number).to_contain_text(third, timeout=LIVE)

        assert axe_violations(page) == []

        # The session ends (signed out elsewhere): the page says so instead of going stale.
        token = next(c["value"] for c in context.cookies() if c["name"] == COOKIE)
        out = httpx.post(f"{server.url}/api/v1/auth/logout", headers=bearer(token))
        assert out.status_code in (200, 204), out.text
        expect(link).to_have_attribute("data-state", "signin", timeout=LIVE)
        expect(link).to_contain_text("Sesi Anda berakhir")
    finally:
        context.close()
