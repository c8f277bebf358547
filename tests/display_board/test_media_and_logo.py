"""The hall's own touches on the desktop board: pictures from a folder in turn, and the
logo in the header. Both are optional, and a bad file never breaks the board."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from display_board.board_model import BoardModel
from display_board.media_reel import MediaReel
from display_board.views.board_window import BoardWindow
from display_board.views.logo import load_logo


def picture(path: Path, colour: str = "#2a8c8c", size: tuple[int, int] = (320, 200)) -> Path:
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path))
    return path


@pytest.fixture
def model() -> Iterator[BoardModel]:
    """A board that is never started: the window draws its parts without a hall."""
    board = BoardModel("http://127.0.0.1:9", "no-token")
    yield board
    board.shutdown()


def test_the_reel_shows_each_picture_in_turn_and_skips_broken_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    picture(tmp_path / "1-ktp.png")
    (tmp_path / "2-broken.png").write_bytes(b"this is not a picture")
    picture(tmp_path / "3-samsat.jpg", "#5b4a7a")
    (tmp_path / "notes.txt").write_text("not shown")
    caplog.set_level(logging.WARNING, logger="display_board.media_reel")

    reel = MediaReel(tmp_path, seconds=8)
    seen = [reel.current_name]
    for _ in range(4):
        reel.advance()
        seen.append(reel.current_name)

    assert seen == ["1-ktp.png", "3-samsat.jpg", "1-ktp.png", "3-samsat.jpg", "1-ktp.png"]
    assert reel.current is not None and reel.current.width() == 320
    broken = [r for r in caplog.records if "2-broken.png" in r.getMessage()]
    assert len(broken) == 1  # said once, not at every round


def test_the_reels_timer_moves_to_the_next_picture(qtbot: QtBot, tmp_path: Path) -> None:
    picture(tmp_path / "a.png")
    picture(tmp_path / "b.png")
    reel = MediaReel(tmp_path, seconds=1)
    shown: list[str] = []
    reel.changed.connect(lambda: shown.append(reel.current_name))
    reel.start()
    try:
        qtbot.waitUntil(lambda: shown[:2] == ["b.png", "a.png"], timeout=5000)
    finally:
        reel.stop()


def test_pictures_added_to_the_folder_join_the_next_round(tmp_path: Path) -> None:
    picture(tmp_path / "a.png")
    reel = MediaReel(tmp_path)
    picture(tmp_path / "b.png")  # staff copy a new poster in while the board runs
    seen = []
    for _ in range(3):
        reel.advance()
        seen.append(reel.current_name)
    assert seen == ["a.png", "b.png", "a.png"]


@pytest.mark.parametrize("kind", ["missing", "empty", "only broken files", "a file"])
def test_a_folder_without_pictures_gives_no_media_area_and_a_log_line(
    qtbot: QtBot,
    model: BoardModel,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    kind: str,
) -> None:
    folder = tmp_path / "media"
    if kind == "empty":
        folder.mkdir()
    elif kind == "only broken files":
        folder.mkdir()
        (folder / "poster.png").write_bytes(b"\x89PNG broken")
    elif kind == "a file":
        folder.write_text("not a folder")
    caplog.set_level(logging.WARNING, logger="display_board.media_reel")

    reel = MediaReel(folder, seconds=8)
    window = BoardWindow(model, media=reel)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    window.grab()

    assert not reel.available
    assert window.media is not None and not window.media.isVisible()
    assert window.call_panel.width() + window.history.width() == 1920  # as with no --media
    assert any(str(folder) in r.getMessage() for r in caplog.records)
    reel.stop()


def test_the_media_area_appears_when_pictures_arrive_and_goes_when_they_leave(
    qtbot: QtBot, model: BoardModel, tmp_path: Path
) -> None:
    reel = MediaReel(tmp_path, seconds=8)
    window = BoardWindow(model, media=reel)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    window.show()
    assert window.media is not None and not window.media.isVisible()

    poster = picture(tmp_path / "poster.png")
    reel.advance()
    qtbot.waitUntil(window.media.isVisible)
    poster.unlink()
    reel.advance()
    qtbot.waitUntil(lambda: window.media is not None and not window.media.isVisible())
    reel.stop()


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_the_logo_sits_in_the_header_before_the_halls_name(
    qtbot: QtBot, model: BoardModel, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"logo.{suffix}"
    if suffix == "png":
        picture(path, "#f5c542", (200, 200))
    else:
        path.write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20">'
            '<rect width="40" height="20" fill="#f5c542"/></svg>'
        )
    logo = load_logo(path)
    assert logo is not None
    window = BoardWindow(model, logo=logo)
    qtbot.addWidget(window)
    for size in ((1920, 1080), (1080, 1920)):
        window.resize(*size)
        window.show()
        window.grab()
        box = window.header.logo_box
        assert box is not None and box.height() > 0.5 * window.header.height()
        assert box.bottom() <= window.header.height() and box.right() < window.width() / 4
        if suffix == "svg":
            assert abs(box.width() / box.height() - 2.0) < 0.05  # its own proportions


def test_no_logo_or_an_unreadable_one_leaves_no_empty_box(
    qtbot: QtBot, model: BoardModel, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="display_board.views.logo")
    broken = tmp_path / "logo.png"
    broken.write_bytes(b"no picture here")
    assert load_logo(None) is None
    assert load_logo(broken) is None
    assert load_logo(tmp_path / "missing.svg") is None
    assert any("logo.png" in r.getMessage() for r in caplog.records)
    window = BoardWindow(model, logo=load_logo(broken))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.grab()
    assert window.header.logo_box is None


def test_without_logo_the_board_takes_the_hall_files_logo_from_the_server(
    tmp_path: Path,
) -> None:
    from support import SMALL_HALL, Server

    from display_board.app import choose_logo

    picture(tmp_path / "logo.png", size=(240, 120))  # 2:1
    hall = tmp_path / "mpp.toml"
    hall.write_text(SMALL_HALL.read_text().replace("[hall]\n", '[hall]\nlogo = "logo.png"\n', 1))
    server = Server(tmp_path / "antre.db", hall=hall).start()
    try:
        token = server.device_token("layar", "display")
        fetched = choose_logo(server.url, token, None)
        assert fetched is not None and fetched.aspect == pytest.approx(2.0)
        # This PC's own --logo wins over the server's.
        own = choose_logo(server.url, token, picture(tmp_path / "own.png", size=(100, 100)))
        assert own is not None and own.aspect == pytest.approx(1.0)
    finally:
        server.stop()
    # No hall server answering: no logo, and the board still starts.
    assert choose_logo(server.url, "no-token", None) is None


def test_a_hall_without_a_logo_gives_the_board_none(tmp_path: Path) -> None:
    from support import Server

    from display_board.app import choose_logo

    server = Server(tmp_path / "antre.db").start()
    try:
        assert choose_logo(server.url, server.device_token("layar", "display"), None) is None
    finally:
        server.stop()
