"""Daily backups and their retention; restore refuses a damaged backup."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from inprocess import HallClient
from support import SMALL_HALL, antre, wait_until

from queue_server import backup
from queue_server.runtime import ensure_database
from queue_server.settings import Settings


def _database(path: Path) -> Path:
    ensure_database(Settings(db=path, hall=SMALL_HALL))
    return path


def test_daily_backup_is_taken_once_a_day_and_old_ones_are_deleted(tmp_path: Path) -> None:
    db = _database(tmp_path / "antre.db")
    folder = tmp_path / "backups"
    folder.mkdir()
    for old in ("2026-11-01", "2026-11-15", "2026-11-16"):
        backup.take(db, folder / f"antre-{old}.db")
    (folder / "antre-before-upgrade.db").write_text("the admin's own file")

    made = backup.daily(db, folder, date(2026, 11, 30), keep_days=14)
    again = backup.daily(db, folder, date(2026, 11, 30), keep_days=14)

    assert made == folder / "antre-2026-11-30.db" and again is None
    assert sorted(p.name for p in folder.iterdir()) == [
        "antre-2026-11-16.db",
        "antre-2026-11-30.db",
        "antre-before-upgrade.db",
    ]


def test_running_server_backs_up_the_hall_day_it_starts_on(hall: HallClient) -> None:
    daily = hall.db.parent / "backups" / "antre-2026-11-30.db"  # the fake clock's Monday
    wait_until(daily.exists, what="the day's backup")
    with sqlite3.connect(daily) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_restore_refuses_a_damaged_backup_and_leaves_the_database(tmp_path: Path) -> None:
    db = _database(tmp_path / "antre.db")
    damaged = tmp_path / "damaged.db"
    backup.take(db, damaged)
    with damaged.open("r+b") as f:  # garbage over the second page onwards
        f.seek(4096)
        f.write(b"\xa5" * 8192)
    before = db.read_bytes()

    refused = antre("restore", str(damaged), "--db", str(db))

    assert refused.returncode == 1
    assert refused.stderr.startswith(f"antre: {damaged} failed the integrity check: ")
    assert len(refused.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == before
    assert not list(tmp_path.glob("antre.db.before-restore-*"))
