"""The desktop hall board against a real `antre serve`: model, voice queue, reconnects, window.

Qt runs offscreen; the sound goes to a recording player (the assembled WAV is what is
checked), so no sound card is needed.
"""

from __future__ import annotations

import io
import wave
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontMetricsF
from pytestqt.qtbot import QtBot
from support import Server, bearer, burst_of_calls

from display_board.announcer import Announcement, Call
from display_board.board_model import BoardModel, default_voice
from display_board.qt_player import NO_SOUND, QtPlayer
from display_board.snapshot import ShownCall
from display_board.views.board_window import BoardWindow
from queue_client import Backoff

WAIT_MS = 15_000
FAST = Backoff(first=0.05, cap=0.3)


class Hall:
    """The test hall through its REST API: a kiosk that issues, an admin at the counters."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.kiosk = bearer(server.device_token("kiosk-1", "kiosk"))
        self.admin = bearer(server.staff_token())
        self.display = server.device_token("layar-lobi", "display")

    def post(self, path: str, **kw: Any) -> dict[str, Any]:
        r = httpx.post(f"{self.server.url}{path}", headers=self.admin, **kw)
        assert r.status_code in (200, 201), r.text
        return dict(r.json())

    def issue(self, service: str = "kk") -> None:
        r = httpx.post(
            f"{self.server.url}/api/v1/tickets", json={"service_id": service}, headers=self.kiosk
        )
        assert r.status_code == 201, r.text

    def open(self, *counters: int) -> None:
        for counter in counters:
            self.post(f"/api/v1/counters/{counter}/open")

    def call_next(self, counter: int) -> dict[str, Any]:
        return self.post(f"/api/v1/counters/{counter}/call-next")

    def head(self) -> int:
        return int(httpx.get(f"{self.server.url}/api/v1/health").json()["last_seq"])

    def calls_since(self, seq: int) -> list[tuple[int, str, int]]:
        """The calls in the hall's event log after `seq`: the truth to compare to."""
        r = httpx.get(
            f"{self.server.url}/api/v1/events",
            params={"since": seq, "limit": 1000},
            headers=self.admin,
        )
        return [
            (e["seq"], e["data"]["number"], e["data"]["counter_id"])
            for e in r.json()["events"]
            if e["type"] in ("ticket.called", "ticket.recalled")
        ]


class Recorder:
    """A player that records each announcement and ends it on the next turn of the loop,
    as a real output's `finished` signal would."""

    def __init__(self) -> None:
        self.played: list[Announcement] = []

    def __call__(self, announcement: Announcement, done: Callable[[], None]) -> None:
        self.played.append(announcement)
        QTimer.singleShot(0, done)

    def seqs(self) -> list[int]:
        return [a.call.seq for a in self.played]


@pytest.fixture
def hall(server: Server) -> Hall:
    return Hall(server)


Board = tuple[BoardModel, Recorder, list[ShownCall]]


