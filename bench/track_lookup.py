"""Public tracking lookups (`GET /api/v1/track/<token>`) against a bare FastAPI endpoint.

Every visitor's phone polls its ticket's status, so this is the busiest read in a hall.
The baseline is the same path on a bare FastAPI app given the same server options and
reading the ticket's row from the same database on every request (bench/bare_app.py):
the ratio says how much of the framework's speed Antre keeps once it adds its
middleware, the request log and the position and ETA of a live queue.

Antre keeps each tracking answer until the next event. A hall is never still, so while
Antre is measured the hall moves on: tickets are issued and called at a rush-hour pace
(`ACTIVITY`), and every event makes every cached answer stale, to be worked out again
from the database at its next request. Without that the figure would be a cache's.

The two servers take turns (bare, antre, bare, antre) in windows of half the measuring
time each, so a change in the machine's other load hits both alike.

Run alone: python bench/track_lookup.py [--quick] [--profile]
"""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path

import httpx

from harness import AntreServer, bare_server, bearer, open_counters, profiled
from report import BenchResult, Options, main_for
from wrk_load import (
    WrkRun,
    combine,
    compose_script,
    describe,
    run_wrk,
    settings,
    wrk_available,
)

NAME, TITLE = "track_lookup", "Tracking lookup vs bare FastAPI"
TICKETS = 50
SERVICES = ("kk", "pkb")
WINDOWS = 2
WARM_UP_SECONDS = 1
TARGET_RATIO = 0.7
TICK_SECONDS = 0.1
"""The hall's pace while Antre is measured: a ticket issued every tick, and every second
tick one called and marked no-show (counters 1 and 3 in turn): 10 issued and 5 called a
second, about 20 events a second, several times a busy 40-counter hall's rush."""
ACTIVITY = "a ticket issued every 0.1 s, one called and marked no-show every 0.2 s (~20 events/s)"


class HallActivity:
    """Issues and calls tickets at `TICK_SECONDS` in a thread while the block runs, as
    the hall's kiosks and counters would; counts the events it caused."""

    def __init__(self, server: AntreServer, kiosk: str, staff: str) -> None:
        self.server, self.kiosk, self.staff = server, kiosk, staff
        self.events = 0
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> HallActivity:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        with (
            httpx.Client(base_url=self.server.url, headers=bearer(self.kiosk)) as kiosk,
            httpx.Client(base_url=self.server.url, headers=bearer(self.staff)) as staff,
        ):
            tick = 0
            next_at = time.monotonic()
            while not self._stop.is_set():
                service = SERVICES[tick % len(SERVICES)]
                self._expect(kiosk.post("/api/v1/tickets", json={"service_id": service}), 1)
                if tick % 2:
                    counter = 1 if tick % 4 == 1 else 3  # 1 serves kk, 3 serves pkb
                    called = staff.post(f"/api/v1/counters/{counter}/call-next")
                    if self._expect(called, 1):
                        ticket = called.json()["id"]
                        self._expect(staff.post(f"/api/v1/tickets/{ticket}/no-show"), 1)
                tick += 1
                next_at += TICK_SECONDS
                self._stop.wait(max(0.0, next_at - time.monotonic()))

    def _expect(self, response: httpx.Response, events: int) -> bool:
        if response.is_success:
            self.events += events
            return True
        self.failures.append(f"{response.request.url.path}: {response.status_code}")
        return False


def issue_tickets(server: AntreServer, token: str, count: int) -> list[str]:
    """Issue `count` tickets as a kiosk; their tracking tokens."""
    tokens = []
    with httpx.Client(base_url=server.url, headers=bearer(token)) as client:
        for i in range(count):
            response = client.post(
                "/api/v1/tickets",
                json={"service_id": SERVICES[i % len(SERVICES)]},
                headers={"Idempotency-Key": f"bench-track-{i}"},
            )
            if response.status_code != 201:
                raise RuntimeError(f"issue failed: {response.status_code} {response.text}")
            tokens.append(response.json()["tracking_token"])
    return tokens


def check_lookup(server: AntreServer, tracking_token: str) -> None:
    """One lookup through httpx first: a broken endpoint fails here with its reason."""
    response = httpx.get(f"{server.url}/api/v1/track/{tracking_token}")
    if response.status_code != 200:
        raise RuntimeError(f"tracking lookup failed: {response.status_code} {response.text}")


