"""The layout as a PNG, one pixel per printer dot.

The kiosk shows it on screen, tests decode its QR code, and the docs' previews are made
with it. Text is drawn on the printer's 12 × 24 cell grid in DejaVu Sans Mono (bundled
in assets/fonts, so a preview is the same on every machine): the lines break, align and
scale where the printer's own Font A puts them, though the glyphs' shapes differ a
little from any one printer's.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from printer.layout import Align, Cut, Feed, Picture, QrBlock, TextBlock, TicketLayout
from printer.paper import CELL_HEIGHT, CELL_WIDTH, LINE_PITCH, line_height

FONT_SIZE = 20
"""DejaVu Sans Mono at 20 px has a 12-px advance and 19 + 5 px ascent and descent:
exactly Font A's 12 × 24 cell."""
PAPER = 255
INK = 0


def render_preview(layout: TicketLayout) -> Image.Image:
    """The ticket as a greyscale image as wide as the paper's printable dots."""
    pieces = [_piece(block, layout.paper.dots) for block in layout.blocks]
    height = sum(p.height for p in pieces)
    ticket = Image.new("L", (layout.paper.dots, height), PAPER)
    y = 0
    for piece in pieces:
        ticket.paste(piece, (0, y))
        y += piece.height
    return ticket


def save_preview(layout: TicketLayout, path: str | Path) -> Path:
    path = Path(path)
    render_preview(layout).save(path, format="PNG", optimize=True)
    return path


def _piece(block: object, width: int) -> Image.Image:
    if isinstance(block, TextBlock):
        return _text(block, width)
    if isinstance(block, Feed):
        return Image.new("L", (width, LINE_PITCH * block.lines), PAPER)
    if isinstance(block, Picture | QrBlock):
        return block.image.convert("L")
    if isinstance(block, Cut):
        return _cut(block, width)
    raise TypeError(f"no preview for {block!r}")


def _text(block: TextBlock, width: int) -> Image.Image:
    advance = line_height(block.height)
    piece = Image.new("L", (width, advance * len(block.lines)), PAPER)
    for row, line in enumerate(block.lines):
        drawn = _line(line, block.width, block.height, block.bold, block.invert)
        x = (width - drawn.width) // 2 if block.align is Align.CENTER else 0
        # Printers put a line's characters at the top of its feed: the cell, then the gap.
        piece.paste(drawn, (max(0, x), row * advance))
    return piece


def _line(line: str, width: int, height: int, bold: bool, invert: bool) -> Image.Image:
    """One line of cells at height magnification, then stretched to the width one, as
    GS ! scales each axis on its own."""
    cell_w, cell_h = CELL_WIDTH * height, CELL_HEIGHT * height
    ink, paper = (PAPER, INK) if invert else (INK, PAPER)
    drawn = Image.new("L", (cell_w * len(line), cell_h), paper)
    draw = ImageDraw.Draw(drawn)
    font = _font(bold, FONT_SIZE * height)
    for i, char in enumerate(line):
        draw.text((i * cell_w, 0), char, font=font, fill=ink, anchor="la")
    if width != height:
        drawn = drawn.resize((CELL_WIDTH * width * len(line), cell_h), Image.Resampling.LANCZOS)
    return drawn


def _cut(block: Cut, width: int) -> Image.Image:
    """The blank feed below the text, ending in a dashed line where the cutter cuts."""
    piece = Image.new("L", (width, LINE_PITCH * block.feed_lines), PAPER)
    draw = ImageDraw.Draw(piece)
    for x in range(0, width, 12):
        draw.line((x, piece.height - 1, x + 5, piece.height - 1), fill=160)
    return piece


@lru_cache(maxsize=32)
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    name = "DejaVuSansMono-Bold.ttf" if bold else "DejaVuSansMono.ttf"
    with resources.as_file(resources.files("assets") / "fonts" / name) as path:
        return ImageFont.truetype(str(path), size)
