"""A counter's own waiting list (`GET /api/v1/counters/{id}/queue`) against the hall's whole
waiting list (`GET /api/v1/tickets?status=waiting`).

Every counter client asks for its queue after the events that concern it, so in a busy
hall this read runs many times per event. The baseline is the read the counter app made
before the endpoint existed: every waiting ticket of the hall, ordered on the client.

Two figures, both against the baseline in the same run:
- **warm**: wrk on both paths in turns (queue, baseline, queue, baseline) with nothing
  changing, so the server's per-event caches are warm — what the second and later
  counters pay after an event;
- **cold**: one event (a ticket issued), then one request, 40 rounds each — what the
  first counter to ask after an event pays, when nothing is cached yet.

A morning queue of 400 waiting tickets over four services (a quarter priority citizens,
a few sent to one loket); Loket 2 serves three of them. The counter app asks for 100.

Run alone: python bench/counter_queue.py [--quick] [--profile]
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import httpx

from harness import AntreServer, bearer, profiled
from report import BenchResult, Options, main_for
from wrk_load import LUA, WrkRun, combine, describe, run_wrk, settings, wrk_available

NAME, TITLE = "counter_queue", "A counter's queue vs the hall's waiting list"
COUNTER = 2
LIMIT = 100
WAITING = 400
WINDOWS = 2
COLD_ROUNDS = 40
TARGET_RATIO = 1.0
"""The counter's list must cost no more than the read it replaces."""
QUEUE = f"/api/v1/counters/{COUNTER}/queue?limit={LIMIT}"
BASELINE = "/api/v1/tickets?status=waiting"
SCRIPT = """
-- GET one path (after "--": path, bearer token), as a counter app does after an event.
local path, headers = nil, {}

function init(args)
  path = args[1]
  headers["Authorization"] = "Bearer " .. args[2]
end

function request()
  count_sent()
  return wrk.format("GET", path, headers)
end
"""


def fill_the_hall(server: AntreServer, kiosk: str, staff: str) -> None:
    """400 waiting tickets; a few called at Loket 1 and sent on to Loket 2."""
    services = ("kk", "ktp", "pkb", "kk")
    with httpx.Client(base_url=server.url, headers=bearer(kiosk)) as client:
        for i in range(WAITING):
            service = services[i % len(services)]
            body: dict[str, object] = {
                "service_id": service,
                "priority": "elderly" if i % 4 == 1 else "regular",
            }
            if service == "ktp":
                body["nik"] = f"3273010101{90 - i // 9000:02d}{i % 9000 + 1:04d}"
            reply = client.post("/api/v1/tickets", json=body)
            if reply.status_code != 201:
                raise RuntimeError(f"issue failed: {reply.status_code} {reply.text}")
    with httpx.Client(base_url=server.url, headers=bearer(staff)) as client:
        for counter in (1, 2):
            client.post(f"/api/v1/counters/{counter}/open").raise_for_status()
        for _ in range(5):
            called = client.post("/api/v1/counters/1/call-next").json()
            client.post(
                f"/api/v1/tickets/{called['id']}/transfer",
                json={"service_id": "kk", "counter_id": COUNTER},
            ).raise_for_status()


def check_answers(server: AntreServer, token: str) -> tuple[int, int]:
    """Both paths answer, and the queue lists at most LIMIT; (queue length, baseline length)."""
    with httpx.Client(base_url=server.url, headers=bearer(token)) as client:
        queue = client.get(QUEUE)
        baseline = client.get(BASELINE)
    if queue.status_code != 200 or baseline.status_code != 200:
        raise RuntimeError(f"answers {queue.status_code}/{baseline.status_code}: {queue.text}")
    return len(queue.json()["tickets"]), len(baseline.json())


