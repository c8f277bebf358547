"""Live-event fan-out: how long until the last of 1,000 hall boards sees a call.

1,000 WebSocket clients (two processes of 500, apart from the server and the conductor)
listen on `/api/v1/events/ws` with a display token. For each round the conductor issues a
ticket, then takes t0 and calls it (`call-next` at counter 1); each client notes when the
`ticket.called` event arrives. A round's figure is its slowest client: a call is only
announced when every board in the hall shows it. The ticket is then started and finished
before the next round, and every step waits until all clients have the step's event, so
rounds never overlap.

Baseline in the same run: the same rounds with a single client.

Run alone: python bench/ws_fanout.py [--quick] [--profile]
"""

from __future__ import annotations

import multiprocessing
import tempfile
import time
from contextlib import AbstractContextManager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import httpx

from harness import HEALTH, AntreServer, bearer, cpu_seconds, percentile, profiled
from report import BenchResult, Options, main_for
from ws_clients import ClientLog, run_clients

NAME, TITLE = "ws_fanout", "Live-event fan-out to 1,000 boards"
CLIENTS, PROCESSES = 1000, 2
ROUNDS, QUICK_ROUNDS = 30, 15
COUNTER = 1
SERVICE = "kk"
"""Served at counter 1 of the small hall, with no quota and no NIK."""
STEP_TIMEOUT = 15.0
TARGET_P99_MS = 50.0


class Fleet(AbstractContextManager["Fleet"]):
    """Client processes holding `clients` WebSockets between them."""

    def __init__(self, url: str, clients: int, processes: int) -> None:
        spawn = multiprocessing.get_context("spawn")  # no copy of the conductor's state
        self.clients = clients
        self.pipes: list[Connection] = []
        self.procs: list[BaseProcess] = []
        share = [clients // processes + (i < clients % processes) for i in range(processes)]
        for count in share:
            ours, theirs = spawn.Pipe()
            proc = spawn.Process(target=run_clients, args=(url, count, theirs), daemon=True)
            proc.start()
            self.pipes.append(ours)
            self.procs.append(proc)
        self._heard: list[set[tuple[Any, ...]]] = [set() for _ in self.pipes]
        self._stopped = False
        self.connected = 0

    def __enter__(self) -> Fleet:
        try:
            self.connected = sum(self._expect(pipe, "ready", 120)[1] for pipe in self.pipes)
        except BaseException:
            self.__exit__()
            raise
        return self

    def _expect(self, pipe: Connection, kind: str, timeout: float) -> tuple[Any, ...]:
        if not pipe.poll(timeout):
            raise RuntimeError(f"no {kind!r} from a client process within {timeout}s")
        message = _receive(pipe)
        if message[0] != kind:
            raise RuntimeError(f"client process said {message!r}, expected {kind!r}")
        return message

    def all_received(self, event_type: str, ticket_id: int, timeout: float = STEP_TIMEOUT) -> bool:
        """Wait until every client has the event; False when some never got it in time."""
        key = ("all", event_type, ticket_id)
        deadline = time.monotonic() + timeout
        while not all(key in heard for heard in self._heard):
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            for pipe in wait(self.pipes, left):
                assert isinstance(pipe, Connection)
                message = _receive(pipe)
                self._heard[self.pipes.index(pipe)].add(tuple(message))
        return True

    def stop(self) -> list[ClientLog]:
        logs: list[ClientLog] = []
        for pipe in self.pipes:
            pipe.send("stop")
        self._stopped = True
        for pipe in self.pipes:
            while (message := _receive(pipe))[0] == "all":  # late news of earlier steps
                continue
            if message[0] != "done":
                raise RuntimeError(f"client process said {message!r} instead of its logs")
            logs.extend(message[1])
        return logs

    def __exit__(self, *exc: object) -> None:
        for proc in self.procs:
            if self._stopped:  # told to stop: give it time to close its sockets
                proc.join(timeout=10)
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=10)


def _receive(pipe: Connection) -> tuple[Any, ...]:
    try:
        message: tuple[Any, ...] = pipe.recv()
    except (EOFError, OSError) as exc:
        raise RuntimeError(f"a client process died ({exc!r}); see its traceback above") from None
    if message[0] == "error":
        raise RuntimeError(f"client process failed: {message[1]}")
    return message


@dataclass
class Round:
    ticket_id: int
    t0: float
    """time.monotonic() just before call-next was sent."""
    answered_ms: float
    """call-next's HTTP round trip (it answers after the COMMIT, as does the event)."""


