"""The desktop hall board against a real `antre serve`: model, voice queue, reconnects, window.

Qt runs offscreen; the sound goes to a recording player (the assembled WAV is what is
checked), so no sound card is needed.
"""

from __future__ import annotations

import io
import wave
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from board_hall import WAIT_MS, Board, Hall
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot
from support import Server, burst_of_calls

from display_board.announcer import Announcement, Call
from display_board.board_model import default_voice
from display_board.media_reel import MediaReel
from display_board.qt_player import NO_SOUND, QtPlayer
from display_board.views.board_window import BoardWindow


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


def test_the_latest_number_is_a_sixth_of_the_screen_high_in_every_shape(
    qtbot: QtBot, hall: Hall, board: Callable[..., Board], tmp_path: Path
) -> None:
    for _ in range(3):
        hall.issue("pkb")
    hall.open(4)
    model, _recorder, _shown = board()
    pictures = tmp_path / "media"
    pictures.mkdir()
    poster = QImage(1600, 900, QImage.Format.Format_RGB32)
    poster.fill(QColor("#3b6e8f"))
    assert poster.save(str(pictures / "poster.png"))
    plain = BoardWindow(model)
    with_media = BoardWindow(model, media=MediaReel(pictures, 8))
    for window in (plain, with_media):
        qtbot.addWidget(window)
        window.show()
    called = hall.call_next(4)
    qtbot.waitUntil(lambda: model.latest is not None, timeout=WAIT_MS)

    for window in (plain, with_media):
        for width, height in ((1920, 1080), (1280, 720), (1080, 1920)):
            window.resize(width, height)
            qtbot.waitUntil(lambda w=window, s=(width, height): (w.width(), w.height()) == s)
            window.grab()  # paints every part now
            panel = window.call_panel
            assert panel.painted_number == called["number"]
            glyphs = panel.number_glyphs
            assert glyphs.height() >= height / 6, (width, height, glyphs)  # readable from 10 m
            assert glyphs.left() >= 0 and glyphs.right() <= panel.width(), (width, height)
            if window is with_media:
                assert window.media is not None and window.media.isVisible()
                assert window.media.painted_name == "poster.png"
            if height > width:  # portrait: the call on top, then counters, then last calls
                assert panel.y() < window.grid.y() < window.history.y() < window.ticker.y()
                assert panel.width() == width
            else:  # landscape: the last calls (and pictures) beside the call
                assert panel.y() == window.history.y() < window.grid.y() < window.ticker.y()
    assert plain.header.clock_text.endswith("WIB")
    assert plain.header.date_text.split(",")[0] in (
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
    gone: list[bool] = []
    for player in (silent, working, broken):
        player.close()
        # Deleted on Qt's terms, not whenever Python's collector gets to them (see
        # test_real_audio.py).
        player.destroyed.connect(lambda: gone.append(True))
        player.deleteLater()
    qtbot.waitUntil(lambda: len(gone) == 3, timeout=WAIT_MS)
