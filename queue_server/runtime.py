"""Everything one running hall server holds, built in one place (never at import)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from queue_core.events import HallChanged
from queue_core.hall import Hall
from queue_core.numbering import hall_day
from queue_server import (
    actions,
    backup,
    booking_actions,
    complaint_actions,
    hall_config,
    nik_keys,
)
from queue_server.auth import LoginThrottle, TokenCache
from queue_server.availability import Availability
from queue_server.hub import Hub
from queue_server.notify import Notifier
from queue_server.queue_view import QueueView
from queue_server.rate_limit import PerAddressLimit
from queue_server.settings import Settings
from queue_server.store import booking as booking_rows
from queue_server.store import complaint as complaint_rows
from queue_server.store import connect, migrate, staff
from queue_server.store import hall_config as hall_rows
from queue_server.writer import Writer

Clock = Callable[[], datetime]
log = logging.getLogger("antre.backup")


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
    CREDENTIALS_POLL = 1.0
    HALL_POLL = 1.0
    TICK = 20.0

    def __init__(
        self, settings: Settings, clock: Clock = utc_now, hall: Hall | None = None
    ) -> None:
        self.settings = settings
        self.clock = clock
        # Held until the process ends: `antre restore` refuses while it is held.
        self._lock = backup.hold_server_lock(settings.db) if settings.db.parent.is_dir() else None
        keys = ensure_database(settings)
        # The database holds the hall after the first start (docs/hall-admin.md); `hall`
        # (the demo's, some tests') overrides it for this process only.
        stored = hall_config.at_start(settings)
        self.hall = hall or stored.hall
        self.writer = Writer(
            settings.db,
            self.hall,
            keys,
            clock,
            durable=settings.durable,
            wal_limit_bytes=int(settings.wal_limit_mb * 1024 * 1024),
        )
        self.reader = connect(settings.db, durable=settings.durable, readonly=True).conn
        self.hub = Hub()
        # First: the readers use the new hall before anyone hears `hall.changed`.
        self.writer.subscribe(self._hall_swapped)
        self.writer.subscribe(self.hub.publish)
        self.availability = Availability(self.reader, self.hall, clock)
        self.writer.subscribe(self.availability.changed)
        self.view = QueueView(self.reader, self.hall, clock, lambda: self.writer.head)
        self.tokens = TokenCache(self.reader)
        self.notify = Notifier.build(
            settings, keys, self.reader, self.writer, clock, config=stored.notify
        )
        # Whatever committed events (a booking made) may have queued a message: look now;
        # a booking checked in or expired needs no more reminders.
        self.writer.subscribe(self.notify.committed)
        self.throttle = LoginThrottle(settings.login_attempts, settings.login_window_seconds)
        self.public_limit = PerAddressLimit(settings.public_rate_per_minute)
        self._ticker: asyncio.Task[None] | None = None
        self._watcher: asyncio.Task[None] | None = None
        self._hall_watcher: asyncio.Task[None] | None = None
        self._backups: asyncio.Task[None] | None = None
        self._sender: asyncio.Task[None] | None = None

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

    def _hall_swapped(self, events: list[dict[str, Any]]) -> None:
        """A writer subscriber: after a committed `hall.changed`, every reader takes the
        hall the writer swapped in (queue_server/hall_config.py)."""
        if any(e["type"] == HallChanged.type for e in events):
            self.use_hall(self.writer.hall)

    def use_hall(self, hall: Hall) -> None:
        self.hall = hall
        self.availability.use_hall(hall)
        self.view.use_hall(hall)
        notify = hall_config.stored_notify(self.reader)
        if notify is not None:
            self.notify.outbox.config = notify

    async def announce_stored_hall(self) -> int | None:
        """Swap in and announce a version stored beside the server (`antre hall import`)."""
        return await self.writer(hall_config.announce_stored, self.writer)

    async def _watch_hall(self) -> None:
        """Once a second, one read of the stored version: an import made beside the running
        server is applied within a second or so."""
        seen = hall_rows.version(self.reader)
        while True:
            await asyncio.sleep(self.HALL_POLL)
            version = hall_rows.version(self.reader)
            if version != seen:
                seen = version
                try:
                    await self.announce_stored_hall()
                except Exception:  # a bad stored document must not end the watch
                    log.exception("the stored hall configuration (version %d) failed", version)

    async def start(self) -> None:
        self.writer.start(asyncio.get_running_loop())
        await self.writer(actions.tick)
        # An import made while the server was stopped is announced now.
        await self.announce_stored_hall()
        # A holiday added to the hall file since the bookings were made: keep them, flag
        # them for staff (docs/booking.md).
        await self.writer(booking_actions.flag_affected)
        await self.expire_bookings()
        self._ticker = asyncio.create_task(self._roll_days())
        self._watcher = asyncio.create_task(self._watch_credentials())
        self._hall_watcher = asyncio.create_task(self._watch_hall())
        self._sender = asyncio.create_task(self.notify.sender.run())
        if self.settings.backup_keep_days > 0:
            self._backups = asyncio.create_task(self._daily_backups())

    async def _daily_backups(self) -> None:
        """One backup per hall day, taken as soon as the server runs on that day: at
        start-up (a hall PC switched off at night backs up the day before when it comes
        back) or just after midnight. It runs beside the writer, never stopping it."""
        folder = self.settings.backup_dir or self.settings.db.parent / "backups"
        while True:
            day = hall_day(self.clock(), self.hall.timezone)
            try:
                await asyncio.to_thread(
                    backup.daily, self.settings.db, folder, day, self.settings.backup_keep_days
                )
            except Exception:  # a full or missing disk must not stop the hall
                log.exception("daily backup into %s failed; trying again in a minute", folder)
            await asyncio.sleep(60)

    async def expire_bookings(self) -> int:
        """Expire the bookings whose check-in window has closed, if any (one read when
        none is due)."""
        due = booking_rows.next_expiry(self.reader)
        if due is None or due >= self.clock():
            return 0
        return await self.writer(booking_actions.expire_due)

    async def close_answered_complaints(self) -> int:
        """Close answered complaints whose confirm_days passed without a reply (one read
        when none is due)."""
        due = complaint_rows.next_self_close(self.reader)
        if due is None or due > self.clock():
            return 0
        return await self.writer(complaint_actions.close_due, self.notify.outbox)

    async def _roll_days(self) -> None:
        """Expire leftovers at local midnight even when the hall is quiet, and bookings
        whose check-in window closed (at most TICK seconds late)."""
        while True:
            await asyncio.sleep(self.TICK)
            if hall_day(self.clock(), self.hall.timezone).isoformat() != self.writer.day:
                await self.writer(actions.tick)
            try:
                await self.expire_bookings()
            except Exception:  # a failed expiry must not end the ticker for the day
                log.exception("booking expiry failed; trying again at the next tick")
            try:
                await self.close_answered_complaints()
            except Exception:  # as above: the ticker goes on
                log.exception("closing answered complaints failed; trying again at the next tick")

    async def stop(self) -> None:
        for task in (self._ticker, self._watcher, self._hall_watcher, self._backups, self._sender):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        self.hub.close_all()
        self.writer.stop()
        self.reader.close()
        if self._lock is not None:
            self._lock.close()