class Conductor:
    """The kiosk and the operator: issues, calls and finishes tickets over HTTP."""

    def __init__(self, server: AntreServer) -> None:
        self.http = httpx.Client(base_url=server.url, timeout=30)
        self.kiosk = bearer(server.device_token("kiosk1", "kiosk"))
        self.operator = bearer(server.staff_token("admin", "admin"))
        self._post(f"/api/v1/counters/{COUNTER}/open", self.operator)

    def _post(self, path: str, headers: dict[str, str], **kwargs: Any) -> httpx.Response:
        response = self.http.post(path, headers=headers, **kwargs)
        if response.status_code >= 300:
            raise RuntimeError(f"POST {path}: {response.status_code} {response.text}")
        return response

    def issue(self) -> int:
        ticket = self._post("/api/v1/tickets", self.kiosk, json={"service_id": SERVICE})
        return int(ticket.json()["id"])

    def call_next(self) -> tuple[int, float, float]:
        """(ticket id, t0, HTTP answer ms)."""
        t0 = time.monotonic()
        response = self._post(f"/api/v1/counters/{COUNTER}/call-next", self.operator)
        answered_ms = (time.monotonic() - t0) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"call-next answered {response.status_code}: nobody waiting?")
        return int(response.json()["id"]), t0, answered_ms

    def finish(self, ticket_id: int) -> None:
        self._post(f"/api/v1/tickets/{ticket_id}/start", self.operator)
        self._post(f"/api/v1/tickets/{ticket_id}/finish", self.operator, json={})

    def health_ms(self, samples: int = 30) -> float:
        """p50 round trip of a bare GET /api/v1/health on a kept-alive connection."""
        times = []
        for _ in range(samples):
            started = time.monotonic()
            self.http.get(HEALTH).raise_for_status()
            times.append((time.monotonic() - started) * 1000)
        return percentile(times, 50)

    def close(self) -> None:
        self.http.close()


def play_rounds(conductor: Conductor, fleet: Fleet, rounds: int) -> list[Round]:
    played = []
    for _ in range(rounds):
        issued = conductor.issue()
        fleet.all_received("ticket.issued", issued)  # the fan-out of the issue is over
        ticket_id, t0, answered_ms = conductor.call_next()
        if ticket_id != issued:
            raise RuntimeError(f"called ticket {ticket_id}, expected {issued}")
        # A client that never gets it counts as lost in analyse(); the rounds go on.
        fleet.all_received("ticket.called", ticket_id)
        conductor.finish(ticket_id)
        fleet.all_received("ticket.finished", ticket_id)
        played.append(Round(ticket_id, t0, answered_ms))
    return played


@dataclass
class Delivery:
    clients: int
    slowest_ms: list[float]
    """Per round: the slowest client's call → received latency."""
    all_ms: list[float]
    lost: int
    duplicated: int
    clients_gap_free: int
    """Clients whose seqs ran since+1, since+2, … up to the server's head, none missing."""
    answered_ms: list[float]
    events: int = 0
    """Events each client should have received (issued, called, serving, finished…)."""
    server_cpu_s: float = 0.0
    """CPU the server used while the rounds were played."""

    @property
    def exactly_once(self) -> bool:
        return self.lost == 0 and self.duplicated == 0

    @property
    def cpu_us_per_send(self) -> float:
        """Server CPU per event per client: the cost of one board hearing one event
        (the rounds' few HTTP calls included, which matters only for one client)."""
        sends = self.events * self.clients
        return self.server_cpu_s / sends * 1e6 if sends else float("nan")


def analyse(rounds: list[Round], logs: list[ClientLog], since: int, head: int) -> Delivery:
    slowest, every, lost, duplicated = [], [], 0, 0
    for played in rounds:
        latencies = []
        for log in logs:
            times = log.called.get(played.ticket_id, [])
            lost += not times
            duplicated += len(times) > 1
            if times:
                latencies.append((times[0] - played.t0) * 1000)
        every.extend(latencies)
        if latencies:
            slowest.append(max(latencies))
    expected = list(range(since + 1, head + 1))
    gap_free = sum(log.seqs == expected for log in logs)
    answered = [r.answered_ms for r in rounds]
    return Delivery(
        len(logs), slowest, every, lost, duplicated, gap_free, answered, events=len(expected)
    )


def head_seq(server: AntreServer, token: str) -> int:
    response = httpx.get(
        server.url + "/api/v1/events", params={"since": 0, "limit": 1}, headers=bearer(token)
    )
    response.raise_for_status()
    return int(response.json()["last_seq"])


