"""The media area: the reel's current picture, as large as fits, on the board's panel."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPainterPath, QPaintEvent
from PySide6.QtWidgets import QWidget

from display_board.board_model import BoardModel
from display_board.media_reel import MediaReel
from display_board.views.paint import GROUND, PANEL, Part


class MediaArea(Part):
    def __init__(self, model: BoardModel, reel: MediaReel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.reel = reel
        self.painted_name = ""
        reel.changed.connect(self.update)

    def paintEvent(self, event: QPaintEvent) -> None:
        u, r = self.unit, QRectF(self.rect())
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.fillRect(r, GROUND)
        box = r.adjusted(0.6 * u, 1.2 * u, -1.2 * u, -0.6 * u)
        frame = QPainterPath()
        frame.addRoundedRect(box, 1.5 * u, 1.5 * u)
        p.fillPath(frame, PANEL)
        image = self.reel.current
        self.painted_name = self.reel.current_name if image is not None else ""
        if image is None or image.isNull():
            return
        # The whole picture, never cropped (a poster's text must stay readable), centred.
        scale = min(box.width() / image.width(), box.height() / image.height())
        w, h = image.width() * scale, image.height() * scale
        target = QRectF(box.center().x() - w / 2, box.center().y() - h / 2, w, h)
        p.setClipPath(frame)
        p.drawImage(target, image)
