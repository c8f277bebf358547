"""Serial printers (RS-232, or USB-serial adapters) through pyserial, the `serial` extra."""

from __future__ import annotations

import errno
import threading
from typing import Any

from printer.deadline import Deadline
from printer.errors import MissingDependency, PrinterUnreachable
from printer.url import PrinterAddress


class SerialConnection:
    """A serial (RS-232 or USB-serial) printer, through pyserial."""

    answers_status = True

    def __init__(self, port: Any, path: str) -> None:
        self.port, self.path, self.sent = port, path, 0

    @classmethod
    def open(cls, address: PrinterAddress) -> SerialConnection:
        try:
            import serial
        except ImportError:
            raise MissingDependency(
                "pyserial", "install it with: pip install 'antre[serial]'"
            ) from None
        try:
            port = serial.Serial(
                address.path,
                baudrate=address.baudrate,
                rtscts=address.rtscts,
                xonxoff=address.xonxoff,
                timeout=0,
                write_timeout=0,
            )
        except serial.SerialException as exc:
            cause = exc.__context__ if isinstance(exc.__context__, OSError) else None
            if isinstance(cause, PermissionError) or exc.errno == errno.EACCES:
                raise PrinterUnreachable(
                    f"no permission to open {address.path}; add the kiosk's user to the "
                    "dialout group"
                ) from None
            raise PrinterUnreachable(f"cannot open {address.path} ({exc})") from None
        return cls(port, address.path)

    def write(self, data: bytes, deadline: Deadline) -> None:
        import serial

        try:
            self.port.write_timeout = deadline.timeout()
            self.port.write(data)
            self.sent += len(data)
            # write() returns once the bytes are in the driver's buffer; wait, within the
            # deadline, until they are on the wire, so "printed" means sent.
            waiter = threading.Event()
            while self.port.out_waiting:
                deadline.timeout()
                waiter.wait(0.01)
        except (serial.SerialTimeoutException, TimeoutError):
            raise TimeoutError(
                f"{self.path} did not take the ticket in time (flow control holding it back:"
                " paper out or printer off?)"
            ) from None
        except serial.SerialException as exc:
            raise PrinterUnreachable(f"{self.path}: {exc}") from None

    def read(self, timeout: float) -> bytes:
        try:
            self.port.timeout = timeout
            first = bytes(self.port.read(1))
            return first + bytes(self.port.read(self.port.in_waiting)) if first else b""
        except Exception:  # a port gone mid-read answers nothing
            return b""

    def discard_input(self) -> None:
        self.port.reset_input_buffer()

    def abort(self) -> None:
        self.port.reset_output_buffer()

    def close(self) -> None:
        self.port.close()
