"""Everything one running hall server holds, built in one place (never at import)."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import Callable
from datetime import UTC, datetime

from queue_core.hall import Hall, load_hall
from queue_core.numbering import hall_day
from queue_server import actions
from queue_server.auth import LoginThrottle, TokenCache
from queue_server.hub import Hub
from queue_server.queue_view import QueueView
from queue_server.settings import Settings
from queue_server.store import connect, meta, migrate, staff
from queue_server.writer import Writer

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def ensure_database(settings: Settings) -> bytes:
    """Create and migrate the database; return the NIK HMAC secret."""
    db = connect(settings.db, durable=settings.durable)
    try:
        migrate(db)
        if settings.secret is not None:
            return settings.secret.get_secret_value().encode()
        stored = meta.get(db.conn, "secret")
        if stored is None:
            stored = secrets.token_urlsafe(48)
            db.conn.execute("BEGIN IMMEDIATE")
            meta.put(db.conn, "secret", stored)
            db.conn.execute("COMMIT")
        return stored.encode()
    finally:
        db.conn.close()


class HallRuntime:
    CREDENTIALS_POLL = 1.0

    def __init__(
        self, settings: Settings, clock: Clock = utc_now, hall: Hall | None = None
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.hall = hall or load_hall(settings.hall)
        self.secret = ensure_database(settings)
        self.writer = Writer(settings.db, self.hall, self.secret, clock, durable=settings.durable)
        self.reader = connect(settings.db, durable=settings.durable, readonly=True).conn
        self.hub = Hub()
        self.writer.subscribe(self.hub.publish)
        self.view = QueueView(self.reader, self.hall, clock, lambda: self.writer.head)
        self.tokens = TokenCache(self.reader)
        self.throttle = LoginThrottle(settings.login_attempts, settings.login_window_seconds)
        self._ticker: asyncio.Task[None] | None = None
        self._watcher: asyncio.Task[None] | None = None

    def credentials_changed(self) -> None:
        """Close every live stream whose token stopped working (4401). Called on the event
        loop after a change this process committed; `_watch_credentials` covers changes
        made by another process (`antre device revoke` beside the server)."""
        now = self.clock()
        self.hub.revoke(lambda token: self.tokens.lookup(token, now) is not None)

    async def _watch_credentials(self) -> None:
        """Once a second, one read of `credentials_version`; a change, or a minute gone by
        (sessions expire), rechecks the open streams' tokens."""
        seen, checked = staff.credentials_version(self.reader), 0
        while True:
            await asyncio.sleep(self.CREDENTIALS_POLL)
            checked += 1
            version = staff.credentials_version(self.reader)
            if version != seen or checked * self.CREDENTIALS_POLL >= 60:
                seen, checked = version, 0
                self.credentials_changed()

    async def start(self) -> None:
        self.writer.start(asyncio.get_running_loop())
        await self.writer(actions.tick)
        self._ticker = asyncio.create_task(self._roll_days())
        self._watcher = asyncio.create_task(self._watch_credentials())

    async def _roll_days(self) -> None:
        """Expire leftovers at local midnight even when the hall is quiet."""
        while True:
            await asyncio.sleep(20)
            if hall_day(self.clock(), self.hall.timezone).isoformat() != self.writer.day:
                await self.writer(actions.tick)

    async def stop(self) -> None:
        for task in (self._ticker, self._watcher):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self.hub.close_all()
        self.writer.stop()
        self.reader.close()
