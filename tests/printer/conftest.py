"""Fakes that speak a printer's real wire, and a reader for the bytes a job sends.

`FakePrinter` is a network printer on 127.0.0.1: it records the ESC/POS bytes it
receives and answers DLE EOT real-time status queries as an Epson does (the byte values
come from the ESC/POS reference), or refuses, stalls, goes mute or hangs up on cue.
`PtyPrinter` is the same printer behind a serial port (a pseudo-terminal).
`decode_job` reads a job's bytes back into printed lines, images and commands.
"""

from __future__ import annotations

import os
import select
import socket
import struct
import threading
import tty
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from PIL import Image
from support import free_port

# Status bytes per printer condition, for DLE EOT 1 (printer), 2 (offline cause),
# 3 (error cause) and 4 (paper sensor). 0x12 is "all well": only the fixed bits.
CONDITIONS: dict[str, dict[int, int]] = {
    "online": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12},
    "near_end": {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x1E},
    "paper_out": {1: 0x1A, 2: 0x32, 3: 0x12, 4: 0x7E},
    "cover_open": {1: 0x1A, 2: 0x16, 3: 0x12, 4: 0x12},
    "cutter_jam": {1: 0x1A, 2: 0x52, 3: 0x1A, 4: 0x12},
}


class StatusAnswers:
    """Finds DLE EOT n in the incoming stream, wherever it is (as printers do), and
    says what to answer."""

    def __init__(self, condition: str, limit: int | None = None) -> None:
        self.replies = CONDITIONS[condition]
        self.limit = limit
        self.answered = 0
        self._tail = b""

    def feed(self, data: bytes) -> bytes:
        stream = self._tail + data
        out = bytearray()
        i = 0
        while (i := stream.find(b"\x10\x04", i)) != -1 and i + 2 < len(stream):
            n = stream[i + 2]
            if n in self.replies and (self.limit is None or self.answered < self.limit):
                out.append(self.replies[n])
                self.answered += 1
            i += 3
        self._tail = stream[-2:]
        return bytes(out)


class FakePrinter:
    """A network printer on 127.0.0.1.

    behaviour: "answer" (status replies per `condition`), "silent" (reads, never
    answers), "stall" (accepts, never reads: its receive buffer fills and the sender
    blocks), "mute_after_job" (answers the first status round only), "hang_up" (reads
    the status round and a little of the job, then closes).
    """

    def __init__(self, condition: str = "online", behaviour: str = "answer") -> None:
        self.condition, self.behaviour = condition, behaviour
        self.received = bytearray()
        self.jobs_done = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.listener = socket.socket()
        if behaviour == "stall":
            # The smallest receive buffer Linux allows: a few KB fill it.
            self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.port = self.listener.getsockname()[1]
        self.url = f"tcp://127.0.0.1:{self.port}"
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threading.Thread(target=self._serve, name="fake printer", daemon=True)
        self._thread.start()

    def data(self) -> bytes:
        with self._lock:
            return bytes(self.received)

    def stop(self) -> None:
        self._stop.set()
        os.write(self._wake_w, b"x")
        self._thread.join(timeout=5)
        self.listener.close()
        os.close(self._wake_r)
        os.close(self._wake_w)

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.listener.fileno(), self._wake_r], [], [])
            if self._wake_r in ready:
                return
            conn, _ = self.listener.accept()
            with conn:
                self._handle(conn)
            with self._lock:
                self.jobs_done += 1

    def _handle(self, conn: socket.socket) -> None:
        if self.behaviour == "stall":
            select.select([self._wake_r], [], [])  # hold the connection, read nothing
            return
        limit = 4 if self.behaviour in ("mute_after_job", "hang_up") else None
        answers = StatusAnswers(self.condition, limit)
        while True:
            ready, _, _ = select.select([conn.fileno(), self._wake_r], [], [])
            if self._wake_r in ready:
                return
            try:
                data = conn.recv(65536)
            except ConnectionResetError:  # the job hung up with a reset (an abort)
                return
            if not data:
                return
            with self._lock:
                self.received += data
            reply = answers.feed(data)
            if reply and self.behaviour != "silent":
                conn.sendall(reply)
            if self.behaviour == "hang_up" and answers.answered >= 4 and len(self.received) > 100:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return  # closing with a reset, as a printer that reboots does


class PtyPrinter:
    """The same printer on a serial line: the job opens the pseudo-terminal's device
    path with pyserial; this side reads the bytes and answers status queries, or, when
    stalled, reads nothing."""

    def __init__(self, condition: str = "online", stall: bool = False) -> None:
        self.stall = stall
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)  # a printer's line carries bytes, not terminal text
        # Holding the far end open keeps the master from reporting EIO between jobs.
        self.path = os.ttyname(self.slave)
        self.received = bytearray()
        self.answers = StatusAnswers(condition)
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threading.Thread(target=self._serve, name="pty printer", daemon=True)
        self._thread.start()

    def url(self, **options: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in {"baudrate": "19200", **options}.items())
        return f"serial://{self.path}?{query}"

    def data(self) -> bytes:
        with self._lock:
            return bytes(self.received)

    def stop(self) -> None:
        os.write(self._wake_w, b"x")
        self._thread.join(timeout=5)
        os.close(self.master)
        os.close(self.slave)
        os.close(self._wake_r)
        os.close(self._wake_w)

    def _serve(self) -> None:
        while True:
            # A stalled printer (flow control holding the line) never reads.
            watched = [self._wake_r] if self.stall else [self.master, self._wake_r]
            ready, _, _ = select.select(watched, [], [])
            if self._wake_r in ready:
                return
            data = os.read(self.master, 65536)
            with self._lock:
                self.received += data
            reply = self.answers.feed(data)
            if reply:
                os.write(self.master, reply)