def cold_reads(server: AntreServer, kiosk: str, staff: str, path: str) -> list[float]:
    """Milliseconds of the first read of `path` after each of COLD_ROUNDS new events."""
    timings = []
    with (
        httpx.Client(base_url=server.url, headers=bearer(kiosk)) as issuer,
        httpx.Client(base_url=server.url, headers=bearer(staff)) as reader,
    ):
        for _ in range(COLD_ROUNDS):
            issuer.post("/api/v1/tickets", json={"service_id": "pkb"}).raise_for_status()
            start = time.perf_counter()
            reader.get(path).raise_for_status()
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def measure(options: Options, result: BenchResult) -> None:
    if not wrk_available():
        result.not_available("ratio queue ÷ baseline", "wrk is not installed")
        return
    window = (4 if options.quick else 10) // WINDOWS
    result.say(settings(window) + f" per window; {WINDOWS} windows each, taking turns")
    with tempfile.TemporaryDirectory(prefix="antre-bench-") as tmp:
        workdir = Path(tmp)
        script = workdir / "wrk-counter-queue.lua"
        script.write_text((LUA / "report.lua").read_text() + "\n" + SCRIPT)
        with AntreServer(workdir) as antre:
            kiosk = antre.device_token("kiosk1", "kiosk")
            staff = antre.staff_token()
            fill_the_hall(antre, kiosk, staff)
            listed, everyone = check_answers(antre, staff)
            result.say(f"queue lists {listed} of Loket {COUNTER}; the baseline {everyone} tickets")
            cold_queue = cold_reads(antre, kiosk, staff, QUEUE)
            cold_base = cold_reads(antre, kiosk, staff, BASELINE)
            for path in (QUEUE, BASELINE):
                run_wrk(antre.url, script, 1, [path, staff])
            queue_runs, base_runs = [], []
            for _ in range(WINDOWS):
                with profiled(antre.pid, options.profile_to(f"{NAME}-antre")):
                    queue_runs.append(
                        run_wrk(antre.url, script, window, [QUEUE, staff], server_pid=antre.pid)
                    )
                base_runs.append(
                    run_wrk(antre.url, script, window, [BASELINE, staff], server_pid=antre.pid)
                )
    _report(result, combine(queue_runs), combine(base_runs), cold_queue, cold_base)


def _report(
    result: BenchResult,
    queue: WrkRun,
    base: WrkRun,
    cold_queue: list[float],
    cold_base: list[float],
) -> None:
    ratio = queue.rps / base.rps
    cpu_ratio = base.cpu_us_per_request / queue.cpu_us_per_request
    cold_q, cold_b = statistics.median(cold_queue), statistics.median(cold_base)
    result.say(f"baseline {BASELINE}: {describe(base)}")
    result.say(f"counter queue (limit {LIMIT}): {describe(queue)}")
    result.say(f"warm: ratio queue req/s ÷ baseline req/s = {ratio:.2f}")
    result.say(f"server CPU per request: queue {queue.cpu_us_per_request:.0f} µs, baseline "
               f"{base.cpu_us_per_request:.0f} µs -> baseline ÷ queue = {cpu_ratio:.2f}")  # fmt: skip
    result.say(f"cold (first read after an event, median of {COLD_ROUNDS}): queue "
               f"{cold_q:.1f} ms, baseline {cold_b:.1f} ms -> baseline ÷ queue = "
               f"{cold_b / cold_q:.2f}")  # fmt: skip
    clean = queue.not_2xx == base.not_2xx == 0 and queue.socket_errors == base.socket_errors == 0
    result.at_least("warm ratio queue ÷ baseline", ratio, TARGET_RATIO)
    result.at_least("cold ratio baseline ÷ queue", cold_b / cold_q, TARGET_RATIO)
    result.must("every answer 2xx", clean,
                f"non-2xx {queue.not_2xx}/{base.not_2xx}, socket errors "
                f"{queue.socket_errors}/{base.socket_errors} (queue/baseline)")  # fmt: skip
    result.figures.update(
        queue=queue.figures(),
        baseline=base.figures(),
        ratio=round(ratio, 3),
        cpu_ratio=round(cpu_ratio, 3),
        cold_queue_ms_median=round(cold_q, 2),
        cold_baseline_ms_median=round(cold_b, 2),
    )


if __name__ == "__main__":
    main_for(NAME, TITLE, measure)
