"""The Qt bridge: live events as signals, delivered on the GUI thread, in order."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from support import Server

from queue_client import Backoff, ConnectionState, Event, HallClient, TicketRequest
from queue_client.qt import LiveEvents

if TYPE_CHECKING:
    from conftest import Device

pytestmark = pytest.mark.e2e

WAIT_MS = 15_000


@pytest.fixture
def board(server: Server, qtbot: QtBot, device: Device) -> Iterator[LiveEvents]:
    live = LiveEvents(server.url, device("board", "display"), backoff=Backoff(0.05, 0.2))
    try:
        yield live
    finally:
        live.stop()


def test_signals_arrive_on_the_gui_thread_in_seq_order(
    board: LiveEvents, qtbot: QtBot, kiosk: HallClient, staff: HallClient
) -> None:
    gui = threading.get_ident()
    seen: list[tuple[str, object]] = []
    threads: set[int] = set()

    def record(name: str, value: object) -> None:
        threads.add(threading.get_ident())
        seen.append((name, value))

    # Direct: runs in whichever thread emits. The bridge emits from the GUI thread only.
    board.hallEvent.connect(
        lambda event: record("event", event.seq), Qt.ConnectionType.DirectConnection
    )
    board.ticketEvent.connect(lambda event: record("ticket", event.type))
    board.ticketCalled.connect(lambda event: record("called", event.data["number"]))
    board.ticketRecalled.connect(lambda event: record("recalled", event.data["counter_id"]))
    board.counterChanged.connect(lambda event: record("counter", event.data["status"]))
    board.announcement.connect(lambda text: record("announcement", text))
    board.connectionChanged.connect(lambda state: record("connection", state))

    with qtbot.waitSignal(board.connectionChanged, timeout=WAIT_MS):
        board.start()
    staff.open_counter(2)
    ticket = kiosk.issue_ticket(TicketRequest("akta"))
    staff.call_next(2)
    staff.recall(ticket.id)
    staff.announce("Selamat siang")
    qtbot.waitUntil(lambda: ("announcement", "Selamat siang") in seen, timeout=WAIT_MS)

    assert threads == {gui}
    assert seen == [
        ("connection", "connecting"),
        ("connection", "connected"),
        ("event", 1),
        ("counter", "open"),
        ("event", 2),
        ("ticket", "ticket.issued"),
        ("event", 3),
        ("ticket", "ticket.called"),
        ("called", "C001"),
        ("event", 4),
        ("ticket", "ticket.recalled"),
        ("recalled", 2),
        ("event", 5),
        ("announcement", "Selamat siang"),
    ]
    assert board.last_seq == 5 and board.state is ConnectionState.CONNECTED


def test_a_restart_shows_as_reconnecting_then_connected_with_nothing_missed(
    board: LiveEvents, qtbot: QtBot, server: Server, kiosk: HallClient
) -> None:
    states: list[str] = []
    events: list[Event] = []
    board.connectionChanged.connect(states.append)
    board.hallEvent.connect(events.append)
    board.start()
    kiosk.issue_ticket(TicketRequest("kk"))
    qtbot.waitUntil(lambda: len(events) == 1, timeout=WAIT_MS)

    server.kill()
    qtbot.waitUntil(lambda: states[-1:] == ["reconnecting"], timeout=WAIT_MS)
    server.start()
    kiosk.issue_ticket(TicketRequest("kk"))
    qtbot.waitUntil(lambda: len(events) == 2, timeout=WAIT_MS)
    assert [e.seq for e in events] == [1, 2]
    assert states == ["connecting", "connected", "reconnecting", "connected"]


def test_a_refused_token_is_signalled_once(server: Server, qtbot: QtBot) -> None:
    live = LiveEvents(server.url, "not-a-token")
    try:
        with qtbot.waitSignal(live.authFailed, timeout=WAIT_MS) as refused:
            live.start()
        assert refused.args == ["unauthorized"]
        assert live.state is ConnectionState.AUTH_FAILED
    finally:
        live.stop()
