"""The summary report over a long simulated period against one SQL GROUP BY of the same
tickets.

A year of a busy hall: 250 hall days × 3,000 tickets (750,000; quick: 60 days, 180,000),
written straight into the migrated file in the shape the server writes them (issued,
waited, called, served at one of four counters by one of four operators; a few no-shows,
cancellations and expiries). The figure is `GET /api/v1/reports/summary?group_by=…` on a
real `antre serve` for each grouping, against the least such a report must do: one
`SELECT key, count(*), sum(…), avg(wait) … GROUP BY key` over the same rows from this
process (no percentiles, no rounding, no HTTP). The two take turns, so machine noise hits
both. Also timed: a month as .xlsx.

Run alone: python bench/report_summary.py [--quick]
"""

from __future__ import annotations

import random
import secrets
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

from harness import AntreServer, bearer
from report import BenchResult, Options, main_for

NAME, TITLE = "report_summary", "Summary report over a year of tickets vs one SQL GROUP BY"
PER_DAY = 3_000
TARGET_RATIO = 2.0
TARGET_MS = 2_000.0
XLSX_TARGET_MS = 5_000.0
SERVICES = (("ktp", "A"), ("kk", "B"), ("akta", "C"), ("pkb", "D"))
GROUPS = ("agency", "service", "counter", "operator", "day", "hour")
KEY_SQL = {
    "agency": "CASE WHEN service_id = 'pkb' THEN 'samsat' ELSE 'dukcapil' END",
    "service": "service_id",
    "counter": "counter_id",
    "operator": "called_by",
    "day": "day",
    "hour": "substr(issued_at, 12, 2)",
}
WAIT = "(julianday(called_at) - julianday(queued_at)) * 1440"
SERVE = "(julianday(finished_at) - julianday(started_at)) * 1440"


def hall_days(n: int) -> list[date]:
    days, day = [], date(2025, 1, 2)
    while len(days) < n:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def seed(db: Path, days: list[date]) -> int:
    """Ticket rows as the writer leaves them at the end of their day (durable off)."""
    from queue_server.store import connect, migrate

    database = connect(db, durable=False)
    migrate(database)
    conn = database.conn
    rng = random.Random(2025)
    now = datetime(2025, 1, 1, tzinfo=UTC).isoformat()
    conn.execute("BEGIN")
    operators = []
    for i in range(4):
        cur = conn.execute(
            "INSERT INTO users (username, password_hash, role, created_at) VALUES (?, 'x', "
            "'operator', ?)",
            (f"petugas{i + 1}", now),
        )
        operators.append(cur.lastrowid)
    rows = 0
    for day in days:
        opening = datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)  # 08:00 WIB
        running: dict[str, int] = {}
        batch = []
        for i in range(PER_DAY):
            service, prefix = SERVICES[i % 4]
            running[prefix] = n = running.get(prefix, 0) + 1
            issued = opening + timedelta(seconds=i * 8 * 3600 / PER_DAY)
            wait = timedelta(seconds=rng.expovariate(1 / 1200))
            served = timedelta(seconds=rng.uniform(120, 900))
            fate = rng.random()
            status = (
                "done" if fate < 0.9 else "no_show" if fate < 0.95 else
                "cancelled" if fate < 0.98 else "expired"
            )  # fmt: skip
            called = issued + wait if status in ("done", "no_show") else None
            counter = rng.randint(1, 4) if called else None
            started = called + timedelta(seconds=30) if status == "done" and called else None
            finished = started + served if started else None
            if status in ("no_show", "cancelled", "expired"):
                finished = (called or issued + wait) + timedelta(seconds=60)
            stamp = [None if t is None else t.isoformat() for t in (called, started, finished)]
            batch.append((
                day.isoformat(), service, prefix, n, status, issued.isoformat(),
                issued.isoformat(), *stamp, counter,
                operators[counter - 1] if counter else None, secrets.token_hex(12), now,
            ))  # fmt: skip
        conn.executemany(
            "INSERT INTO tickets (day, service_id, prefix, running, status, priority,"
            " issued_at, queued_at, called_at, started_at, finished_at, counter_id,"
            " called_by, tracking_token, updated_at)"
            " VALUES (?, ?, ?, ?, ?, 'regular', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            batch,
        )
        rows += len(batch)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return rows


