"""Durable ticket issue over HTTP, against raw durable SQLite commits on the same disk.

A 2xx from `POST /api/v1/tickets` promises the ticket survives a power cut, so every issue
waits for an fsync. The disk's rate of single-row durable commits is what a server that
commits each ticket on its own could reach at best; the writer's group commit (many
tickets per fsync) is what lets the HTTP figure come close to it, or pass it.

Run alone: python bench/issue_durable.py [--quick] [--profile]
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from harness import AntreServer, bearer, profiled, wait_until
from report import BenchResult, Options, main_for
from wrk_load import WrkRun, compose_script, describe, run_wrk, settings, wrk_available

NAME, TITLE = "issue_durable", "Durable ticket issue over HTTP"
SERVICES = ("kk", "pkb")
"""The small hall's services with no quota and no NIK: every request can get a ticket."""
RAW_SECONDS = 1.5
"""Run before and again after the HTTP load, so drift in the machine's load shows up."""
TARGET_RATIO, TARGET_P99_MS = 0.35, 50.0


RAW_ROW_BYTES = 200
"""A ticket's own row holds about 185 bytes of payload (measured with SQLite's dbstat;
its event, idempotency key and index entries add about 400 more, written in the same
commit by the server but not by the baseline)."""


def raw_commits_per_second(path: Path, seconds: float) -> float:
    """Single-row INSERTs, each in its own BEGIN/COMMIT, with the server's durability
    settings (store/database.py): WAL, synchronous=FULL. Checkpoints are kept out of the
    timed loop, as the server keeps them out of its commits (a background thread): the
    baseline is the disk's best single-commit rate, not one slowed by checkpointing."""
    # Flush what earlier phases left dirty in the page cache first: its writeback would
    # otherwise compete with these fsyncs (seen: 9,000/s alone, 800/s right after a run).
    os.sync()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        body = "x" * RAW_ROW_BYTES
        commits, started = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - started) < seconds:
            conn.execute("BEGIN")
            conn.execute("INSERT INTO t (body) VALUES (?)", (body,))
            conn.execute("COMMIT")
            commits += 1
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # untimed: the next phase starts clean
        return commits / elapsed
    finally:
        conn.close()


@dataclass
class PrefixAudit:
    day: str
    prefix: str
    count: int
    distinct: int
    low: int
    high: int

    @property
    def gap_free(self) -> bool:
        """Numbers 1..count, each once: no gap, no duplicate."""
        return self.low == 1 and self.high == self.count == self.distinct

    def __str__(self) -> str:
        return f"{self.prefix} {self.low}..{self.high} ({self.count})"


