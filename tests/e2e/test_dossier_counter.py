"""A dossier from the counter to the citizen's phone, against a real `antre serve`: the
counter client (pytest-qt, offscreen) finishes a visit with "open dossier" (F11 + F4),
moves it to ready in its Berkas view (F12, then F1 and F4 with the pickup note), and the
ticket's own page /t/<token> in real Chromium shows the timeline and the pickup words.
An operator of another agency neither sees nor changes it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect
from PySide6.QtCore import QObject, QSettings, Qt
from pytestqt.qtbot import QtBot
from support import SMALL_HALL, Server, antre, bearer

from counter_app import words
from counter_app.model import CounterSession
from counter_app.remembered import Remembered
from counter_app.signin import SignIn, Workplace
from counter_app.views.counter_page import CounterPage
from counter_app.views.dossier_view import DossierView
from counter_app.views.window import CounterWindow
from queue_client import Backoff, HallClient, TicketRequest
from queue_client.dossiers import DossierStatus, DossierStep

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytestmark = [pytest.mark.e2e, pytest.mark.browser]

WAIT_MS = 10_000
PASSWORD = "rahasia-loket-123"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(autouse=True)
def settings_in_tmp(tmp_path: Path) -> Iterator[None]:
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield
    words.use("id")


def add_operator(server: Server, name: str, agency: str) -> None:
    done = antre(
        "user", "add", name, "--role", "operator", "--agency", agency,
        "--password-stdin", "--db", str(server.db), stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[CounterWindow]:
    remembered = Remembered(QSettings(str(tmp_path / "loket.ini"), QSettings.Format.IniFormat))

    def session_for(workplace: Workplace, counter_id: int, parent: QObject) -> CounterSession:
        fast = Backoff(first=0.05, cap=0.3)
        return CounterSession(workplace, counter_id, live_backoff=fast, parent=parent)

    win = CounterWindow(SignIn(remembered), session_for)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    yield win
    win.shutdown()


def sign_in(
    qtbot: QtBot, window: CounterWindow, server: Server, name: str, counter: int
) -> CounterPage:
    page = window.signin_page
    page.server.clear()
    qtbot.keyClicks(page.server, server.url)
    page.username.clear()
    qtbot.keyClicks(page.username, name)
    qtbot.keyClicks(page.password, PASSWORD)
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.chooser is not None, timeout=WAIT_MS)
    assert window.chooser is not None
    window.chooser.select(counter)
    qtbot.mouseClick(window.chooser.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session is not None and window.session.ready, timeout=WAIT_MS)
    assert window.counter is not None
    return window.counter


def settled(page: CounterPage) -> bool:
    s = page.session
    return s.ready and not s.syncing and s.dossiers.settled


def press(qtbot: QtBot, page: CounterPage, key: Qt.Key) -> None:
    qtbot.waitUntil(lambda: settled(page), timeout=WAIT_MS)
    qtbot.keyClick(page.window(), key)
    qtbot.waitUntil(lambda: settled(page), timeout=WAIT_MS)


def berkas(qtbot: QtBot, page: CounterPage) -> DossierView:
    """F12, and wait until the view shows the server's list."""
    press(qtbot, page, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: page.dossier_view is not None, timeout=WAIT_MS)
    view = page.dossier_view
    assert view is not None
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(lambda: view.desk.loaded and view.desk.settled, timeout=WAIT_MS)
    return view


def view_key(qtbot: QtBot, view: DossierView, key: Qt.Key) -> None:
    qtbot.keyClick(view, key)
    qtbot.waitUntil(lambda: view.desk.settled, timeout=WAIT_MS)


