"""Durability a test can see fail: syncs before answers, and a WAL that stays bounded."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import httpx
import pytest
from support import Server, bearer
from syscall_trace import STRACE, SyncReport, check_wal_synced_before_201

pytestmark = pytest.mark.e2e

KIOSKS, TICKETS_EACH = 8, 5


def _kiosks_issue(server: Server, kiosks: int, each: int) -> list[dict]:
    """`kiosks` kiosks at once, each taking `each` tickets on a kept-alive connection;
    returns the tickets acknowledged with a 201."""
    token = server.device_token("kiosk-1", "kiosk")
    acknowledged: list[dict] = []
    lock = threading.Lock()

    def kiosk(n: int) -> None:
        with httpx.Client(base_url=server.url, headers=bearer(token), timeout=60) as client:
            for i in range(each):
                reply = client.post(
                    "/api/v1/tickets",
                    json={"service_id": ("kk", "pkb")[i % 2]},
                    headers={"Idempotency-Key": f"k{n}-{i}"},
                )
                assert reply.status_code == 201, reply.text
                with lock:
                    acknowledged.append(reply.json())

    threads = [threading.Thread(target=kiosk, args=(n,)) for n in range(kiosks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return acknowledged


def _traced_run(tmp_path: Path, durable: bool) -> tuple[list[dict], SyncReport]:
    if shutil.which("strace") is None:  # in CI (ANTRE_REQUIRE_STRACE=1) a failure
        message = "strace not found: apt-get install strace"
        if os.environ.get("ANTRE_REQUIRE_STRACE"):
            pytest.fail(message)
        pytest.skip(message)
    trace = tmp_path / "strace.log"
    server = Server(
        tmp_path / "antre.db",
        env={"ANTRE_DURABLE": "true" if durable else "false"},
        wrap=[*STRACE, "-o", str(trace)],
    ).start()
    try:
        acknowledged = _kiosks_issue(server, KIOSKS, TICKETS_EACH)
    finally:
        server.stop()  # strace has written every line once the server has exited
    return acknowledged, check_wal_synced_before_201(trace)


def test_every_acknowledged_ticket_was_synced_to_the_wal_before_its_201(tmp_path: Path) -> None:
    acknowledged, report = _traced_run(tmp_path, durable=True)
    assert len(acknowledged) == KIOSKS * TICKETS_EACH
    assert report.acknowledged == len(acknowledged), "every 201 the clients got is in the trace"
    assert report.violations == []
    assert report.wal_syncs > 0


def test_sync_check_reports_every_201_when_durability_is_off(tmp_path: Path) -> None:
    """The same check against ANTRE_DURABLE=false (synchronous=OFF): it must see that no
    201 had its ticket synced, or the test above proves nothing."""
    acknowledged, report = _traced_run(tmp_path, durable=False)
    assert report.acknowledged == len(acknowledged) == KIOSKS * TICKETS_EACH
    assert report.wal_syncs == 0
    assert len(report.violations) == report.acknowledged


def test_wal_stays_under_its_limit_under_saturating_ticket_load(tmp_path: Path) -> None:
    limit_mb = 1
    server = Server(tmp_path / "antre.db", env={"ANTRE_WAL_LIMIT_MB": str(limit_mb)}).start()
    wal = Path(f"{server.db}-wal")
    sizes: list[int] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.005):  # a sampling pace, not a wait for something to happen
            try:
                sizes.append(os.path.getsize(wal))
            except FileNotFoundError:
                sizes.append(0)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        acknowledged = _kiosks_issue(server, 16, 150)
    finally:
        done.set()
        sampler.join()
        server.stop()
    assert len(acknowledged) == 16 * 150
    assert len(sizes) > 100, "the WAL was sampled throughout the load"
    assert max(sizes) <= limit_mb * 1024 * 1024, f"WAL reached {max(sizes):,} bytes"
