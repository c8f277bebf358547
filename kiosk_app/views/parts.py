"""Building blocks every screen uses: labels and buttons sized for a touch kiosk.

Sizes are in pixels for a 1080-px-wide portrait screen: body text at least 28 px, touch
targets at least 100 px tall (the brief asks 80; elderly fingers miss small ones).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget


def label(text: str, role: str = "body", *, wrap: bool = True, center: bool = False) -> QLabel:
    widget = QLabel(text)
    widget.setObjectName(role)  # the style sheet sizes each role
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if center:
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return widget


def button(
    text: str,
    action: Callable[[], None],
    role: str = "secondary",
    *,
    enabled: bool = True,
    icon: QIcon | None = None,
    height: int = 110,
) -> QPushButton:
    widget = QPushButton(text)
    widget.setObjectName(role)
    widget.setMinimumHeight(height)
    widget.setEnabled(enabled)
    widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # key events belong to the wedge reader
    if icon is not None:
        widget.setIcon(icon)
        widget.setIconSize(QSize(88, 88))
    widget.clicked.connect(lambda _checked=False: action())
    return widget


class Tile(QPushButton):
    """A service tile: a button whose text wraps (QPushButton's own does not)."""

    def __init__(self, title: str, lines: list[str], action: Callable[[], None], enabled: bool):
        super().__init__()
        self.setObjectName("tile" if enabled else "tileOff")
        self.setEnabled(enabled)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        from PySide6.QtWidgets import QVBoxLayout

        box = QVBoxLayout(self)
        box.setContentsMargins(24, 16, 24, 16)
        name = label(title, "tileTitle")
        box.addWidget(name)
        for line in lines:
            box.addWidget(label(line, "tileLine"))
        box.addStretch(1)
        for child in self.findChildren(QLabel):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.clicked.connect(lambda _checked=False: action())


def spacer() -> QWidget:
    widget = QWidget()
    widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
    return widget
