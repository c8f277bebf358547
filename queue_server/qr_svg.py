"""A QR code as inline SVG for the phone pages: drawn here from the `qrcode` package's
matrix, so the page needs no image request and nothing from the internet. One path of
unit squares scales crisply to any screen; error correction M suits a screen (no creases,
no fading) and keeps the modules large."""

from __future__ import annotations

import qrcode
import qrcode.constants

QUIET_ZONE = 4


def svg(data: str, label: str = "QR") -> str:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    cells = code.get_matrix()
    size = len(cells) + 2 * QUIET_ZONE
    parts = [
        f"M{x + QUIET_ZONE} {y + QUIET_ZONE}h1v1h-1z"
        for y, row in enumerate(cells)
        for x, dark in enumerate(row)
        if dark
    ]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="img"'
        f' aria-label="{label}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(parts)}"/></svg>'
    )
