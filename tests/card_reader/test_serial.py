"""A serial NIK reader through pyserial's own loopback port (`loop://`)."""

from __future__ import annotations

import threading

import serial

from card_reader import SerialNikReader

NIK = "3273011501550003"


def test_lines_arrive_as_readings() -> None:
    port = serial.serial_for_url("loop://", timeout=0.1)
    reads: list[str] = []
    states: list[str] = []
    got_two = threading.Event()

    def on_read(text: str) -> None:
        reads.append(text)
        if len(reads) == 2:
            got_two.set()

    reader = SerialNikReader(port=port)
    reader.start(on_read, lambda state, _detail: states.append(state))
    try:
        port.write(NIK.encode() + b"\r\n")
        port.write(b"\n3273014501900002\n")  # blank lines between readings are skipped
        assert got_two.wait(5)
    finally:
        reader.stop()
    assert reads == [NIK, "3273014501900002"]
    assert states[0] == "ready" and states[-1] == "stopped"


def test_a_missing_port_is_reported_as_unplugged_and_retried() -> None:
    states: list[str] = []
    unplugged = threading.Event()

    def on_state(state: str, _detail: str) -> None:
        states.append(state)
        if state == "unplugged":
            unplugged.set()

    reader = SerialNikReader("/dev/antre-no-such-reader", reopen_after=0.05)
    reader.start(lambda _t: None, on_state)
    try:
        assert unplugged.wait(5)
    finally:
        reader.stop()
    assert "ready" not in states
