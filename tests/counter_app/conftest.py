"""Fixtures for the counter app: a real `antre serve`, signed-in operators, a kiosk.

Qt runs offscreen, and QSettings writes under the test's temporary directory, never into
the developer's own ~/.config.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot
from support import Server

from counter_app import words
from counter_app.model import CounterSession
from counter_app.remembered import Remembered
from counter_app.signin import Workplace
from queue_client import Backoff, HallClient, TicketRequest
from queue_client.models import Ticket
from queue_core.ticket import Priority
from queue_server.cli import main as antre_main

# Before any QApplication exists: the tests run without a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WAIT_MS = 10_000
FAST = Backoff(first=0.05, cap=0.3)
"""Reconnect quickly: the restart tests wait for it."""
PASSWORD = "rahasia-loket-123"


def antre_here(*args: str, stdin: str | None = None) -> str:
    """`antre …` in this process: the command a user types, minus a new interpreter."""
    result = CliRunner().invoke(antre_main, list(args), input=stdin)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(autouse=True)
def settings_in_tmp(tmp_path: Path) -> Iterator[None]:
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield
    words.use("id")  # the language is the app's one choice: each test starts in Indonesian


@pytest.fixture
def remembered(tmp_path: Path) -> Remembered:
    return Remembered(QSettings(str(tmp_path / "loket.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def staff(server: Server) -> Iterator[HallClient]:
    """An admin (a supervisor's powers): the "other person" acting in the hall."""
    antre_here(
        "user", "add", "admin", "--role", "admin", "--password-stdin", "--db", str(server.db),
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    with HallClient(server.url) as client:
        client.login("admin", PASSWORD)
        yield client


AddUser = Callable[[str], str]


@pytest.fixture
def add_operator(server: Server) -> AddUser:
    """Creates an operator (`antre user add NAME --role operator`); returns the password."""

    def add(name: str) -> str:
        antre_here(
            "user", "add", name, "--role", "operator", "--password-stdin",
            "--db", str(server.db), stdin=PASSWORD + "\n",
        )  # fmt: skip
        return PASSWORD

    return add


SignedIn = Callable[[str], Workplace]


@pytest.fixture
def sign_in(server: Server, add_operator: AddUser) -> Iterator[SignedIn]:
    """A signed-in operator's Workplace (the user is created on first use)."""
    clients: list[HallClient] = []

    def workplace(name: str) -> Workplace:
        client = HallClient(server.url)
        clients.append(client)
        session = client.login(name, add_operator(name))
        return Workplace(
            client,
            name,
            session.role,
            client.hall(),
            tuple(client.services()),
            tuple(client.counters()),
        )

    yield workplace
    for client in clients:
        client.close()


@pytest.fixture
def kiosk(server: Server) -> Iterator[HallClient]:
    printed = antre_here("device", "add", "kiosk-lobi", "--role", "kiosk", "--db", str(server.db))
    with HallClient(server.url, printed.strip().splitlines()[-1]) as client:
        yield client


Issue = Callable[..., Ticket]


@pytest.fixture
def issue(kiosk: HallClient) -> Issue:
    def take(service: str, priority: Priority = Priority.REGULAR, nik: str | None = None) -> Ticket:
        return kiosk.issue_ticket(TicketRequest(service, priority=priority, nik=nik))

    return take


OpenCounter = Callable[[Workplace, int], CounterSession]


@pytest.fixture
def open_counter(qtbot: QtBot) -> Iterator[OpenCounter]:
    """Opens a counter session and waits until it is ready for the first key."""
    sessions: list[CounterSession] = []

    def opened(workplace: Workplace, counter_id: int) -> CounterSession:
        session = CounterSession(workplace, counter_id, live_backoff=FAST)
        sessions.append(session)
        session.open()
        qtbot.waitUntil(lambda: session.ready, timeout=WAIT_MS)
        return session

    yield opened
    for session in sessions:
        session.shutdown()
