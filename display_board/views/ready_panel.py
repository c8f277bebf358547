"""The "Berkas siap diambil" panel: per agency, the numbers whose dossiers are ready.

Each agency's short name, then its numbers as printed on the visit's ticket
("B017 · 30/11") in as many columns and rows as fit, then "+N lagi" for the rest. The panel paints itself
like the board's other parts (sizes in hundredths of the screen, text scaled down,
never clipped).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from display_board.board_model import BoardModel
from display_board.ready_model import ReadyDossiers
from display_board.views.paint import GROUND, INK, MUTED, NEWS, PANEL, Part, draw_text, fitted, font

TITLE = "BERKAS SIAP DIAMBIL"
NONE_READY = "Belum ada berkas siap diambil"
HOW = "Pindai QR tiket Anda di mesin antrean"
"""What to do with it: the visit's ticket QR, at the kiosk, gives the pickup number."""
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
        area = inner.adjusted(0, 5 * u, 0, -4.5 * u)
        how = QRectF(inner.left(), area.bottom() + 0.5 * u, inner.width(), 4 * u)
        draw_text(p, how, HOW, fitted(HOW, 2.2 * u, inner.width()), MUTED, LEFT)
        groups = self.ready.groups
        self.painted_lines = []
        if not groups:
            draw_text(p, area, NONE_READY, fitted(NONE_READY, 2.6 * u, area.width()), MUTED,
                      Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)  # fmt: skip
            return
        # Each agency: its name, then its numbers in as many columns as the panel's
        # width holds, row after row while there is height; the rest counted, never cut.
        px = 3.4 * u
        f = font(px, True)
        metrics = QFontMetricsF(f)
        widest = max(metrics.horizontalAdvance(x) for g in groups for x in g.labels)
        cell_w = widest + 3 * u
        columns = max(1, int((area.width() + 3 * u) // cell_w))
        line_h = 1.6 * px
        name_h = 4 * u
        y = area.top()
        for i, g in enumerate(groups):
            left = len(groups) - i - 1  # agencies still to place under this one
            if y + name_h + line_h > area.bottom():
                break
            if i:
                p.setPen(QColor(255, 255, 255, 30))
                p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            draw_text(p, QRectF(area.left(), y, area.width(), name_h), g.agency,
                      fitted(g.agency, 2.4 * u, area.width()), MUTED, LEFT)  # fmt: skip
            y += name_h
            room = area.bottom() - y - left * (name_h + line_h)
            rows = max(1, min(-(-len(g.labels) // columns), int(room // line_h)))
            cells = rows * columns
            shown = list(g.labels)
            hidden = g.more
            if len(shown) > cells:
                hidden += len(shown) - (cells - 1)
                shown = shown[: cells - 1]
            texts = shown + ([f"+{hidden} lagi"] if hidden else [])
            for k, text in enumerate(texts):
                row, col = divmod(k, columns)
                cell = QRectF(area.left() + col * cell_w, y + row * line_h, cell_w, line_h)
                ink = MUTED if text.startswith("+") else INK
                draw_text(p, cell, text, fitted(text, px, cell_w - u, True), ink, LEFT)
            self.painted_lines.append(f"{g.agency}: {'   '.join(texts)}")
            y += rows * line_h + u
