"""Paper widths and the printer's character grid.

Both renderings share these numbers, so the preview wraps and sizes text exactly where
the printer will: a thermal printer's Font A is a 12 × 24 dot cell, magnified by whole
numbers (GS !), and its line feed is 1/6 inch unless a line holds taller characters.
"""

from __future__ import annotations

from enum import Enum

CELL_WIDTH = 12
"""Dots per character of Font A, the font every ESC/POS printer has."""
CELL_HEIGHT = 24
LINE_PITCH = 34
"""The default line feed (ESC 2: 1/6 inch) in dots at 203 dpi."""
MAX_MAGNIFICATION = 8
"""GS ! magnifies width and height by 1 to 8."""


class Paper(Enum):
    """Roll width; the value is in millimetres, as halls buy it."""

    MM58 = 58
    MM80 = 80

    @property
    def dots(self) -> int:
        """The printable width in dots at 203 dpi (8 dots per mm)."""
        return 384 if self is Paper.MM58 else 576

    def columns(self, magnification: int = 1) -> int:
        """Characters per line at a width magnification."""
        return self.dots // (CELL_WIDTH * magnification)

    @classmethod
    def from_mm(cls, millimetres: int) -> Paper:
        for paper in cls:
            if paper.value == millimetres:
                return paper
        raise ValueError(f"paper width {millimetres} mm is not supported; use 58 or 80")


def line_height(height_magnification: int) -> int:
    """Dots one printed line advances: the line pitch, or the characters when taller."""
    return max(LINE_PITCH, CELL_HEIGHT * height_magnification)
