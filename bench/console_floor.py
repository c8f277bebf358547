"""The console's live floor: how long until the last of 50 open consoles shows a call.

50 consoles (one client process, apart from the server and the conductor) each sign in
through /admin/login as a browser would, keep their session cookie, and follow
`/admin/floor/ws` with it (and the page's Origin). Each round the conductor issues a
ticket, takes t0 and calls it at counter 1 (`call-next`); a console has the update when a
floor message shows that number at counter 1. A round's figure is its slowest console.
The ticket is then no-showed before the next round, and each step waits until every
console has the floor after it, so rounds never overlap.

Baseline in the same run: the same rounds with 50 plain clients on the event WebSocket
(`/api/v1/events/ws`, a display token), timed to their `ticket.called` event: the floor
costs a snapshot (queue view, ETA) and a rendered part per event on top of that fan-out.

Run alone: python bench/console_floor.py [--quick]
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import httpx

from harness import AntreServer, bearer, cpu_seconds, percentile, raise_fd_limit
from report import BenchResult, Options, main_for

NAME, TITLE = "console_floor", "Live floor: a call reaches 50 open consoles"
CONSOLES = 50
ROUNDS, QUICK_ROUNDS = 40, 12
COUNTER, SERVICE = 1, "kk"
STEP_TIMEOUT = 15.0
TARGET_P99_MS = 200.0
COOKIE = "antre_console"


# --- the consoles' process -----------------------------------------------------------------


def _numbers(kind: str, message: str | bytes) -> list[str]:
    """The called numbers a message shows: counter 1's current number on a floor, the
    number of a `ticket.called` event on the event stream."""
    data: dict[str, Any] = json.loads(message)
    if kind == "floor":
        return [c["current"] for c in data["counters"] if c["id"] == COUNTER and c["current"]]
    if data.get("type") == "ticket.called":
        return [data["data"]["number"]]
    return []


async def _follow(
    url: str, headers: dict[str, str], kind: str, client: int, seen: dict[str, list[float]],
    tally: dict[str, int], clients: int, pipe: Connection, ready: asyncio.Event,
) -> None:  # fmt: skip
    from websockets.asyncio.client import connect

    async with connect(url, additional_headers=headers, ping_interval=None, max_queue=None) as ws:
        ready.set()
        async for message in ws:
            at = time.monotonic()
            for number in _numbers(kind, message):
                key = f"{client}:{number}"
                if key not in seen:
                    seen[key] = [at]
                    tally[number] = tally.get(number, 0) + 1
                    if tally[number] == clients:
                        pipe.send(("all", number))


async def _consoles(targets: list[tuple[str, dict[str, str]]], kind: str, pipe: Connection) -> None:
    seen: dict[str, list[float]] = {}
    tally: dict[str, int] = {}
    readies = [asyncio.Event() for _ in targets]
    tasks = [
        asyncio.create_task(
            _follow(url, headers, kind, i, seen, tally, len(targets), pipe, readies[i])
        )
        for i, (url, headers) in enumerate(targets)
    ]
    await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 60)
    pipe.send(("ready", len(targets)))
    await asyncio.to_thread(pipe.recv)  # "stop"
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    pipe.send(("done", {k: v[0] for k, v in seen.items()}))


def run_consoles(targets: list[tuple[str, dict[str, str]]], kind: str, pipe: Connection) -> None:
    raise_fd_limit()
    try:
        asyncio.run(_consoles(targets, kind, pipe))
    except Exception as exc:
        pipe.send(("error", repr(exc)))


# --- the conductor -------------------------------------------------------------------------


@dataclass
class Delivery:
    clients: int
    slowest_ms: list[float]
    all_ms: list[float]
    lost: int
    server_cpu_s: float


class Fleet:
    def __init__(self, targets: list[tuple[str, dict[str, str]]], kind: str) -> None:
        spawn = multiprocessing.get_context("spawn")
        self.pipe, theirs = spawn.Pipe()
        self.proc = spawn.Process(target=run_consoles, args=(targets, kind, theirs), daemon=True)
        self.proc.start()
        self.heard: set[str] = set()
        message = self._receive(90)
        if message[0] != "ready":
            raise RuntimeError(f"consoles said {message!r}")

    def _receive(self, timeout: float) -> tuple[Any, ...]:
        if not self.pipe.poll(timeout):
            raise RuntimeError(f"no word from the consoles within {timeout} s")
        message: tuple[Any, ...] = self.pipe.recv()
        if message[0] == "error":
            raise RuntimeError(f"console process failed: {message[1]}")
        return message

    def all_have(self, number: str) -> bool:
        deadline = time.monotonic() + STEP_TIMEOUT
        while number not in self.heard:
            left = deadline - time.monotonic()
            if left <= 0 or not self.pipe.poll(left):
                return False
            self.heard.add(self._receive(0)[1])
        return True

    def stop(self) -> dict[str, float]:
        self.pipe.send("stop")
        while (message := self._receive(30))[0] == "all":
            continue
        self.proc.join(timeout=10)
        return dict(message[1])


class Conductor:
    def __init__(self, server: AntreServer) -> None:
        self.server = server
        self.http = httpx.Client(base_url=server.url, timeout=30)
        self.kiosk = bearer(server.device_token("kiosk1", "kiosk"))
        self.operator = bearer(server.staff_token("budi", "operator"))
        self.post(f"/api/v1/counters/{COUNTER}/open", self.operator)

    def post(self, path: str, headers: dict[str, str], **kw: Any) -> httpx.Response:
        response = self.http.post(path, headers=headers, **kw)
        if response.status_code >= 300:
            raise RuntimeError(f"POST {path}: {response.status_code} {response.text}")
        return response

    def console_cookie(self, name: str, password: str) -> str:
        """Sign in through the console's form, as a browser does; its session cookie."""
        with httpx.Client(base_url=self.server.url, timeout=30) as browser:
            signed = browser.post("/admin/login", data={"username": name, "password": password})
            if signed.status_code != 303 or COOKIE not in browser.cookies:
                raise RuntimeError(f"console sign-in failed: {signed.status_code}")
            return str(browser.cookies[COOKIE])

    def round(self, fleet: Fleet) -> tuple[str, float]:
        self.post("/api/v1/tickets", self.kiosk, json={"service_id": SERVICE})
        t0 = time.monotonic()
        called = self.post(f"/api/v1/counters/{COUNTER}/call-next", self.operator).json()
        fleet.all_have(called["number"])  # a console that never has it counts as lost
        self.post(f"/api/v1/tickets/{called['id']}/no-show", self.operator)
        return called["number"], t0


