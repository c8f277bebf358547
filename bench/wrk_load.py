"""Driving wrk: compose its Lua script, run it, read back the figures it prints.

wrk runs in its own process with its own threads, so the load generator never shares an
event loop (or the GIL) with the server it measures.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import BENCH, cpu_seconds

LUA = BENCH / "lua"
CONNECTIONS = 32
THREADS = 2
TIMEOUT = "10s"
"""A slow answer must count as latency, not vanish as a wrk timeout error."""


@dataclass
class WrkRun:
    requests: int
    seconds: float
    sent: int
    answered: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    statuses: dict[int, int]
    errors: dict[str, int]
    """Socket-level errors: connect, read, write, timeout (and wrk's status>399 count)."""
    server_cpu_s: float = 0.0
    """CPU time the server process used while wrk ran (all its threads)."""

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_us_per_request(self) -> float:
        return self.server_cpu_s / self.requests * 1e6 if self.requests else float("nan")

    @property
    def ok_2xx(self) -> int:
        return sum(n for code, n in self.statuses.items() if 200 <= code < 300)

    @property
    def not_2xx(self) -> int:
        return sum(n for code, n in self.statuses.items() if not 200 <= code < 300)

    @property
    def socket_errors(self) -> int:
        return sum(n for kind, n in self.errors.items() if kind != "status")

    @property
    def in_flight_at_stop(self) -> int:
        """Requests sent but never answered: wrk stops mid-flight when its time is up."""
        return self.sent - self.answered

    def status_text(self) -> str:
        return ", ".join(f"{code}: {n}" for code, n in sorted(self.statuses.items())) or "none"

    def figures(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "seconds": round(self.seconds, 2),
            "req_per_s": round(self.rps, 1),
            "p50_ms": self.p50_ms,
            "p90_ms": self.p90_ms,
            "p99_ms": self.p99_ms,
            "max_ms": self.max_ms,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "socket_errors": self.errors,
            "in_flight_at_stop": self.in_flight_at_stop,
            "server_cpu_s": round(self.server_cpu_s, 2),
            "server_cpu_us_per_request": round(self.cpu_us_per_request, 1),
        }


def settings(seconds: int) -> str:
    return f"wrk: {THREADS} threads, {CONNECTIONS} connections, {seconds} s, timeout {TIMEOUT}"


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def compose_script(workdir: Path, script: str) -> Path:
    """The shared reporting part followed by the benchmark's own request() script."""
    target = workdir / f"wrk-{script}"
    target.write_text((LUA / "report.lua").read_text() + "\n" + (LUA / script).read_text())
    return target


def run_wrk(
    url: str,
    script: Path,
    seconds: int,
    args: list[str],
    server_pid: int | None = None,
    connections: int = CONNECTIONS,
    threads: int = THREADS,
) -> WrkRun:
    """Run wrk for whole `seconds` (wrk refuses fractions) and parse its BENCH line;
    with `server_pid`, also count the CPU time that server used meanwhile."""
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        TIMEOUT,
        "--latency",
        "-s",
        str(script),
        url,
        "--",
        *args,
    ]
    cpu_before = cpu_seconds(server_pid) if server_pid else 0.0
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    cpu = cpu_seconds(server_pid) - cpu_before if server_pid else 0.0
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    run = _parse(json.loads(line.removeprefix("BENCH ")))
    run.server_cpu_s = cpu
    return run


def _parse(raw: dict[str, Any]) -> WrkRun:
    return WrkRun(
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        sent=raw["sent"],
        answered=raw["answered"],
        p50_ms=raw["p50_us"] / 1000,
        p90_ms=raw["p90_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        statuses={int(code): n for code, n in raw["statuses"].items()},
        errors=raw["errors"],
    )


def describe(run: WrkRun) -> str:
    return (
        f"{run.rps:,.0f} req/s over {run.seconds:.1f} s ({run.requests} requests); "
        f"latency p50 {run.p50_ms:.1f} ms, p90 {run.p90_ms:.1f} ms, p99 {run.p99_ms:.1f} ms, "
        f"max {run.max_ms:.1f} ms; status codes {run.status_text()}; "
        f"socket errors {run.socket_errors}; server CPU {run.cpu_us_per_request:.0f} µs/request"
    )


def combine(runs: list[WrkRun]) -> WrkRun:
    """Windows of one server's load as one run: counts add up; for each latency
    percentile the worst window's value (an upper bound, as percentiles do not add)."""
    statuses: dict[int, int] = {}
    errors: dict[str, int] = {}
    for run in runs:
        for code, n in run.statuses.items():
            statuses[code] = statuses.get(code, 0) + n
        for kind, n in run.errors.items():
            errors[kind] = errors.get(kind, 0) + n
    return WrkRun(
        requests=sum(r.requests for r in runs),
        seconds=sum(r.seconds for r in runs),
        sent=sum(r.sent for r in runs),
        answered=sum(r.answered for r in runs),
        p50_ms=max(r.p50_ms for r in runs),
        p90_ms=max(r.p90_ms for r in runs),
        p99_ms=max(r.p99_ms for r in runs),
        max_ms=max(r.max_ms for r in runs),
        statuses=statuses,
        errors=errors,
        server_cpu_s=sum(r.server_cpu_s for r in runs),
    )