def measure(options: Options, result: BenchResult) -> None:
    if not wrk_available():
        result.not_available("ratio antre ÷ bare", "wrk is not installed")
        return
    window = (4 if options.quick else 10) // WINDOWS
    result.say(settings(window) + f" per window; {WINDOWS} windows each, taking turns")
    with tempfile.TemporaryDirectory(prefix="antre-bench-") as tmp:
        workdir = Path(tmp)
        script = compose_script(workdir, "track.lua")
        with AntreServer(workdir) as antre, bare_server(workdir, antre.db) as bare:
            kiosk = antre.device_token("kiosk1", "kiosk")
            staff = antre.staff_token()
            open_counters(antre.url, staff, (1, 3))
            tokens = issue_tickets(antre, kiosk, TICKETS)
            check_lookup(antre, tokens[0])
            check_lookup(bare, tokens[0])
            for server in (bare, antre):
                run_wrk(server.url, script, WARM_UP_SECONDS, tokens)
            bare_runs, antre_runs, activity = [], [], []
            for _ in range(WINDOWS):
                bare_runs.append(run_wrk(bare.url, script, window, tokens, server_pid=bare.pid))
                with HallActivity(antre, kiosk, staff) as hall:
                    antre_runs.append(_antre_window(antre, script, window, tokens, options))
                activity.append(hall)
    _report(result, combine(antre_runs), combine(bare_runs), activity)


def _antre_window(
    server: AntreServer, script: Path, seconds: int, tokens: list[str], options: Options
) -> WrkRun:
    # Each window overwrites the flame graph: it shows the last, warmest window.
    with profiled(server.pid, options.profile_to(f"{NAME}-antre")):
        return run_wrk(server.url, script, seconds, tokens, server_pid=server.pid)


def _report(result: BenchResult, antre: WrkRun, bare: WrkRun, activity: list[HallActivity]) -> None:
    ratio = antre.rps / bare.rps
    events = sum(a.events for a in activity)
    failures = [f for a in activity for f in a.failures]
    result.say("baseline bare FastAPI: same server options, the ticket's row read on "
               f"every request; {describe(bare)}")  # fmt: skip
    result.say(f"antre tracking:        {describe(antre)}")
    result.say(f"hall activity while antre was measured: {events} events in "
               f"{antre.seconds:.1f} s ({events / antre.seconds:.0f}/s; {ACTIVITY}), each "
               "one making every cached tracking answer stale")  # fmt: skip
    # Each event makes all TICKETS answers stale; each is worked out again at its next
    # request (at most once per event): an upper bound, not a count.
    fresh = min(events * TICKETS, antre.requests)
    result.say(f"antre answers worked out afresh from the database: at most {fresh} "
               f"({fresh / antre.requests:.0%} of its lookups); the rest from its cache")  # fmt: skip
    cpu_ratio = bare.cpu_us_per_request / antre.cpu_us_per_request
    result.say(f"ratio antre req/s ÷ bare req/s = {ratio:.2f} "
               f"(latency figures: the worse of {WINDOWS} windows)")  # fmt: skip
    result.say(f"server CPU per request: antre {antre.cpu_us_per_request:.0f} µs, bare "
               f"{bare.cpu_us_per_request:.0f} µs -> bare ÷ antre = {cpu_ratio:.2f} "
               "(steadier than req/s when other processes share the cores)")  # fmt: skip
    clean = antre.not_2xx == bare.not_2xx == 0 and antre.socket_errors == bare.socket_errors == 0
    result.at_least("ratio antre ÷ bare", ratio, TARGET_RATIO)
    result.must("every answer 2xx", clean,
                f"non-2xx {antre.not_2xx}/{bare.not_2xx}, socket errors "
                f"{antre.socket_errors}/{bare.socket_errors} (antre/bare)")  # fmt: skip
    result.must("hall moved during antre's windows", events > 0 and not failures,
                f"{events} events, failures: {', '.join(failures[:5]) or 'none'}")  # fmt: skip
    result.figures.update(
        hall_events=events,
        hall_events_per_s=round(events / antre.seconds, 1),
        antre_fresh_answers_at_most=fresh,
        antre=antre.figures(),
        bare=bare.figures(),
        ratio=round(ratio, 3),
        cpu_ratio=round(cpu_ratio, 3),
    )


if __name__ == "__main__":
    main_for(NAME, TITLE, measure)
