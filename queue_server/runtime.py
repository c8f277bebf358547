"""Everything one running hall server holds, built in one place (never at import)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import UTC, datetime

from queue_core.hall import Hall, load_hall
from queue_core.numbering import hall_day
from queue_server import actions, nik_keys
from queue_server.auth import LoginThrottle, TokenCache
from queue_server.hub import Hub
from queue_server.queue_view import QueueView
from queue_server.settings import Settings
from queue_server.store import connect, migrate
from queue_server.writer import Writer

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def ensure_database(settings: Settings) -> nik_keys.NikKeys:
    """Create and migrate the database; return the NIK keys from their own file (created on
    first start). Migrating retires a key an older version kept in the database."""
    db = connect(settings.db, durable=settings.durable)
    try:
        migrate(db)
    finally:
        db.conn.close()
    return nik_keys.load_or_create(settings.key_file)


class HallRuntime:
    def __init__(
        self, settings: Settings, clock: Clock = utc_now, hall: Hall | None = None
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.hall = hall or load_hall(settings.hall)
        keys = ensure_database(settings)
        self.writer = Writer(settings.db, self.hall, keys, clock, durable=settings.durable)
        self.reader = connect(settings.db, durable=settings.durable, readonly=True).conn
        self.hub = Hub()
        self.writer.subscribe(self.hub.publish)
        self.view = QueueView(self.reader, self.hall, clock, lambda: self.writer.head)
        self.tokens = TokenCache(self.reader)
        self.throttle = LoginThrottle(settings.login_attempts, settings.login_window_seconds)
        self._ticker: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.writer.start(asyncio.get_running_loop())
        await self.writer(actions.tick)
        self._ticker = asyncio.create_task(self._roll_days())

    async def _roll_days(self) -> None:
        """Expire leftovers at local midnight even when the hall is quiet."""
        while True:
            await asyncio.sleep(20)
            if hall_day(self.clock(), self.hall.timezone).isoformat() != self.writer.day:
                await self.writer(actions.tick)

    async def stop(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
        self.hub.close_all()
        self.writer.stop()
        self.reader.close()
