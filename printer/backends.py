"""Where the bytes go: one small protocol, a connection per print job.

A connection is opened by `open_connection` when a job starts and closed when it ends:
no connection is held between tickets (a network printer serves one client at a time,
and a USB printer unplugged overnight must not leave a stale handle), none is opened
behind the caller's back, and nothing is closed in a finaliser. Every blocking call
takes its time from the job's deadline. The backends: network.py, serial_port.py,
usb_port.py, device_file.py, and the dummy below.
"""

from __future__ import annotations

from typing import Protocol

from printer.deadline import Deadline, Timeouts
from printer.device_file import FileConnection
from printer.network import TcpConnection
from printer.serial_port import SerialConnection
from printer.url import PrinterAddress
from printer.usb_port import UsbConnection


class Connection(Protocol):
    answers_status: bool
    """Whether the printer can talk back on this connection (status queries make sense)."""
    sent: int
    """Bytes the printer (or its driver) has taken so far, status queries included."""

    def write(self, data: bytes, deadline: Deadline) -> None:
        """Send all of `data` by the deadline, or raise TimeoutError / PrinterUnreachable."""

    def read(self, timeout: float) -> bytes:
        """What the printer sends within `timeout` seconds; b"" if nothing. A network
        printer that hangs up raises PrinterUnreachable."""

    def discard_input(self) -> None:
        """Drop replies nobody asked for (a status query's bytes inside image data)."""

    def abort(self) -> None:
        """Drop output not yet taken, so a recovering printer does not print half a ticket
        long after the citizen has gone."""

    def close(self) -> None: ...


def open_connection(address: PrinterAddress, deadline: Deadline, timeouts: Timeouts) -> Connection:
    if address.kind == "tcp":
        return TcpConnection.open(address.host, address.port, deadline, timeouts.connect)
    if address.kind == "serial":
        return SerialConnection.open(address)
    if address.kind == "usb":
        return UsbConnection.open(address.vendor_id, address.product_id)
    if address.kind == "file":
        return FileConnection.open(address.path)
    if address.kind == "dummy":
        return DummyConnection()
    raise ValueError(f"{address.kind} printers take no connection")


class DummyConnection:
    """Takes every byte and keeps it: for trying a kiosk without a printer."""

    answers_status = False

    def __init__(self) -> None:
        self.received = bytearray()
        self.sent = 0

    def write(self, data: bytes, deadline: Deadline) -> None:
        self.received += data
        self.sent = len(self.received)

    def read(self, timeout: float) -> bytes:
        return b""

    def discard_input(self) -> None:
        pass

    def abort(self) -> None:
        pass

    def close(self) -> None:
        pass
