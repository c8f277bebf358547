"""Network printers: the raw TCP port (9100, "JetDirect") most printers with a LAN socket have."""

from __future__ import annotations

import ipaddress
import socket
import struct
import threading
from typing import Any

from printer.deadline import Deadline
from printer.errors import PrinterUnreachable

SEND_BUFFER = 4096
"""The TCP send buffer asked for (Linux doubles it). Kernels grow it to megabytes by
default, which would swallow a whole ticket meant for a printer that has stopped
reading and call it sent; with a small one a stalled printer stalls the send, and the
deadline reports it. A printer reads far slower than a LAN carries, so nothing is lost."""
READ_CHUNK = 64


class TcpConnection:
    """A network printer's raw port (9100, "JetDirect")."""

    answers_status = True

    def __init__(self, sock: socket.socket, where: str) -> None:
        self.sock, self.where, self.sent = sock, where, 0

    @classmethod
    def open(cls, host: str, port: int, deadline: Deadline, connect: float) -> TcpConnection:
        where = f"{host}:{port}"
        addresses = _resolve(host, port, deadline.timeout(connect))
        failure: Exception = PrinterUnreachable(f"{where}: no address to connect to")
        for family, kind, proto, _, address in addresses:
            sock = socket.socket(family, kind, proto)
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
                sock.settimeout(deadline.timeout(connect))
                sock.connect(address)
            except ConnectionRefusedError:
                failure = PrinterUnreachable(
                    f"{where} refused the connection (wrong port, or printer off?)"
                )
            except TimeoutError:
                failure = TimeoutError(f"{where} did not accept a connection in {connect:g} s")
            except OSError as exc:
                failure = PrinterUnreachable(f"{where}: {exc.strerror or exc}")
            else:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return cls(sock, where)
            sock.close()
        raise failure

    def write(self, data: bytes, deadline: Deadline) -> None:
        view, done = memoryview(data), 0
        while done < len(data):
            try:
                self.sock.settimeout(deadline.timeout())
                step = self.sock.send(view[done:])
            except TimeoutError:
                raise TimeoutError(
                    f"{self.where} took {done} of {len(data)} bytes, then stopped reading"
                ) from None
            except OSError as exc:
                raise PrinterUnreachable(
                    f"{self.where} dropped the connection after {done} of {len(data)} bytes"
                    f" ({exc.strerror or exc})"
                ) from None
            done += step
            self.sent += step

    def read(self, timeout: float) -> bytes:
        self.sock.settimeout(timeout)
        try:
            data = self.sock.recv(READ_CHUNK)
        except TimeoutError:
            return b""
        except OSError as exc:
            raise PrinterUnreachable(
                f"{self.where} dropped the connection ({exc.strerror or exc})"
            ) from None
        if not data:
            raise PrinterUnreachable(f"{self.where} closed the connection")
        return data

    def discard_input(self) -> None:
        self.sock.setblocking(False)
        try:
            while self.sock.recv(4096):
                pass
        except OSError:  # BlockingIOError: nothing more is waiting
            pass

    def abort(self) -> None:
        # Linger 0: close with a reset, so the kernel stops offering the rest of the job.
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    def close(self) -> None:
        self.sock.close()


def _resolve(host: str, port: int, timeout: float) -> list[Any]:
    """getaddrinfo within `timeout`: a hall's DNS may hang far longer than a print may."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:  # a literal address needs no lookup
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    answer: list[Any] = []
    failure: list[OSError] = []

    def lookup() -> None:
        try:
            answer.extend(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as exc:
            failure.append(exc)

    worker = threading.Thread(target=lookup, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise TimeoutError(f"looking up {host} took longer than {timeout:g} s")
    if failure:
        raise PrinterUnreachable(f"cannot find the host {host} ({failure[0]})")
    return answer
