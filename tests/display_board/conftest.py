"""The Qt board's tests run without a screen, against a real `antre serve`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

# Before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The helpers next to the tests (board_hall.py), importable from each test module.
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pytest
from board_hall import FAST, WAIT_MS, Board, Hall, Recorder
from pytestqt.qtbot import QtBot
from support import Server

from display_board.board_model import BoardModel, default_voice
from display_board.snapshot import ShownCall


@pytest.fixture
def hall(server: Server) -> Hall:
    return Hall(server)


@pytest.fixture
def board(qtbot: QtBot, hall: Hall) -> Iterator[Callable[..., Board]]:
    models: list[BoardModel] = []

    def make(
        zone: str | None = None,
        agencies: tuple[str, ...] = (),
        clock: Callable[[], datetime] | None = None,
    ) -> Board:
        recorder = Recorder()
        model = BoardModel(
            hall.server.url,
            hall.display,
            zone=zone,
            agencies=agencies,
            player=recorder,
            voice=default_voice(),
            backoff=FAST,
            **({"clock": clock} if clock else {}),
        )
        shown: list[ShownCall] = []
        model.callShown.connect(shown.append)
        models.append(model)
        model.start()
        qtbot.waitUntil(lambda: model.loaded and model.connection == "connected", timeout=WAIT_MS)
        return model, recorder, shown

    yield make
    for model in models:
        model.shutdown()