@pytest.fixture
def fake_printer() -> Iterator[Callable[..., FakePrinter]]:
    started: list[FakePrinter] = []

    def start(condition: str = "online", behaviour: str = "answer") -> FakePrinter:
        printer = FakePrinter(condition, behaviour)
        started.append(printer)
        return printer

    yield start
    for printer in started:
        printer.stop()


@pytest.fixture
def pty_printer() -> Iterator[Callable[..., PtyPrinter]]:
    started: list[PtyPrinter] = []

    def start(condition: str = "online", stall: bool = False) -> PtyPrinter:
        printer = PtyPrinter(condition, stall)
        started.append(printer)
        return printer

    yield start
    for printer in started:
        printer.stop()


@pytest.fixture
def closed_port() -> str:
    """A printer URL where nothing listens: the connection is refused."""
    return f"tcp://127.0.0.1:{free_port()}"


@pytest.fixture
def unanswered_port() -> Iterator[str]:
    """A printer URL whose listener never accepts and whose queue is full, so a new
    connection's SYN is dropped and connecting times out (all on 127.0.0.1)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    filler = socket.create_connection(listener.getsockname())
    try:
        yield f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        filler.close()
        listener.close()


# --- reading a job back ---------------------------------------------------------------


@dataclass
class PrintedLine:
    text: str
    width: int
    height: int
    bold: bool
    invert: bool
    align: int


@dataclass
class DecodedJob:
    lines: list[PrintedLine] = field(default_factory=list)
    images: list[Image.Image] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    native_qr: list[bytes] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [line.text for line in self.lines]

    def line(self, text: str) -> PrintedLine:
        return next(line for line in self.lines if line.text.strip() == text)


def decode_job(data: bytes) -> DecodedJob:
    """Read the ESC/POS commands a job uses; any other command fails the test, so the
    renderer cannot start sending something unchecked."""
    job = DecodedJob()
    width = height = 1
    bold = invert = False
    align = 0
    code_page: int | None = None
    pending = bytearray()
    i = 0

    def command(name: str) -> None:
        if pending:
            raise AssertionError(f"{name} inside the text {bytes(pending)!r}")
        job.commands.append(name)

    while i < len(data):
        b = data[i]
        if b == 0x0A:
            if code_page is None:
                raise AssertionError("text before a code page was selected")
            job.lines.append(
                PrintedLine(pending.decode("cp437"), width, height, bold, invert, align)
            )
            pending.clear()
            i += 1
        elif b == 0x1B:
            op, arg = data[i + 1], data[i + 2] if i + 2 < len(data) else None
            if op == ord("@"):
                command("init")
                i += 2
            elif op == ord("2"):
                command("line spacing default")
                i += 2
            elif op == ord("t"):
                code_page = arg
                command(f"code page {arg}")
                i += 3
            elif op == ord("E"):
                bold = bool(arg)
                i += 3
            elif op == ord("a"):
                align = int(arg or 0)
                i += 3
            elif op == ord("d"):
                command(f"feed {arg}")
                i += 3
            else:
                raise AssertionError(f"unexpected ESC {op:#x} at {i}")
        elif b == 0x1C and data[i + 1] == ord("."):
            command("cancel kanji")
            i += 2
        elif b == 0x1D:
            op = data[i + 1]
            if op == ord("!"):
                width, height = (data[i + 2] >> 4) + 1, (data[i + 2] & 0x0F) + 1
                i += 3
            elif op == ord("B"):
                invert = bool(data[i + 2])
                i += 3
            elif op == ord("b"):
                i += 3  # smoothing
            elif op == ord("V"):
                m = data[i + 2]
                names = {0: "full", 48: "full", 1: "partial", 49: "partial"}
                if m in (65, 66):
                    command("cut " + ("full" if m == 65 else "partial"))
                    i += 4
                else:
                    command(f"cut {names[m]}")
                    i += 3
            elif op == ord("v") and data[i + 2] == ord("0"):
                width_bytes = data[i + 4] | data[i + 5] << 8
                rows = data[i + 6] | data[i + 7] << 8
                start = i + 8
                raster = data[start : start + width_bytes * rows]
                # Raster bits: 1 = a burnt (black) dot; in Pillow's "1" mode 1 is white.
                image = Image.frombytes("1", (width_bytes * 8, rows), raster)
                job.images.append(image.point(lambda v: 255 - v))
                command("image")
                i = start + width_bytes * rows
            elif op == ord("(") and data[i + 2] == ord("k"):
                length = data[i + 3] | data[i + 4] << 8
                body = data[i + 5 : i + 5 + length]
                if body[:2] == b"1P":
                    job.native_qr.append(body[3:])
                command(f"qr fn {body[1]}")
                i += 5 + length
            else:
                raise AssertionError(f"unexpected GS {op:#x} at {i}")
        elif b == 0x10:
            command(f"status query {data[i + 2]}")
            i += 3
        elif b < 0x20:
            raise AssertionError(f"unexpected control byte {b:#x} at {i}")
        else:
            pending.append(b)
            i += 1
    if pending:
        job.lines.append(PrintedLine(pending.decode("cp437"), width, height, bold, invert, align))
    return job


@pytest.fixture
def decode() -> Callable[[bytes], DecodedJob]:
    return decode_job


def read_qr(image: Image.Image) -> list[str]:
    import zxingcpp

    return [result.text for result in zxingcpp.read_barcodes(image.convert("L"))]


@pytest.fixture
def qr_text() -> Callable[[Image.Image], list[str]]:
    return read_qr
