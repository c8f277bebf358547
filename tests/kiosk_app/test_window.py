"""The window draws every screen from the model, and a real tap drives the model."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk_app.flow import KioskFlow, Screen
from kiosk_app.views.style import kiosk_style
from kiosk_app.views.window import KioskWindow

WAIT_MS = 15_000


def tap(qtbot: QtBot, window: KioskWindow, text: str) -> None:
    found = [b for b in window.findChildren(QPushButton) if b.isVisible() and b.text() == text]
    assert found, f"no button {text!r}"
    qtbot.mouseClick(found[0], Qt.MouseButton.LeftButton)


def test_three_taps_on_the_screen_give_a_number(qtbot: QtBot, flow: KioskFlow) -> None:
    window = KioskWindow(flow)
    qtbot.addWidget(window)
    window.resize(1080, 1920)
    window.show()
    tap(qtbot, window, "Ambil nomor antrean")
    assert flow.screen is Screen.SERVICE
    flow.choose_service("kk")  # tiles are composite buttons; the model call is the same
    tap(qtbot, window, "Ambil nomor antrean")
    qtbot.waitUntil(lambda: flow.screen is Screen.RESULT, timeout=WAIT_MS)
    assert window.findChild(QPushButton, "primary") is not None


def test_the_language_toggle_redraws_in_english(qtbot: QtBot, flow: KioskFlow) -> None:
    window = KioskWindow(flow)
    qtbot.addWidget(window)
    window.show()
    tap(qtbot, window, "English")
    tap(qtbot, window, "Take a queue number")
    assert flow.screen is Screen.SERVICE and flow.lang == "en"


def shown(qtbot: QtBot, flow: KioskFlow, size: tuple[int, int] = (1080, 1920)) -> KioskWindow:
    window = KioskWindow(flow)
    window.setStyleSheet(kiosk_style())  # on the window: other tests' apps keep theirs
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_tap_anywhere_on_the_attract_screen_starts(qtbot: QtBot, flow: KioskFlow) -> None:
    window = shown(qtbot, flow)
    page = window.findChild(QWidget, "screen-attract")
    assert page is not None
    # A point of the background near the top of the page: no button, no text there.
    spot = QPoint(page.width() // 2, 20)
    assert page.childAt(spot) is None or not isinstance(page.childAt(spot), QPushButton)
    qtbot.mouseClick(page, Qt.MouseButton.LeftButton, pos=spot)
    assert flow.screen is Screen.SERVICE


def test_the_language_toggle_on_the_attract_screen_does_not_start(
    qtbot: QtBot, flow: KioskFlow
) -> None:
    window = shown(qtbot, flow)
    tap(qtbot, window, "English")
    assert flow.screen is Screen.ATTRACT and flow.lang == "en"
    tap(qtbot, window, "Bahasa Indonesia")
    assert flow.screen is Screen.ATTRACT and flow.lang == "id"


def test_have_a_booking_on_the_attract_screen_opens_the_code_keypad(
    qtbot: QtBot, flow: KioskFlow
) -> None:
    window = shown(qtbot, flow)
    tap(qtbot, window, "Sudah booking?")
    qtbot.waitUntil(lambda: flow.screen is Screen.BOOKING_CODE, timeout=WAIT_MS)
    for key in "7KQ2M9XD":
        tap(qtbot, window, key)
    assert flow.shown_code() == "7KQ2-M9XD"
    tap(qtbot, window, "Lanjut")
    qtbot.waitUntil(lambda: flow.screen is Screen.BOOKING_DIGITS, timeout=WAIT_MS)
    tap(qtbot, window, "Kembali")
    tap(qtbot, window, "Kembali")
    qtbot.waitUntil(lambda: flow.screen is Screen.ATTRACT, timeout=WAIT_MS)
