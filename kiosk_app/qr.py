"""The ticket's QR code on screen, drawn from the code's modules (crisp at any size)."""

from __future__ import annotations

import qrcode
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter

QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def qr_image(text: str, size: int) -> QImage:
    """A square image at most `size` pixels wide, each module a whole number of pixels."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=QUIET_ZONE)
    code.add_data(text)
    code.make(fit=True)
    modules = code.get_matrix()  # includes the quiet zone
    scale = max(1, size // len(modules))
    side = scale * len(modules)
    image = QImage(side, side, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    for y, row in enumerate(modules):
        for x, dark in enumerate(row):
            if dark:
                painter.drawRect(QRect(x * scale, y * scale, scale, scale))
    painter.end()
    return image