def group_by_sql(group_by: str, first: date, last: date) -> str:
    key = KEY_SQL[group_by]
    return (
        f"SELECT {key}, count(*), sum(status = 'done'), sum(status = 'no_show'),"
        f" sum(status = 'cancelled'), sum(status = 'expired'), avg({WAIT}), avg({SERVE}),"
        f" sum({WAIT} <= 30) FROM tickets WHERE day BETWEEN '{first}' AND '{last}'"
        f" GROUP BY {key}"
    )


def measure(options: Options, result: BenchResult) -> None:
    days = hall_days(60 if options.quick else 250)
    rounds = 3 if options.quick else 5
    first, last = days[0], days[-1]
    query = f"from={first}&to={last}"
    month = f"from={days[0]}&to={days[21]}"
    with tempfile.TemporaryDirectory(prefix="antre-bench-") as tmp:
        server = AntreServer(Path(tmp))
        started = time.monotonic()
        tickets = seed(server.db, days)
        result.say(f"seeded {tickets:,} tickets over {len(days)} hall days in "
                   f"{time.monotonic() - started:.1f} s")  # fmt: skip
        with server:
            headers = bearer(server.staff_token("sari", "supervisor"))
            plain = sqlite3.connect(f"file:{server.db}?mode=ro", uri=True)
            worst_ratio, worst_ms, agree = 0.0, 0.0, True
            with httpx.Client(base_url=server.url, headers=headers, timeout=300) as client:
                for group_by in GROUPS:
                    sql = group_by_sql(group_by, first, last)
                    report_ms, plain_ms = [], []
                    body: dict[str, object] = {}
                    rows: list[tuple[object, ...]] = []
                    for _ in range(rounds):
                        t = time.perf_counter()
                        reply = client.get(f"/api/v1/reports/summary?{query}&group_by={group_by}")
                        report_ms.append((time.perf_counter() - t) * 1000)
                        reply.raise_for_status()
                        body = reply.json()
                        t = time.perf_counter()
                        rows = plain.execute(sql).fetchall()
                        plain_ms.append((time.perf_counter() - t) * 1000)
                    report, baseline = statistics.median(report_ms), statistics.median(plain_ms)
                    worst_ratio = max(worst_ratio, report / baseline)
                    worst_ms = max(worst_ms, report)
                    issued = sorted(int(r["issued"]) for r in body["rows"])  # type: ignore[index, attr-defined]
                    agree &= issued == sorted(int(r[1]) for r in rows if r[0] is not None)  # type: ignore[call-overload]
                    result.say(f"{group_by:>8}: report {report:7.0f} ms, GROUP BY {baseline:6.0f} ms,"
                               f" ratio {report / baseline:.2f}")  # fmt: skip
                    result.figures[f"{group_by}_report_ms"] = round(report, 1)
                    result.figures[f"{group_by}_group_by_ms"] = round(baseline, 1)
                t = time.perf_counter()
                client.get(f"/api/v1/reports/summary.xlsx?{month}&group_by=day").raise_for_status()
                xlsx_ms = (time.perf_counter() - t) * 1000
            plain.close()
    result.say(f"a month (22 hall days) by day as .xlsx: {xlsx_ms:.0f} ms")
    result.figures.update(
        tickets=tickets, worst_ratio=round(worst_ratio, 2), worst_ms=round(worst_ms, 1),
        xlsx_month_ms=round(xlsx_ms, 1),
    )  # fmt: skip
    result.must("issued per group equals the GROUP BY's counts", agree, str(agree))
    result.at_most("worst report ÷ GROUP BY", worst_ratio, TARGET_RATIO, "{:.2f}")
    result.below("worst report (ms)", worst_ms, TARGET_MS, "{:.0f}")
    result.below("a month as .xlsx (ms)", xlsx_ms, XLSX_TARGET_MS, "{:.0f}")


if __name__ == "__main__":
    main_for(NAME, TITLE, measure)
