"""The summary's SQL counting (queue_server/store/report.py) on tickets written straight
into the file: the local hour whatever offset a time was stored with, and the same cells
whether the period is read through the day index or in one pass over the table."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from queue_server.store import connect, migrate
from queue_server.store import report as report_rows

WIB = timezone(timedelta(hours=7))
WITA = timezone(timedelta(hours=8))
DAYS = [date(2026, 3, 2) + timedelta(days=i) for i in range(10)]


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    database = connect(tmp_path / "antre.db")
    migrate(database)
    yield database.conn
    database.conn.close()


def add(conn: sqlite3.Connection, day: date, issued: datetime, wait_s: int = 300) -> None:
    """A ticket of `day` issued at `issued` (stored with issued's own offset), done."""
    called = issued + timedelta(seconds=wait_s)
    started, finished = called + timedelta(seconds=20), called + timedelta(seconds=620)
    with conn:
        conn.execute(
            "INSERT INTO tickets (day, service_id, prefix, running, status, priority, issued_at,"
            " queued_at, called_at, started_at, finished_at, counter_id, tracking_token,"
            " updated_at) VALUES (?, 'kk', 'B', ?, 'done', 'regular', ?, ?, ?, ?, ?, 1, ?, ?)",
            (
                day.isoformat(), secrets.randbelow(10**6), issued.isoformat(), issued.isoformat(),
                called.isoformat(), started.isoformat(), finished.isoformat(),
                secrets.token_hex(12), issued.isoformat(),
            ),
        )  # fmt: skip


def cells(conn: sqlite3.Connection, first: date, last: date, group_by: str) -> list[tuple]:
    found = report_rows.ticket_cells(
        conn, first, last, group_by, {"kk": "dukcapil"}, "Asia/Jakarta"
    )
    return sorted((c.key, c.issued, c.waits_ms, c.services_ms) for c in found)


def test_the_local_hour_is_the_same_whatever_offset_the_time_was_stored_with(
    conn: sqlite3.Connection,
) -> None:
    instant = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # 08:30 WIB
    late = datetime(2026, 3, 2, 17, 10, tzinfo=UTC)  # 00:10 WIB: past midnight
    for at in (instant, late):
        for zone in (UTC, WIB, WITA):
            add(conn, DAYS[0], at.astimezone(zone))
    got = cells(conn, DAYS[0], DAYS[0], "hour")
    assert [(key, issued) for key, issued, _, _ in got] == [("00", 3), ("08", 3)]
    assert got[1][2] == [300_000] * 3 and got[1][3] == [600_000] * 3


def test_a_long_period_read_in_one_pass_counts_what_the_day_index_counts(
    conn: sqlite3.Connection,
) -> None:
    for i, day in enumerate(DAYS):
        opening = datetime(day.year, day.month, day.day, 1, tzinfo=UTC)
        for n in range(3):
            add(conn, day, opening + timedelta(hours=n), wait_s=60 * (i + n))
    for group_by in ("day", "hour", "service"):
        whole = cells(conn, DAYS[0], DAYS[-1], group_by)  # most of the days: one pass
        halves = cells(conn, DAYS[0], DAYS[3], group_by) + cells(conn, DAYS[4], DAYS[-1], group_by)
        if group_by == "day":
            assert whole == sorted(halves)
        assert sum(c[1] for c in whole) == sum(c[1] for c in halves) == 30
        assert sorted(w for c in whole for w in c[2]) == sorted(w for c in halves for w in c[2])
    assert report_rows._most_of_the_days(conn, DAYS[0], DAYS[-1])
    assert not report_rows._most_of_the_days(conn, DAYS[0], DAYS[3])
