"""The latest call, very large, and the calls before it."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display_board.board_model import BoardModel
from display_board.views.paint import (
    CALL,
    CALL_INK,
    GROUND,
    INK,
    MUTED,
    PANEL,
    BigNumber,
    Part,
    draw_text,
    fitted,
    font,
)

NUMBER_SHARE = 0.40
"""The number's glyphs, as a share of the panel's inner height; more (up to
`NUMBER_MOST`) where that is needed for a sixth of the screen's height, as on a portrait
screen. The window gives the panel the height for it in either orientation."""
NUMBER_MOST = 0.48
SIXTH = 1 / 6 * 1.02  # a little over, so rounding of font sizes never lands under


class CallPanel(Part):
    """The latest call: number and counter, very large."""

    def __init__(self, model: BoardModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.painted_number = ""
        self.number_glyphs = QRectF()
        """Where the number's glyphs were last painted: what a citizen 10 m away reads."""

    def paintEvent(self, event: QPaintEvent) -> None:
        u, r = self.unit, QRectF(self.rect())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(r, GROUND)
        fresh = self.model.fresh()
        box = r.adjusted(1.2 * u, 1.2 * u, -1.2 * u, -0.6 * u)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(CALL if fresh else PANEL)
        p.drawRoundedRect(box, 1.5 * u, 1.5 * u)
        ink = CALL_INK if fresh else INK
        soft = CALL_INK if fresh else MUTED
        latest = self.model.latest
        inner = box.adjusted(2 * u, 1.5 * u, -2 * u, -1.5 * u)
        if latest is None:
            self.painted_number, self.number_glyphs = "", QRectF()
            draw_text(
                p, inner, "Belum ada panggilan", font(5 * u), soft, Qt.AlignmentFlag.AlignCenter
            )
            return
        h, left, w = inner.height(), inner.left(), inner.width()
        centre = Qt.AlignmentFlag.AlignCenter

        def band(top: float, share: float) -> QRectF:
            return QRectF(left, inner.top() + h * top, w, h * share)

        draw_text(p, band(0, 0.1), "NOMOR ANTREAN", font(h * 0.07, True), soft, centre)
        glyphs = min(h * NUMBER_MOST, max(h * NUMBER_SHARE, self.window().height() * SIXTH))
        number = BigNumber(latest.number, glyphs, band(0.1, 0.5))
        number.paint(p, ink)
        self.painted_number, self.number_glyphs = latest.number, number.painted
        draw_text(p, band(0.61, 0.09), "Silakan menuju", font(h * 0.065), soft, centre)
        counter = self.model.counter_name(latest.counter_id)
        draw_text(p, band(0.7, 0.2), counter, fitted(counter, h * 0.16, w * 0.96, True), ink,
                  centre)  # fmt: skip
        tile = self.model.counters.get(latest.counter_id)
        if tile and tile.agency:
            draw_text(p, band(0.9, 0.1), tile.agency, fitted(tile.agency, h * 0.06, w), soft,
                      centre)  # fmt: skip


class History(Part):
    """The calls before the latest, newest first: one column, or two on a wide, low strip
    (portrait), read down the first column then the second, as the web board does."""

    def paintEvent(self, event: QPaintEvent) -> None:
        u, r = self.unit, QRectF(self.rect())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(r, GROUND)
        box = r.adjusted(0.6 * u, 1.2 * u, -1.2 * u, -0.6 * u)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(PANEL)
        p.drawRoundedRect(box, 1.5 * u, 1.5 * u)
        inner = box.adjusted(2 * u, 1.2 * u, -2 * u, -1 * u)
        title = QRectF(inner.left(), inner.top(), inner.width(), 4 * u)
        draw_text(p, title, "PANGGILAN SEBELUMNYA", fitted("PANGGILAN SEBELUMNYA", 2.6 * u,
                  inner.width(), True), MUTED,
                  Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)  # fmt: skip
        rows = self.model.previous
        area = inner.adjusted(0, 5 * u, 0, 0)
        if not rows:
            draw_text(p, area, "Belum ada panggilan", font(3 * u), MUTED,
                      Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)  # fmt: skip
            return
        columns = 2 if area.width() > 2.2 * area.height() else 1
        per_column = 6 // columns
        gap = 4 * u if columns > 1 else 0
        col_w = (area.width() - gap * (columns - 1)) / columns
        row_h = area.height() / per_column
        for i, call in enumerate(rows):
            col, line = divmod(i, per_column)
            x = area.left() + col * (col_w + gap)
            row = QRectF(x, area.top() + line * row_h, col_w, row_h)
            if line:
                p.setPen(QColor(255, 255, 255, 30))
                p.drawLine(row.topLeft(), row.topRight())
            half = row.width() * 0.48
            draw_text(p, QRectF(row.left(), row.top(), half, row_h), call.number,
                      fitted(call.number, row_h * 0.62, half, True), INK,
                      Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)  # fmt: skip
            name = self.model.counter_name(call.counter_id)
            rest = QRectF(row.left() + half, row.top(), row.width() - half, row_h)
            draw_text(p, rest, name, fitted(name, row_h * 0.45, rest.width()), MUTED,
                      Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)  # fmt: skip
