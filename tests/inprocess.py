"""An in-process hall server on a fresh database with a clock the test controls."""

from __future__ import annotations

import functools
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient
from support import SMALL_HALL

from queue_server import auth
from queue_server.app import create_app
from queue_server.settings import Settings
from queue_server.store import connect, staff

PASSWORD = "rahasia-loket-123"


@functools.cache
def password_hash() -> str:
    return auth.hash_password(PASSWORD)


MONDAY_9AM_JAKARTA = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, start: datetime = MONDAY_9AM_JAKARTA) -> None:
        self.now = start
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self.now

    def advance(self, **delta: float) -> None:
        with self._lock:
            self.now += timedelta(**delta)

    def set(self, moment: datetime) -> None:
        with self._lock:
            self.now = moment


class HallClient:
    """A TestClient plus credentials by role."""

    def __init__(self, db: Path, clock: FakeClock, hall: Path = SMALL_HALL) -> None:
        self.db, self.clock = db, clock
        self.app = create_app(Settings(db=db, hall=hall, login_attempts=50), clock=clock)
        self.client = TestClient(self.app, raise_server_exceptions=False)
        self._tokens: dict[str, str] = {}

    def __enter__(self) -> HallClient:
        self.client.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.__exit__(*exc)

    def token(self, name: str, role: str) -> str:
        if name not in self._tokens:
            database = connect(self.db)
            try:
                now = datetime.now(UTC)
                if role in auth.DEVICE_ROLES:
                    token = auth.new_token()
                    staff.add_device(database.conn, name, role, auth.hash_token(token), now)
                else:
                    # A session row straight in the store: argon2 is deliberately slow, and
                    # login itself has its own tests.
                    user_id = staff.add_user(database.conn, name, password_hash(), role, now)
                    token = auth.new_token()
                    staff.add_session(
                        database.conn, auth.hash_token(token), user_id, now + timedelta(days=30)
                    )
            finally:
                database.conn.close()
            self._tokens[name] = token
        return self._tokens[name]

    def headers(self, name: str, role: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(name, role or name)}"}

    # Shorthands for the common roles: a user or device named after its role.
    def post(self, path: str, who: str = "admin", **kw: Any):
        return self.client.post(
            path,
            headers={**self.headers(who, ROLE_OF.get(who, who)), **kw.pop("headers", {})},
            **kw,
        )

    def get(self, path: str, who: str | None = "admin", **kw: Any):
        headers = self.headers(who, ROLE_OF.get(who, who)) if who else {}
        return self.client.get(path, headers={**headers, **kw.pop("headers", {})}, **kw)

    def issue(self, service_id: str = "kk", **body: Any) -> dict[str, Any]:
        self.clock.advance(seconds=1)  # citizens arrive one after another, not at one instant
        reply = self.post("/api/v1/tickets", "kiosk", json={"service_id": service_id, **body})
        assert reply.status_code == 201, reply.text
        return dict(reply.json())


ROLE_OF = {
    "admin": "admin",
    "supervisor": "supervisor",
    "operator": "operator",
    "operator2": "operator",
    "kiosk": "kiosk",
    "display": "display",
}
