"""A kiosk runs for months; pcscd may restart under it (an update, a reader replugged).
The PC/SC reader says so and comes back by itself, without restarting the kiosk."""

from __future__ import annotations

import queue
from pathlib import Path

from support import free_port
from virtual_card import VirtualCard, pcscd_with_virtual_reader, read_nik

from card_reader import PcscNikReader

NIK = "3273011501550003"
DEADLINE = 20


def test_the_reader_recovers_when_pcscd_restarts(tmp_path: Path) -> None:
    port = free_port()
    niks: queue.Queue[str] = queue.Queue()
    states: queue.Queue[str] = queue.Queue()
    pcsc = PcscNikReader(read_nik)

    def next_state(wanted: str) -> None:
        while states.get(timeout=DEADLINE) != wanted:
            pass

    try:
        with pcscd_with_virtual_reader(tmp_path / "first", port):
            pcsc.start(niks.put, lambda state, _detail: states.put(state))
            next_state("ready")
        next_state("unplugged")  # pcscd is gone: said, not hidden
        with pcscd_with_virtual_reader(tmp_path / "second", port):
            next_state("ready")
            with VirtualCard(port, NIK).inserted():
                assert niks.get(timeout=DEADLINE) == NIK
    finally:
        pcsc.stop()
