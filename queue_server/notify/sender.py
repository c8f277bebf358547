"""The sender: a task of the running server that delivers due outbox messages after
their commit, outside every request.

Each message is sent in its own task (at most `CONCURRENCY` at once), so a gateway that
hangs until its timeout holds up only its own messages. The result is recorded through
the writer: `sent`, or one more attempt and the next one after an exponential backoff
(`ANTRE_NOTIFY_RETRY_SECONDS` × 2^(attempts−1), at most an hour), or `failed` after
`ANTRE_NOTIFY_MAX_ATTEMPTS`. Delivery is at least once: a crash between the gateway's
answer and the commit of `sent` sends that message again at the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

from queue_server.actions import Tx
from queue_server.notify import channels
from queue_server.notify.outbox import Outbox
from queue_server.store import notify as rows
from queue_server.store.notify import OutboxRow
from queue_server.writer import Writer

log = logging.getLogger("antre.notify")
MAX_BACKOFF = timedelta(hours=1)


@dataclass(frozen=True)
class SenderSettings:
    retry_seconds: float = 30.0
    max_attempts: int = 8
    timeout: float = 10.0
    poll_seconds: float = 5.0
    smtp_password: str | None = None


def record_sent(tx: Tx, message_id: int) -> None:
    rows.mark_sent(tx.conn, message_id, tx.now)


def record_failure(tx: Tx, message_id: int, error: str, retry_at: datetime | None) -> None:
    rows.mark_attempt_failed(tx.conn, message_id, error, retry_at, tx.now)


class Sender:
    CONCURRENCY = 16
    BATCH = 64

    def __init__(
        self,
        reader: sqlite3.Connection,
        writer: Writer,
        outbox: Outbox,
        clock: Callable[[], datetime],
        settings: SenderSettings,
    ) -> None:
        self.reader, self.writer, self.outbox = reader, writer, outbox
        self.clock, self.settings = clock, settings
        self._wake = asyncio.Event()
        self._inflight: dict[int, asyncio.Task[None]] = {}
        self._slots = asyncio.Semaphore(self.CONCURRENCY)
        self._client: httpx.AsyncClient | None = None

    def wake(self, *_: Any) -> None:
        """Something was committed: look for due messages now rather than at the poll."""
        self._wake.set()

    async def run(self) -> None:
        self._client = httpx.AsyncClient(follow_redirects=False, trust_env=False)
        try:
            while True:
                self._wake.clear()
                try:
                    self._start_due()
                except Exception:  # a locked database must not end the sender
                    log.exception("reading the outbox failed; trying again")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self._pause())
        finally:
            for task in list(self._inflight.values()):
                task.cancel()
            await asyncio.gather(*self._inflight.values(), return_exceptions=True)
            await self._client.aclose()

    def _pause(self) -> float:
        """Until the next message falls due (the poll at most: another process, such as
        a CLI command, may have written to the outbox)."""
        poll = self.settings.poll_seconds
        upcoming = rows.next_due(self.reader)
        if upcoming is None:
            return poll
        delta = (datetime.fromisoformat(upcoming) - self.clock()).total_seconds()
        return max(0.02, min(poll, delta))

    def _start_due(self) -> None:
        for message in rows.due(self.reader, self.clock(), self.BATCH):
            if message.id not in self._inflight:
                task = asyncio.create_task(self._deliver(message))
                self._inflight[message.id] = task
                task.add_done_callback(functools.partial(self._done, message.id))

    def _done(self, message_id: int, _task: asyncio.Task[None]) -> None:
        self._inflight.pop(message_id, None)
        self._wake.set()  # its retry time may be the next due

    async def _deliver(self, message: OutboxRow) -> None:
        async with self._slots:
            error = await self._send(message)
        try:
            if error is None:
                await self.writer(record_sent, message.id)
                return
            attempts = message.attempts + 1
            retry_at = None
            if attempts < self.settings.max_attempts and not error.startswith("!"):
                backoff = timedelta(seconds=self.settings.retry_seconds * 2 ** (attempts - 1))
                retry_at = self.clock() + min(backoff, MAX_BACKOFF)
            log.warning(
                "notification %d (%s via %s) attempt %d failed: %s",
                message.id,
                message.kind,
                message.channel,
                attempts,
                error.lstrip("!"),
            )
            await self.writer(record_failure, message.id, error.lstrip("!"), retry_at)
        except Exception:
            log.exception("recording notification %d failed", message.id)

    async def _send(self, message: OutboxRow) -> str | None:
        """None when sent, else the reason; `!` first when trying again cannot help."""
        channel = self.outbox.config.channel(message.channel)
        if channel is None:
            return f"!channel {message.channel!r} is no longer in the hall file"
        sealed = rows.contact(self.reader, message.contact_id)
        field = channel.takes
        to = None if sealed is None else self.outbox.box.open(field, getattr(sealed, field))
        if to is None:
            return f"!no readable {field} for this contact"
        assert self._client is not None
        try:
            await channels.send(
                channel,
                to,
                message,
                client=self._client,
                password=self.settings.smtp_password if channel.kind == "smtp" else None,
                timeout=self.settings.timeout,
            )
        except channels.SendFailed as exc:
            return str(exc) or "failed"
        return None
