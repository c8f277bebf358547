"""The PC/SC reader against the real stack: pyscard → pcscd → vsmartcard's vpcd driver →
a virtual card in this process (tests/virtual_card.py). Skipped with the reason where
pcscd, vsmartcard-vpcd or pyscard is missing; CI installs them and sets
ANTRE_REQUIRE_PCSC=1, so there a missing part fails instead."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import free_port
from virtual_card import VirtualCard, pcscd_with_virtual_reader, read_nik

from card_reader import PcscNikReader

NIK = "3273011501550003"
DEADLINE = 20  # seconds: pcscd polls the slot, then the monitor polls pcscd


@pytest.fixture(scope="module")
def vpcd_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = free_port()
    with pcscd_with_virtual_reader(tmp_path_factory.mktemp("pcscd"), port):
        yield port


class Readings:
    """What the reader hands over, in order, from its own thread."""

    def __init__(self) -> None:
        self.niks: queue.Queue[str] = queue.Queue()
        self.states: queue.Queue[tuple[str, str]] = queue.Queue()

    def state_after_reading(self) -> tuple[str, str]:
        while True:
            state = self.states.get(timeout=DEADLINE)
            if state[0] != "reading":
                return state


@pytest.fixture
def reader(vpcd_port: int) -> Iterator[tuple[PcscNikReader, Readings]]:
    readings = Readings()
    pcsc = PcscNikReader(read_nik)
    pcsc.start(readings.niks.put, lambda state, detail: readings.states.put((state, detail)))
    try:
        assert readings.states.get(timeout=DEADLINE) == ("ready", "")
        yield pcsc, readings
    finally:
        pcsc.stop()


def test_a_card_placed_on_the_reader_gives_its_nik_once(
    vpcd_port: int, reader: tuple[PcscNikReader, Readings]
) -> None:
    _pcsc, readings = reader
    card = VirtualCard(vpcd_port, NIK)
    with card.inserted():
        assert readings.niks.get(timeout=DEADLINE) == NIK
        assert readings.state_after_reading() == ("ready", "")
    # The plug-in really spoke to the card through pcscd: SELECT, then READ BINARY.
    assert [apdu[:2] for apdu in card.apdus] == [b"\x00\xa4", b"\x00\xb0"]
    assert readings.niks.empty()  # one card, one reading


def test_the_next_card_is_read_after_the_first_is_taken_away(
    vpcd_port: int, reader: tuple[PcscNikReader, Readings]
) -> None:
    _pcsc, readings = reader
    with VirtualCard(vpcd_port, NIK).inserted():
        assert readings.niks.get(timeout=DEADLINE) == NIK
    other = "3171014707900001"
    with VirtualCard(vpcd_port, other).inserted():
        assert readings.niks.get(timeout=DEADLINE) == other


def test_a_card_the_plugin_cannot_read_is_reported_and_the_reader_stays_ready(
    vpcd_port: int, reader: tuple[PcscNikReader, Readings]
) -> None:
    _pcsc, readings = reader
    with VirtualCard(vpcd_port, NIK, has_application=False).inserted():
        assert readings.state_after_reading() == ("ready", "card not read")
    with VirtualCard(vpcd_port, NIK).inserted():
        assert readings.niks.get(timeout=DEADLINE) == NIK
    assert readings.niks.empty()


def test_the_test_stack_is_what_the_kiosk_uses(tmp_path: Path) -> None:
    # Guards the fixture itself: the plug-in named as a kiosk names it resolves to the
    # same function, so `--reader pcsc:virtual_card:read_nik` is what these tests ran.
    from card_reader.pcsc import load_plugin

    assert load_plugin("virtual_card:read_nik") is read_nik
