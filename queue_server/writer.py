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
import logging
import queue
import threading
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
    ) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        """Set by `start(loop)`: answers and events are handed to it, once per batch."""
        self.hall, self.keys, self.clock = hall, keys, clock
        self.path, self.durable = path, durable
        self._checkpointer: Checkpointer | None = None
        self.db = connect(path, durable=durable)
        self.conn = self.db.conn
        self.batch_limit = batch_limit
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
        job = _Job(action, args)
        self._queue.put(job)
        return job.future

    async def __call__(self, action: Callable[..., T], *args: Any) -> T:
        """From the event loop: await the action's committed result."""
        assert self.loop is not None, "start(loop) first"
        job = _Job(action, args, self.loop.create_future())
        self._queue.put(job)
        return await job.future  # type: ignore[no-any-return]

    def start(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self.loop = loop
        # Checkpoints move to their own thread: run inside a commit they stalled every
        # thousandth write by tens of milliseconds (the p99 of a busy morning).
        self.conn.execute("PRAGMA wal_autocheckpoint = 0")
        self._checkpointer = Checkpointer(self.path, durable=self.durable)
        self._checkpointer.start()
        self._thread = threading.Thread(target=self._loop, name="antre-writer", daemon=True)
        self._thread.start()

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
            if stop:
                return

    def _execute(self, batch: list[_Job]) -> None:
        now = self.clock()
        conn = self.conn
        outcomes: list[tuple[_Job, Any, BaseException | None]] = []
        published: list[dict[str, Any]] = []
        memo: dict[Any, Any] = {}
        try:
            conn.execute("BEGIN IMMEDIATE")
            today = hall_day(now, self.hall.timezone).isoformat()
            if today != self.day:
                # The first write of a new hall day expires what the last one left behind.
                tx = actions.Tx(conn, self.hall, now, self.keys, memo)
                actions.roll_day(tx)
                published.extend(tx.published)
                self._purged = True
            for job in batch:
                tx = actions.Tx(conn, self.hall, now, self.keys, memo)
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


class Checkpointer:
    """Copies the WAL back into the database file in the background.

    PASSIVE checkpoints never block the writer or readers; the WAL is reset once a
    checkpoint catches up, so it stays small through the day."""

    INTERVAL = 1.0

    def __init__(self, path: str | Path, *, durable: bool) -> None:
        self.path, self.durable = path, durable
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="antre-checkpoint", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        db = connect(self.path, durable=self.durable)
        try:
            while not self._stop.wait(self.INTERVAL):
                db.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except Exception:
            log.exception("checkpoint failed")
        finally:
            db.conn.close()
