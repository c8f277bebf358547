"""`antre display --server URL --token T [--zone Z] [--windowed]`: the desktop hall board."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from display_board.board_model import BoardModel, default_voice
from display_board.qt_player import QtPlayer
from display_board.views.board_window import BoardWindow


def main(
    server_url: str,
    token: str,
    zone: str | None = None,
    windowed: bool = False,
    argv: list[str] | None = None,
) -> int:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Antre Layar")
    app.setStyle("Fusion")
    holder: list[BoardModel] = []
    player = QtPlayer(lambda text: holder[0].show_notice(text) if holder else None)
    model = BoardModel(server_url, token, zone=zone, player=player, voice=default_voice())
    holder.append(model)
    window = BoardWindow(model)
    if not player.available:
        model.show_notice("Suara tidak tersedia: tidak ada keluaran suara di PC ini")
    if windowed:
        window.resize(1280, 720)
        window.show()
    else:
        window.showFullScreen()
    model.start()

    def quit_cleanly() -> None:
        model.shutdown()
        player.close()

    app.aboutToQuit.connect(quit_cleanly)
    return app.exec()
