"""Fixtures for the kiosk: a real `antre serve`, a kiosk device token, a fake network
printer on 127.0.0.1, and a KioskFlow wired to them with quick timers; the same against
a big hall (32 agencies, big_hall.py) for paging.

Qt runs offscreen. No test sleeps: each waits on a condition with a deadline.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner
from kiosk_printer import FakePrinter
from pytestqt.qtbot import QtBot
from support import Server, free_port

from kiosk_app.flow import KioskFlow, Timing
from queue_client import Backoff, HallClient
from queue_server.cli import main as antre_main

# Before any QApplication exists: the tests run without a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WAIT_MS = 15_000
QUICK = Timing(
    idle=30.0,
    result=30.0,
    result_unprinted=30.0,
    issue_deadline=1.0,
    retry_pause=0.1,
    catalogue_retry=0.2,
    backoff=Backoff(first=0.05, cap=0.2),
)


def antre_here(*args: str) -> str:
    result = CliRunner().invoke(antre_main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def fake_printer() -> Iterator[FakePrinter]:
    printer = FakePrinter()
    yield printer
    printer.stop()


@pytest.fixture
def kiosk_token(server: Server) -> str:
    printed = antre_here("device", "add", "kiosk-1", "--role", "kiosk", "--db", str(server.db))
    return printed.strip().splitlines()[-1]


@pytest.fixture
def quick() -> Timing:
    """The tests' timings (short retries and deadlines); a test changes one with
    dataclasses.replace."""
    return QUICK


@pytest.fixture
def client(server: Server, kiosk_token: str) -> Iterator[HallClient]:
    with HallClient(server.url, kiosk_token, timeout=2.0) as c:
        yield c


MakeFlow = Callable[..., KioskFlow]


@contextmanager
def flow_maker(
    qtbot: QtBot, client: HallClient, fake_printer: FakePrinter, **defaults: object
) -> Iterator[MakeFlow]:
    """Makes started kiosks on `client` printing to the fake printer, and closes them."""
    made: list[KioskFlow] = []

    def make(**options: object) -> KioskFlow:
        options = {"printer": fake_printer.url, "timing": QUICK, **defaults, **options}
        flow = KioskFlow(options.pop("client", client), **options)  # type: ignore[arg-type]
        made.append(flow)
        flow.start()
        qtbot.waitUntil(lambda: bool(flow.services), timeout=WAIT_MS)
        return flow

    try:
        yield make
    finally:
        for flow in made:
            flow.close()


@pytest.fixture
def make_flow(qtbot: QtBot, client: HallClient, fake_printer: FakePrinter) -> Iterator[MakeFlow]:
    with flow_maker(qtbot, client, fake_printer) as make:
        yield make


@pytest.fixture
def flow(make_flow: MakeFlow) -> KioskFlow:
    return make_flow()


def _big_hall_module() -> ModuleType:
    # By path: this folder is not a package (and its name is the app's), and
    # scripts/render_kiosk_screens.py draws the same hall.
    spec = importlib.util.spec_from_file_location(
        "big_hall", Path(__file__).with_name("big_hall.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def big_server(tmp_path: Path) -> Iterator[Server]:
    """`antre serve` with the big hall, written into tmp_path, on a fresh database."""
    hall = tmp_path / "big.toml"
    hall.write_text(_big_hall_module().big_hall_toml())
    server = Server(tmp_path / "big.db", hall).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def make_big_flow(
    qtbot: QtBot, big_server: Server, fake_printer: FakePrinter
) -> Iterator[MakeFlow]:
    token = big_server.device_token("kiosk-big", "kiosk")
    with (
        HallClient(big_server.url, token, timeout=2.0) as big_client,
        flow_maker(qtbot, big_client, fake_printer, live_counts=False) as make,
    ):
        yield make


@pytest.fixture
def big_flow(make_big_flow: MakeFlow) -> KioskFlow:
    return make_big_flow()


@pytest.fixture
def closed_port() -> str:
    return f"tcp://127.0.0.1:{free_port()}"
