"""A NIK from each reader fake, through the kiosk's hub, into a real visit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
import serial
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from card_reader import SerialNikReader
from card_reader.wedge_qt import WedgeReader
from kiosk_app.flow import KioskFlow, Screen
from kiosk_app.readers import ReaderHub
from queue_core.ticket import Priority

if TYPE_CHECKING:
    from conftest import MakeFlow

WAIT_MS = 15_000
NIK_ELDERLY = "3273011501550003"


@pytest.fixture
def hub(flow: KioskFlow) -> Iterator[ReaderHub]:
    h = ReaderHub()
    h.read.connect(flow.nik_read)
    yield h
    h.stop()


def at_nik_step(flow: KioskFlow) -> None:
    flow.begin()
    flow.choose_service("ktp")
    flow.take_number()
    assert flow.screen is Screen.NIK


def test_nik_from_a_keyboard_wedge_reader(qtbot: QtBot, flow: KioskFlow, hub: ReaderHub) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    hub.add(WedgeReader(window))
    at_nik_step(flow)
    qtbot.keyClicks(window, NIK_ELDERLY)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: flow.screen is Screen.PRIORITY, timeout=WAIT_MS)
    assert flow.nik_masked == "************0003" and flow.priority is Priority.ELDERLY
    flow.confirm()
    qtbot.waitUntil(lambda: flow.screen is Screen.RESULT, timeout=WAIT_MS)


def test_nik_from_a_serial_reader(qtbot: QtBot, flow: KioskFlow, hub: ReaderHub) -> None:
    port = serial.serial_for_url("loop://", timeout=0.1)
    hub.add(SerialNikReader(port=port))
    at_nik_step(flow)
    port.write(NIK_ELDERLY.encode() + b"\r\n")
    qtbot.waitUntil(lambda: flow.screen is Screen.PRIORITY, timeout=WAIT_MS)
    assert flow.nik_masked == "************0003"


def test_a_bad_reading_is_explained_and_the_keypad_still_works(
    qtbot: QtBot, flow: KioskFlow, hub: ReaderHub
) -> None:
    port = serial.serial_for_url("loop://", timeout=0.1)
    hub.add(SerialNikReader(port=port))
    at_nik_step(flow)
    port.write(b"3273011501550000\n")  # serial 0000
    qtbot.waitUntil(lambda: flow.nik_error is not None, timeout=WAIT_MS)
    assert flow.nik_error is not None and flow.nik_error.reason == "zero_serial"
    for digit in NIK_ELDERLY:
        flow.press_digit(digit)
    flow.confirm_nik()
    assert flow.screen is Screen.PRIORITY


def test_an_unplugged_reader_leaves_the_keypad_working(
    qtbot: QtBot, flow: KioskFlow, hub: ReaderHub
) -> None:
    states: list[tuple[str, str]] = []
    hub.state.connect(lambda name, state: states.append((name, state)))
    hub.add(SerialNikReader("/dev/antre-no-such-reader", reopen_after=0.05))
    qtbot.waitUntil(lambda: ("serial", "unplugged") in states, timeout=WAIT_MS)
    at_nik_step(flow)
    for digit in NIK_ELDERLY:
        flow.press_digit(digit)
    flow.confirm_nik()
    assert flow.screen is Screen.PRIORITY


def test_a_card_on_the_attract_screen_is_ignored(qtbot: QtBot, make_flow: MakeFlow) -> None:
    flow = make_flow()
    flow.nik_read(NIK_ELDERLY, "wedge")
    assert flow.screen is Screen.ATTRACT and not flow.holds_nik()
