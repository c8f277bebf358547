"""A desktop board left on overnight, against a real `antre serve` whose clock is moved to
the next day with libfaketime (the server process only; this test's clock is untouched).

At the hall's midnight the server expires yesterday's waiting and called tickets and
numbers restart; the board must greet the morning without yesterday's calls, whether it
notices the new day by its own clock (a quiet hall) or by the server's first events of
the day (a PC whose clock lags).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from board_hall import WAIT_MS, Board, Hall
from pytestqt.qtbot import QtBot
from support import Server, bearer, faketime_env


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """`antre serve` whose wall clock follows the offset written in `faketime.txt`."""
    env = faketime_env(tmp_path / "faketime.txt")
    srv = Server(tmp_path / "antre.db", env={**os.environ, **env}).start()
    try:
        yield srv
    finally:
        srv.stop()


def test_a_board_left_on_overnight_drops_yesterdays_calls_and_called_numbers(
    qtbot: QtBot, tmp_path: Path, hall: Hall, board: Callable[..., Board]
) -> None:
    for _ in range(2):
        hall.issue("kk")
    hall.issue("pkb")
    hall.open(1, 3)
    called = hall.call_next(1)
    served = hall.call_next(3)
    hall.post(f"/api/v1/tickets/{served['id']}/start")  # still at the counter at midnight
    shift = [timedelta(0)]
    lagging, _, _ = board()  # this PC's clock does not see midnight before the server
    quiet, _, _ = board(clock=lambda: datetime.now(UTC) + shift[0])
    for model in (lagging, quiet):
        assert [c.number for c in model.calls] == [served["number"], called["number"]]
        assert model.counters[1].number == called["number"]

    (tmp_path / "faketime.txt").write_text("+1d\n")  # the server's next day
    shift[0] = timedelta(days=1)
    quiet.check_day()  # what its timer does every 20 s in a quiet hall

    assert quiet.calls == [] and quiet.latest is None
    assert quiet.counters[1].number is None  # the server expires called tickets
    assert quiet.counters[3].number == served["number"]  # and keeps one being served
    assert [c.number for c in lagging.calls] == [served["number"], called["number"]]

    hall.issue("kk")  # the day's first ticket: the server rolls its day (expiries first)
    qtbot.waitUntil(lambda: lagging.last_seq == hall.head(), timeout=WAIT_MS)
    assert lagging.calls == [] and lagging.counters[1].number is None
    assert lagging.counters[3].number == served["number"]

    login = {"username": "admin", "password": "admin-password-123"}  # as board_hall made it
    token = httpx.post(f"{hall.server.url}/api/v1/auth/login", json=login).json()
    hall.admin = bearer(token["access_token"])  # yesterday's staff session has ended
    morning = hall.call_next(1)
    assert morning["number"] == "B001"  # numbers restart with the hall day
    for model in (lagging, quiet):
        qtbot.waitUntil(lambda m=model: m.last_seq == hall.head(), timeout=WAIT_MS)
        assert [c.number for c in model.calls] == ["B001"]
