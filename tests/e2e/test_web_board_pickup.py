"""The web board's "Berkas siap diambil" panel (/display?…&pickup-panel=1) in a real
Chromium against a real `antre serve` with the pickup test hall (tests/halls/pickup.toml:
"kk" opens dossiers; Disdukcapil has a pickup line).

The panel shows a ready dossier by its visit's number and day, live on `dossier.changed`,
refetched after a reconnect, and is not there without the option; the calls beside it
are shown and spoken as on any board, in a call panel of the same size. And the pickup
ticket's own phone page names the dossier it collects, in both languages.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from hall_driver import HallDriver
from playwright.sync_api import Browser, BrowserContext, Page, WebSocketRoute, expect
from support import ROOT, Server, launch_chromium

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PICKUP_HALL = ROOT / "tests" / "halls" / "pickup.toml"
LIVE = 10_000  # ms: well within this, and well under the panel's 60 s fallback read
RESUMED = 30_000  # ms: the board's back-off, at most ~10 s
HOOKS = "window.__antrePickup = []; window.__antreAnnounced = []; window.__loadedOnce = true;"


@pytest.fixture(scope="module")
def browser(playwright: Any) -> Iterator[Browser]:
    b = launch_chromium(playwright, "--autoplay-policy=no-user-gesture-required")
    try:
        yield b
    finally:
        b.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path / "antre.db", hall=PICKUP_HALL).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def hall(server: Server) -> HallDriver:
    return HallDriver(server)


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(
        viewport={"width": 1920, "height": 1080}, locale="id-ID", timezone_id="UTC"
    )
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.add_init_script(HOOKS)
    return page


def visit_with_dossier(hall: HallDriver) -> dict[str, Any]:
    """A "kk" visit served at Loket 1, its dossier opened and in process; the visit's
    number and day (as printed on its ticket) under "_label"."""
    ticket = hall.issue("kk")
    hall.open(1)
    hall.post("/api/v1/counters/1/call", json={"ticket_id": ticket["id"]})
    hall.post(f"/api/v1/tickets/{ticket['id']}/start")
    hall.post(f"/api/v1/tickets/{ticket['id']}/finish")
    hall.post("/api/v1/counters/1/close")
    dossier = hall.post(f"/api/v1/tickets/{ticket['id']}/dossier", json={"title": "Rahasia judul"})
    hall.post(f"/api/v1/dossiers/{dossier['id']}/process")
    day = datetime.fromisoformat(ticket["issued_at"]).astimezone(ZoneInfo("Asia/Jakarta"))
    return dossier | {
        "_label": f"{ticket['number']} {day:%d/%m}",
        "_visit": ticket["tracking_token"],
    }


def panel_items(page: Page) -> Any:
    return page.locator("#pickup .pk-item")


def open_board(page: Page, hall: HallDriver, **params: str) -> None:
    response = page.goto(hall.board_url(**params))
    assert response is not None and response.status == 200
    expect(page.locator(".tile").first).to_be_visible()


def test_a_dossier_made_ready_appears_live_and_leaves_once_collected_or_rejected(
    hall: HallDriver, page: Page
) -> None:
    first = visit_with_dossier(hall)
    second = visit_with_dossier(hall)
    open_board(page, hall, **{"pickup-panel": "1"})
    panel = page.locator("#pickup")
    expect(panel).to_be_visible()
    expect(panel.locator("h2")).to_contain_text("Berkas siap diambil")
    expect(panel.locator("h2 .en")).to_have_text("Ready for collection")
    expect(panel.locator(".pk-none")).to_contain_text("Belum ada berkas siap diambil")

    hall.post(f"/api/v1/dossiers/{first['id']}/ready", json={"note": "Rahasia catatan"})
    expect(panel_items(page)).to_have_text([first["_label"]], timeout=LIVE)
    expect(panel.locator(".pk-agency")).to_have_text(["Disdukcapil"])
    hall.post(f"/api/v1/dossiers/{second['id']}/ready")
    expect(panel_items(page)).to_have_text([first["_label"], second["_label"]], timeout=LIVE)
    assert "Rahasia" not in panel.inner_text()  # never a title or a note
    assert page.evaluate("window.__loadedOnce") is True  # live, not by a reload

    hall.post(f"/api/v1/dossiers/{first['id']}/collect")
    expect(panel_items(page)).to_have_text([second["_label"]], timeout=LIVE)
    hall.post(f"/api/v1/dossiers/{second['id']}/reject", json={"reason": "Salah berkas"})
    expect(panel_items(page)).to_have_count(0, timeout=LIVE)
    expect(panel.locator(".pk-none")).to_be_visible()
    assert page.evaluate("window.__loadedOnce") is True


def test_the_panel_is_not_there_without_the_option(hall: HallDriver, page: Page) -> None:
    hall.post(f"/api/v1/dossiers/{visit_with_dossier(hall)['id']}/ready")
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/dossiers/ready" in r.url else None)
    open_board(page, hall)
    expect(page.locator("#pickup")).to_have_count(0)
    expect(page.locator("body")).not_to_have_class(re.compile(r"\bwith-pickup\b"))
    open_board(page, hall, **{"pickup-panel": "0"})
    expect(page.locator("#pickup")).to_have_count(0)
    assert asked == []


def test_a_call_shows_and_is_spoken_in_a_call_panel_of_the_same_size(
    hall: HallDriver, page: Page
) -> None:
    open_board(page, hall)
    plain = page.locator("#call").bounding_box()
    hall.post(f"/api/v1/dossiers/{visit_with_dossier(hall)['id']}/ready")
    ticket = hall.issue("kk")
    open_board(page, hall, **{"pickup-panel": "1"})
    expect(panel_items(page)).to_have_count(1)
    # The panel took nothing from the latest call (to a pixel's rounding).
    assert page.locator("#call").bounding_box() == pytest.approx(plain, abs=0.5)

    hall.open(2)
    called = hall.call_next(2)
    assert called["id"] == ticket["id"]
    expect(page.locator("#call-number")).to_have_text(called["number"], timeout=LIVE)
    expect(page.locator("#call-counter")).to_have_text("LOKET 2")
    expect(page.locator("#call")).to_have_class(re.compile(r"\bfresh\b"))
    size = float(page.locator("#call-number").evaluate("e => getComputedStyle(e).fontSize")[:-2])
    assert size * 0.72 >= 1080 / 6, size  # a sixth of the screen's height, as always
    announced = page.evaluate("window.__antreAnnounced")
    assert [a["number"] for a in announced] == [called["number"]]
    # Nothing of the panel overflows the screen or the call.
    box = page.locator("#pickup").bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1920
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920


def test_after_a_reconnect_the_panel_is_read_again(hall: HallDriver, page: Page) -> None:
    """The events that reach the board carry no `dossier.changed` (as if missed): the
    panel is made true again by the read every reconnect does."""
    dossier = visit_with_dossier(hall)
    sockets: list[WebSocketRoute] = []
    cut = threading.Event()

    def route(ws: WebSocketRoute) -> None:
        if cut.is_set():
            ws.close()
            return
        upstream = ws.connect_to_server()

        def forward(message: str | bytes) -> None:
            text = message if isinstance(message, str) else message.decode()
            if '"dossier.changed"' not in text:
                ws.send(message)

        upstream.on_message(forward)
        sockets.append(ws)

    page.route_web_socket(re.compile(r"/api/v1/events/ws"), route)
    open_board(page, hall, **{"pickup-panel": "1"})
    expect(page.locator("#pickup .pk-none")).to_be_visible()

    hall.post(f"/api/v1/dossiers/{dossier['id']}/ready")
    ticket = hall.issue("kk")
    hall.open(2)
    hall.post("/api/v1/counters/2/call", json={"ticket_id": ticket["id"]})
    # The call after it has arrived, the dossier's event did not: the panel is behind.
    expect(page.locator("#call-number")).to_have_text(ticket["number"], timeout=LIVE)
    expect(panel_items(page)).to_have_count(0)

    cut.set()
    sockets[-1].close()  # the connection drops …
    expect(page.locator("#offline")).to_be_visible(timeout=LIVE)
    cut.clear()  # … and comes back
    expect(page.locator("#offline")).to_be_hidden(timeout=RESUMED)
    expect(panel_items(page)).to_have_text([dossier["_label"]], timeout=LIVE)


def test_the_pickup_tickets_phone_page_names_the_dossier_in_both_languages(
    hall: HallDriver, browser: Browser
) -> None:
    """The pickup ticket's own /t/ page (a phone, 390×844): "Ambil berkas BRK-…", in
    English "Collect dossier BRK-…", and still there once the ticket is called live."""
    dossier = visit_with_dossier(hall)
    hall.post(f"/api/v1/dossiers/{dossier['id']}/ready")
    reply = httpx.post(
        f"{hall.server.url}/api/v1/tickets",
        json={"tracking_token": dossier["_visit"]},
        headers=hall.kiosk,
    )
    assert reply.status_code == 201, reply.text
    pickup = reply.json()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        page = phone.new_page()
        page.goto(f"{hall.server.url}/t/{pickup['tracking_token']}?lang=en")
        ref = page.locator("#pickup-ref")
        expect(ref).to_have_text(f"Collect dossier {dossier['reference']}")
        page.locator("#lang-toggle").click()
        expect(ref).to_have_text(f"Ambil berkas {dossier['reference']}")
        hall.open(5)
        hall.call_next(5)
        expect(page.locator("body")).to_have_attribute("data-status", "called", timeout=LIVE)
        expect(ref).to_be_visible()
        box = ref.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    finally:
        phone.close()


def test_an_agency_renamed_in_the_console_is_renamed_on_the_panel(
    server: Server, hall: HallDriver, page: Page
) -> None:
    ready = visit_with_dossier(hall)
    hall.post(f"/api/v1/dossiers/{ready['id']}/ready")
    open_board(page, hall, **{"pickup-panel": "1"})
    expect(page.locator("#pickup .pk-agency")).to_have_text(["Disdukcapil"])
    admin = {"Authorization": f"Bearer {server.staff_token('kepala', 'admin')}"}
    renamed = httpx.patch(
        f"{server.url}/api/v1/hall/agencies/dukcapil", json={"short": "Dukcapil Kota"},
        headers=admin,
    )  # fmt: skip
    assert renamed.status_code == 200, renamed.text
    expect(page.locator("#pickup .pk-agency")).to_have_text(["Dukcapil Kota"], timeout=LIVE)
    expect(panel_items(page)).to_have_text([ready["_label"]])
    assert page.evaluate("window.__loadedOnce") is True  # live, not by a reload
