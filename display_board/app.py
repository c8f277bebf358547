"""`antre display --server URL --token T [--zone Z] [--agency ID]… [--logo PATH]
[--media DIR [--media-seconds N]] [--pickup-panel] [--windowed]`: the desktop hall board."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from display_board.board_model import BoardModel, default_voice
from display_board.media_reel import DEFAULT_SECONDS, MediaReel
from display_board.qt_player import QtPlayer
from display_board.ready_model import ReadyDossiers
from display_board.views.board_window import BoardWindow
from display_board.views.logo import Logo, load_logo, logo_from_bytes
from queue_client import HallClient
from queue_client.app_log import setup_app_logging
from queue_client.errors import ClientError
from queue_client.qt_window import fill_screen

MISCONFIGURED_EXIT = 2  # a usage error, as the `antre` command's contract says
log = logging.getLogger(__name__)


def choose_logo(server_url: str, token: str, local: Path | None) -> Logo | None:
    """`--logo` when given (this PC's file); else the hall file's logo from the hall
    server, so a board needs no setting of its own; else none."""
    if local is not None:
        return load_logo(local)
    try:
        with HallClient(server_url, token, timeout=5.0) as client:
            sent = client.display_logo()
    except ClientError as exc:  # no server yet: the board starts without a logo
        log.warning("the hall's logo could not be fetched: %s", exc)
        return None
    return logo_from_bytes(*sent) if sent is not None else None


def main(
    server_url: str,
    token: str,
    zone: str | None = None,
    windowed: bool = False,
    argv: list[str] | None = None,
    *,
    agencies: Sequence[str] = (),
    logo: Path | None = None,
    media: Path | None = None,
    media_seconds: float = DEFAULT_SECONDS,
    pickup_panel: bool = False,
) -> int:
    setup_app_logging("display")
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Antre Layar")
    app.setStyle("Fusion")
    holder: list[BoardModel] = []
    player = QtPlayer(lambda text: holder[0].show_notice(text) if holder else None)
    model = BoardModel(
        server_url, token, zone=zone, agencies=agencies, player=player, voice=default_voice()
    )
    holder.append(model)
    reel = MediaReel(media, media_seconds) if media is not None else None
    ready = ReadyDossiers(server_url, token, agencies=agencies) if pickup_panel else None
    if ready is not None:
        model.dossiersChanged.connect(ready.dossier_changed)
    window = BoardWindow(model, logo=choose_logo(server_url, token, logo), media=reel, ready=ready)
    if not player.available:
        model.show_notice("Suara tidak tersedia: tidak ada keluaran suara di PC ini")

    def refuse(reason: str) -> None:
        print(f"antre: {reason}", file=sys.stderr)
        app.exit(MISCONFIGURED_EXIT)

    model.misconfigured.connect(refuse)
    if windowed:
        window.resize(1280, 720)
        window.show()
    else:
        fill_screen(window)
    model.start()
    if ready is not None:
        ready.start()

    def quit_cleanly() -> None:
        model.shutdown()
        if ready is not None:
            ready.shutdown()
        player.close()

    app.aboutToQuit.connect(quit_cleanly)
    return app.exec()
