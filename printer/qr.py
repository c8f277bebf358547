"""The tracking QR code as dots.

Error correction Q (25 % of the code can be lost) by default: a ticket is folded through
the middle, held in a sweaty hand for an hour and thermal print fades, and Q still scans
after a crease across it or a thumb-smudged corner. H (30 %) would make a hall URL's
code one to two versions denser, so its modules shrink at 58 mm; Q keeps them at 6-7
dots (≈ 0.8 mm), which a phone reads from arm's length. H remains an option.

The quiet zone is the standard's 4 modules, drawn into the image so the code scans
even with text printed right above it. The image is as wide as the paper with the code
centred in it: GS v 0 images are placed at the left margin by printers that ignore ESC a
alignment, and a full-width image is centred on every printer.
"""

from __future__ import annotations

from typing import Literal

import qrcode
import qrcode.constants
from PIL import Image

ErrorCorrection = Literal["L", "M", "Q", "H"]
_LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}
QUIET_ZONE = 4
"""Modules of white around the code, as ISO/IEC 18004 asks."""
MAX_MODULE = 8
"""Dots per module at most: 1 mm modules are plenty, larger only wastes paper."""
MIN_MODULE = 3
SHARE_OF_WIDTH = {384: 0.75, 576: 0.6}
"""How much of the paper the code itself may cover (58 mm: 75 %, 80 mm: 60 %)."""


def matrix(data: str, error_correction: ErrorCorrection = "Q") -> list[list[bool]]:
    """The code's modules, True for dark, without quiet zone."""
    code = qrcode.QRCode(error_correction=_LEVELS[error_correction], border=0)
    code.add_data(data)
    code.make(fit=True)
    return [[bool(cell) for cell in row] for row in code.get_matrix()]


def module_size(modules: int, paper_dots: int) -> int:
    """Dots per module: the largest that keeps the code within its share of the paper."""
    share = SHARE_OF_WIDTH.get(paper_dots, 0.7)
    size = min(MAX_MODULE, int(paper_dots * share) // modules)
    while size > MIN_MODULE and (modules + 2 * QUIET_ZONE) * size > paper_dots:
        size -= 1
    return max(MIN_MODULE, size)


def qr_image(
    data: str, paper_dots: int, error_correction: ErrorCorrection = "Q"
) -> tuple[Image.Image, int]:
    """A 1-bit image as wide as the paper with the code centred; and the module size."""
    cells = matrix(data, error_correction)
    modules = len(cells)
    size = module_size(modules, paper_dots)
    side = (modules + 2 * QUIET_ZONE) * size
    if side > paper_dots:
        raise ValueError(
            f"a {len(data)}-character link makes a QR code too dense for this paper; "
            "shorten the public URL"
        )
    image = Image.new("1", (paper_dots, side), 1)
    left = (paper_dots - modules * size) // 2
    top = QUIET_ZONE * size
    for y, row in enumerate(cells):
        for x, dark in enumerate(row):
            if dark:
                image.paste(
                    0,
                    (left + x * size, top + y * size, left + (x + 1) * size, top + (y + 1) * size),
                )
    return image, size
