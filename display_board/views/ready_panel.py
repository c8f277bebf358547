"""The "Berkas siap diambil" panel: per agency, the numbers whose dossiers are ready.

Each line is an agency's short name, then its numbers as printed on the visit's ticket
("B017 · 30/11"), as many as fit, then "+N lagi" for the rest. The panel paints itself
like the board's other parts (sizes in hundredths of the screen, text scaled down,
never clipped).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display_board.board_model import BoardModel
from display_board.ready_model import ReadyDossiers
from display_board.views.paint import GROUND, INK, MUTED, NEWS, PANEL, Part, draw_text, fitted, font

TITLE = "BERKAS SIAP DIAMBIL"
NONE_READY = "Belum ada berkas siap diambil"
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class ReadyPanel(Part):
    def __init__(
        self, model: BoardModel, ready: ReadyDossiers, parent: QWidget | None = None
    ) -> None:
        super().__init__(model, parent)
        self.ready = ready
        self.painted_lines: list[str] = []
        """Each agency's line as last painted (what a citizen reads), for tests."""
        ready.changed.connect(self.update)

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
        draw_text(p, title, TITLE, fitted(TITLE, 2.6 * u, inner.width(), True), NEWS, LEFT)
        area = inner.adjusted(0, 5 * u, 0, 0)
        groups = self.ready.groups
        self.painted_lines = []
        if not groups:
            draw_text(p, area, NONE_READY, fitted(NONE_READY, 2.6 * u, area.width()), MUTED,
                      Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)  # fmt: skip
            return
        row_h = min(area.height() / len(groups), 7 * u)
        for i, g in enumerate(groups):
            row = QRectF(area.left(), area.top() + i * row_h, area.width(), row_h)
            if i:
                p.setPen(QColor(255, 255, 255, 30))
                p.drawLine(row.topLeft(), row.topRight())
            name_w = row.width() * 0.28
            draw_text(p, QRectF(row.left(), row.top(), name_w, row_h), g.agency,
                      fitted(g.agency, row_h * 0.38, name_w * 0.95), MUTED, LEFT)  # fmt: skip
            rest = QRectF(row.left() + name_w, row.top(), row.width() - name_w, row_h)
            line = self._fit(g.labels, g.more, rest.width(), row_h * 0.45)
            self.painted_lines.append(f"{g.agency}: {line}")
            draw_text(p, rest, line, fitted(line, row_h * 0.45, rest.width(), True), INK, LEFT)

    @staticmethod
    def _fit(labels: tuple[str, ...], more: int, width: float, px: float) -> str:
        """As many numbers as fit at a readable size; the rest counted, never cut."""
        metrics = QFontMetricsF(font(px, True))
        for shown in range(len(labels), 0, -1):
            hidden = len(labels) - shown + more
            text = "   ".join(labels[:shown]) + (f"   +{hidden} lagi" if hidden else "")
            if metrics.horizontalAdvance(text) <= width or shown == 1:
                return text
        return ""
