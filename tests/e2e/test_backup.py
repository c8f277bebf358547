"""Backups of a real server's database: taken while kiosks issue, restored when stopped."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest
from support import Server, antre, bearer, wait_until

from queue_server import backup

pytestmark = pytest.mark.e2e

KIOSKS, MOST_EACH = 50, 40


def _ticket_ids(db: Path) -> set[int]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM tickets")}


def _integrity(db: Path) -> list[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return [row[0] for row in conn.execute("PRAGMA integrity_check")]


def test_backup_while_fifty_kiosks_issue_restores_every_ticket_acknowledged_before_it(
    tmp_path: Path,
) -> None:
    server = Server(tmp_path / "antre.db").start()
    token = server.device_token("kiosk-1", "kiosk")
    acks: list[tuple[float, int]] = []
    """(monotonic time the 201 arrived, ticket id)"""
    lock = threading.Lock()
    stop = threading.Event()

    def kiosk(n: int) -> None:
        with httpx.Client(base_url=server.url, headers=bearer(token), timeout=60) as client:
            for i in range(MOST_EACH):
                if stop.is_set():
                    return
                reply = client.post(
                    "/api/v1/tickets",
                    json={"service_id": ("kk", "pkb")[i % 2]},
                    headers={"Idempotency-Key": f"k{n}-{i}"},
                )
                assert reply.status_code == 201, reply.text
                with lock:
                    acks.append((time.monotonic(), reply.json()["id"]))

    kiosks = [threading.Thread(target=kiosk, args=(n,)) for n in range(KIOSKS)]
    # A long read (a supervisor's report) holds an old snapshot through the rush, so the
    # checkpoints cannot copy the new tickets into the database file: they are only in
    # the WAL when the backup runs, and a backup that copied the file alone would lose them.
    report = sqlite3.connect(server.db, isolation_level=None)
    report.execute("BEGIN")
    report.execute("SELECT count(*) FROM tickets").fetchone()
    try:
        for k in kiosks:
            k.start()
        wait_until(lambda: len(acks) >= 200, timeout=60, what="200 tickets issued")
        began = time.monotonic()
        # What `antre backup` runs, called here so that it starts at `began` and not a
        # process start-up later (the CLI itself is tested below).
        backup.take(server.db, tmp_path / "during.db")
        ended = time.monotonic()
        wait_until(lambda: any(at > ended for at, _ in acks), what="kiosks still issuing after it")
    finally:
        stop.set()
        for k in kiosks:
            k.join(timeout=60)
        report.close()
        server.stop()
    with lock:
        before = {ticket for at, ticket in acks if at < began}
    assert len(before) >= 200

    restored = tmp_path / "restored.db"
    done = antre("restore", str(tmp_path / "during.db"), "--db", str(restored))
    assert done.returncode == 0, done.stderr
    assert _integrity(restored) == ["ok"]
    missing = before - _ticket_ids(restored)
    assert not missing, f"{len(missing)} tickets acknowledged before the backup are missing"


def test_restore_is_refused_while_the_server_runs_and_works_once_it_stops(
    tmp_path: Path,
) -> None:
    server = Server(tmp_path / "antre.db").start()
    kiosk = bearer(server.device_token("kiosk-1", "kiosk"))

    def issue() -> dict:
        reply = httpx.post(f"{server.url}/api/v1/tickets", json={"service_id": "kk"}, headers=kiosk)
        assert reply.status_code == 201, reply.text
        return dict(reply.json())

    kept = [issue()["number"] for _ in range(3)]
    copy = tmp_path / "backup.db"
    made = antre("backup", str(copy), "--db", str(server.db))
    assert made.returncode == 0, made.stderr
    assert "(3 tickets, integrity ok)" in made.stdout
    later = issue()["number"]

    refused = antre("restore", str(copy), "--db", str(server.db))
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"antre: a server is running on {server.db} (pid ")
    assert len(refused.stderr.strip().splitlines()) == 1
    assert issue()["number"] > later, "the refused restore left the running hall alone"

    server.stop()
    done = antre("restore", str(copy), "--db", str(server.db))
    assert done.returncode == 0, done.stderr
    aside = Path(done.stdout.strip().rpartition(" kept as ")[2])
    assert aside.exists(), done.stdout

    server.start()
    admin = bearer(server.staff_token())
    numbers = [t["number"] for t in httpx.get(f"{server.url}/api/v1/tickets", headers=admin).json()]
    assert sorted(numbers) == sorted(kept)
    assert issue()["number"] == "B004", "numbering goes on from the restored day"
    server.stop()
    with sqlite3.connect(aside) as old:  # the replaced database, with its last tickets
        assert old.execute("SELECT count(*) FROM tickets").fetchone()[0] == 5
