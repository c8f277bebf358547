"""What every part of the desktop board paints with: the palette, fonts sized in hundredths
of the screen, and text that is scaled down rather than clipped."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QPainter
from PySide6.QtWidgets import QWidget

from display_board.board_model import BoardModel

GROUND = QColor("#10232f")
PANEL = QColor("#1a3442")
INK = QColor("#f4f7f6")
MUTED = QColor("#9fb7c0")
ACCENT = QColor("#2a8c8c")
CALL = QColor("#f5c542")
CALL_INK = QColor("#1b1b1b")
NEWS = QColor("#f5d76e")
FAMILY = "Noto Sans, DejaVu Sans, Liberation Sans, Arial, sans-serif"
NARROW = (
    "Roboto Condensed",
    "Noto Sans Condensed",
    "Liberation Sans Narrow",
    "DejaVu Sans Condensed",
)
"""For the latest number on a narrow (portrait) screen: a sixth of the height in glyphs
does not fit 1,080 px of width in a regular face, and does in a condensed one."""
MIN_SQUEEZE = 0.8
"""The most a number is narrowed when even a condensed face is too wide: more reads badly."""


def unit_of(width: float, height: float) -> float:
    """A hundredth of the screen's short side, capped so a very wide or very tall screen
    keeps 16:9 proportions: 10.8 px on a 1080p TV in either orientation."""
    short, long = min(width, height), max(width, height)
    return max(1.0, min(short, long * 9 / 16) / 100)


def font(px: float, bold: bool = False, families: list[str] | None = None) -> QFont:
    f = QFont()
    f.setFamilies(families or [name.strip() for name in FAMILY.split(",")])
    f.setPixelSize(max(1, int(px)))
    f.setBold(bold)
    return f


def fitted(text: str, px: float, width: float, bold: bool = False) -> QFont:
    """The font at `px`, or smaller until `text` fits in `width`."""
    f = font(px, bold)
    w = QFontMetricsF(f).horizontalAdvance(text)
    if w > width > 0:
        f.setPixelSize(max(1, int(px * width / w)))
    return f


def draw_text(p: QPainter, rect: QRectF, text: str, f: QFont, color: QColor, align: int) -> None:
    p.setFont(f)
    p.setPen(color)
    p.drawText(rect, int(align), text)


class BigNumber:
    """The latest number: glyphs of a given height, centred in a box, in the widest face
    that fits, else a condensed face, else squeezed a little, else smaller."""

    def __init__(self, text: str, glyph_height: float, box: QRectF) -> None:
        self.text, self.box = text, box
        self.squeeze = 1.0
        candidates = [None, *[n for n in NARROW if QFontDatabase.hasFamily(n)]]
        for families in candidates:
            self.font = self._sized(glyph_height, [families] if families else None)
            if self._glyphs().width() <= box.width():
                return
        wide = self._glyphs().width()
        self.squeeze = max(MIN_SQUEEZE, box.width() / wide)
        if wide * self.squeeze > box.width():  # a very long number: smaller, never clipped
            scale = box.width() / (wide * self.squeeze)
            self.font.setPixelSize(max(1, int(self.font.pixelSize() * scale)))

    def _sized(self, glyph_height: float, families: list[str] | None) -> QFont:
        probe = font(100, True, families)
        h = QFontMetricsF(probe).tightBoundingRect(self.text).height() or 70.0
        return font(100 * glyph_height / h + 1, True, families)

    def _glyphs(self) -> QRectF:
        return QFontMetricsF(self.font).tightBoundingRect(self.text)

    @property
    def painted(self) -> QRectF:
        """Where the glyphs land, in the widget's coordinates (squeeze included)."""
        g = self._glyphs()
        w, h = g.width() * self.squeeze, g.height()
        c = self.box.center()
        return QRectF(c.x() - w / 2, c.y() - h / 2, w, h)

    def paint(self, p: QPainter, color: QColor) -> None:
        g, target = self._glyphs(), self.painted
        p.save()
        p.setFont(self.font)
        p.setPen(color)
        p.translate(target.left(), target.top())
        p.scale(self.squeeze, 1.0)
        p.drawText(QPointF(-g.left(), -g.top()), self.text)  # glyph box's corner at 0,0
        p.restore()


class Part(QWidget):
    def __init__(self, model: BoardModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    @property
    def unit(self) -> float:
        """Every size is in these (see `unit_of`)."""
        window = self.window()
        return unit_of(window.width(), window.height())

    @property
    def portrait(self) -> bool:
        window = self.window()
        return window.height() > window.width()
