"""A board whose token is refused shows the staff's fix under the hall's name, uncut."""

from __future__ import annotations

import pytest
from board_hall import FAST, WAIT_MS
from pytestqt.qtbot import QtBot
from support import Server

from display_board.board_model import BoardModel
from display_board.views.board_window import BoardWindow
from queue_client import HallClient


@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080), (1366, 768)])
def test_a_board_with_a_wrong_token_shows_the_fix_and_the_hall_uncut(
    qtbot: QtBot, server: Server, size: tuple[int, int]
) -> None:
    with HallClient(server.url) as client:
        hall_name = client.hall().name
    model = BoardModel(server.url, "not-a-real-token", player=None, backoff=FAST)
    window = BoardWindow(model)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    model.start()
    try:
        qtbot.waitUntil(lambda: window.problem.isVisible(), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: hall_name in window.problem.text(), timeout=WAIT_MS)
        text = window.problem.text()
        assert "belum disiapkan" in text and server.url in text
        assert "antre device add" in text and "--token-file" in text
        box = window.problem.geometry()
        assert window.rect().contains(box)
        # Not clipped: the wrapped text fits the height it was given.
        assert window.problem.heightForWidth(box.width()) <= box.height()
    finally:
        model.shutdown()