def test_a_dossier_opened_at_selesai_reaches_the_phone_ready_to_collect(
    qtbot: QtBot, window: CounterWindow, server: Server, browser: Browser
) -> None:
    add_operator(server, "siti", "dukcapil")
    with HallClient(server.url, server.device_token("kiosk-1", "kiosk")) as kiosk:
        ticket = kiosk.issue_ticket(TicketRequest("kk"))
    page = sign_in(qtbot, window, server, "siti", 1)
    qtbot.waitUntil(lambda: len(page.session.waiting) == 1, timeout=WAIT_MS)

    press(qtbot, page, Qt.Key.Key_F1)  # call
    assert not page.dossier_row.toggle.isVisible()  # offered only while serving
    press(qtbot, page, Qt.Key.Key_F3)  # serve
    row = page.dossier_row
    assert row.toggle.isVisible() and row.days.text() == "5 hari kerja"
    press(qtbot, page, Qt.Key.Key_F11)  # "Buka berkas"
    assert row.toggle.isChecked()
    qtbot.keyClicks(row.title, "KK baru")
    press(qtbot, page, Qt.Key.Key_F4)  # Selesai, and the dossier in the same step

    qtbot.waitUntil(lambda: row.opened.isVisible(), timeout=WAIT_MS)
    admin = bearer(server.staff_token())
    listed = httpx.get(f"{server.url}/api/v1/dossiers", headers=admin).json()["items"]
    assert len(listed) == 1  # one, however the step went
    dossier = listed[0]
    assert (dossier["ticket_id"], dossier["title"]) == (ticket.id, "KK baru")
    assert dossier["reference"] in row.opened.text() and ticket.number in row.opened.text()
    assert (
        httpx.get(f"{server.url}/api/v1/tickets/{ticket.id}", headers=admin).json()["status"]
        == "done"
    )

    view = berkas(qtbot, page)
    assert view.selected is not None and view.selected.id == dossier["id"]
    assert view.model.data(view.model.index(0, 1)) == ticket.number
    assert not view.buttons[DossierStep.READY].isEnabled()  # received: process first
    view_key(qtbot, view, Qt.Key.Key_F1)  # Proses
    assert view.selected is not None and view.selected.status is DossierStatus.IN_PROCESS
    qtbot.keyClick(view, Qt.Key.Key_F4)  # Siap diambil: where and when
    qtbot.waitUntil(lambda: view.note_dialog is not None, timeout=WAIT_MS)
    assert view.note_dialog is not None
    qtbot.keyClicks(view.note_dialog.note, "Loket 1, mulai pukul 13.00")
    qtbot.keyClick(view.note_dialog.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.note_dialog is None and view.desk.settled, timeout=WAIT_MS)
    assert view.selected is not None and view.selected.status is DossierStatus.READY
    assert "Siap diambil" in view.message.text()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.dossier_view is None, timeout=WAIT_MS)

    context = browser.new_context(**PHONE)
    try:
        phone = context.new_page()
        phone.goto(f"{server.url}/t/{ticket.tracking_token}")
        box = phone.locator("#dossier")
        expect(box.locator(".ref")).to_have_text(dossier["reference"])
        expect(box.locator(".dossier-status")).to_have_text("Siap diambil")
        expect(box.locator(".pickup")).to_be_visible()
        expect(box.locator(".pickup")).to_contain_text("Silakan ambil di Loket 1")
        expect(box.locator(".timeline li")).to_have_count(3)
        expect(box.locator(".timeline li").first.locator(".note")).to_have_text(
            "Loket 1, mulai pukul 13.00"
        )
    finally:
        context.close()


@pytest.fixture
def two_dossier_agencies(tmp_path: Path) -> Iterator[Server]:
    """The small hall with Samsat's tax service opening dossiers too, so a Samsat counter
    has a Berkas view of its own."""
    hall = tmp_path / "hall.toml"
    text = SMALL_HALL.read_text(encoding="utf-8")
    hall.write_text(text.replace("minutes = 5\n", "minutes = 5\ndossier_days = 3\n"), "utf-8")
    server = Server(tmp_path / "antre.db", hall=hall).start()
    try:
        yield server
    finally:
        server.stop()


def test_another_agencys_operator_neither_sees_nor_changes_the_dossier(
    qtbot: QtBot, window: CounterWindow, two_dossier_agencies: Server
) -> None:
    server = two_dossier_agencies
    admin = bearer(server.staff_token())
    url = server.url
    kiosk = bearer(server.device_token("kiosk-1", "kiosk"))
    ticket = httpx.post(f"{url}/api/v1/tickets", json={"service_id": "kk"}, headers=kiosk).json()
    httpx.post(f"{url}/api/v1/counters/1/open", headers=admin).raise_for_status()
    httpx.post(
        f"{url}/api/v1/counters/1/call", json={"ticket_id": ticket["id"]}, headers=admin
    ).raise_for_status()
    for step in ("start", "finish", "dossier"):
        httpx.post(
            f"{url}/api/v1/tickets/{ticket['id']}/{step}", headers=admin, json={}
        ).raise_for_status()
    dossier = httpx.get(f"{url}/api/v1/dossiers", headers=admin).json()["items"][0]

    add_operator(server, "budi", "samsat")
    page = sign_in(qtbot, window, server, "budi", 3)
    view = berkas(qtbot, page)
    assert view.desk.items == [] and view.summary.text() == "Tidak ada berkas yang terbuka."
    for key in (Qt.Key.Key_F1, Qt.Key.Key_F6):  # nothing chosen: the keys do nothing
        view_key(qtbot, view, key)
    assert view.note_dialog is None

    # A list shown before the dossier changed hands would still name it: the server
    # refuses, and the operator reads why and what to do, in their language.
    assert view.desk.step(dossier["id"], DossierStep.PROCESS)
    qtbot.waitUntil(lambda: view.desk.settled, timeout=WAIT_MS)
    shown = view.message.text()
    assert "Berkas tidak ditemukan." in shown and "bukan milik instansi Anda" in shown
    after = httpx.get(f"{url}/api/v1/dossiers/{dossier['id']}", headers=admin).json()
    assert (after["status"], len(after["timeline"])) == ("received", 1)  # unchanged
