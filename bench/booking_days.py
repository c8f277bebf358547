"""Availability over the booking window (`GET /api/v1/services/<id>/days`, 8 days of
slots with the places taken counted from the database) against the same path on a bare
FastAPI app answering a fixed list (bench/bare_app.py). The two servers take turns in
windows, as in bench/track_lookup.py.

Run alone: python bench/booking_days.py [--quick] [--profile]
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx

from harness import AntreServer, ServerProcess, bare_server, profiled
from report import BenchResult, Options, main_for
from wrk_load import WrkRun, combine, compose_script, describe, run_wrk, settings, wrk_available

NAME, TITLE = "booking_days", "Booking availability (7-day window) vs bare FastAPI"
PATH = "/api/v1/services/kk/days"
WINDOWS = 2
TARGET_RATIO = 0.7


def book_some(server: AntreServer, count: int) -> None:
    """Some places taken on the window's days, so the counts are real work."""
    with httpx.Client(base_url=server.url) as client:
        days = [d["date"] for d in client.get(PATH).json() if d["open"]]
        for i in range(count):
            nik = f"3171010101900{i + 100:03d}"
            client.post("/api/v1/bookings", json={
                "service_id": "kk", "date": days[i % len(days)], "start": "00:00", "nik": nik,
            })  # fmt: skip
        reply = client.get(PATH)
        if reply.status_code != 200:
            raise RuntimeError(f"days failed: {reply.status_code} {reply.text}")


def measure(options: Options, result: BenchResult) -> None:
    if not wrk_available():
        result.not_available("ratio antre ÷ bare", "wrk is not installed")
        return
    window = (4 if options.quick else 10) // WINDOWS
    result.say(settings(window) + f" per window; {WINDOWS} windows each, taking turns")
    from booking_rush import RUSH_HALL

    with tempfile.TemporaryDirectory(prefix="antre-bench-") as tmp:
        workdir = Path(tmp)
        script = compose_script(workdir, "days.lua")
        with AntreServer(workdir, hall=RUSH_HALL) as antre, bare_server(workdir) as bare:
            book_some(antre, 20)
            for server in (bare, antre):
                run_wrk(server.url, script, 1, [PATH])
            bare_runs, antre_runs = [], []
            for _ in range(WINDOWS):
                bare_runs.append(run_wrk(bare.url, script, window, [PATH], server_pid=bare.pid))
                antre_runs.append(_antre_window(antre, script, window, options))
    _report(result, combine(antre_runs), combine(bare_runs))


def _antre_window(server: ServerProcess, script: Path, seconds: int, options: Options) -> WrkRun:
    with profiled(server.pid, options.profile_to(f"{NAME}-antre")):
        return run_wrk(server.url, script, seconds, [PATH], server_pid=server.pid)


def _report(result: BenchResult, antre: WrkRun, bare: WrkRun) -> None:
    ratio = antre.rps / bare.rps
    result.say(f"baseline bare FastAPI: {describe(bare)}")
    result.say(f"antre /days:           {describe(antre)}")
    result.say(f"ratio antre req/s ÷ bare req/s = {ratio:.2f}")
    clean = antre.not_2xx == bare.not_2xx == 0 and antre.socket_errors == bare.socket_errors == 0
    result.at_least("ratio antre ÷ bare", ratio, TARGET_RATIO)
    result.must("every answer 2xx", clean, f"non-2xx {antre.not_2xx}/{bare.not_2xx}")
    result.figures.update(antre=antre.figures(), bare=bare.figures(), ratio=round(ratio, 3))


if __name__ == "__main__":
    main_for(NAME, TITLE, measure)