@pytest.fixture
def board(qtbot: QtBot, hall: Hall) -> Iterator[Callable[..., Board]]:
    models: list[BoardModel] = []

    def make(zone: str | None = None) -> Board:
        recorder = Recorder()
        model = BoardModel(
            hall.server.url,
            hall.display,
            zone=zone,
            player=recorder,
            voice=default_voice(),
            backoff=FAST,
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


def test_model_builds_from_the_snapshot_then_follows_events(
    qtbot: QtBot, hall: Hall, board: Callable[..., Board]
) -> None:
    for _ in range(4):
        hall.issue("kk")
    hall.open(1, 2)
    before = hall.call_next(1)
    hall.post("/api/v1/announcements", json={"text": "Loket 4 tutup jam 12"})

    model, recorder, shown = board()
    assert model.hall_name == "MPP Uji Coba"
    assert model.running_text == "Selamat datang di MPP Uji Coba"
    assert model.announcements == ["Loket 4 tutup jam 12"]
    assert [c.number for c in model.calls] == [before["number"]]
    assert model.counters[1].number == before["number"] and model.counters[1].called
    assert model.counters[2].status == "open" and model.counters[2].number is None
    assert model.counters[3].status == "closed"
    assert recorder.played == [] and shown == []  # the day so far is shown, not spoken

    live = hall.call_next(2)
    qtbot.waitUntil(lambda: model.latest is not None and model.latest.number == live["number"])
    assert model.counters[2].called and model.fresh() and model.fresh(2)
    assert [c.number for c in model.previous] == [before["number"]]
    qtbot.waitUntil(lambda: recorder.seqs() == [shown[0].seq], timeout=WAIT_MS)

    hall.post(f"/api/v1/tickets/{live['id']}/start")
    qtbot.waitUntil(
        lambda: model.counters[2].number == live["number"] and not model.counters[2].called
    )
    hall.post(f"/api/v1/tickets/{live['id']}/finish")
    qtbot.waitUntil(lambda: model.counters[2].number is None)
    hall.post("/api/v1/counters/2/pause")
    qtbot.waitUntil(lambda: model.counters[2].status == "paused")
    hall.post("/api/v1/announcements", json={"text": "Antrean paspor dibuka"})
    qtbot.waitUntil(lambda: model.announcements[0] == "Antrean paspor dibuka")

    # A recall is spoken again and stays one line in the list.
    hall.post(f"/api/v1/tickets/{before['id']}/recall")
    qtbot.waitUntil(lambda: len(recorder.played) == 2, timeout=WAIT_MS)
    assert recorder.played[1].call.recall and recorder.played[1].call.number == before["number"]
    assert [c.number for c in model.calls] == [before["number"], live["number"]]


def test_twenty_calls_at_once_all_appear_in_order_and_are_announced_once_each(
    qtbot: QtBot, hall: Hall, board: Callable[..., Board]
) -> None:
    for _ in range(10):
        hall.issue("kk")
        hall.issue("pkb")
    hall.open(1, 2, 3, 4)
    model, recorder, shown = board()
    start = hall.head()

    burst_of_calls(hall.server.url, hall.admin)

    truth = hall.calls_since(start)
    assert len(truth) == 20
    qtbot.waitUntil(lambda: len(shown) >= 20, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(recorder.played) >= 20, timeout=WAIT_MS)
    assert [(c.seq, c.number, c.counter_id) for c in shown] == truth
    assert [(a.call.seq, a.call.number, a.call.counter_id) for a in recorder.played] == truth
    assert model.announcer is not None and model.announcer.idle
    for announcement in recorder.played:
        with wave.open(io.BytesIO(announcement.wav)) as w:  # the WAV the speakers would get
            assert w.getnframes() / w.getframerate() > 2.0
    assert model.latest is not None and model.latest.seq == truth[-1][0]
    assert len(model.calls) == 7


def test_board_resumes_after_the_server_is_killed_and_restarted(
    qtbot: QtBot, server: Server, hall: Hall, board: Callable[..., Board]
) -> None:
    for _ in range(6):
        hall.issue("kk")
    hall.open(1, 2)
    model, recorder, shown = board()
    window = BoardWindow(model)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    start = hall.head()
    first = hall.call_next(1)
    qtbot.waitUntil(lambda: len(recorder.played) == 1, timeout=WAIT_MS)
    states: list[str] = []
    model.connectionChanged.connect(states.append)

    server.kill()  # a power cut in the server room
    qtbot.waitUntil(lambda: model.connection == "reconnecting", timeout=WAIT_MS)
    qtbot.waitUntil(window.offline.isVisible, timeout=WAIT_MS)  # the discreet sign
    assert model.latest is not None  # the last state stays on screen
    server.start()  # the same port, the same database
    qtbot.waitUntil(lambda: model.connection == "connected", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not window.offline.isVisible(), timeout=WAIT_MS)
    assert states[0] == "reconnecting" and states[-1] == "connected"

    hall.call_next(2)
    hall.post(f"/api/v1/tickets/{first['id']}/no-show")
    hall.call_next(1)
    truth = hall.calls_since(start)
    assert len(truth) == 3
    qtbot.waitUntil(lambda: len(shown) >= 3 and len(recorder.played) >= 3, timeout=WAIT_MS)
    assert [(c.seq, c.number, c.counter_id) for c in shown] == truth
    assert [(a.call.seq, a.call.number, a.call.counter_id) for a in recorder.played] == truth


def test_a_zone_board_shows_and_speaks_only_its_counters(
    qtbot: QtBot, hall: Hall, board: Callable[..., Board]
) -> None:
    for _ in range(3):
        hall.issue("kk")
        hall.issue("pkb")
    hall.open(1, 3)
    model, recorder, shown = board(zone="b")
    assert model.zone == "B" and sorted(model.counters) == [3, 4]
    hall.call_next(1)
    other = hall.call_next(3)
    qtbot.waitUntil(lambda: len(recorder.played) == 1, timeout=WAIT_MS)
    assert [c.number for c in shown] == [other["number"]]


def test_the_window_shows_the_latest_number_very_large(
    qtbot: QtBot, hall: Hall, board: Callable[..., Board]
) -> None:
    for _ in range(3):
        hall.issue("pkb")
    hall.open(4)
    model, _recorder, _shown = board()
    window = BoardWindow(model)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    called = hall.call_next(4)
    qtbot.waitUntil(lambda: model.latest is not None, timeout=WAIT_MS)

    def painted() -> bool:
        window.grab()  # paints every part now
        return window.call_panel.painted_number == called["number"]

    qtbot.waitUntil(painted, timeout=WAIT_MS)
    glyphs = QFontMetricsF(window.call_panel.number_font).tightBoundingRect(called["number"])
    assert glyphs.height() >= 1080 / 6  # readable from 10 m
    assert glyphs.width() <= window.call_panel.width()
    assert window.header.clock_text.endswith("WIB")
    assert window.header.date_text.split(",")[0] in (
        "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
    )  # fmt: skip


def test_the_player_degrades_to_a_notice_never_a_crash(qtbot: QtBot) -> None:
    voice = default_voice()
    assert voice is not None
    call = Call(1, 1, "A001", 1, at=datetime.now(UTC))
    wav = voice.assemble(["chime"])
    notices: list[str | None] = []
    finished: list[int] = []

    silent = QtPlayer(notices.append, command="/nonexistent/player", use_multimedia=False)
    assert not silent.available
    silent(Announcement(call, ("chime",), wav), lambda: finished.append(1))
    assert finished == [1] and notices == [NO_SOUND]

    working = QtPlayer(notices.append, command="true", use_multimedia=False)  # plays "nothing"
    assert working.available
    working(Announcement(call, ("chime",), wav), lambda: finished.append(2))
    qtbot.waitUntil(lambda: finished == [1, 2], timeout=WAIT_MS)
    assert notices[-1] is None

    broken = QtPlayer(notices.append, command="false", use_multimedia=False)
    broken(Announcement(call, ("chime",), wav), lambda: finished.append(3))
    qtbot.waitUntil(lambda: finished == [1, 2, 3], timeout=WAIT_MS)
    assert notices[-1] is not None and "tidak dapat diputar" in notices[-1]
    for player in (silent, working, broken):
        player.close()
