"""An e-KTP on the PC/SC reader at the NIK step, through the real stack (pcscd + the
vpcd virtual reader, tests/virtual_card.py), the kiosk's hub and a real server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from support import free_port
from virtual_card import VirtualCard, pcscd_with_virtual_reader

from card_reader import PcscNikReader
from kiosk_app.flow import KioskFlow, Screen
from kiosk_app.readers import ReaderHub
from queue_core.ticket import Priority

WAIT_MS = 20_000
NIK_ELDERLY = "3273011501550003"


@pytest.fixture(scope="module")
def vpcd_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = free_port()
    with pcscd_with_virtual_reader(tmp_path_factory.mktemp("pcscd"), port):
        yield port


def test_nik_from_an_ektp_on_the_pcsc_reader(qtbot: QtBot, flow: KioskFlow, vpcd_port: int) -> None:
    hub = ReaderHub()
    states: list[tuple[str, str]] = []
    hub.state.connect(lambda name, state: states.append((name, state)))
    hub.read.connect(flow.nik_read)
    # Named as `antre kiosk --reader pcsc:virtual_card:read_nik` names it.
    hub.add(PcscNikReader("virtual_card:read_nik"))
    try:
        qtbot.waitUntil(lambda: ("pcsc", "ready") in states, timeout=WAIT_MS)
        flow.begin()
        flow.choose_service("ktp")
        flow.take_number()
        assert flow.screen is Screen.NIK
        with VirtualCard(vpcd_port, NIK_ELDERLY).inserted():
            qtbot.waitUntil(lambda: flow.screen is Screen.PRIORITY, timeout=WAIT_MS)
        # Masked at once, and born in 1955: the elderly priority is suggested.
        assert flow.nik_masked == "************0003" and flow.priority is Priority.ELDERLY
        flow.confirm()
        qtbot.waitUntil(lambda: flow.screen is Screen.RESULT, timeout=WAIT_MS)
        assert flow.ticket is not None and flow.ticket.nik_masked == "************0003"
    finally:
        hub.stop()
