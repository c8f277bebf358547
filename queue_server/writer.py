"""The one writer: every change to the hall goes through here.

A single thread owns the write connection and runs actions one at a time, so there is no
race between two kiosks or two counters: dispatch and numbering see a consistent hall.
Group commit: whatever actions queued up while the previous fsync ran are executed in one
transaction (each inside its own SAVEPOINT, so one failing action undoes only itself) and
committed with one fsync. A caller hears back only after its COMMIT, so a 2xx always means
the ticket survives a power cut.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from queue_core.errors import DomainError
from queue_core.hall import Hall
from queue_core.numbering import hall_day
from queue_server import actions
from queue_server.nik_keys import NikKeys
from queue_server.store import connect, meta, retention
from queue_server.store import counters as counter_rows
from queue_server.store import events as event_log
from queue_server.store.database import checkpoint, take_over_checkpoints, wait_for_locks

log = logging.getLogger("antre.writer")
T = TypeVar("T")
Publish = Callable[[list[dict[str, Any]]], None]


@dataclass
class _Job:
    action: Callable[..., Any]
    args: tuple[Any, ...]
    future: Future[Any] | asyncio.Future[Any] = field(default_factory=Future)


_STOP = object()


class Writer:
    def __init__(
        self,
        path: str | Path,
        hall: Hall,
        keys: NikKeys,
        clock: Callable[[], datetime],
        *,
        durable: bool = True,
        batch_limit: int = 128,
        wal_limit_bytes: int = 64 * 1024 * 1024,
        checkpoint_interval: float = 1.0,
    ) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        """Set by `start(loop)`: answers and events are handed to it, once per batch."""
        self.hall, self.keys, self.clock = hall, keys, clock
        self.path, self.durable = path, durable
        self._checkpointer: Checkpointer | None = None
        self.db = connect(path, durable=durable)
        self.conn = self.db.conn
        self.batch_limit = batch_limit
        self.wal = WalBound(self.conn, path, wal_limit_bytes)
        self.checkpoint_interval = checkpoint_interval
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._subscribers: list[Publish] = []
        self.head = event_log.last_seq(self.conn)
        """Newest committed seq; readers use it to know their caches are stale."""
        self.conn.execute("BEGIN IMMEDIATE")
        counter_rows.sync_config(self.conn, hall.counters)
        self.conn.execute("COMMIT")
        stored = meta.get(self.conn, "day")
        self.day = stored or ""
        self._purged = False
        self._days: dict[Any, Any] = {}
        """What holds for a whole hall day across batches (the ETA's history prior)."""

    def subscribe(self, publish: Publish) -> None:
        """`publish` gets each committed batch's events, in seq order: on the event loop
        when the writer was started with one, else in the writer's thread."""
        self._subscribers.append(publish)

    # --- running actions ---------------------------------------------------------------

    def run(self, action: Callable[..., T], *args: Any) -> T:
        """Run one action now, in the calling thread (CLI, simulation, start-up)."""
        if self._thread is not None:
            return self.submit(action, *args).result()  # type: ignore[no-any-return]
        job = _Job(action, args)
        self._execute([job])
        return job.future.result()  # type: ignore[no-any-return]

    def submit(self, action: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self._queue.put(_Job(action, args, future))
        return future

    async def __call__(self, action: Callable[..., T], *args: Any) -> T:
        """From the event loop: await the action's committed result."""
        assert self.loop is not None, "start(loop) first"
        future: asyncio.Future[T] = self.loop.create_future()
        self._queue.put(_Job(action, args, future))
        return await future

    def start(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self.loop = loop
        # Checkpoints move to their own thread: run inside a commit they stalled every
        # thousandth write by tens of milliseconds (the p99 of a busy morning).
        take_over_checkpoints(self.conn, self.wal.limit)
        self._checkpointer = Checkpointer(
            self.path, durable=self.durable, interval=self.checkpoint_interval
        )
        self._checkpointer.start()
        self._thread = threading.Thread(target=self._loop, name="antre-writer", daemon=True)
        self._thread.start()

    @property
    def checkpointer(self) -> Checkpointer | None:
        return self._checkpointer

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join(timeout=10)
            self._thread = None
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None
        self.conn.close()

    def _loop(self) -> None:
        while True:
            first = self._queue.get()
            if first is _STOP:
                return
            batch = [first]
            stop = False
            while len(batch) < self.batch_limit:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is _STOP:
                    stop = True
                    break
                batch.append(more)
            self._execute(batch)
            # Between two batches nothing of ours is in flight: the one moment a truncating
            # checkpoint can finish however saturated the hall is.
            self.wal.keep_bounded()
            if stop:
                return

    def _execute(self, batch: list[_Job]) -> None:
        now = self.clock()
        conn = self.conn
        outcomes: list[tuple[_Job, Any, BaseException | None]] = []
        published: list[dict[str, Any]] = []
        memo: dict[Any, Any] = {}
        hall = self.hall  # an action may swap it (hall_config.swap); a failed batch undoes that
        try:
            conn.execute("BEGIN IMMEDIATE")
            today = hall_day(now, self.hall.timezone).isoformat()
            if today != self.day:
                # The first write of a new hall day expires what the last one left behind.
                tx = actions.Tx(conn, self.hall, now, self.keys, memo, self._days)
                actions.roll_day(tx)
                published.extend(tx.published)
                self._purged = True
            for job in batch:
                tx = actions.Tx(conn, self.hall, now, self.keys, memo, self._days)
                conn.execute("SAVEPOINT action")
                try:
                    result = job.action(tx, *job.args)
                except BaseException as exc:  # undo this action only; the batch goes on
                    conn.execute("ROLLBACK TO action")
                    conn.execute("RELEASE action")
                    if not isinstance(exc, DomainError):
                        log.exception(
                            "action %s failed", getattr(job.action, "__name__", job.action)
                        )
                    outcomes.append((job, None, exc))
                    continue
                conn.execute("RELEASE action")
                published.extend(tx.published)
                outcomes.append((job, result, None))
            conn.execute("COMMIT")
        except BaseException as exc:
            log.exception("write batch failed; rolled back")
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            self.hall = hall
            for job in batch:
                if not job.future.done():
                    job.future.set_exception(exc)
            return
        self.day = today
        if self._purged:
            # The roll purged the last day's NIK links; their old page images are still in
            # the WAL until it is checkpointed and truncated (retried while readers hold it).
            self._purged = not retention.truncate_wal(conn)
        if published:
            self.head = published[-1]["seq"]
        if self.loop is not None and not self.loop.is_closed():
            # One wake-up of the loop per batch, not one per request.
            self.loop.call_soon_threadsafe(self._settle, outcomes, published)
        else:
            self._settle(outcomes, published)

    def _settle(
        self,
        outcomes: list[tuple[_Job, Any, BaseException | None]],
        published: list[dict[str, Any]],
    ) -> None:
        """Answer the callers, then publish: an operator's call-next returns before the
        hub starts writing to a thousand boards."""
        for job, result, error in outcomes:
            if job.future.done():  # the caller went away (asyncio future cancelled)
                continue
            if error is not None:
                job.future.set_exception(error)
            else:
                job.future.set_result(result)
        if published:
            for publish in self._subscribers:
                try:
                    publish(published)
                except Exception:
                    log.exception("event subscriber failed")


class WalBound:
    """Keeps the WAL under a size whatever the load, from the writer's own thread.

    PASSIVE checkpoints (the Checkpointer) copy frames back while the writer goes on, but
    SQLite only rewinds the WAL when a checkpoint has caught up at the moment the writer
    begins its next transaction. A saturating load (a booking rush) never gives it that
    moment: measured, three minutes of it grew the WAL to 6.3 GB beside a 163 MB database,
    and every read got slower. So when the WAL passes half the limit, the writer itself,
    between two batches, runs a TRUNCATE checkpoint: nothing is writing, it waits briefly
    for readers still on an old snapshot, copies what the PASSIVE ones left, and cuts the
    file to zero. Half, so that the batches written before the next check cannot carry the
    file past the limit."""

    READERS_WAIT_MS = 200
    """How long a truncating checkpoint waits for readers on an old snapshot (tracking
    reads take a millisecond; a backup in progress holds one much longer)."""
    RETRY_AFTER = 1.0
    """After a checkpoint that could not finish, seconds before trying again: each try
    pauses the writer up to READERS_WAIT_MS."""

    def __init__(self, conn: sqlite3.Connection, path: str | Path, limit_bytes: int) -> None:
        self.conn, self.limit = conn, limit_bytes
        self.wal_path = f"{path}-wal"
        self.truncations = 0
        self._retry_at = 0.0

    def size(self) -> int:
        try:
            return os.path.getsize(self.wal_path)
        except FileNotFoundError:
            return 0

    def keep_bounded(self) -> None:
        if self.size() <= self.limit // 2 or time.monotonic() < self._retry_at:
            return
        started = time.monotonic()
        try:
            wait_for_locks(self.conn, self.READERS_WAIT_MS)
            busy = checkpoint(self.conn, "TRUNCATE")[0]
        except sqlite3.Error:
            log.exception("truncating checkpoint failed; the writer goes on")
            busy = 1
        finally:
            wait_for_locks(self.conn)
        if not busy:
            self.truncations += 1
        elif time.monotonic() - started >= self.READERS_WAIT_MS / 2000:
            # A reader (often a backup) held an old snapshot all that time: waiting again
            # after every batch would halve the hall's throughput, so try again shortly.
            self._retry_at = time.monotonic() + self.RETRY_AFTER
            log.warning("WAL at %d bytes and a reader holds it; retrying in 1 s", self.size())
        # Else the Checkpointer's PASSIVE pass was running (SQLite does not wait for it):
        # it ends within milliseconds, so the next batch tries again.


class Checkpointer:
    """Copies the WAL back into the database file in the background.

    PASSIVE checkpoints never block the writer or readers; at a hall's normal pace the WAL
    is reset once one catches up (WalBound handles a saturating load). An error (a locked
    or vanished file, a closed connection) must not end checkpointing for the rest of the
    day: it is logged, and the thread reconnects after a growing pause."""

    INTERVAL = 1.0
    MAX_BACKOFF = 30.0

    def __init__(self, path: str | Path, *, durable: bool, interval: float = INTERVAL) -> None:
        self.path, self.durable, self.interval = path, durable, interval
        self.conn: sqlite3.Connection | None = None
        self.checkpoints = 0
        """Checkpoints that ran; with `failures`, what the health of this thread is."""
        self.failures = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="antre-checkpoint", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        backoff = self.interval
        while not self._stop.is_set():
            try:
                self._checkpoint_until_stopped()
                return
            except Exception:
                self.failures += 1
                log.exception("checkpoint failed; reconnecting in %.1f s", backoff)
            finally:
                self._close()
            if self._stop.wait(backoff):
                return
            backoff = min(backoff * 2, self.MAX_BACKOFF)

    def _checkpoint_until_stopped(self) -> None:
        self.conn = connect(self.path, durable=self.durable).conn
        while not self._stop.wait(self.interval):
            checkpoint(self.conn, "PASSIVE")
            self.checkpoints += 1
        checkpoint(self.conn, "TRUNCATE")

    def _close(self) -> None:
        conn, self.conn = self.conn, None
        if conn is not None:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
