"""A booking rush: 2,000 citizens for 200 places released at once, on 32 connections.

Every booking is a durable write through the one writer, with its place counted in the
same transaction; so the fair comparison is durable ticket issue (also one durable write
through the writer) measured the same way in the same run. The load is a fixed crowd,
not a stream (wrk measures a stream): every request at once over 32 keep-alive
connections, from bench/crowd.py, a client that writes pre-built bytes, so the cores go
to the server, not to the client (httpx spent about 1 ms of CPU a request, as much as
the server, and the figures measured it).

Targets: bookings/s ≥ 0.5 × tickets/s, p99 ≤ 100 ms, 0 overbooked, 0 5xx.

Run alone: python bench/booking_rush.py [--quick] [--profile]
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from crowd import crowd, post

from harness import ROOT, AntreServer, bearer, cpu_seconds, percentile, profiled
from report import BenchResult, Options, main_for

NAME, TITLE = "booking_rush", "Booking rush: 2,000 citizens for 200 places"
RUSH_HALL = ROOT / "tests" / "halls" / "booking_rush.toml"
CONNECTIONS = 32
TARGET_RATIO, TARGET_P99_MS = 0.5, 100.0


def nik(n: int) -> str:
    """A valid NIK per n < 28 × 9,000: the birth day and the serial vary."""
    return f"317101{(n // 9000) % 28 + 1:02d}0190{n % 9000 + 1000:04d}"


def rush_hall(workdir: Path, places: int) -> Path:
    """The rush test hall with one day-long slot of `places`."""
    path = workdir / "rush.toml"
    path.write_text(RUSH_HALL.read_text().replace("capacity = 40", f"capacity = {places}"))
    return path


def measure(options: Options, result: BenchResult) -> None:
    citizens, places = (1000, 100) if options.quick else (2000, 200)
    result.say(f"{citizens} citizens for {places} places, {CONNECTIONS} connections")
    os.environ["ANTRE_PUBLIC_RATE_PER_MINUTE"] = "1000000"  # one address plays the crowd
    with tempfile.TemporaryDirectory(prefix="antre-bench-") as tmp:
        workdir = Path(tmp)
        with AntreServer(workdir, hall=rush_hall(workdir, places)) as server:
            kiosk = bearer(server.device_token("kiosk1", "kiosk"))
            day = (datetime.now(ZoneInfo("Asia/Jakarta")).date() + timedelta(days=1)).isoformat()
            host = server.url.removeprefix("http://")
            tickets = [
                post("/api/v1/tickets", {"service_id": "pkb"}, kiosk, host) for _ in range(citizens)
            ]
            bookings = [
                post(
                    "/api/v1/bookings",
                    {"service_id": "kk", "date": day, "start": "00:00", "nik": nik(n)},
                    {},
                    host,
                )
                for n in range(citizens)
            ]
            cpu = cpu_seconds(server.pid)
            t_answers, t_took = crowd(server.url, tickets, CONNECTIONS)
            t_cpu, cpu = cpu_seconds(server.pid) - cpu, cpu_seconds(server.pid)
            with profiled(server.pid, options.profile_to(f"{NAME}-antre")):
                b_answers, b_took = crowd(server.url, bookings, CONNECTIONS)
            b_cpu = cpu_seconds(server.pid) - cpu
            with sqlite3.connect(f"file:{server.db}?mode=ro", uri=True) as conn:
                stored = conn.execute(
                    "SELECT count(*) FROM bookings WHERE day = ? AND status = 'booked'", (day,)
                ).fetchone()[0]
    t_status, t_ms = [a.status for a in t_answers], [a.ms for a in t_answers]
    b_status, b_ms = [a.status for a in b_answers], [a.ms for a in b_answers]
    ticket_rate, booking_rate = citizens / t_took, citizens / b_took
    ratio = booking_rate / ticket_rate
    p99_booking, p99_ticket = percentile(b_ms, 99), percentile(t_ms, 99)
    booked = b_status.count(201)
    full = b_status.count(409)
    errors = sum(s >= 500 for s in b_status + t_status)
    result.say(f"durable ticket issue: {ticket_rate:,.0f}/s, p99 {p99_ticket:.1f} ms, "
               f"statuses {sorted(set(t_status))}")  # fmt: skip
    result.say(f"bookings: {booking_rate:,.0f}/s, p50 {percentile(b_ms, 50):.1f} ms, "
               f"p90 {percentile(b_ms, 90):.1f} ms, p99 {p99_booking:.1f} ms, "
               f"max {max(b_ms):.1f} ms; {booked} booked, {full} slot_full, "
               f"{stored} in the database")  # fmt: skip
    result.say(f"ratio bookings/s ÷ tickets/s = {ratio:.2f}")
    result.say(f"server CPU per request: tickets {t_cpu / citizens * 1e6:.0f} µs, bookings "
               f"{b_cpu / citizens * 1e6:.0f} µs (with 32 requests always in flight, the "
               "mean latency is 32 ÷ throughput)")  # fmt: skip
    result.at_least("ratio bookings ÷ tickets", ratio, TARGET_RATIO)
    result.at_most("booking p99 ms", p99_booking, TARGET_P99_MS)
    result.must("0 overbooked", booked == stored == places, f"{booked} answered, {stored} stored")
    result.must("0 5xx", errors == 0, f"{errors} 5xx")
    result.must("the rest slot_full", full == citizens - places, f"{full} × 409")
    result.figures.update(
        citizens=citizens,
        places=places,
        bookings_per_s=round(booking_rate, 1),
        tickets_per_s=round(ticket_rate, 1),
        ratio=round(ratio, 3),
        booking_p99_ms=round(p99_booking, 1),
        ticket_p99_ms=round(p99_ticket, 1),
        booked=booked,
        stored=stored,
        ticket_cpu_us=round(t_cpu / citizens * 1e6, 1),
        booking_cpu_us=round(b_cpu / citizens * 1e6, 1),
    )


if __name__ == "__main__":
    main_for(NAME, TITLE, measure)
