"""The WAL checkpoints: the background thread outlives its errors."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from support import SMALL_HALL, wait_until

from queue_core.hall import load_hall
from queue_server import actions
from queue_server.runtime import ensure_database, utc_now
from queue_server.settings import Settings
from queue_server.writer import Checkpointer, Writer


def _writer(db: Path) -> Writer:
    secret = ensure_database(Settings(db=db, hall=SMALL_HALL))
    return Writer(db, load_hall(SMALL_HALL), secret, utc_now, checkpoint_interval=0.02)


def _tickets_in_database_file_alone(db: Path, copy: Path) -> int:
    """Tickets the main database file holds without its WAL: what checkpoints copied."""
    shutil.copyfile(db, copy)
    with sqlite3.connect(copy) as conn:
        return int(conn.execute("SELECT count(*) FROM tickets").fetchone()[0])


def test_checkpoint_thread_keeps_checkpointing_after_a_checkpoint_fails(tmp_path: Path) -> None:
    db = tmp_path / "antre.db"
    writer = _writer(db)
    writer.start()
    try:
        checkpointer = writer.checkpointer
        assert isinstance(checkpointer, Checkpointer)
        wait_until(lambda: checkpointer.checkpoints >= 2, what="the first checkpoints")
        # Its real connection closed under it: the next checkpoint raises.
        conn = wait_until(lambda: checkpointer.conn, what="the checkpoint connection")
        conn.close()
        wait_until(lambda: checkpointer.failures >= 1, what="the failed checkpoint")
        for i in range(20):
            writer.submit(
                actions.issue_ticket, actions.IssueRequest("kk", idempotency_key=f"k{i}")
            ).result(timeout=10)
        # The tickets written after the failure reach the database file itself: the
        # thread reconnected and went on copying the WAL back.
        wait_until(
            lambda: _tickets_in_database_file_alone(db, tmp_path / "copy.db") == 20,
            what="the new tickets checkpointed into the database file",
        )
        assert checkpointer._thread.is_alive()
    finally:
        writer.stop()
