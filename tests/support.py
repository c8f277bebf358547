"""Shared test helpers: a real `antre serve` process, free ports, waiting with deadlines."""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx

ROOT = Path(__file__).resolve().parent.parent
SMALL_HALL = ROOT / "tests" / "halls" / "small.toml"
SAMPLE_HALL = ROOT / "assets" / "halls" / "sample.toml"
T = TypeVar("T")

CHROMIUM = "/usr/bin/chromium"  # Debian's package; Playwright never downloads a browser here
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # This machine's network is closed: without these Chromium keeps trying to phone home.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> None:
    """Skip a browser test where Debian's Chromium is missing; in CI
    (ANTRE_REQUIRE_BROWSER=1) a missing browser fails instead of hiding the tests."""
    import pytest

    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} not found: apt-get install chromium"
        if os.environ.get("ANTRE_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)


def launch_chromium(playwright: Any, *extra_args: str) -> Any:
    """Debian's Chromium under Playwright with this machine's flags (and `extra_args`).
    Tests call `require_chromium` first."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args])


def burst_of_calls(
    url: str,
    headers: dict[str, str],
    counters: tuple[int, ...] = (1, 2, 3, 4),
    per_counter: int = 5,
) -> None:
    """Operators at `counters` each call and at once mark a no-show, `per_counter` times,
    all at the same time on kept-alive connections as counter apps do: a hall's busiest
    second. The last call at each counter stays called."""

    def counter_works(counter: int) -> None:
        with httpx.Client(base_url=url, headers=headers) as client:
            for round_ in range(per_counter):
                ticket = client.post(f"/api/v1/counters/{counter}/call-next").json()
                if round_ < per_counter - 1:
                    client.post(f"/api/v1/tickets/{ticket['id']}/no-show").raise_for_status()

    operators = [threading.Thread(target=counter_works, args=(c,)) for c in counters]
    for operator in operators:
        operator.start()
    for operator in operators:
        operator.join()


LIBFAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")


def faketime_env(offset: Path) -> dict[str, str]:
    """Environment for a server process whose wall clock is moved by the offset written in
    `offset` (`+0`, `+1d`, re-read at every clock read); this test's clock is untouched.
    Skips where libfaketime is missing; in CI (ANTRE_REQUIRE_FAKETIME=1) that fails."""
    import pytest

    if not LIBFAKETIME.exists():
        why = f"{LIBFAKETIME} not found: apt-get install faketime"
        if os.environ.get("ANTRE_REQUIRE_FAKETIME"):
            pytest.fail(why)
        pytest.skip(why)
    if not offset.exists():
        offset.write_text("+0\n")
    return {
        "LD_PRELOAD": str(LIBFAKETIME),
        "FAKETIME_TIMESTAMP_FILE": str(offset),
        "FAKETIME_NO_CACHE": "1",  # read the file at every clock read: moved mid-test
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",  # asyncio's timers keep real time
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(
    check: Callable[[], T], timeout: float = 15.0, interval: float = 0.02, what: str = "condition"
) -> T:
    """Poll `check` until it returns something truthy, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception as exc:  # the thing we wait for may not answer yet
            last_error = exc
        # The poll's pacing inside a deadline, not a fixed wait for something to happen.
        threading.Event().wait(interval)
    raise AssertionError(
        f"timed out after {timeout}s waiting for {what}; last error: {last_error!r}"
    )


def antre(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the `antre` command as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "queue_server.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        cwd=ROOT,
    )


class Server:
    """A real `antre serve` process on a free port."""

    def __init__(
        self,
        db: Path,
        hall: Path = SMALL_HALL,
        env: dict[str, str] | None = None,
        wrap: list[str] | None = None,
        args: tuple[str, ...] = (),
        tls: ssl.SSLContext | None = None,
    ) -> None:
        """`wrap`: a command the server runs under (e.g. strace and its options); the
        server is then that command's child, and `stop` signals the server itself.
        `args`: more `antre serve` options; `tls`: the context that trusts the server's
        certificate, when `args` make it serve HTTPS."""
        self.db, self.hall, self.env, self.wrap = db, hall, env or {}, wrap or []
        self.args, self.tls = args, tls
        self.port = free_port()
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self.log = db.with_suffix(".log")
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        with self.log.open("ab") as log:  # the child keeps its own copy of the descriptor
            self.proc = subprocess.Popen(
                [
                    *self.wrap,
                    sys.executable,
                    "-m",
                    "queue_server.cli",
                    "serve",
                    "--db",
                    str(self.db),
                    "--hall",
                    str(self.hall),
                    "--port",
                    str(self.port),
                    *self.args,
                ],
                stdout=log,
                stderr=log,
                env={**os.environ, **self.env},
                cwd=ROOT,
            )
        wait_until(self._answers, timeout=30, what=f"antre serve on {self.url}")
        return self

    def _answers(self) -> bool:
        if self.proc is not None and self.proc.poll() is not None:
            raise AssertionError(
                f"antre serve exited with {self.proc.returncode}:\n{self.log.read_text()}"
            )
        verify = self.tls if self.tls is not None else True
        return httpx.get(f"{self.url}/api/v1/health", timeout=1, verify=verify).status_code == 200

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no final flush — a power cut as the process sees it."""
        if self.proc is not None:
            if self.wrap and self.proc.poll() is None:
                os.kill(self._server_pid(), signal.SIGKILL)
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def _server_pid(self) -> int:
        """The `antre serve` process: ours, or the wrapping command's child."""
        assert self.proc is not None
        if not self.wrap:
            return self.proc.pid
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        return int(children.split()[0])

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            if self.wrap:  # the wrapper (strace) ends when the server it runs ends
                os.kill(self._server_pid(), signal.SIGTERM)
            else:
                self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def staff_token(self, name: str = "admin", role: str = "admin") -> str:
        password = f"{name}-password-123"
        result = antre(
            "user",
            "add",
            name,
            "--role",
            role,
            "--password-stdin",
            "--db",
            str(self.db),
            stdin=password + "\n",
        )
        assert result.returncode == 0, result.stderr
        response = httpx.post(
            f"{self.url}/api/v1/auth/login", json={"username": name, "password": password}
        )
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    def device_token(self, name: str, role: str) -> str:
        result = antre("device", "add", name, "--role", role, "--db", str(self.db))
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]


def bearer(token: str) -> dict[str, Any]:
    return {"Authorization": f"Bearer {token}"}
