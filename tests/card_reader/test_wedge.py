"""A keyboard-wedge reader, as real Qt key events on a widget."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from card_reader.wedge import ENTER, WedgeDecoder
from card_reader.wedge_qt import WedgeReader

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

NIK = "3273011501550003"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def widget(qtbot: QtBot) -> QWidget:
    w = QWidget()
    qtbot.addWidget(w)
    return w


@pytest.fixture
def reader(widget: QWidget) -> Iterator[tuple[WedgeReader, list[str], list[str], Clock]]:
    clock = Clock()
    wedge = WedgeReader(widget, clock=clock)
    reads: list[str] = []
    typed: list[str] = []
    wedge.typed.connect(typed.append)
    wedge.start(reads.append)
    yield wedge, reads, typed, clock
    wedge.stop()


def test_a_fast_burst_with_enter_is_a_reading(qtbot: QtBot, widget: QWidget, reader) -> None:  # type: ignore[no-untyped-def]
    _wedge, reads, typed, _clock = reader
    qtbot.keyClicks(widget, NIK)  # all at the same instant, as a reader sends them
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert reads == [NIK] and typed == []


def test_slow_keys_are_a_person_typing(qtbot: QtBot, widget: QWidget, reader) -> None:  # type: ignore[no-untyped-def]
    _wedge, reads, typed, clock = reader
    for digit in "3273011501550003":
        qtbot.keyClick(widget, digit)
        clock.now += 0.25  # a quick typist's pace
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert reads == []
    assert "".join(typed) == NIK + ENTER


def test_a_typed_key_reaches_the_keypad_without_waiting_for_the_next(
    qtbot: QtBot,
    widget: QWidget,
    reader,  # type: ignore[no-untyped-def]
) -> None:
    _wedge, _reads, typed, clock = reader
    qtbot.keyClick(widget, "7")
    clock.now += 1.0
    qtbot.waitUntil(lambda: typed == ["7"], timeout=2000)


def test_other_keys_pass_through(qtbot: QtBot, widget: QWidget, reader) -> None:  # type: ignore[no-untyped-def]
    _wedge, reads, typed, _clock = reader
    qtbot.keyClicks(widget, "abc")
    assert reads == [] and typed == []


def test_decoder_alone_needs_no_qt() -> None:
    reads: list[str] = []
    typed: list[str] = []
    decoder = WedgeDecoder(reads.append, typed.append)
    at = 5.0
    decoder.key("1", at)  # a stray key long before the burst
    at += 2.0
    for digit in NIK:
        decoder.key(digit, at)
        at += 0.004
    decoder.key(ENTER, at)
    assert reads == [NIK] and typed == ["1"]
