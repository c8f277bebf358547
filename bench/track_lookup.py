"""Public tracking lookups (`GET /api/v1/track/<token>`) against a bare FastAPI endpoint.

Every visitor's phone polls its ticket's status, so this is the busiest read in a hall.
The baseline is the same path on a bare FastAPI app under the same uvicorn options
(bench/bare_app.py): the ratio says how much of the framework's speed Antre keeps once it
adds its middleware, the request log and the database lookup.

The two servers take turns (bare, antre, bare, antre) in windows of half the measuring
time each, so a change in the machine's other load hits both alike.

Run alone: python bench/track_lookup.py [--quick] [--profile]
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx

from harness import AntreServer, ServerProcess, bare_server, bearer, profiled
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
        with AntreServer(workdir) as antre, bare_server(workdir) as bare:
            tokens = issue_tickets(antre, antre.device_token("kiosk1", "kiosk"), TICKETS)
            check_lookup(antre, tokens[0])
            for server in (bare, antre):
                run_wrk(server.url, script, WARM_UP_SECONDS, tokens)
            bare_runs, antre_runs = [], []
            for _ in range(WINDOWS):
                bare_runs.append(run_wrk(bare.url, script, window, tokens, server_pid=bare.pid))
                antre_runs.append(_antre_window(antre, script, window, tokens, options))
    _report(result, combine(antre_runs), combine(bare_runs))


def _antre_window(
    server: ServerProcess, script: Path, seconds: int, tokens: list[str], options: Options
) -> WrkRun:
    # Each window overwrites the flame graph: it shows the last, warmest window.
    with profiled(server.pid, options.profile_to(f"{NAME}-antre")):
        return run_wrk(server.url, script, seconds, tokens, server_pid=server.pid)


def _report(result: BenchResult, antre: WrkRun, bare: WrkRun) -> None:
    ratio = antre.rps / bare.rps
    result.say(f"baseline bare FastAPI: {describe(bare)}")
    result.say(f"antre tracking:        {describe(antre)}")
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
    result.figures.update(
        antre=antre.figures(),
        bare=bare.figures(),
        ratio=round(ratio, 3),
        cpu_ratio=round(cpu_ratio, 3),
    )


if __name__ == "__main__":
    main_for(NAME, TITLE, measure)
