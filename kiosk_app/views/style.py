"""The kiosk's look: the style sheet in assets/qss and a sans font every kiosk has."""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication


def kiosk_style() -> str:
    return resources.files("assets").joinpath("qss/kiosk.qss").read_text()


def apply_style(app: QApplication) -> None:
    # DejaVu Sans: Debian's fonts-dejavu-core, on every Debian/Ubuntu kiosk PC.
    app.setFont(QFont("DejaVu Sans", 22))
    app.setStyleSheet(kiosk_style())