def deliver(conductor: Conductor, targets: list[tuple[str, dict[str, str]]], kind: str,
            rounds: int) -> Delivery:  # fmt: skip
    fleet = Fleet(targets, kind)
    cpu = cpu_seconds(conductor.server.pid)
    played = [conductor.round(fleet) for _ in range(rounds)]
    cpu = cpu_seconds(conductor.server.pid) - cpu
    seen = fleet.stop()
    slowest, every, lost = [], [], 0
    for number, t0 in played:
        times = [seen.get(f"{i}:{number}") for i in range(len(targets))]
        got = [(t - t0) * 1000 for t in times if t is not None]
        lost += len(targets) - len(got)
        every.extend(got)
        if got:
            slowest.append(max(got))
    return Delivery(len(targets), slowest, every, lost, cpu)


def measure(options: Options, result: BenchResult) -> None:
    rounds = QUICK_ROUNDS if options.quick else ROUNDS
    with (
        tempfile.TemporaryDirectory(prefix="antre-bench-") as tmp,
        AntreServer(Path(tmp)) as server,
    ):
        conductor = Conductor(server)
        server.staff_token("kepala", "supervisor")
        ws = f"ws://127.0.0.1:{server.port}"
        origin = {"Origin": server.url}
        consoles = [
            (f"{ws}/admin/floor/ws?since=0",
             {**origin, "Cookie": f"{COOKIE}={conductor.console_cookie('kepala', 'kepala-bench-password')}"})
            for _ in range(CONSOLES)
        ]  # fmt: skip
        display = server.device_token("board1", "display")
        head = httpx.get(f"{server.url}/api/v1/events?limit=1", headers=bearer(display))
        since = head.json()["last_seq"]
        boards = [(f"{ws}/api/v1/events/ws?since={since}&token={display}", {})] * CONSOLES
        try:
            baseline = deliver(conductor, boards, "events", rounds)
            floor = deliver(conductor, consoles, "floor", rounds)
        finally:
            conductor.http.close()
    _report(result, floor, baseline)


def _report(result: BenchResult, floor: Delivery, baseline: Delivery) -> None:
    for name, d in (("event WebSocket (baseline)", baseline), ("console floor", floor)):
        result.say(
            f"{name}: {d.clients} clients, {len(d.slowest_ms)} rounds: slowest client per "
            f"round p50 {percentile(d.slowest_ms, 50):.1f} ms, p99 "
            f"{percentile(d.slowest_ms, 99):.1f} ms; all deliveries p50 "
            f"{percentile(d.all_ms, 50):.1f} ms; lost {d.lost}; server CPU {d.server_cpu_s:.2f} s"
        )
    p99 = percentile(floor.slowest_ms, 99)
    ratio = percentile(floor.slowest_ms, 50) / percentile(baseline.slowest_ms, 50)
    result.say(f"ratio floor ÷ event fan-out (slowest-client p50) = {ratio:.1f}")
    result.at_most("p99 slowest console ms", p99, TARGET_P99_MS)
    result.must("every console got every call", floor.lost == 0, f"lost {floor.lost}")
    result.figures.update(
        consoles=floor.clients,
        rounds=len(floor.slowest_ms),
        floor_slowest_p50_ms=round(percentile(floor.slowest_ms, 50), 2),
        floor_slowest_p99_ms=round(p99, 2),
        floor_all_p50_ms=round(percentile(floor.all_ms, 50), 2),
        events_slowest_p50_ms=round(percentile(baseline.slowest_ms, 50), 2),
        events_slowest_p99_ms=round(percentile(baseline.slowest_ms, 99), 2),
        ratio_floor_to_events=round(ratio, 2),
        floor_server_cpu_s=round(floor.server_cpu_s, 2),
        events_server_cpu_s=round(baseline.server_cpu_s, 2),
        lost=floor.lost,
    )


if __name__ == "__main__":
    main_for(NAME, TITLE, measure)
