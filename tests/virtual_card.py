"""A virtual smart card behind a real PC/SC stack: Debian's pcscd with vsmartcard's vpcd
driver, and a card that speaks vpcd's socket protocol from this process.

    pyscard (PcscNikReader) → libpcsclite → pcscd → libifdvpcd.so → TCP → VirtualCard

The reader side is the real one a kiosk uses; only the card is ours. Putting the card "in
the reader" is connecting it to vpcd's port; taking it out is closing the connection.

vpcd's protocol (vsmartcard's virtualsmartcard/README): every message is a 2-byte
big-endian length and its payload. From the reader, a 1-byte payload is a control
message (0 power off, 1 power on, 2 reset, 4 "send your ATR"); anything longer is a
command APDU, to be answered with a response APDU. The card answers the ATR request and
every APDU, and nothing else.

The card holds the NIK in a transparent file of a made-up application (`AID`), read with
SELECT + READ BINARY by `read_nik`, the test's PC/SC plug-in. A real e-KTP needs the
vendor's plug-in with the Dukcapil SAM; what is tested here is everything around it.
"""

from __future__ import annotations

import os
import shutil
import socket
import struct
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from support import wait_until

AID = bytes.fromhex("F0414E5452454E494B")  # F0 (proprietary) + "ANTRENIK"
ATR = bytes.fromhex("3B80800101")  # a minimal T=1 answer-to-reset
OK = b"\x90\x00"
NOT_FOUND = b"\x6a\x82"
NOT_SUPPORTED = b"\x6d\x00"
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")


def read_nik(connection: Any) -> str:
    """The test's PC/SC plug-in, shaped as a vendor's (see card_reader/pcsc.py)."""
    select = [0x00, 0xA4, 0x04, 0x00, len(AID), *AID]
    _data, sw1, sw2 = connection.transmit(select)
    if (sw1, sw2) != (0x90, 0x00):
        raise RuntimeError(f"no NIK application on this card ({sw1:02X}{sw2:02X})")
    data, sw1, sw2 = connection.transmit([0x00, 0xB0, 0x00, 0x00, 0x00])
    if (sw1, sw2) != (0x90, 0x00):
        raise RuntimeError(f"the NIK file could not be read ({sw1:02X}{sw2:02X})")
    return bytes(data).decode("ascii")


class VirtualCard:
    """One card, inserted into vpcd's slot at `port` while `inserted()` lasts."""

    def __init__(self, port: int, nik: str, has_application: bool = True) -> None:
        self.port = port
        self.nik = nik
        self.has_application = has_application
        self.apdus: list[bytes] = []
        self._selected = False

    def answer(self, command: bytes) -> bytes:
        self.apdus.append(command)
        cla_ins_p1_p2 = command[:4]
        if cla_ins_p1_p2 == b"\x00\xa4\x04\x00":
            self._selected = self.has_application and command[5 : 5 + command[4]] == AID
            return OK if self._selected else NOT_FOUND
        if cla_ins_p1_p2 == b"\x00\xb0\x00\x00":
            return self.nik.encode("ascii") + OK if self._selected else NOT_FOUND
        return NOT_SUPPORTED

    @contextmanager
    def inserted(self) -> Iterator[VirtualCard]:
        # vpcd accepts the card only while pcscd polls the slot: retry until it takes it.
        sock = wait_until(self._connect, timeout=15, what=f"vpcd on port {self.port}")
        stop = threading.Event()
        serving = threading.Thread(target=self._serve, args=(sock, stop), daemon=True)
        serving.start()
        try:
            yield self
        finally:
            stop.set()
            sock.shutdown(socket.SHUT_RDWR)
            sock.close()
            serving.join(timeout=5)
            # Taken away means pcscd has seen it go: the next card is a new card.
            wait_until(_slot_is_empty, timeout=15, what="pcscd to see the card removed")

    def _connect(self) -> socket.socket | None:
        try:
            return socket.create_connection(("127.0.0.1", self.port), timeout=1)
        except OSError:
            return None

    def _serve(self, sock: socket.socket, stop: threading.Event) -> None:
        sock.settimeout(None)
        while not stop.is_set():
            try:
                header = _read_exactly(sock, 2)
                message = _read_exactly(sock, struct.unpack(">H", header)[0])
            except OSError:
                return
            if len(message) == 1:
                if message[0] == 4:  # the reader asks for the ATR
                    _send(sock, ATR)
                continue  # power on/off and reset need no answer
            _send(sock, self.answer(message))


def _slot_is_empty() -> bool:
    from smartcard.Exceptions import CardConnectionException, NoCardException
    from smartcard.System import readers

    slot = next(r for r in readers() if str(r).startswith("Antre Virtual PCD"))
    connection = slot.createConnection()
    try:
        connection.connect()
    except NoCardException:
        return True
    except CardConnectionException:
        return False  # still there as far as pcscd knows, but gone from its socket
    finally:
        connection.release()
    return False


def _read_exactly(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionResetError("vpcd closed the connection")
        data += chunk
    return data


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">H", len(payload)) + payload)


def _pcscd_answers() -> bool:
    with socket.socket(socket.AF_UNIX) as probe:
        try:
            probe.connect(str(PCSCD_SOCKET))
        except OSError:
            return False
    return True


def missing_pcsc_stack() -> str | None:
    """Why the real PC/SC stack cannot run here, or None when it can."""
    try:
        import smartcard  # noqa: F401
    except ImportError:
        return "pyscard is not installed: pip install 'antre[pcsc]'"
    if shutil.which("pcscd") is None or not VPCD_DRIVER.exists():
        return "apt-get install pcscd vsmartcard-vpcd"
    if os.geteuid() != 0:
        return "pcscd's socket lives in /run/pcscd: the test's own pcscd needs root"
    return None


@contextmanager
def pcscd_with_virtual_reader(tmp: Path, port: int) -> Iterator[subprocess.Popen[bytes]]:
    """pcscd in the foreground with one vpcd reader listening for a card on `port`."""
    why = missing_pcsc_stack()
    if why is not None:
        if os.environ.get("ANTRE_REQUIRE_PCSC"):
            pytest.fail(why)
        pytest.skip(why)
    if _pcscd_answers():
        # Another pcscd (a system one) owns the socket; ours would not start.
        why = f"another pcscd is running ({PCSCD_SOCKET}); stop it to run this test"
        if os.environ.get("ANTRE_REQUIRE_PCSC"):
            pytest.fail(why)
        pytest.skip(why)
    PCSCD_SOCKET.unlink(missing_ok=True)  # left by a pcscd that was killed
    conf = tmp / "reader.conf.d"
    conf.mkdir(parents=True)
    (conf / "vpcd").write_text(
        'FRIENDLYNAME "Antre Virtual PCD"\n'
        f"DEVICENAME /dev/null:0x{port:X}\n"
        f"LIBPATH {VPCD_DRIVER}\n"
        f"CHANNELID 0x{port:X}\n"
    )
    log = (tmp / "pcscd.log").open("wb")
    daemon = subprocess.Popen(
        ["pcscd", "--foreground", "--config", str(conf)], stdout=log, stderr=log
    )
    try:
        wait_until(PCSCD_SOCKET.exists, timeout=15, what="pcscd's socket")
        yield daemon
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)
        log.close()
        PCSCD_SOCKET.unlink(missing_ok=True)  # a killed pcscd leaves it behind
