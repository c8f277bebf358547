"""The counter app measures waits on the server's clock, not this PC's: one clock for the
hall. The server runs 30 minutes behind under libfaketime (its process only)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot
from support import Server

from counter_app.model import CounterSession
from counter_app.remembered import Remembered
from counter_app.signin import SignIn, Workplace

if TYPE_CHECKING:
    from conftest import AddUser

LIBFAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")
BEHIND = timedelta(minutes=30)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    if not LIBFAKETIME.exists():
        why = f"{LIBFAKETIME} not found: apt-get install faketime"
        if os.environ.get("ANTRE_REQUIRE_FAKETIME"):
            pytest.fail(why)
        pytest.skip(why)
    env = {
        "LD_PRELOAD": str(LIBFAKETIME),
        "FAKETIME": "-30m",
        "FAKETIME_DONT_FAKE_MONOTONIC": "1",
    }
    srv = Server(tmp_path / "antre.db", env={**os.environ, **env}).start()
    try:
        yield srv
    finally:
        srv.stop()


def test_a_counter_pc_measures_on_the_servers_clock(
    qtbot: QtBot, server: Server, add_operator: AddUser, remembered: Remembered
) -> None:
    password = add_operator("budi")
    signin = SignIn(remembered)
    signed: list[Workplace] = []
    signin.signedIn.connect(signed.append)
    signin.sign_in(server.url, "budi", password)
    qtbot.waitUntil(lambda: bool(signed), timeout=15_000)
    workplace = signed[0]
    off = workplace.clock_offset + BEHIND
    assert abs(off) < timedelta(seconds=30), workplace.clock_offset
    session = CounterSession(workplace, 1)
    try:
        lag = datetime.now(UTC) - session.now()
        assert abs(lag - BEHIND) < timedelta(seconds=30)
    finally:
        session.shutdown()
        workplace.client.close()
