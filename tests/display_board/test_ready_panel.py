"""The board's optional "Berkas siap diambil" panel, against a real `antre serve`: a
dossier turned ready shows its visit's number (as printed on that ticket), live from the
`dossier.changed` event, and leaves once collected. Never a title or a note."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from board_hall import WAIT_MS, Board, Hall
from pytestqt.qtbot import QtBot
from support import ROOT, Server

from display_board.ready_model import ReadyDossiers
from display_board.views.board_window import BoardWindow

PICKUP_HALL = ROOT / "tests" / "halls" / "pickup.toml"
NEVER_MS = 3_600_000
"""The fallback timer, out of the way: what the test sees comes from the live events."""


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path / "antre.db", hall=PICKUP_HALL).start()
    try:
        yield running
    finally:
        running.stop()


def visit_with_dossier(hall: Hall) -> dict[str, Any]:
    ticket = hall.issue("kk")
    hall.open(1)
    hall.post("/api/v1/counters/1/call", json={"ticket_id": ticket["id"]})
    hall.post(f"/api/v1/tickets/{ticket['id']}/start")
    hall.post(f"/api/v1/tickets/{ticket['id']}/finish")
    hall.post("/api/v1/counters/1/close")
    dossier = hall.post(f"/api/v1/tickets/{ticket['id']}/dossier", json={"title": "Rahasia judul"})
    hall.post(f"/api/v1/dossiers/{dossier['id']}/process")
    return dossier | {"_number": ticket["number"], "_day": ticket["issued_at"]}


@pytest.fixture
def ready(qtbot: QtBot, hall: Hall) -> Iterator[ReadyDossiers]:
    model = ReadyDossiers(hall.server.url, hall.display, refresh_ms=NEVER_MS)
    model.start()
    qtbot.waitUntil(lambda: model.loaded, timeout=WAIT_MS)
    yield model
    model.shutdown()


def painted(window: BoardWindow) -> list[str]:
    assert window.ready is not None
    window.ready.grab()  # paints it now, as the screen would
    return window.ready.painted_lines


def test_a_ready_dossier_shows_its_visit_number_until_collected(
    qtbot: QtBot, hall: Hall, board: Callable[..., Board], ready: ReadyDossiers
) -> None:
    model, _, _ = board()
    model.dossiersChanged.connect(ready.dossier_changed)
    window = BoardWindow(model, ready=ready)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    dossier = visit_with_dossier(hall)
    assert painted(window) == []  # in process: not on the board
    hall.post(f"/api/v1/dossiers/{dossier['id']}/ready", json={"note": "Rahasia catatan"})
    local = datetime.fromisoformat(dossier["_day"]).astimezone(ZoneInfo("Asia/Jakarta"))
    day = f"{local:%d/%m}"  # the hall day, as the visit's ticket prints it
    shown = f"Disdukcapil: {dossier['_number']} · {day}"
    qtbot.waitUntil(lambda: painted(window) == [shown], timeout=WAIT_MS)
    assert all("Rahasia" not in line for line in painted(window))
    hall.post(f"/api/v1/dossiers/{dossier['id']}/collect")
    qtbot.waitUntil(lambda: painted(window) == [], timeout=WAIT_MS)


def test_a_board_for_one_agency_shows_only_its_dossiers(qtbot: QtBot, hall: Hall) -> None:
    dossier = visit_with_dossier(hall)
    hall.post(f"/api/v1/dossiers/{dossier['id']}/ready")
    other = ReadyDossiers(hall.server.url, hall.display, agencies=("samsat",))
    mine = ReadyDossiers(hall.server.url, hall.display, agencies=("dukcapil",))
    try:
        for model in (other, mine):
            model.start()
        qtbot.waitUntil(lambda: other.loaded and mine.loaded, timeout=WAIT_MS)
        assert other.groups == []
        assert [g.agency for g in mine.groups] == ["Disdukcapil"]
    finally:
        other.shutdown()
        mine.shutdown()
