"""`antre counter --server URL`: start the counter app."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from counter_app.remembered import Remembered
from counter_app.signin import SignIn, normalize_url
from counter_app.views.style import apply_style
from counter_app.views.window import CounterWindow
from queue_client.app_log import setup_app_logging
from queue_client.qt_window import fill_work_area


def main(server_url: str | None = None, argv: list[str] | None = None) -> int:
    setup_app_logging("counter")
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Antre Loket")
    apply_style(app)
    remembered = Remembered()
    if server_url:
        # The command line wins over what the PC remembered (a new server address).
        remembered.server_url = normalize_url(server_url)
    signin = SignIn(remembered)
    window = CounterWindow(signin)
    fill_work_area(window)
    app.aboutToQuit.connect(window.shutdown)
    return app.exec()
