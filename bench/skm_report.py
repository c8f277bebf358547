"""The SKM report over a year of answers against a plain SQL aggregate of the same rows.

A hall with 100,000 survey responses and 130,000 finished visits over 250 hall days of
2025. The figure is `GET /api/v1/reports/skm?from=2025-01-01&to=2025-12-31` on a real
`antre serve` (HTTP, auth, the sums, the respondent groups, the population count, the
index in decimal arithmetic, JSON) against the least any report must do: one
`SELECT count(*), sum(u1) … sum(u9) FROM survey_responses WHERE day BETWEEN …` on the
same file, from this process. The two take turns, so machine noise hits both.

Also timed (figures, no target): the same report as .xlsx and as .pdf.

Run alone: python bench/skm_report.py [--quick]
"""

from __future__ import annotations

import random
import secrets
import sqlite3
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from harness import AntreServer, bearer
from report import BenchResult, Options, main_for

NAME, TITLE = "skm_report", "SKM report over 100,000 responses vs a plain SQL aggregate"
RESPONSES = 100_000
VISITS = 130_000
HALL_DAYS = 250
TARGET_RATIO = 2.0
QUERY = "from=2025-01-01&to=2025-12-31"
SERVICES = (("ktp", "dukcapil", "A"), ("kk", "dukcapil", "B"), ("akta", "dukcapil", "C"),
            ("pkb", "samsat", "D"))  # fmt: skip
UNSUR = [f"u{i}" for i in range(1, 10)]
AGGREGATE = (
    "SELECT count(*), " + ", ".join(f"sum({u})" for u in UNSUR)
    + " FROM survey_responses WHERE day BETWEEN '2025-01-01' AND '2025-12-31'"
)  # fmt: skip


def hall_days() -> list[date]:
    days, day = [], date(2025, 1, 2)
    while len(days) < HALL_DAYS:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def seed(db: Path) -> None:
    """Rows as the server writes them, straight into the migrated file (the API would take
    most of an hour to answer 100,000 surveys)."""
    from queue_server.store import connect, migrate

    database = connect(db)
    migrate(database)
    conn = database.conn
    rng = random.Random(2025)
    days = hall_days()
    conn.execute("BEGIN")
    running: dict[tuple[str, str], int] = {}
    for i in range(VISITS):
        day = days[i * HALL_DAYS // VISITS].isoformat()
        service, _, prefix = SERVICES[i % len(SERVICES)]
        running[(day, prefix)] = n = running.get((day, prefix), 0) + 1
        stamp = f"{day}T03:00:00+00:00"
        conn.execute(
            "INSERT INTO tickets (day, service_id, prefix, running, status, priority, issued_at,"
            " queued_at, called_at, started_at, finished_at, counter_id, tracking_token,"
            " updated_at) VALUES (?, ?, ?, ?, 'done', 'regular', ?, ?, ?, ?, ?, 1, ?, ?)",
            (day, service, prefix, n, stamp, stamp, stamp, stamp, stamp,
             secrets.token_urlsafe(16), stamp),
        )  # fmt: skip
    groups = {
        "gender": ["L", "P", None],
        "age_band": ["20-29", "30-39", "40-49", "50-59", "60+", None],
        "education": ["sma", "diploma", "s1", "s2", None],
        "occupation": ["pns", "swasta", "wirausaha", "pelajar", "lainnya", None],
    }
    for i in range(RESPONSES):
        day = days[i * HALL_DAYS // RESPONSES].isoformat()
        service, agency, _ = SERVICES[i % len(SERVICES)]
        answers = [rng.choice((2, 3, 3, 3, 4, 4)) for _ in UNSUR]
        who = [rng.choice(values) for values in groups.values()]
        text = "Ruang tunggu kurang sejuk." if i % 50 == 0 else None
        conn.execute(
            "INSERT INTO survey_responses VALUES (?, ?, ?, ?, 1, 'phone', ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, ?, ?, ?, ?, ?)",
            (secrets.randbits(62) + 1, day, agency, service, *answers, *who, text),
        )
        conn.execute("INSERT INTO surveyed_tickets (ticket_id) VALUES (?)", (i + 1,))
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def measure(options: Options, result: BenchResult) -> None:
    rounds = 10 if options.quick else 30
    with tempfile.TemporaryDirectory(prefix="antre-bench-") as tmp:
        workdir = Path(tmp)
        server = AntreServer(workdir)
        started = time.monotonic()
        seed(server.db)
        result.say(f"seeded {RESPONSES:,} responses and {VISITS:,} visits in "
                   f"{time.monotonic() - started:.1f} s")  # fmt: skip
        with server:
            headers = bearer(server.staff_token("sari", "supervisor"))
            plain = sqlite3.connect(f"file:{server.db}?mode=ro", uri=True)
            report_ms, plain_ms = [], []
            body: dict[str, object] = {}
            with httpx.Client(base_url=server.url, headers=headers, timeout=60) as client:
                client.get(f"/api/v1/reports/skm?{QUERY}").raise_for_status()  # warm caches
                plain.execute(AGGREGATE).fetchone()
                for _ in range(rounds):
                    t = time.perf_counter()
                    reply = client.get(f"/api/v1/reports/skm?{QUERY}")
                    report_ms.append((time.perf_counter() - t) * 1000)
                    reply.raise_for_status()
                    body = reply.json()
                    t = time.perf_counter()
                    row = plain.execute(AGGREGATE).fetchone()
                    plain_ms.append((time.perf_counter() - t) * 1000)
                files = {}
                for suffix in ("xlsx", "pdf"):
                    t = time.perf_counter()
                    client.get(f"/api/v1/reports/skm.{suffix}?{QUERY}").raise_for_status()
                    files[suffix] = (time.perf_counter() - t) * 1000
            plain.close()

    from queue_core.survey import Tally, index_of

    expected = index_of(Tally(int(row[0]), tuple(int(v) for v in row[1:])))
    report, baseline = statistics.median(report_ms), statistics.median(plain_ms)
    ratio = report / baseline
    result.say(f"report (HTTP, median of {rounds}): {report:.1f} ms; plain SQL aggregate: "
               f"{baseline:.1f} ms; ratio {ratio:.2f}")  # fmt: skip
    result.say(f"Laporan SKM .xlsx {files['xlsx']:.0f} ms, .pdf {files['pdf']:.0f} ms")
    result.say(f"IKM {body.get('ikm')} ({body.get('grade')}), respondents "
               f"{body.get('respondents')}, population {body.get('population')}")  # fmt: skip
    result.figures.update(
        report_ms=round(report, 2),
        plain_aggregate_ms=round(baseline, 2),
        ratio=round(ratio, 3),
        xlsx_ms=round(files["xlsx"], 1),
        pdf_ms=round(files["pdf"], 1),
        ikm=body.get("ikm"),
    )
    result.must(
        "the report's figures equal the aggregate's",
        body.get("respondents") == RESPONSES
        and body.get("population") == VISITS
        and body.get("ikm") == float(expected.ikm or 0),
        f"respondents {body.get('respondents')}, population {body.get('population')}, "
        f"IKM {body.get('ikm')} vs {expected.ikm}",
    )
    result.at_most("report ÷ plain SQL aggregate", ratio, TARGET_RATIO, "{:.2f}")


if __name__ == "__main__":
    main_for(NAME, TITLE, measure)
