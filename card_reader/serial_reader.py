"""A reader on a serial port (or USB-serial) that sends one NIK per line.

Most "NIK scanners" sold to offices can run in this mode: digits, then CR and/or LF.
pyserial's URLs name the port (`/dev/ttyUSB0`, `rfc2217://…`, and `loop://` for tests),
so the tests speak to this class through pyserial's own loopback, the real transport.

A reader unplugged mid-day is reported as "unplugged" and reopened every few seconds;
meanwhile the kiosk's keypad keeps working.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from card_reader.errors import ReaderUnavailable
from card_reader.source import OnRead, OnState

log = logging.getLogger(__name__)

MAX_LINE = 64
"""Longer than any NIK with separators; a line this long is noise and is dropped."""


def _serial_module() -> Any:
    try:
        import serial
    except ImportError:
        raise ReaderUnavailable(
            "the serial NIK reader needs pyserial: pip install 'antre[serial]'"
        ) from None
    return serial


class SerialNikReader:
    name = "serial"

    def __init__(
        self,
        url: str | None = None,
        *,
        baudrate: int = 9600,
        port: Any = None,
        reopen_after: float = 3.0,
    ) -> None:
        """Name the port by `url`, or pass an open pyserial port object as `port`."""
        if (url is None) == (port is None):
            raise ValueError("give either url or port")
        self._serial = _serial_module()
        self.url, self.baudrate = url, baudrate
        self._port = port
        self._reopen_after = reopen_after
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, on_read: OnRead, on_state: OnState | None = None) -> None:
        self._stop.clear()
        state = on_state or (lambda _s, _d: None)
        self._thread = threading.Thread(
            target=self._run, args=(on_read, state), name="serial NIK reader", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._port is not None and self.url is not None:
            self._port.close()
            self._port = None

    def _open(self) -> Any:
        if self._port is None:
            # A short read timeout keeps the thread responsive to stop().
            self._port = self._serial.serial_for_url(self.url, baudrate=self.baudrate, timeout=0.2)
        return self._port

    def _run(self, on_read: OnRead, on_state: OnState) -> None:
        line = bytearray()
        while not self._stop.is_set():
            try:
                port = self._open()
                on_state("ready", self.url or "port")
                while not self._stop.is_set():
                    chunk = port.read(port.in_waiting or 1)
                    for byte in chunk:
                        if byte in b"\r\n":
                            if line:
                                self._deliver(bytes(line), on_read)
                            line.clear()
                        elif len(line) < MAX_LINE:
                            line.append(byte)
                        else:
                            line.clear()
            except (self._serial.SerialException, OSError) as exc:
                log.warning("serial NIK reader %s: %s", self.url, exc)
                on_state("unplugged", str(exc))
                line.clear()
                if self.url is not None and self._port is not None:
                    self._port.close()
                    self._port = None
                self._stop.wait(self._reopen_after)
        on_state("stopped", "")

    @staticmethod
    def _deliver(raw: bytes, on_read: OnRead) -> None:
        # Readers send ASCII; anything else cannot be a NIK and the check will say so.
        on_read(raw.decode("ascii", errors="replace").strip())
