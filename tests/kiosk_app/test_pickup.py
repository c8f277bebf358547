"""Collecting a ready dossier at the kiosk, against a real `antre serve`: the visit's ticket
QR (its `/t/` URL) typed by a 2D scanner that works like a keyboard, a ticket of the
agency's pickup line printed with the dossier's reference; refused, in the server's
words, while the dossier is not ready; the same ticket again on a second scan."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from support import ROOT, Server, bearer

from card_reader.wedge_qt import WedgeReader
from kiosk_app.flow import KioskFlow, Screen
from kiosk_app.readers import reader_hub

if TYPE_CHECKING:
    from conftest import FakePrinter

PICKUP_HALL = ROOT / "tests" / "halls" / "pickup.toml"
WAIT_MS = 15_000


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path / "antre.db", hall=PICKUP_HALL).start()
    try:
        yield running
    finally:
        running.stop()


class Scanner:
    """A 2D scanner on the kiosk's keyboard input: it types the QR's text and Enter, in
    one burst (the wedge reader's clock stands still, so every key is burst-fast)."""

    def __init__(self, qtbot: QtBot, flow: KioskFlow) -> None:
        self.qtbot = qtbot
        self.window = QWidget()
        qtbot.addWidget(self.window)
        self.hub = reader_hub(flow)
        self.hub.add(WedgeReader(self.window, clock=lambda: 1000.0))

    def scan(self, text: str) -> None:
        self.qtbot.keyClicks(self.window, text)
        self.qtbot.keyClick(self.window, Qt.Key.Key_Return)


@pytest.fixture
def scanner(qtbot: QtBot, flow: KioskFlow) -> Iterator[Scanner]:
    made = Scanner(qtbot, flow)
    yield made
    made.hub.stop()


def visit_with_dossier(server: Server, *steps: str) -> dict[str, Any]:
    """A "kk" visit served and finished at Loket 1 by a supervisor, its dossier opened and
    taken through `steps`. Returns the dossier with the visit's ticket under "_ticket"."""
    staff = bearer(server.staff_token("sup", "supervisor"))
    api = f"{server.url}/api/v1"
    ticket = httpx.post(f"{api}/tickets", json={"service_id": "kk"}, headers=staff).json()
    httpx.post(f"{api}/counters/1/open", headers=staff).raise_for_status()
    httpx.post(
        f"{api}/counters/1/call", json={"ticket_id": ticket["id"]}, headers=staff
    ).raise_for_status()
    for step in ("start", "finish"):
        httpx.post(f"{api}/tickets/{ticket['id']}/{step}", headers=staff).raise_for_status()
    opened = httpx.post(f"{api}/tickets/{ticket['id']}/dossier", json={}, headers=staff)
    assert opened.status_code == 201, opened.text
    dossier = dict(opened.json())
    for step in steps:
        httpx.post(f"{api}/dossiers/{dossier['id']}/{step}", headers=staff).raise_for_status()
    return dossier | {"_ticket": ticket}


def test_a_scanned_ticket_qr_of_a_ready_dossier_prints_a_pickup_ticket(
    qtbot: QtBot, server: Server, flow: KioskFlow, scanner: Scanner, fake_printer: FakePrinter
) -> None:
    dossier = visit_with_dossier(server, "process", "ready")
    assert flow.offers_pickup()
    scanner.scan(dossier["_ticket"]["tracking_url"])
    qtbot.waitUntil(lambda: flow.screen is Screen.RESULT, timeout=WAIT_MS)
    assert flow.ticket is not None
    assert flow.ticket.service_id == "ambil-berkas" and flow.ticket.number == "P001"
    assert flow.ticket.dossier_reference == dossier["reference"]
    assert flow.service is not None and flow.service.id == "ambil-berkas"
    qtbot.waitUntil(lambda: flow.print_result is not None, timeout=WAIT_MS)
    assert flow.print_result is not None and flow.print_result.ok
    printed = bytes(fake_printer.received)
    assert dossier["reference"].encode() in printed and b"P001" in printed
    assert b"AMBIL BERKAS" in printed


def test_a_second_scan_prints_the_same_ticket_again(
    qtbot: QtBot, server: Server, flow: KioskFlow, scanner: Scanner, fake_printer: FakePrinter
) -> None:
    dossier = visit_with_dossier(server, "process", "ready")
    scanner.scan(dossier["_ticket"]["tracking_url"])
    qtbot.waitUntil(lambda: flow.print_result is not None, timeout=WAIT_MS)
    assert flow.ticket is not None
    first = flow.ticket.id
    flow.go_home()
    scanner.scan(dossier["_ticket"]["tracking_url"])
    qtbot.waitUntil(lambda: flow.print_result is not None, timeout=WAIT_MS)
    assert flow.ticket is not None and flow.ticket.id == first
    assert bytes(fake_printer.received).count(dossier["reference"].encode()) == 2


@pytest.mark.parametrize(
    ("steps", "words"),
    [((), "belum siap diambil"), (("process", "ready", "collect"), "sudah diambil")],
    ids=["not-ready", "collected"],
)
def test_a_dossier_not_to_collect_says_why_and_prints_nothing(
    qtbot: QtBot,
    server: Server,
    flow: KioskFlow,
    scanner: Scanner,
    fake_printer: FakePrinter,
    steps: tuple[str, ...],
    words: str,
) -> None:
    dossier = visit_with_dossier(server, *steps)
    scanner.scan(dossier["_ticket"]["tracking_url"])
    qtbot.waitUntil(lambda: flow.screen is Screen.NOTICE, timeout=WAIT_MS)
    assert flow.notice is not None
    assert flow.notice[0].startswith("Mohon maaf,") and words in flow.notice[0]
    assert dossier["reference"] in flow.notice[0]
    assert flow.ticket is None and fake_printer.jobs == 0
    flow.back()
    assert flow.screen is Screen.ATTRACT


def test_an_unknown_ticket_qr_is_told_plainly(
    qtbot: QtBot, flow: KioskFlow, scanner: Scanner, server: Server
) -> None:
    scanner.scan(f"{server.url}/t/{'x' * 32}")
    qtbot.waitUntil(lambda: flow.screen is Screen.NOTICE, timeout=WAIT_MS)
    assert flow.notice is not None and "tidak ada berkas" in flow.notice[0]


def test_the_pickup_line_is_not_a_service_tile(flow: KioskFlow) -> None:
    flow.begin()
    ids = [t.service.id for t in flow.tiles()]
    assert "ambil-berkas" not in ids and "kk" in ids


def test_a_ticket_qr_scanned_mid_visit_is_ignored(
    qtbot: QtBot, server: Server, flow: KioskFlow, scanner: Scanner, fake_printer: FakePrinter
) -> None:
    """On the NIK step the citizen is giving their NIK: a ticket QR then starts nothing
    (and is not taken for a NIK either)."""
    dossier = visit_with_dossier(server, "process", "ready")
    flow.begin()
    flow.choose_service("ktp")
    flow.take_number()
    assert flow.screen is Screen.NIK
    scanner.scan(dossier["_ticket"]["tracking_url"])
    assert flow.screen is Screen.NIK and flow.ticket is None and flow.keypad.count == 0
    assert not flow.collecting and fake_printer.jobs == 0
