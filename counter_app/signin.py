"""Signing in: server address, user name and password → a `Workplace` (the signed-in
client and the hall it works in). A QObject with signals, no widgets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QObject, Signal

from counter_app import words
from counter_app.remembered import Remembered
from queue_client import HallClient
from queue_client.errors import ApiError, Unauthorized, Unreachable
from queue_client.models import Counter, Hall, Service
from queue_client.qt_jobs import Runner


@dataclass(frozen=True)
class Workplace:
    """A signed-in operator and the hall they work in."""

    client: HallClient
    username: str
    role: str
    hall: Hall
    services: tuple[Service, ...]
    counters: tuple[Counter, ...]
    agency_id: str | None = None
    """Set for an operator of one agency: only its counters are offered."""
    clock_offset: timedelta = timedelta(0)
    """The server's clock minus this PC's: waits are measured on the server's time."""

    def now(self) -> datetime:
        return datetime.now(UTC) + self.clock_offset

    def service(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    def counter(self, counter_id: int) -> Counter | None:
        return next((c for c in self.counters if c.id == counter_id), None)

    def agency_name(self, agency_id: str) -> str:
        return next((a.short for a in self.hall.agencies if a.id == agency_id), agency_id)


def normalize_url(text: str) -> str:
    """'10.0.0.2:8000' → 'http://10.0.0.2:8000': staff type addresses, not URLs."""
    url = text.strip().rstrip("/")
    if url and "://" not in url:
        url = "http://" + url
    return url


def explain(error: BaseException, server_url: str = "") -> str:
    """A failure in words staff can act on, in the app's language (the server's error
    body carries its message in both)."""
    if isinstance(error, ApiError) and error.message:
        return words.server_message(error.message, error.message_en)
    if isinstance(error, Unauthorized):
        return words.say("signin.wrong")
    if isinstance(error, ApiError):
        return words.say("error.refused", code=error.code)
    if isinstance(error, Unreachable):
        where = words.say("error.where", url=server_url) if server_url else ""
        return words.say("error.unreachable", where=where)
    return words.say("error.other", error=error)


class SignIn(QObject):
    signedIn = Signal(object)
    """A `Workplace`."""
    failed = Signal(str)
    busyChanged = Signal(bool)

    def __init__(
        self, remembered: Remembered, runner: Runner | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.remembered = remembered
        self._runner = runner if runner is not None else Runner(self)
        self._busy = False

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busyChanged.emit(busy)

    def sign_in(self, server_text: str, username: str, password: str) -> None:
        server_url = normalize_url(server_text)
        username = username.strip()
        if not server_url or not username or not password:
            self.failed.emit(words.say("signin.missing"))
            return
        if self._busy:
            return
        self._set_busy(True)

        def work() -> Workplace:
            client = HallClient(server_url)
            try:
                session = client.login(username, password)
                return Workplace(
                    client,
                    username,
                    session.role,
                    client.hall(),
                    tuple(client.services()),
                    tuple(client.counters()),
                    session.agency_id,
                    client.clock_offset(),
                )
            except BaseException:
                client.close()
                raise

        def done(workplace: Workplace) -> None:
            self._set_busy(False)
            self.remembered.server_url = server_url
            self.remembered.username = username
            self.remembered.sync()
            self.signedIn.emit(workplace)

        def failed(error: BaseException) -> None:
            self._set_busy(False)
            self.failed.emit(explain(error, server_url))

        self._runner.run(work, done, failed)

    def close(self) -> None:
        self._runner.close()
