"""What the benchmarks share: real server processes, credentials, waiting, percentiles.

The servers run as separate processes started exactly as an operator would start them,
so a figure includes everything a hall pays for: the HTTP stack, the request log, fsync.
"""

from __future__ import annotations

import math
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import httpx

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SMALL_HALL = ROOT / "tests" / "halls" / "small.toml"
RESULTS = BENCH / "results"
HEALTH = "/api/v1/health"
T = TypeVar("T")


def antre_command() -> list[str]:
    """The `antre` console script of the interpreter running the bench (the venv's)."""
    beside = Path(sys.executable).parent / "antre"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("antre")
    return [found] if found else [sys.executable, "-m", "queue_server.cli"]


def run_antre(
    *args: str, stdin: str | None = None, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*antre_command(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd or ROOT,
    )


def raise_fd_limit(wanted: int = 65536) -> int:
    """Lift the open-file limit as far as allowed; children inherit it (1,000 sockets)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < wanted:
        try:  # root may raise the hard limit too
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, wanted))
            return wanted
        except (ValueError, OSError):
            wanted = hard
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return max(soft, wanted)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(
    check: Callable[[], T | None], timeout: float, what: str, interval: float = 0.02
) -> T:
    """Poll `check` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception as exc:  # the thing we wait for may not answer yet
            last_error = exc
        time.sleep(interval)  # the polling pace, inside the deadline
    raise RuntimeError(f"timed out after {timeout}s waiting for {what}; last error: {last_error!r}")


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: always a value that was measured, never interpolated."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    # n * pct first: exact for whole percentages, so p50 of 10 values is the 5th, not 6th.
    rank = max(1, math.ceil(len(ordered) * pct / 100))
    return ordered[rank - 1]


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system, all threads) a process has used so far.

    Unlike throughput, CPU per request hardly moves when other processes compete for the
    cores, so it is the steadier figure on a busy machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    # Fields 14 and 15 of proc(5), utime and stime; [0] is field 3, the one after the name.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> float:
    """1-minute load average: how busy the machine was (other processes add noise)."""
    return round(os.getloadavg()[0], 2)


class ServerProcess:
    """A server started as a child process, its stdout and stderr kept in a log file."""

    def __init__(self, name: str, command: list[str], workdir: Path, port: int) -> None:
        self.name, self.command, self.workdir, self.port = name, command, workdir, port
        self.url = f"http://127.0.0.1:{port}"
        self.log = workdir / f"{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.proc is not None, "server not started"
        return self.proc.pid

    def start(self) -> ServerProcess:
        raise_fd_limit()
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                self.command, stdout=log, stderr=log, cwd=self.workdir, start_new_session=True
            )
        try:
            wait_until(self._healthy, timeout=30, what=f"{self.name} on {self.url}")
        except BaseException:
            self.stop()  # never leave a half-started server behind
            raise
        return self

    def _healthy(self) -> bool:
        if self.proc is not None and self.proc.poll() is not None:
            tail = self.log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{tail}")
        return httpx.get(self.url + HEALTH, timeout=1).status_code == 200

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class AntreServer(ServerProcess):
    """`antre serve` on a fresh database with the small test hall (open around the clock)."""

    def __init__(self, workdir: Path, hall: Path = SMALL_HALL) -> None:
        self.db = workdir / "antre.db"
        port = free_port()
        command = [
            *antre_command(),
            "serve",
            "--db",
            str(self.db),
            "--hall",
            str(hall),
            "--port",
            str(port),
        ]
        super().__init__("antre-serve", command, workdir, port)

    def __enter__(self) -> AntreServer:
        self.start()
        return self

    def device_token(self, name: str, role: str) -> str:
        result = run_antre("device", "add", name, "--role", role, "--db", str(self.db))
        if result.returncode != 0:
            raise RuntimeError(f"antre device add failed: {result.stderr.strip()}")
        return result.stdout.strip().splitlines()[-1]

    def staff_token(self, name: str = "admin", role: str = "admin") -> str:
        password = f"{name}-bench-password"
        result = run_antre(
            "user", "add", name, "--role", role, "--password-stdin", "--db", str(self.db),
            stdin=password + "\n",
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"antre user add failed: {result.stderr.strip()}")
        response = httpx.post(
            self.url + "/api/v1/auth/login", json={"username": name, "password": password}
        )
        response.raise_for_status()
        return str(response.json()["access_token"])


def bare_server(workdir: Path, db: Path) -> ServerProcess:
    """The bare FastAPI baseline reading the hall database `db`, run by uvicorn with the
    same server options as `antre serve` (see bare_app.py)."""
    port = free_port()
    command = [sys.executable, str(BENCH / "bare_app.py"), "--port", str(port), "--db", str(db)]
    return ServerProcess("bare-fastapi", command, workdir, port)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def pyspy_command() -> str | None:
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.exists() else shutil.which("py-spy")


@contextmanager
def profiled(pid: int, out: Path | None) -> Iterator[None]:
    """While the block runs, sample the process with py-spy into a flame graph (SVG) at
    `out`; nothing when `out` is None or py-spy is not installed.

    --nonblocking: py-spy reads the target's memory without pausing it. Sampling still
    takes CPU (seen: the server's CPU per request about 10% higher), so figures from a
    profiled run are for finding where time goes, not for comparing runs."""
    pyspy = pyspy_command() if out is not None else None
    if pyspy is None or out is None:
        yield
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    recorder = subprocess.Popen(
        [pyspy, "record", "--nonblocking", "--pid", str(pid), "--output", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        recorder.send_signal(signal.SIGINT)  # py-spy writes the SVG when interrupted
        try:
            recorder.wait(timeout=30)
        except subprocess.TimeoutExpired:
            recorder.kill()
            recorder.wait()


BOARD_COUNTERS = (1, 2, 3, 4)
"""The small hall's counters a board benchmark calls at: 1–2 Dukcapil (kk), 3–4 Samsat (pkb)."""


def open_counters(url: str, staff: str, counters: Sequence[int] = BOARD_COUNTERS) -> None:
    for counter in counters:
        httpx.post(f"{url}/api/v1/counters/{counter}/open", headers=bearer(staff))


def make_calls(url: str, staff: str, kiosk: str, calls: int) -> str:
    """`calls` calls spread over the board counters (opened first): issue, call, no-show,
    as a busy hall. Returns the number called last, for waiting until a board shows it."""
    number = ""
    with (
        httpx.Client(base_url=url, headers=bearer(kiosk)) as k,
        httpx.Client(base_url=url, headers=bearer(staff)) as s,
    ):
        for i in range(calls):
            counter = BOARD_COUNTERS[i % len(BOARD_COUNTERS)]
            service = "kk" if counter <= 2 else "pkb"
            k.post("/api/v1/tickets", json={"service_id": service}).raise_for_status()
            called = s.post(f"/api/v1/counters/{counter}/call-next").json()
            s.post(f"/api/v1/tickets/{called['id']}/no-show").raise_for_status()
            number = str(called["number"])
    return number
