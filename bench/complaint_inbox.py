"""The staff complaint inbox with 20,000 cases, filtered and paged.

A hall with 20,000 complaints over a year (all states, three agencies, a tenth of the
open ones overdue). The figure is the latency of `GET /api/v1/complaints` on a real
`antre serve` as a supervisor and as an agency's operator would page it: the first page,
by status, by agency and status, overdue only, and ten pages deep by the cursor. Target:
p99 ≤ 50 ms over all of them.

Run alone: python bench/complaint_inbox.py [--quick]
"""

from __future__ import annotations

import random
import secrets
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from harness import AntreServer, bearer
from report import BenchResult, Options, main_for

NAME, TITLE = "complaint_inbox", "Complaint inbox, 20,000 cases, filtered and paged (p99)"
CASES = 20_000
TARGET_P99_MS = 50.0
AGENCIES = ("dukcapil", "dpmptsp", "samsat")
STATUSES = (
    ["received"] * 2 + ["verified"] * 2 + ["in_progress"] * 3 + ["on_hold"]
    + ["answered"] * 2 + ["closed"] * 9 + ["rejected"]
)  # fmt: skip
KINDS = ("pengaduan", "aspirasi", "informasi", "konsultasi")
QUERIES = (
    "",
    "?status=received",
    "?status=in_progress&agency_id=dukcapil",
    "?agency_id=samsat",
    "?overdue=true",
    "?status=closed&limit=100",
)


def seed(db: Path, now: datetime) -> None:
    """Rows as the server writes them, straight into the migrated file."""
    from queue_server.store import connect, migrate

    database = connect(db)
    migrate(database)
    conn = database.conn
    rng = random.Random(13)
    conn.execute("BEGIN")
    start = now - timedelta(days=365)
    per_day: dict[str, int] = {}
    for i in range(CASES):
        created = start + timedelta(minutes=i * 365 * 24 * 60 // CASES)
        day = f"{created:%Y%m%d}"
        per_day[day] = n = per_day.get(day, 0) + 1
        status = rng.choice(STATUSES)
        open_ = status in ("received", "verified", "in_progress")
        late = open_ and rng.random() < 0.1
        due = now - timedelta(days=1) if late else now + timedelta(days=3)
        stamp = created.isoformat(timespec="milliseconds")
        conn.execute(
            "INSERT INTO complaints (reference, manage_token, kind, text, status, agency_id,"
            " anonymous, confidential, due_at, filed_by, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, 'citizen', ?, ?)",
            (
                f"ADU-{day}-{n:04d}",
                secrets.token_urlsafe(24),
                rng.choice(KINDS),
                "Antrean terlalu lama dan loket tidak lengkap petugasnya. " * rng.randint(1, 6),
                status,
                None if status == "received" else rng.choice(AGENCIES),
                due.isoformat(timespec="milliseconds") if open_ or status == "answered" else None,
                stamp,
                stamp,
            ),
        )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98]


def measure(options: Options, result: BenchResult) -> None:
    rounds = 30 if options.quick else 150
    with tempfile.TemporaryDirectory(prefix="antre-bench-") as tmp:
        server = AntreServer(Path(tmp))
        started = time.monotonic()
        seed(server.db, datetime.now(UTC))
        result.say(f"seeded {CASES:,} complaints in {time.monotonic() - started:.1f} s")
        with server:
            supervisor = bearer(server.staff_token("sari", "supervisor"))
            latencies: list[float] = []
            counts: dict[str, int] = {}
            with httpx.Client(base_url=server.url, timeout=30) as client:
                client.get("/api/v1/complaints", headers=supervisor).raise_for_status()  # warm
                for _ in range(rounds):
                    for query in QUERIES:
                        t = time.perf_counter()
                        reply = client.get(f"/api/v1/complaints{query}", headers=supervisor)
                        latencies.append((time.perf_counter() - t) * 1000)
                        reply.raise_for_status()
                        counts[query] = len(reply.json()["items"])
                    # Ten pages deep by the cursor, each page timed.
                    cursor = None
                    for _ in range(10):
                        path = "/api/v1/complaints?limit=50" + (
                            f"&cursor={cursor}" if cursor else ""
                        )
                        t = time.perf_counter()
                        reply = client.get(path, headers=supervisor)
                        latencies.append((time.perf_counter() - t) * 1000)
                        cursor = reply.json()["next"]
    worst = p99(latencies)
    result.say(f"{len(latencies)} requests: median {statistics.median(latencies):.1f} ms, "
               f"p99 {worst:.1f} ms, max {max(latencies):.1f} ms")  # fmt: skip
    result.say("items per query: " + ", ".join(f"{q or '(none)'}={n}" for q, n in counts.items()))
    result.figures.update(
        requests=len(latencies),
        median_ms=round(statistics.median(latencies), 2),
        p99_ms=round(worst, 2),
        max_ms=round(max(latencies), 2),
    )
    result.must("every filter found cases", all(counts.values()), str(counts))
    result.at_most("inbox p99 (ms)", worst, TARGET_P99_MS, "{:.1f}")


if __name__ == "__main__":
    main_for(NAME, TITLE, measure)
