"""The window draws every screen from the model, and a real tap drives the model."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk_app.flow import KioskFlow, Screen
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
    tap(qtbot, window, "Sentuh layar untuk mulai")
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
    tap(qtbot, window, "Touch the screen to start")
    assert flow.screen is Screen.SERVICE and flow.lang == "en"
