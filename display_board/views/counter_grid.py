"""Every counter (of the zone, of the agencies) with the number it holds."""

from __future__ import annotations

from math import ceil

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent

from display_board.views.paint import (
    CALL,
    CALL_INK,
    GROUND,
    INK,
    MUTED,
    PANEL,
    Part,
    draw_text,
    fitted,
)

STATE_WORDS = {"closed": "TUTUP", "paused": "ISTIRAHAT"}


class CounterGrid(Part):
    """Every counter (of the zone) with the number it holds."""

    def paintEvent(self, event: QPaintEvent) -> None:
        u, r = self.unit, QRectF(self.rect())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(r, GROUND)
        tiles = list(self.model.counters.values())
        if not tiles:
            return
        area = r.adjusted(1.2 * u, 0.6 * u, -1.2 * u, -0.6 * u)
        gap = 0.8 * u
        cols, size = self._layout(len(tiles), area.width(), area.height(), gap)
        rows = ceil(len(tiles) / cols)
        w = (area.width() - (cols - 1) * gap) / cols
        h = (area.height() - (rows - 1) * gap) / rows
        for i, tile in enumerate(tiles):
            x = area.left() + (i % cols) * (w + gap)
            y = area.top() + (i // cols) * (h + gap)
            box = QRectF(x, y, w, h)
            called = tile.called and tile.number is not None
            fresh = called and self.model.fresh(tile.id)
            p.setPen(CALL if called else Qt.PenStyle.NoPen)
            p.setBrush(CALL if fresh else PANEL)
            p.drawRoundedRect(box.adjusted(1, 1, -1, -1), 0.8 * u, 0.8 * u)
            ink = CALL_INK if fresh else INK
            soft = CALL_INK if fresh else MUTED
            word = STATE_WORDS.get(tile.status)
            name_box = QRectF(x, y + h * 0.04, w, h * 0.26)
            draw_text(p, name_box, tile.name.upper(), fitted(tile.name.upper(), h * 0.17, w * 0.9),
                      soft, Qt.AlignmentFlag.AlignCenter)  # fmt: skip
            number_box = QRectF(x, y + h * 0.28, w, h * 0.46)
            if tile.number:
                text, color, px = tile.number, (ink if not called or fresh else CALL), size
            elif word:
                text, color, px = word, MUTED, size * 0.55
            else:
                text, color, px = "–", MUTED, size
            draw_text(p, number_box, text, fitted(text, px, w * 0.9, True), color,
                      Qt.AlignmentFlag.AlignCenter)  # fmt: skip
            under = word if tile.number and word else tile.agency
            under_box = QRectF(x, y + h * 0.74, w, h * 0.22)
            draw_text(p, under_box, under, fitted(under, h * 0.14, w * 0.9), soft,
                      Qt.AlignmentFlag.AlignCenter)  # fmt: skip

    @staticmethod
    def _layout(n: int, width: float, height: float, gap: float) -> tuple[int, float]:
        """The column count that makes the numbers largest (as the web board does)."""
        best = (1, 0.0)
        for cols in range(1, n + 1):
            rows = ceil(n / cols)
            w = (width - (cols - 1) * gap) / cols
            h = (height - (rows - 1) * gap) / rows
            size = min(h / 2.15, w / (5 * 0.68))
            if size > best[1]:
                best = (cols, size)
        return best