def fan_out(server: AntreServer, conductor: Conductor, display: str, clients: int,
            rounds: int, profile: Path | None = None) -> Delivery:  # fmt: skip
    """Connect `clients` boards, play the rounds, and check what each board received."""
    since = head_seq(server, display)
    url = f"ws://127.0.0.1:{server.port}/api/v1/events/ws?since={since}&token={display}"
    with Fleet(url, clients, min(PROCESSES, clients)) as fleet:
        if fleet.connected != clients:
            raise RuntimeError(f"only {fleet.connected} of {clients} clients connected")
        cpu_before = cpu_seconds(server.pid)
        with profiled(server.pid, profile):
            played = play_rounds(conductor, fleet, rounds)
        cpu = cpu_seconds(server.pid) - cpu_before
        logs = fleet.stop()
    delivery = analyse(played, logs, since, head_seq(server, display))
    delivery.server_cpu_s = cpu
    return delivery


def measure(options: Options, result: BenchResult) -> None:
    rounds = QUICK_ROUNDS if options.quick else ROUNDS
    with (
        tempfile.TemporaryDirectory(prefix="antre-bench-") as tmp,
        AntreServer(Path(tmp)) as server,
    ):
        display = server.device_token("board1", "display")
        conductor = Conductor(server)
        try:
            health = conductor.health_ms()
            single = fan_out(server, conductor, display, 1, rounds)
            profile = options.profile_to(f"{NAME}-antre")
            many = fan_out(server, conductor, display, CLIENTS, rounds, profile)
        finally:
            conductor.close()
    _report(result, many, single, health)


def _report(result: BenchResult, many: Delivery, single: Delivery, health_ms: float) -> None:
    p50, p99 = percentile(many.slowest_ms, 50), percentile(many.slowest_ms, 99)
    single_p50 = percentile(single.slowest_ms, 50)
    ratio = p50 / single_p50
    rounds = len(many.slowest_ms)
    result.say(f"baseline: GET /api/v1/health p50 {health_ms:.1f} ms; one client: call → "
               f"received p50 {single_p50:.1f} ms over {len(single.slowest_ms)} rounds")  # fmt: skip
    result.say(
        f"{many.clients} clients, {rounds} rounds: slowest client per round p50 {p50:.1f} ms, "
        f"p99 {p99:.1f} ms (of {rounds} rounds, p99 is the worst round); "
        f"all {len(many.all_ms)} deliveries p50 {percentile(many.all_ms, 50):.1f} ms, "
        f"p99 {percentile(many.all_ms, 99):.1f} ms"
    )
    result.say(f"call-next HTTP answer p50 {percentile(many.answered_ms, 50):.1f} ms "
               "(commit included; the event is published after the same commit)")  # fmt: skip
    result.say(f"ratio slowest-of-{many.clients} p50 ÷ single-client p50 = {ratio:.1f}")
    result.say(f"server CPU per event per client: {many.cpu_us_per_send:.0f} µs "
               f"({many.events} events × {many.clients} clients in {many.server_cpu_s:.1f} s)")  # fmt: skip
    for name, delivery in (("1 client", single), (f"{many.clients} clients", many)):
        result.say(f"{name}: lost {delivery.lost}, duplicated {delivery.duplicated}, "
                   f"seq streams gap-free {delivery.clients_gap_free}/{delivery.clients}")  # fmt: skip
    result.at_most("p99 slowest client ms", p99, TARGET_P99_MS)
    result.must("every call once per client", many.exactly_once and single.exactly_once,
                f"lost {many.lost}, duplicated {many.duplicated}")  # fmt: skip
    result.must("seq streams gap-free", many.clients_gap_free == many.clients,
                f"{many.clients_gap_free}/{many.clients} clients")  # fmt: skip
    result.figures.update(
        clients=many.clients,
        rounds=rounds,
        slowest_p50_ms=round(p50, 2),
        slowest_p99_ms=round(p99, 2),
        slowest_per_round_ms=[round(x, 2) for x in many.slowest_ms],
        all_deliveries_p50_ms=round(percentile(many.all_ms, 50), 2),
        all_deliveries_p99_ms=round(percentile(many.all_ms, 99), 2),
        single_client_p50_ms=round(single_p50, 2),
        health_p50_ms=round(health_ms, 2),
        call_next_answer_p50_ms=round(percentile(many.answered_ms, 50), 2),
        ratio_slowest_to_single=round(ratio, 2),
        lost=many.lost,
        duplicated=many.duplicated,
        clients_gap_free=many.clients_gap_free,
        server_cpu_us_per_event_per_client=round(many.cpu_us_per_send, 1),
    )


if __name__ == "__main__":
    main_for(NAME, TITLE, measure)
