"""Building blocks every screen uses: labels and buttons sized for a touch kiosk.

Sizes are in pixels for a 1080-px-wide portrait screen: body text at least 28 px, touch
targets at least 100 px tall (the brief asks 80; elderly fingers miss small ones).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMargins, QSize, Qt
from PySide6.QtGui import QIcon, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

MIN_TARGET = 80
"""No touch target smaller than this many pixels either way (tests check every button)."""


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

    def __init__(
        self,
        title: str,
        lines: list[str],
        action: Callable[[], None],
        enabled: bool,
        *,
        height: int = 190,
        dense: bool = False,
        note: str = "",
        centered: bool = False,
    ):
        super().__init__()
        self.setObjectName("tile" if enabled else "tileOff")
        self.setEnabled(enabled)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 16, 24, 16)
        box.setSpacing(4)
        if centered:
            box.addStretch(1)  # a tall tile: its text in the middle, not in a corner
        # Dense: a smaller title so a big hall's many long names still fit one screen.
        box.addWidget(label(title, "tileTitleDense" if dense else "tileTitle"))
        if note:
            box.addWidget(label(note, "tileNote"))
        for line in lines:
            # One fact per line, never wrapped: "± 35 menit" split over two lines was
            # read as two numbers in the screenshots.
            box.addWidget(label(line, "tileLine", wrap=False))
        box.addStretch(1)
        for child in self.findChildren(QLabel):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.clicked.connect(lambda _checked=False: action())

    def resizeEvent(self, event: QResizeEvent) -> None:
        # The box layout inside a button hands a wrapped name a little less than its
        # heightForWidth (the last line of a four-line name was cut off): reserve it.
        margins = self.contentsMargins()
        layout = self.layout()
        box = layout.contentsMargins() if layout is not None else QMargins()
        width = event.size().width() - margins.left() - margins.right() - box.left() - box.right()
        for child in self.findChildren(QLabel):
            if child.wordWrap():
                child.setMinimumHeight(child.heightForWidth(width))
        super().resizeEvent(event)


class TapArea(QWidget):
    """A page that acts on a tap anywhere on it not taken by a child button.

    Labels ignore mouse presses, so a tap on the hall's name or the running text reaches
    here too; buttons (and the top bar, which is not inside the page) keep their own."""

    def __init__(self, action: Callable[[], None]) -> None:
        super().__init__()
        self._action = action

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # so the release comes here as well

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.rect().contains(event.position().toPoint()):
            self._action()


def spacer() -> QWidget:
    widget = QWidget()
    widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
    return widget
