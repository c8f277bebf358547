"""A network receipt printer on 127.0.0.1 for the kiosk's tests (kiosk_app and the
end-to-end journeys): it takes the kiosk's ESC/POS bytes and answers its status queries.
"""

from __future__ import annotations

import os
import select
import socket
import threading


class FakePrinter:
    """A network printer on 127.0.0.1 that takes a job and answers every real-time status
    query (DLE EOT n) with "online, paper OK", as an Epson does (0x12: only the fixed bits).
    tests/printer/conftest.py has the full-featured one; this is what the kiosk needs."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"tcp://127.0.0.1:{self.listener.getsockname()[1]}"
        self.received = bytearray()
        self.jobs = 0
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            ready, _, _ = select.select([self.listener, self._wake_r], [], [])
            if self._wake_r in ready:
                return
            conn, _ = self.listener.accept()
            with conn:
                while True:
                    ready, _, _ = select.select([conn, self._wake_r], [], [])
                    if self._wake_r in ready:
                        return
                    data = conn.recv(65536)
                    if not data:
                        break
                    with self._lock:
                        self.received += data
                    queries = data.count(b"\x10\x04")
                    if queries:
                        conn.sendall(b"\x12" * queries)
            with self._lock:
                self.jobs += 1

    def stop(self) -> None:
        os.write(self._wake_w, b"x")
        self._thread.join(timeout=5)
        self.listener.close()
