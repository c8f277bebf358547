"""The hall's logo in the board's header: a PNG (or JPEG) or an SVG, drawn to fit a box.

An SVG is rendered at the size it is shown, so it stays sharp on any screen. A logo that
cannot be read is left out with a log line: the board never shows an empty frame."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSizeF
from PySide6.QtGui import QImage, QImageReader, QPainter
from PySide6.QtSvg import QSvgRenderer

log = logging.getLogger(__name__)


class Logo:
    def __init__(self, image: QImage | None = None, svg: QSvgRenderer | None = None) -> None:
        self._image, self._svg = image, svg

    @property
    def aspect(self) -> float:
        """Width over height."""
        if self._svg is not None:
            size = QSizeF(self._svg.defaultSize())
        elif self._image is not None:
            size = QSizeF(self._image.size())
        else:
            return 1.0
        return size.width() / size.height() if size.height() > 0 else 1.0

    def paint(self, p: QPainter, box: QRectF) -> QRectF:
        """Draw the logo as large as fits in `box`, centred vertically, at its left;
        returns where it went."""
        w = min(box.width(), box.height() * self.aspect)
        h = w / self.aspect
        target = QRectF(box.left(), box.top() + (box.height() - h) / 2, w, h)
        if self._svg is not None:
            self._svg.render(p, target)
        elif self._image is not None:
            p.save()
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            p.drawImage(target, self._image)
            p.restore()
        return target


def load_logo(path: Path | str | None) -> Logo | None:
    if not path:
        return None
    path = Path(path)
    if path.suffix.lower() in (".svg", ".svgz"):
        svg = QSvgRenderer(str(path))
        if svg.isValid() and not svg.defaultSize().isEmpty():
            return Logo(svg=svg)
        log.warning("logo %s: not a readable SVG; the header shows no logo", path)
        return None
    reader = QImageReader(str(path))
    image = reader.read()
    if image.isNull() or image.width() < 1 or image.height() < 1:
        log.warning("logo %s: %s; the header shows no logo", path, reader.errorString())
        return None
    return Logo(image=image)


def logo_from_bytes(data: bytes, content_type: str) -> Logo | None:
    """The logo the hall server sends (the hall file's `logo`), kept in memory only."""
    if "svg" in content_type:
        svg = QSvgRenderer(QByteArray(data))
        if svg.isValid() and not svg.defaultSize().isEmpty():
            return Logo(svg=svg)
    else:
        image = QImage.fromData(data)
        if not image.isNull() and image.width() > 0 and image.height() > 0:
            return Logo(image=image)
    log.warning(
        "the hall server's logo (%s) cannot be read; the header shows no logo", content_type
    )
    return None