def _read(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


def audit_numbers(db: Path) -> list[PrefixAudit]:
    with _read(db) as conn:
        rows = conn.execute(
            "SELECT day, prefix, count(*), count(DISTINCT running), min(running), max(running)"
            " FROM tickets GROUP BY day, prefix ORDER BY day, prefix"
        ).fetchall()
    return [PrefixAudit(*row) for row in rows]


def settled_ticket_count(db: Path) -> int:
    """The ticket count once the requests wrk left in flight have committed."""
    seen: list[int] = []

    def unchanged() -> int | None:
        with _read(db) as conn:
            seen.append(conn.execute("SELECT count(*) FROM tickets").fetchone()[0])
        return seen[-1] if len(seen) >= 10 and len(set(seen[-10:])) == 1 else None

    return wait_until(unchanged, timeout=15, what="the ticket count to settle", interval=0.05)


def preflight(server: AntreServer, token: str) -> None:
    """One ticket through httpx first: a wrong token or hall fails here with its reason."""
    response = httpx.post(
        server.url + "/api/v1/tickets",
        json={"service_id": SERVICES[0]},
        headers=bearer(token) | {"Idempotency-Key": "bench-preflight"},
    )
    if response.status_code != 201:
        raise RuntimeError(f"preflight issue failed: {response.status_code} {response.text}")


def measure(options: Options, result: BenchResult) -> None:
    if not wrk_available():
        result.not_available("ratio HTTP ÷ raw commits", "wrk is not installed")
        return
    seconds = 4 if options.quick else 10
    result.say(settings(seconds) + f"; services {', '.join(SERVICES)} in turn")
    with tempfile.TemporaryDirectory(prefix="antre-bench-") as tmp:
        workdir = Path(tmp)
        raw_before = raw_commits_per_second(workdir / "raw.db", RAW_SECONDS)
        with AntreServer(workdir) as server:
            token = server.device_token("kiosk1", "kiosk")
            preflight(server, token)
            script = compose_script(workdir, "issue.lua")
            run_id = secrets.token_hex(4)
            os.sync()  # the same clean start the raw baseline gets
            with profiled(server.pid, options.profile_to(f"{NAME}-antre")):
                args = [token, run_id, ",".join(SERVICES)]
                run = run_wrk(server.url, script, seconds, args, server_pid=server.pid)
            tickets = settled_ticket_count(server.db)
            audit = audit_numbers(server.db)
        raw_after = raw_commits_per_second(workdir / "raw.db", RAW_SECONDS)
    raw = (raw_before + raw_after) / 2
    _report(result, run, raw, (raw_before, raw_after), tickets, audit)


def _report(
    result: BenchResult,
    run: WrkRun,
    raw: float,
    raw_runs: tuple[float, float],
    tickets: int,
    audit: list[PrefixAudit],
) -> None:
    ratio = run.rps / raw
    result.say(f"baseline raw SQLite durable commits: {raw:,.0f}/s "
               f"(before {raw_runs[0]:,.0f}/s, after {raw_runs[1]:,.0f}/s)")  # fmt: skip
    result.say(f"HTTP issue: {describe(run)}")
    result.say(f"ratio HTTP req/s ÷ raw commits/s = {ratio:.2f}")
    # wrk stops with requests in flight; the server still commits them, so the database
    # may hold up to that many tickets more than wrk saw answered.
    expected_low = run.ok_2xx + 1  # + the preflight ticket
    expected_high = expected_low + run.in_flight_at_stop
    matches = expected_low <= tickets <= expected_high
    result.say(
        f"tickets in database: {tickets}; 2xx answers {run.ok_2xx} + 1 preflight"
        f" + up to {run.in_flight_at_stop} in flight when wrk stopped"
        f" -> {'consistent' if matches else 'MISMATCH'}"
    )
    for p in audit:
        verdict = "no gap, no duplicate" if p.gap_free else "GAP OR DUPLICATE"
        result.say(f"numbers {p.prefix} on {p.day}: {p.count} tickets ({p.distinct} distinct), "
                   f"running {p.low}..{p.high}: {verdict}")  # fmt: skip
    result.at_least("ratio HTTP ÷ raw commits", ratio, TARGET_RATIO)
    result.at_most("p99 latency ms", run.p99_ms, TARGET_P99_MS)
    result.must("every answer 2xx", run.not_2xx == 0 and run.socket_errors == 0,
                f"non-2xx {run.not_2xx}, socket errors {run.socket_errors}")  # fmt: skip
    result.must("tickets in db = 2xx", matches,
                f"{tickets} = {run.ok_2xx} + 1 + {tickets - expected_low} in flight")  # fmt: skip
    result.must("numbers gap-free", all(p.gap_free for p in audit) and bool(audit),
                ", ".join(str(p) for p in audit))  # fmt: skip
    result.figures.update(
        http=run.figures(),
        raw_commits_per_s=round(raw, 1),
        raw_commits_per_s_before_after=[round(x, 1) for x in raw_runs],
        ratio=round(ratio, 3),
        tickets_in_db=tickets,
        numbering=[vars(p) | {"gap_free": p.gap_free} for p in audit],
    )


if __name__ == "__main__":
    main_for(NAME, TITLE, measure)
