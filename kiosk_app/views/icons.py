"""Pictograms for the priority groups, drawn with QPainter.

Drawn rather than taken from a font: the fonts a kiosk PC has (DejaVu) lack the emoji
and the wheelchair sign, and a picture is what a citizen who reads slowly matches.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from queue_core.ticket import Priority


def priority_icon(priority: Priority, size: int = 96, color: str = "#0b3d91") -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 100, size / 100)
    pen = QPen(QColor(color), 7, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(QColor(color))
    _DRAW[priority](p)
    p.end()
    return QIcon(pixmap)


def _person(p: QPainter, x: float, scale: float = 1.0) -> None:
    r = 9 * scale
    p.drawEllipse(QPointF(x, 20 * scale + (1 - scale) * 60), r, r)
    top = 32 * scale + (1 - scale) * 60
    p.drawLine(QPointF(x, top), QPointF(x, top + 34 * scale))  # body
    p.drawLine(QPointF(x - 14 * scale, top + 14 * scale), QPointF(x + 14 * scale, top + 14 * scale))
    p.drawLine(QPointF(x, top + 34 * scale), QPointF(x - 11 * scale, top + 60 * scale))
    p.drawLine(QPointF(x, top + 34 * scale), QPointF(x + 11 * scale, top + 60 * scale))


def _regular(p: QPainter) -> None:
    _person(p, 32)
    _person(p, 68)


def _elderly(p: QPainter) -> None:
    p.drawEllipse(QPointF(40, 18), 9, 9)
    p.drawLine(QPointF(40, 30), QPointF(46, 62))  # a bent back
    p.drawLine(QPointF(43, 42), QPointF(66, 50))  # arm to the cane
    p.drawLine(QPointF(66, 50), QPointF(70, 92))  # the cane
    p.drawLine(QPointF(46, 62), QPointF(36, 92))
    p.drawLine(QPointF(46, 62), QPointF(56, 92))


def _disability(p: QPainter) -> None:
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QPointF(44, 68), 22, 22)  # the wheel
    p.setBrush(p.pen().color())
    p.drawEllipse(QPointF(46, 14), 9, 9)
    p.drawLine(QPointF(46, 28), QPointF(46, 56))  # back
    p.drawLine(QPointF(46, 56), QPointF(72, 56))  # seat
    p.drawLine(QPointF(72, 56), QPointF(82, 84))  # leg
    p.drawLine(QPointF(46, 38), QPointF(66, 38))  # arm


def _pregnant(p: QPainter) -> None:
    p.drawEllipse(QPointF(46, 16), 9, 9)
    p.drawLine(QPointF(46, 28), QPointF(44, 64))
    p.drawEllipse(QRectF(44, 34, 22, 26))  # the belly
    p.drawLine(QPointF(44, 64), QPointF(38, 94))
    p.drawLine(QPointF(44, 64), QPointF(54, 94))


def _child(p: QPainter) -> None:
    _person(p, 34)
    _person(p, 72, scale=0.6)


_DRAW = {
    Priority.REGULAR: _regular,
    Priority.ELDERLY: _elderly,
    Priority.DISABILITY: _disability,
    Priority.PREGNANT: _pregnant,
    Priority.CHILD: _child,
}
