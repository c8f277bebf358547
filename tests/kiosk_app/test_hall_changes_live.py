"""An admin's change to the hall reaches a running kiosk and a running board without a
restart (hall.changed, docs/hall-admin.md): a real `antre serve`, the real kiosk flow and
the real board model, offscreen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from pytestqt.qtbot import QtBot
from support import Server, bearer

from display_board.board_model import BoardModel
from kiosk_app.catalogue import Tile
from kiosk_app.flow import KioskFlow
from queue_client import Backoff, HallClient, TicketRequest

WAIT_MS = 15_000


def tile(flow: KioskFlow, service_id: str) -> Tile:
    return next(t for t in flow.tiles() if t.service.id == service_id)


def quiet(flow: KioskFlow, head: int) -> bool:
    live = flow._live
    assert live is not None
    return (
        live._live.last_seq >= head
        and not live._timer.isActive()
        and flow._fetches == flow._fetch_shown
    )


@pytest.fixture
def board(qtbot: QtBot, server: Server) -> Iterator[BoardModel]:
    model = BoardModel(
        server.url, server.device_token("tv-1", "display"), backoff=Backoff(0.05, 0.3)
    )
    model.start()
    qtbot.waitUntil(lambda: model.loaded and model.connection == "connected", timeout=WAIT_MS)
    yield model
    model.shutdown()


class Staff:
    """Requests as one staff member, each on its own connection (a kept-alive one would sit
    idle past the server's keep-alive while the test waits)."""

    def __init__(self, server: Server, token: str) -> None:
        self.url, self.headers = server.url, bearer(token)

    def __getattr__(self, method: str) -> Callable[..., httpx.Response]:
        def send(path: str, **kw: Any) -> httpx.Response:
            return httpx.request(method.upper(), self.url + path, headers=self.headers, **kw)

        return send


def test_a_quota_and_a_name_changed_by_the_admin_show_on_the_kiosk_and_the_board(
    qtbot: QtBot, flow: KioskFlow, board: BoardModel, server: Server
) -> None:
    admin = Staff(server, server.staff_token())
    operator = Staff(server, server.staff_token("sari", "supervisor"))
    flow.begin()
    assert tile(flow, "akta").service.quota_per_day == 3 and tile(flow, "akta").enabled
    with HallClient(server.url, server.device_token("kiosk-2", "kiosk")) as other_kiosk:
        other_kiosk.issue_ticket(TicketRequest("akta"))
    qtbot.waitUntil(lambda: tile(flow, "akta").service.remaining_today == 2, timeout=WAIT_MS)
    # Quiet first: every event so far has reached the kiosk and no refetch is pending, so
    # what the kiosk shows next can only come from hall.changed.
    head = httpx.get(f"{server.url}/api/v1/health").json()["last_seq"]
    qtbot.waitUntil(lambda: quiet(flow, head), timeout=WAIT_MS)

    # The hall manager lowers the quota to what was already taken, and renames the service.
    changed = admin.patch(
        "/api/v1/hall/services/akta", json={"quota": 1, "name": "Akta Kelahiran Anak"}
    )
    assert changed.status_code == 200, changed.text

    def kiosk_shows_it() -> bool:
        akta = tile(flow, "akta")
        return akta.label("id") == "Akta Kelahiran Anak" and akta.reason == "quota"

    qtbot.waitUntil(kiosk_shows_it, timeout=WAIT_MS)  # no tap, no restart
    assert tile(flow, "akta").service.quota_per_day == 1

    # A counter renamed and one added, and a new running text: the board follows.
    assert admin.patch("/api/v1/hall/counters/3", json={"name": "Samsat 3"}).status_code == 200
    added = admin.post(
        "/api/v1/hall/counters", json={"id": 5, "agency": "samsat", "services": ["pkb"]}
    )
    assert added.status_code == 201, added.text
    text = "Layanan Samsat hari ini sampai pukul 12.00"
    assert admin.patch("/api/v1/hall/settings", json={"running_text": text}).status_code == 200

    def board_shows_it() -> bool:
        return (
            board.counter_name(3) == "SAMSAT 3"
            and 5 in board.counters
            and board.running_text == text
        )

    qtbot.waitUntil(board_shows_it, timeout=WAIT_MS)
    assert board.counters[5].agency == "Samsat"
    # The board speaks for the new counter too: a call there is shown and announced.
    assert operator.post("/api/v1/counters/5/open").status_code == 200
    with HallClient(server.url, server.device_token("kiosk-3", "kiosk")) as third:
        third.issue_ticket(TicketRequest("pkb"))
    called = operator.post("/api/v1/counters/5/call-next").json()
    qtbot.waitUntil(lambda: board.counters[5].number == called["number"], timeout=WAIT_MS)
