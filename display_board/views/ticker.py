"""The running text: the last announcements (yellow), then the hall's own line."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display_board.board_model import BoardModel
from display_board.views.paint import INK, MUTED, NEWS, Part, font

TICKER_MS = 40
"""25 frames a second for the running text: smooth enough, and cheap when idle."""


class Ticker(Part):
    """The running text: the last announcements (yellow), then the hall's own line."""

    def __init__(self, model: BoardModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.offset = 0.0
        self.hold = False  # screenshots: keep it still
        self._items: list[tuple[str, QColor]] = []
        self._width = 0.0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._step)
        self._timer.start(TICKER_MS)

    def refresh(self) -> None:
        items = [(a, NEWS) for a in self.model.announcements]
        if self.model.running_text:
            items.append((self.model.running_text, INK))
        if items != self._items:
            self._items = items
            self.offset = 0.0  # a new announcement is read from its beginning
            self.update()

    def _text_width(self, f: QFont, gap: float) -> float:
        m = QFontMetricsF(f)
        return sum(m.horizontalAdvance(t) for t, _ in self._items) + gap * len(self._items)

    def _step(self) -> None:
        if self.hold or not self._items or not self.isVisible():
            return
        self.offset += 0.12 * self.unit * TICKER_MS / 10  # 12 units a second
        if self.offset > self.width() + self._width:
            self.offset = 0.0
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        u, r = self.unit, QRectF(self.rect())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        p.fillRect(r, QColor("#0a1820"))
        f = font(min(r.height() * 0.5, 3.6 * u))  # as in landscape, on a taller bar
        gap = 6 * u
        self._width = self._text_width(f, gap)
        x = r.width() - self.offset
        p.setFont(f)
        for i, (text, color) in enumerate(self._items):
            if i:
                p.setPen(MUTED)
                p.drawText(
                    QRectF(x - gap, 0, gap, r.height()), int(Qt.AlignmentFlag.AlignCenter), "•"
                )
            p.setPen(color)
            w = QFontMetricsF(f).horizontalAdvance(text)
            p.drawText(QRectF(x, 0, w + 2, r.height()),
                       int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)  # fmt: skip
            x += w + gap
