"""Printers behind a device file: the kernel's usblp (/dev/usb/lp0) or lp (/dev/lp0)."""

from __future__ import annotations

import errno
import os
import select
import stat

from printer.deadline import Deadline
from printer.errors import PrinterUnreachable

READ_CHUNK = 64


class FileConnection:
    """A device file: the kernel's usblp (/dev/usb/lp0) or parallel (/dev/lp0) driver.

    Opened non-blocking so that a device nobody reads cannot hang the kiosk: every write
    waits for room with select(), bounded by the deadline. A regular file works too (it
    must exist already, so a mistyped device path is an error, not a new file).
    """

    def __init__(self, fd: int, path: str, readable: bool) -> None:
        self.fd, self.path, self.sent = fd, path, 0
        self.answers_status = readable

    @classmethod
    def open(cls, path: str) -> FileConnection:
        flags = os.O_NONBLOCK | os.O_NOCTTY | os.O_APPEND
        try:
            # Only a character device (a printer driver) can answer, so only it is opened
            # for reading too. A pipe opened so would be its own reader and swallow the job.
            fd, readable = -1, stat.S_ISCHR(os.stat(path).st_mode)
            if readable:
                try:
                    fd = os.open(path, os.O_RDWR | flags)
                except PermissionError:
                    readable = False
            if fd < 0:
                fd = os.open(path, os.O_WRONLY | flags)
        except FileNotFoundError:
            raise PrinterUnreachable(
                f"{path} does not exist: is the printer plugged in and switched on?"
            ) from None
        except PermissionError:
            raise PrinterUnreachable(
                f"no permission to write {path}; add the kiosk's user to the lp group"
            ) from None
        except OSError as exc:
            if exc.errno in (errno.ENXIO, errno.ENODEV):
                raise PrinterUnreachable(f"{path}: no printer behind it") from None
            raise PrinterUnreachable(f"{path}: {exc.strerror or exc}") from None
        return cls(fd, path, readable)

    def write(self, data: bytes, deadline: Deadline) -> None:
        view, done = memoryview(data), 0
        while done < len(data):
            try:
                _, ready, _ = select.select([], [self.fd], [], deadline.timeout())
                if not ready:
                    raise TimeoutError
                step = os.write(self.fd, view[done:])
            except BlockingIOError:
                continue
            except TimeoutError:
                raise TimeoutError(
                    f"{self.path} took {done} of {len(data)} bytes, then stopped"
                ) from None
            except OSError as exc:
                raise PrinterUnreachable(f"{self.path}: {exc.strerror or exc}") from None
            done += step
            self.sent += step

    def read(self, timeout: float) -> bytes:
        if not self.answers_status:
            return b""
        try:
            ready, _, _ = select.select([self.fd], [], [], timeout)
            return os.read(self.fd, READ_CHUNK) if ready else b""
        except OSError:
            return b""

    def discard_input(self) -> None:
        while self.read(0):
            pass

    def abort(self) -> None:
        pass

    def close(self) -> None:
        os.close(self.fd)
