"""Real receivers for notification tests: a local SMTP server (aiosmtpd) and a local HTTP
webhook receiver (the standard library's http.server), each on a free 127.0.0.1 port."""

from __future__ import annotations

import email
import email.policy
import json
import threading
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from support import SMALL_HALL, free_port


class _Collect:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content
        raw = content if isinstance(content, bytes) else str(content).encode()
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"


class SmtpSink:
    """aiosmtpd in its own thread; `messages` are the emails it took."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self._handler = _Collect()
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        return self._handler.messages

    def start(self) -> SmtpSink:
        self._controller = Controller(self._handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


class WebhookSink:
    """A gateway stand-in: records each JSON POST. `status` is what it answers; while
    `gate` is cleared, each request waits on it before answering (a hung gateway)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[dict[str, Any]] = []
        self.attempts = 0
        self.status = 200
        self.gate = threading.Event()
        self.gate.set()
        self.waiting = threading.Event()
        """Set while a request is held at the gate."""
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                sink.attempts += 1
                if not sink.gate.is_set():
                    sink.waiting.set()
                    sink.gate.wait(30)
                if sink.status < 300:
                    sink.received.append(json.loads(body))
                self.send_response(sink.status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/send"

    def start(self) -> WebhookSink:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.gate.set()
        self._server.shutdown()
        self._server.server_close()


def hall_with_channels(
    folder: Path, smtp_port: int, webhook_url: str, extra_hall: str = ""
) -> Path:
    """The small test hall plus an SMTP and a webhook channel."""
    text = SMALL_HALL.read_text(encoding="utf-8")
    if extra_hall:
        text = text.replace("[hall]\n", f"[hall]\n{extra_hall}\n", 1)
    text += (
        "\n[[notify]]\n"
        f'url = "smtp://127.0.0.1:{smtp_port}"\n'
        'from = "antrean@mpp-uji.example.go.id"\n'
        'tls = "none"\n'
        "\n[[notify]]\n"
        f'url = "webhook+{webhook_url}"\n'
        'name = "whatsapp"\n'
    )
    path = folder / "hall.toml"
    path.write_text(text, encoding="utf-8")
    return path
