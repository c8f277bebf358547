"""Backups of the hall database: taken while the server writes, restored only when it is
stopped, and one a day kept automatically.

A backup is SQLite's online backup of one moment (store.snapshot): every ticket committed
before it began is in it. The server holds a shared `flock` on `<db>.lock` for its whole
life; the kernel drops it when the process ends, even by SIGKILL or a power cut, so a
restore that cannot take the lock exclusively knows for certain that a server runs on that
database, and holding it keeps a server from starting in the middle of the restore.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO

from queue_server.store.snapshot import copy_database, integrity_problems

log = logging.getLogger("antre.backup")
DAILY = re.compile(r"^antre-(\d{4}-\d{2}-\d{2})\.db$")


class BackupError(Exception):
    """A one-line reason a backup or restore was refused."""


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def hold_server_lock(db: Path) -> IO[str]:
    """The running server's claim on `db`; kept open for the server's life. Shared, so
    tools that only read (and servers started as before) are not refused."""
    handle = lock_path(db).open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise BackupError(f"{db} is being restored; start the server when that ends") from None
    handle.truncate(0)
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


@contextlib.contextmanager
def no_server_running(db: Path) -> Iterator[None]:
    """Holds `db` exclusively for the block; refuses at once while a server runs on it."""
    with lock_path(db).open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            pid = handle.read().strip() or "?"
            raise BackupError(
                f"a server is running on {db} (pid {pid}); stop it first, then restore"
            ) from None
        yield


def take(db: Path, target: Path) -> int:
    """Back `db` up into the new file `target`; returns the tickets it holds. Written
    beside it under a temporary name and renamed when complete and synced, so a file
    with the final name is always a whole backup."""
    if not db.exists():
        raise BackupError(f"{db} does not exist")
    if target.exists():
        raise BackupError(f"{target} exists already; choose a new name")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        tickets = copy_database(db, partial)
        _fsync(partial)
        os.replace(partial, target)
        _fsync(target.parent)
    finally:
        partial.unlink(missing_ok=True)
    return tickets


def restore(backup: Path, db: Path, now: datetime) -> Path | None:
    """Replace `db` with a checked copy of `backup`; returns where the old database was
    kept (None when there was none). Refused while a server runs on `db`."""
    if not backup.is_file():
        raise BackupError(f"{backup} is not a file")
    if not db.parent.is_dir():
        raise BackupError(f"{db.parent} does not exist; create it or fix --db")
    problems = integrity_problems(backup)
    if problems:
        raise BackupError(f"{backup} failed the integrity check: {'; '.join(problems[:3])}")
    with no_server_running(db):
        incoming = db.with_name(db.name + ".restoring")
        incoming.unlink(missing_ok=True)
        copy_database(backup, incoming)
        _fsync(incoming)
        aside = None
        if db.exists():
            aside = db.with_name(f"{db.name}.before-restore-{now:%Y%m%d-%H%M%S}")
            # The WAL may hold the old database's last commits: it moves with it, under
            # the name SQLite looks for beside the kept file.
            for suffix in ("-wal", "-shm", ""):
                old = Path(f"{db}{suffix}")
                if old.exists():
                    os.replace(old, Path(f"{aside}{suffix}"))
        os.replace(incoming, db)
        _fsync(db.parent)
    return aside


def daily(db: Path, folder: Path, day: date, keep_days: int) -> Path | None:
    """Today's backup (`antre-<hall day>.db` in `folder`) unless it exists, then delete
    the daily backups older than `keep_days`. Returns the new backup's path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"antre-{day.isoformat()}.db"
    made = None
    if not target.exists():
        tickets = take(db, target)
        log.info("daily backup %s (%d tickets)", target, tickets)
        made = target
    oldest = day - timedelta(days=keep_days)
    for old in folder.iterdir():
        match = DAILY.match(old.name)
        if match and date.fromisoformat(match[1]) < oldest:
            old.unlink(missing_ok=True)
            log.info("daily backup %s deleted (older than %d days)", old, keep_days)
    return made


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
