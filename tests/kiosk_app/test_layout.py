"""Every screen fits a portrait (1080×1920) and a landscape (1920×1080) kiosk, in both
languages, with the shipped sample hall's real names and requirement lists — on one page
each, without page buttons — and every page of a big hall's agencies and services
(tests/kiosk_app/big_hall.py: 32 agencies, one with 18 services, one with 8).

What the screenshot review found, made checkable: no text wider than its label (a long
agency name on a one-line button, the hall's name in the top bar), no wrapped text taller
than its label, no wait estimate ("± 35 menit") broken over two lines, no button under
80 px, no text a citizen must read under 28 px on the portrait kiosk, keypad keys of one
width, and no screen that needs a bigger window than the kiosk has.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot
from support import SAMPLE_HALL, Server

from kiosk_app.flow import KioskFlow, Screen, Timing
from kiosk_app.views.parts import MIN_TARGET
from kiosk_app.views.style import kiosk_style
from kiosk_app.views.window import KioskWindow
from kiosk_app.words import say
from queue_client import HallClient

WAIT_MS = 15_000
QUICK = Timing(issue_deadline=1.0, retry_pause=0.1, catalogue_retry=0.2)
SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
BODY_PX = 28
NIK_PARTIAL = "327301329055"  # day 32: the date error shows
NIK_ELDERLY = "3273011501550003"


@pytest.fixture
def sample_server(tmp_path: Path) -> Iterator[Server]:
    # The sample hall open around the clock, so every service can be chosen at any hour.
    text = SAMPLE_HALL.read_text()
    text = text.replace('opens = "08:00"', 'opens = "00:00"', 1)
    text = text.replace('closes = "15:00"', 'closes = "24:00"', 1)
    text = re.sub(r"^hours = \[.*\]$", "", text, flags=re.MULTILINE)
    hall = tmp_path / "sample-open.toml"
    hall.write_text(text)
    server = Server(tmp_path / "sample.db", hall).start()
    yield server
    server.stop()


def misfits(window: KioskWindow, size: tuple[int, int]) -> list[str]:
    portrait = size[1] > size[0]
    where = f"{window.model.screen.value} {size[0]}x{size[1]} {window.model.lang}"
    found: list[str] = []
    if (window.width(), window.height()) != size:
        found.append(f"{where}: needs a {window.width()}x{window.height()} window")
    for w in window.findChildren(QLabel):
        if not w.isVisibleTo(window) or not w.text():
            continue
        metrics, room, text = w.fontMetrics(), w.contentsRect().width(), w.text()
        lines = text.splitlines()
        widest = max(metrics.horizontalAdvance(line) for line in lines)
        if not w.wordWrap() and widest > room:
            found.append(f"{where}: {text!r} is {widest} px in {room}")
        if w.wordWrap():
            words = [word for line in lines for word in line.split()]
            longest = max(metrics.horizontalAdvance(word) for word in words)
            if longest > room:
                found.append(f"{where}: a word of {text!r} is wider than its label")
            if w.heightForWidth(w.width()) > w.height() + 1:
                found.append(f"{where}: {text!r} is cut off at the bottom")
        if "sekitar" in text and widest > room:  # it wraps, maybe inside "sekitar 35 menit"
            found.append(f"{where}: the estimate in {text!r} may break over two lines")
        if portrait and QFontInfo(w.font()).pixelSize() < BODY_PX:
            found.append(f"{where}: {text!r} is {QFontInfo(w.font()).pixelSize()} px")
    keys = set()
    for b in window.findChildren(QPushButton):
        if not b.isVisibleTo(window):
            continue
        if min(b.width(), b.height()) < MIN_TARGET:
            found.append(f"{where}: button {b.text()!r} is {b.width()}x{b.height()}")
        if b.text():
            need = b.sizeHint().width()  # text, icon, and the style sheet's padding/border
            if need > b.width():
                found.append(f"{where}: {b.text()!r} needs {need} px, has {b.width()}")
            if portrait and QFontInfo(b.font()).pixelSize() < BODY_PX:
                found.append(f"{where}: button {b.text()!r} text under {BODY_PX} px")
        if b.objectName() in ("key", "keyWord"):
            keys.add(b.width())
    if keys and max(keys) - min(keys) > 2:
        found.append(f"{where}: keypad keys of widths {sorted(keys)}")
    return found


def page_buttons(window: KioskWindow) -> list[QPushButton]:
    return [
        b
        for b in window.findChildren(QPushButton)
        if b.objectName() == "pageTurn" and b.isVisibleTo(window)
    ]


def misfits_at(window: KioskWindow, size: tuple[int, int]) -> list[str]:
    window.resize(*size)
    QApplication.processEvents()
    window.resize(*size)  # again: the previous screen may have held it larger
    QApplication.processEvents()
    return misfits(window, size)


def check_everywhere(qtbot: QtBot, window: KioskWindow, flow: KioskFlow) -> list[str]:
    found = []
    for size in SIZES.values():
        for lang in ("id", "en"):
            if flow.lang != lang:
                flow.toggle_language()
            found += misfits_at(window, size)
            if page_buttons(window):  # the sample hall fits one page: the look it had
                found.append(f"{flow.screen.value} {size} {lang}: page buttons shown")
    if flow.lang != "id":
        flow.toggle_language()
    return found


def test_every_screen_fits_both_kiosk_shapes_in_both_languages(
    qtbot: QtBot, sample_server: Server
) -> None:
    token = sample_server.device_token("kiosk-layout", "kiosk")
    with HallClient(sample_server.url, token, timeout=2.0) as client:
        flow = KioskFlow(client, timing=QUICK, live_counts=False)
        flow.start()
        qtbot.waitUntil(lambda: bool(flow.services), timeout=WAIT_MS)
        window = KioskWindow(flow)
        window.setStyleSheet(kiosk_style())
        qtbot.addWidget(window)
        window.show()
        found: list[str] = []
        steps: list[Callable[[], object]] = [
            flow.go_home,
            flow.begin,  # 14 agencies: the agency step
            lambda: flow.choose_agency("dukcapil"),
            lambda: flow.choose_service("ktp-el"),  # six long requirements, NIK needed
            flow.take_number,
            lambda: [flow.press_digit(d) for d in NIK_PARTIAL],
            lambda: (flow.clear_digits(), [flow.press_digit(d) for d in NIK_ELDERLY]),
            flow.confirm_nik,  # priority, with the elderly suggestion
            lambda: (flow.go_home(), flow.begin(), flow.choose_agency("samsat")),
            lambda: flow.choose_service("pkb-tahunan"),  # a walk-in service
        ]
        for step in steps:
            step()
            found += check_everywhere(qtbot, window, flow)
        flow.take_number()
        qtbot.waitUntil(lambda: flow.screen is Screen.RESULT, timeout=WAIT_MS)
        found += check_everywhere(qtbot, window, flow)
        flow.go_home()
        flow.begin()
        flow.choose_agency("samsat")
        flow.choose_service("pkb-tahunan")
        sample_server.kill()
        flow.take_number()
        qtbot.waitUntil(lambda: flow.screen is Screen.TROUBLE, timeout=WAIT_MS)
        found += check_everywhere(qtbot, window, flow)
        flow.close()
    assert found == [], "\n".join(found)


def test_every_page_of_a_big_halls_agencies_and_services_fits_both_shapes_and_languages(
    qtbot: QtBot, big_flow: KioskFlow
) -> None:
    window = KioskWindow(big_flow)
    window.setStyleSheet(kiosk_style())
    qtbot.addWidget(window)
    window.show()
    assert big_flow.hall is not None
    everyone = [a.id for a in big_flow.hall.agencies]
    found: list[str] = []

    def walk(size: tuple[int, int], lang: str) -> list[str]:
        """Every page of the screen on show, by tapping Next: the ids it showed."""
        seen: list[str] = []
        while True:
            found.extend(misfits_at(window, size))
            if big_flow.screen is Screen.AGENCY:
                seen += [a.id for a in big_flow.agency_page().items]
            else:
                seen += [t.service.id for t in big_flow.service_page().items]
            turns = page_buttons(window)
            following = [b for b in turns if b.text() == say("next_page", lang)]
            if not following or not following[0].isEnabled():
                return seen
            qtbot.mouseClick(following[0], Qt.MouseButton.LeftButton)

    for size in SIZES.values():
        for lang in ("id", "en"):
            big_flow.go_home()
            window.resize(*size)
            big_flow.begin()
            if big_flow.lang != lang:
                big_flow.toggle_language()
            assert walk(size, lang) == everyone, f"{size} {lang}"
            for agency, services in (("dukcapil", 18), ("samsat", 8)):
                big_flow.choose_agency(agency)
                assert len(set(walk(size, lang))) == services, f"{agency} {size} {lang}"
                big_flow.back()
    assert found == [], "\n".join(found)
