"""The hall manager's morning in one real browser against one real `antre serve`, with a
real kiosk (the kiosk flow, Qt offscreen) on the same server: sign in through the form,
watch the live floor change when a counter calls, lower a service's quota in the hall
form and see the kiosk's tile follow without a restart, and download each report
(CSV, Excel, PDF). At 1366×768, the smallest console screen, and at 1920×1080."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from kiosk_printer import FakePrinter
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect
from pytestqt.qtbot import QtBot
from support import Server, bearer

from kiosk_app.catalogue import Tile
from kiosk_app.flow import KioskFlow, Timing
from queue_client import Backoff, HallClient, TicketRequest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytestmark = [pytest.mark.e2e, pytest.mark.browser]

WAIT_MS = 15_000
LIVE = 10_000


@pytest.fixture
def kiosk(qtbot: QtBot, server: Server) -> Iterator[KioskFlow]:
    printer = FakePrinter()
    client = HallClient(server.url, server.device_token("kiosk-1", "kiosk"), timeout=2.0)
    timing = Timing(issue_deadline=2.0, retry_pause=0.1, catalogue_retry=0.2,
                    backoff=Backoff(first=0.05, cap=0.2))  # fmt: skip
    flow = KioskFlow(client, printer=printer.url, timing=timing)
    try:
        flow.start()
        qtbot.waitUntil(lambda: bool(flow.services), timeout=WAIT_MS)
        flow.begin()
        yield flow
    finally:
        flow.close()
        client.close()
        printer.stop()


def tile(flow: KioskFlow, service_id: str) -> Tile:
    return next(t for t in flow.tiles() if t.service.id == service_id)


def quiet(flow: KioskFlow, head: int) -> bool:
    """Every event up to `head` has reached the kiosk and no catalogue read is pending:
    what the kiosk shows after this can only come from what happens next."""
    live = flow._live
    assert live is not None
    return (
        live._live.last_seq >= head
        and not live._timer.isActive()
        and flow._fetches == flow._fetch_shown
    )


def download(page: Page, link: str, into: Path) -> bytes:
    with page.expect_download() as caught:
        page.get_by_role("link", name=link).click()
    path = into / caught.value.suggested_filename
    caught.value.save_as(path)
    return path.read_bytes()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_sign_in_watch_a_call_change_a_quota_the_kiosk_follows_and_download_the_reports(
    qtbot: QtBot,
    server: Server,
    browser: Browser,
    kiosk: KioskFlow,
    tmp_path: Path,
    size: tuple[int, int],
) -> None:
    operator = bearer(server.staff_token("budi", "operator"))
    server.staff_token("kepala", "admin")
    with HallClient(server.url, server.device_token("kiosk-2", "kiosk")) as other:
        issued = other.issue_ticket(TicketRequest("akta"))
    assert httpx.post(f"{server.url}/api/v1/counters/2/open", headers=operator).is_success
    qtbot.waitUntil(lambda: tile(kiosk, "akta").service.remaining_today == 2, timeout=WAIT_MS)

    width, height = size
    context = browser.new_context(
        viewport={"width": width, "height": height}, accept_downloads=True
    )
    page = context.new_page()
    try:
        page.goto(f"{server.url}/admin/floor")
        page.fill("#username", "kepala")
        page.fill("#password", "kepala-password-123")
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: url.endswith("/admin/floor"))
        expect(page.locator("#floor-link")).to_have_attribute("data-state", "live", timeout=LIVE)
        number = page.locator('tr[data-counter="2"] [data-field="current"]')
        expect(number).to_have_text("—")

        called = httpx.post(f"{server.url}/api/v1/counters/2/call-next", headers=operator)
        assert called.json()["number"] == issued.number
        expect(number).to_contain_text(issued.number, timeout=LIVE)

        # The quota of "akta" lowered to what was taken already: the kiosk stops offering it,
        # from hall.changed alone (it is quiet first: nothing else would make it look).
        head = httpx.get(f"{server.url}/api/v1/health").json()["last_seq"]
        qtbot.waitUntil(
            lambda: tile(kiosk, "akta").service.waiting == 0 and quiet(kiosk, head),
            timeout=WAIT_MS,
        )  # the call reached its tiles, and no read is pending
        page.goto(f"{server.url}/admin/hall/services/akta")
        page.fill("input[name=quota]", "1")
        page.get_by_role("button", name="Simpan").click()
        page.wait_for_load_state()
        assert "Kuota" in page.locator("main").inner_text()
        qtbot.waitUntil(lambda: tile(kiosk, "akta").reason == "quota", timeout=WAIT_MS)
        assert tile(kiosk, "akta").service.quota_per_day == 1
        audit = httpx.get(f"{server.url}/api/v1/audit", headers=bearer(server.staff_token()))
        assert any(e["actor"] == "user:kepala" for e in audit.json()["items"])

        page.goto(f"{server.url}/admin/reports")
        text = download(page, "CSV", tmp_path).decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert sum(int(r["issued"]) for r in rows if r["key"] != "total") >= 1
        book = load_workbook(io.BytesIO(download(page, "Excel (.xlsx)", tmp_path)))
        assert book.worksheets[0].max_row >= 2
        pdf = download(page, next(
            n for n in page.get_by_role("link").all_inner_texts() if n.endswith("(PDF)")
        ), tmp_path)  # fmt: skip
        assert pdf.startswith(b"%PDF")
    finally:
        context.close()
