"""`antre kiosk --server URL --token T [--printer URL] [--reader SPEC]…`: start the kiosk."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from card_reader import ReaderUnavailable, SerialNikReader
from card_reader.pcsc import PcscNikReader
from card_reader.source import NikSource
from card_reader.wedge_qt import WedgeReader
from kiosk_app.flow import KioskFlow
from kiosk_app.readers import reader_hub
from kiosk_app.views.style import apply_style
from kiosk_app.views.window import KioskWindow, TouchWatcher
from queue_client import HallClient
from queue_client.app_log import setup_app_logging
from queue_client.qt_window import fill_screen

log = logging.getLogger(__name__)


def make_reader(spec: str, app: QApplication) -> NikSource:
    """ "wedge", "serial:/dev/ttyUSB0[@9600]" (any pyserial URL), "pcsc:module:function"."""
    kind, _, rest = spec.partition(":")
    if kind == "wedge":
        return WedgeReader(app)
    if kind == "serial":
        url, _, baud = rest.partition("@")
        return SerialNikReader(url, baudrate=int(baud or 9600))
    if kind == "pcsc":
        return PcscNikReader(rest)
    raise ReaderUnavailable(
        f"unknown reader {spec!r}: use wedge, serial:PORT[@BAUD], pcsc:MODULE:FUNCTION"
    )


def main(
    server_url: str,
    token: str,
    printer: str | None = None,
    readers: tuple[str, ...] = ("wedge",),
    windowed: bool = False,
    argv: list[str] | None = None,
) -> int:
    setup_app_logging("kiosk")
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Antre Kiosk")
    apply_style(app)
    client = HallClient(server_url, token)
    model = KioskFlow(client, printer=printer)
    hub = reader_hub(model)
    hub.state.connect(lambda name, state: log.info("NIK reader %s: %s", name, state))
    for spec in readers:
        try:
            source = make_reader(spec, app)
        except ReaderUnavailable as exc:
            log.warning("%s", exc)  # the keypad still works
            continue
        hub.add(source)
    window = KioskWindow(model)
    watcher = TouchWatcher(model, app)
    app.installEventFilter(watcher)
    if windowed:
        window.resize(1080 // 2, 1920 // 2)
        window.show()
    else:
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        fill_screen(window)
    model.start()

    def shutdown() -> None:
        hub.stop()
        model.close()
        client.close()

    app.aboutToQuit.connect(shutdown)
    return app.exec()
