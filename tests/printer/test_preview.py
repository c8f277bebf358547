"""The PNG preview: paper-wide, and the same QR code as the print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from printer import (
    Paper,
    TicketLayout,
    TicketOptions,
    layout_ticket,
    render_preview,
    save_preview,
)
from printer.layout import TextBlock
from printer.paper import line_height
from printer.sample import SAMPLE_URL, sample_content

ReadQr = Callable[[Image.Image], list[str]]


@pytest.mark.parametrize("paper", list(Paper))
def test_the_preview_is_one_pixel_per_dot_and_its_qr_reads_as_the_tracking_url(
    paper: Paper, qr_text: ReadQr, tmp_path: Path
) -> None:
    layout = layout_ticket(sample_content(), TicketOptions(paper=paper))
    path = save_preview(layout, tmp_path / "ticket.png")
    with Image.open(path) as image:
        assert image.width == paper.dots
        assert qr_text(image) == [SAMPLE_URL]


def test_text_is_drawn_on_the_printers_magnified_cells() -> None:
    number = TextBlock(("A017",), width=7, height=8, bold=True)
    layout = TicketLayout(Paper.MM58, (number,), sample_content())
    image = render_preview(layout)
    assert image.size == (384, line_height(8))
    left, top, right, bottom = ImageOps.invert(image).getbbox() or (0, 0, 0, 0)
    # Four 84 × 192-dot cells, centred; the glyphs fill most of them.
    assert abs((left + right) / 2 - 192) <= 8
    assert 300 <= right - left <= 4 * 84 and 120 <= bottom - top <= 192
