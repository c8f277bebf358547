"""`antre demo` end to end: the real command in a child process, a short morning played
through its API, the printed addresses answering, and a clean stop on Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator

import httpx
import pytest
from support import ROOT, antre, free_port, wait_until

# A short morning: 20 hall minutes at 600× take two seconds.
MINUTES, SPEED = "20", "600"
HISTORY = "7"  # calendar days: a week of past hall days is enough to see they are there


class Demo:
    def __init__(self, port: int) -> None:
        command = [sys.executable, "-m", "queue_server.cli", "demo", "--port", str(port)]
        # A child inherits an ignored SIGINT (pytest started from a background job) and
        # Python then leaves it ignored, so Ctrl-C could not reach the demo. A handled
        # signal is reset to the default at exec: the child gets Python's KeyboardInterrupt.
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            self.proc = subprocess.Popen(
                [*command, "--minutes", MINUTES, "--speed", SPEED, "--history-days", HISTORY],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                cwd=ROOT,
                env={**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"},
            )
        finally:
            signal.signal(signal.SIGINT, previous)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def printed(self, pattern: str) -> str | None:
        if self.proc.poll() is not None and not self._reader.is_alive():
            raise AssertionError(f"the demo exited with {self.proc.returncode}:\n{self.output}")
        found = re.search(pattern, self.output)
        return found.group(1) if found else None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        self._reader.join(timeout=10)
        assert self.proc.stdout is not None
        self.proc.stdout.close()


def bearer_of(login: httpx.Response) -> dict[str, str]:
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


@pytest.fixture
def demo() -> Iterator[Demo]:
    running = Demo(free_port())
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.e2e
def test_demo_prints_a_live_tracking_page_and_stops_on_ctrl_c(demo: Demo) -> None:
    tracking = wait_until(
        lambda: demo.printed(r"Tracking page of a waiting ticket: (\S+)"),
        timeout=60,
        what="the demo's tracking URL",
    )
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/t/[A-Za-z0-9_-]{16,64}", tracking)
    page = httpx.get(tracking, timeout=10)
    assert page.status_code == 200
    assert "Kota Harapan Jaya" in page.text

    base = tracking.split("/t/")[0]
    token = tracking.split("/t/")[1]
    track = httpx.get(f"{base}/api/v1/track/{token}", timeout=10).json()
    assert track["status"] == "waiting" and track["position"] is not None
    assert httpx.get(f"{base}/docs", timeout=10).status_code == 200
    assert f"{base}/display?token=" in demo.output

    # The demo's hall lives on a morning whatever the hour here, and its admin signs in.
    hall = httpx.get(f"{base}/api/v1/services", timeout=10).json()
    assert any(s["open"] for s in hall)
    password = wait_until(lambda: demo.printed(r"password (\S+)"), what="the demo login")
    login = httpx.post(
        f"{base}/api/v1/auth/login",
        json={"username": "admin", "password": password},
        timeout=10,
    )
    assert login.status_code == 200
    # The console: the printed address, the same admin, and the days before today in it.
    console = wait_until(lambda: demo.printed(r"Hall manager's console: (\S+) "))
    assert console == f"{base}/admin/floor"
    history = re.search(r"History: (\d+) hall days from (\S+) to (\S+)", demo.output)
    assert history is not None and int(history.group(1)) >= 4, demo.output
    with httpx.Client(base_url=base, timeout=10, follow_redirects=True) as browser:
        signed = browser.post(
            "/admin/login", data={"username": "admin", "password": password, "next": "/admin/floor"}
        )
        assert signed.status_code == 200 and "Loket" in signed.text, signed.text
    events = httpx.get(f"{base}/api/v1/events?limit=1", headers=bearer_of(login), timeout=10)
    assert events.json()["events"][0]["at"][:10] <= history.group(2)
    # What the newcomer needs for the apps: a kiosk token that works, and an operator of
    # their own whose loket the morning left free.
    kiosk_token = wait_until(lambda: demo.printed(r"antre kiosk --server \S+ --token (\S+)"))
    me = httpx.get(f"{base}/api/v1/auth/me", headers={"Authorization": f"Bearer {kiosk_token}"})
    assert me.status_code == 200 and me.json()["role"] == "kiosk"
    newcomer = wait_until(lambda: demo.printed(r"user petugas, password (\S+);"))
    counter = int(wait_until(lambda: demo.printed(r"loket (\d+) is free for you")))
    session = httpx.post(
        f"{base}/api/v1/auth/login",
        json={"username": "petugas", "password": newcomer},
        timeout=10,
    ).json()["access_token"]
    opened = httpx.post(
        f"{base}/api/v1/counters/{counter}/open",
        headers={"Authorization": f"Bearer {session}"},
        timeout=10,
    )
    assert opened.status_code == 200, opened.text
    assert "arrives with the display issue" not in demo.output
    # One clock: the server says its (simulated) time, which the apps measure waits on.
    assert "now" in httpx.get(f"{base}/api/v1/health", timeout=10).json()
    served = re.search(r"Served\s*│\s*(\d+)", demo.output)
    assert served is not None and int(served.group(1)) > 0

    demo.proc.send_signal(signal.SIGINT)
    assert demo.proc.wait(timeout=30) == 0
    with pytest.raises(httpx.TransportError):
        httpx.get(tracking, timeout=2)


@pytest.mark.e2e
def test_demo_on_a_taken_port_says_so_in_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = antre("demo", "--port", str(port))
    assert result.returncode == 1
    assert result.stderr.startswith("antre: cannot listen on ")
    assert f"127.0.0.1:{port}" in result.stderr and "--port" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.e2e
def test_demo_documents_and_checks_its_options() -> None:
    shown = antre("demo", "--help")
    assert shown.returncode == 0
    assert "--minutes" in shown.stdout and "--speed" in shown.stdout
    for option in ("--minutes", "--speed"):
        refused = antre("demo", option, "0")
        assert refused.returncode == 2 and option in refused.stderr
