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
from kiosk_app.readers import ReaderHub, reader_hub
from queue_core.ticket import Priority

if TYPE_CHECKING:
    from conftest import MakeFlow

WAIT_MS = 15_000
NIK_ELDERLY = "3273011501550003"


@pytest.fixture
def hub(flow: KioskFlow) -> Iterator[ReaderHub]:
    h = reader_hub(flow)
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


class Clock:
    """The wedge reader's clock, moved by the test: key rhythm without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_digits_typed_slowly_reach_the_keypad(
    qtbot: QtBot, flow: KioskFlow, hub: ReaderHub
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    clock = Clock()
    hub.add(WedgeReader(window, clock=clock))
    at_nik_step(flow)
    for digit in NIK_ELDERLY:
        qtbot.keyClick(window, digit)
        clock.now += 0.2  # a person's pace
    # The last digit is shown without waiting for another key (the reader's flush timer).
    qtbot.waitUntil(lambda: flow.keypad.count == 16, timeout=WAIT_MS)
    assert flow.screen is Screen.NIK
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert flow.screen is Screen.PRIORITY and flow.nik_masked == "************0003"


def test_a_digit_typed_on_the_information_screen_opens_the_keypad_with_it(
    qtbot: QtBot, flow: KioskFlow, hub: ReaderHub
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    clock = Clock()
    hub.add(WedgeReader(window, clock=clock))
    flow.begin()
    flow.choose_service("ktp")
    assert flow.screen is Screen.INFO
    qtbot.keyClick(window, "3")
    clock.now += 1.0
    qtbot.waitUntil(lambda: flow.keypad.count == 1, timeout=WAIT_MS)
    assert flow.screen is Screen.NIK


@pytest.mark.parametrize("stall", [0.06, 0.07, 0.08])
@pytest.mark.parametrize("where", [1, 6, 12, 15])
def test_a_reader_burst_stalled_once_is_still_one_nik(
    qtbot: QtBot, flow: KioskFlow, hub: ReaderHub, stall: float, where: int
) -> None:
    """A loaded kiosk stalls a burst for 60-80 ms: the digits before the stall reach the
    keypad as typing, and the whole burst then replaces them as one reading."""
    window = QWidget()
    qtbot.addWidget(window)
    clock = Clock()
    hub.add(WedgeReader(window, clock=clock))
    at_nik_step(flow)
    for i, digit in enumerate(NIK_ELDERLY):
        if i == where:
            clock.now += stall
        qtbot.keyClick(window, digit)
        clock.now += 0.004
    qtbot.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: flow.screen is Screen.PRIORITY, timeout=WAIT_MS)
    assert flow.nik_masked == "************0003" and flow.nik_error is None
    assert flow.keypad.count == 0


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
