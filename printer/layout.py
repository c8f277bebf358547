"""One ticket layout, two renderings.

`layout_ticket` turns a ticket's content into blocks on the printer's character grid:
text already wrapped to the paper's columns at its magnification, pictures already as
paper-wide 1-bit dots. The ESC/POS renderer and the PNG preview only draw these blocks,
so the preview shows the lines, sizes and breaks the paper will get.

Text is printer text, not a picture: a ticket is under 1 KB of text plus the QR code,
where a whole-ticket picture is 61 KB (58 mm) to 87 KB (80 mm) of dots (seconds saved on
a 19,200-baud serial printer and on cheap printers that print images slowly); the
printer's own font is crisp at any size; and the number uses the printer's character
magnification (GS !), up to 8 × 8: 96 × 192 dots, 24 mm tall, readable across a hall.
Only the logo and the QR code are images.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from PIL import Image

from printer import wording
from printer.charset import printable
from printer.content import TicketContent
from printer.paper import MAX_MAGNIFICATION, Paper
from printer.qr import ErrorCorrection, qr_image


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"


@dataclass(frozen=True)
class TextBlock:
    """Lines of printer text in one style; each line fits the paper at this size."""

    lines: tuple[str, ...]
    width: int = 1
    """Character width magnification, 1-8 (GS !)."""
    height: int = 1
    bold: bool = False
    invert: bool = False
    """White on black (GS B); lines are padded to the full width to make a band."""
    align: Align = Align.CENTER


@dataclass(frozen=True)
class Feed:
    """Blank lines (ESC d n)."""

    lines: int = 1


@dataclass(frozen=True)
class Picture:
    """A 1-bit image exactly as wide as the paper (the logo)."""

    image: Image.Image = field(compare=False)


@dataclass(frozen=True)
class QrBlock:
    """The tracking link's QR code: its data for printers that draw it themselves
    (GS ( k) and its dots, paper-wide, for those that print it as an image."""

    data: str
    error_correction: ErrorCorrection
    module: int
    """Dots per module."""
    image: Image.Image = field(compare=False)


@dataclass(frozen=True)
class Cut:
    """Feed past the cutter and cut."""

    feed_lines: int = 2
    """Blank lines below the last text, so it clears the tear bar of printers with no cutter."""


Block = TextBlock | Feed | Picture | QrBlock | Cut


@dataclass(frozen=True)
class TicketOptions:
    """How a hall wants its tickets: paper, footer, logo, QR robustness."""

    paper: Paper = Paper.MM58
    footer: str = wording.DEFAULT_FOOTER
    logo: Image.Image | None = field(default=None, compare=False)
    """A picture from `prepare_logo` for this paper."""
    error_correction: ErrorCorrection = "Q"
    test_print: bool = False
    """Mark the ticket "TIKET UJI - TIDAK BERLAKU" (what `antre print-test` prints)."""


@dataclass(frozen=True)
class TicketLayout:
    paper: Paper
    blocks: tuple[Block, ...]
    content: TicketContent

    def text_lines(self) -> list[str]:
        """Every printed line of text, top to bottom (for logs, tests and screen readers)."""
        return [line for b in self.blocks if isinstance(b, TextBlock) for line in b.lines]


def layout_ticket(content: TicketContent, options: TicketOptions | None = None) -> TicketLayout:
    options = options or TicketOptions()
    paper = options.paper
    blocks: list[Block] = [Feed(1)]
    if options.test_print:
        blocks += [band(wording.TEST_MARK, paper), Feed(1)]
    if options.logo is not None:
        blocks += [Picture(options.logo)]
    blocks += [
        text(content.hall_name, paper, height=2, bold=True),
        rule(paper),
        text(content.agency_name, paper),
        text(content.service_name, paper, height=2, bold=True),
        Feed(1),
        text(wording.NUMBER_HEADING, paper),
    ]
    width, height = number_size(content.number, paper)
    blocks.append(text(content.number, paper, width=width, height=height, bold=True))
    if content.dossier_reference:
        blocks += [Feed(1), band(wording.PICKUP_MARK, paper)]
        blocks += [text(wording.DOSSIER_HEADING, paper)]
        blocks += [text(content.dossier_reference, paper, height=2, bold=True)]
    label = wording.priority_label(content.priority)
    if label is not None:
        blocks += [Feed(1), band(label, paper)]
    blocks.append(Feed(1))
    if content.position is not None:
        blocks.append(text(wording.people_ahead(content.position), paper, height=2, bold=True))
    wait = (
        None
        if content.eta_minutes is None
        else wording.estimated_wait(content.eta_minutes, content.eta_low, content.eta_high)
    )
    if wait is not None:
        blocks.append(in_parts(wait, paper))
    blocks += [rule(paper), qr_block(content.tracking_url, paper, options.error_correction)]
    blocks += [text(wording.SCAN_INVITATION, paper, bold=True), rule(paper)]
    # The footer is the ticket's last line: full width it touched both paper edges (and a
    # printer's margin may eat its first and last letter), so it keeps a column each side.
    blocks += [when_issued(content, paper), text(options.footer, paper, margin=1)]
    if options.test_print:
        blocks += [Feed(1), band(wording.TEST_MARK, paper)]
    blocks.append(Cut())
    return TicketLayout(
        paper=paper, blocks=tuple(b for b in blocks if _not_empty(b)), content=content
    )


def text(
    words: str,
    paper: Paper,
    *,
    width: int = 1,
    height: int = 1,
    bold: bool = False,
    margin: int = 0,
) -> TextBlock:
    """Centred text wrapped at word boundaries; a word too long for a line is broken,
    never cut off. `margin`: columns kept free on each side."""
    columns = paper.columns(width) - 2 * margin
    return TextBlock(wrap(words, columns), width=width, height=height, bold=bold)


def wrap(words: str, columns: int) -> tuple[str, ...]:
    return tuple(
        textwrap.wrap(
            " ".join(printable(words).split()),  # runs of spaces read as sloppy typing
            columns,
            break_long_words=True,
            break_on_hyphens=False,  # "KTP-el" stays whole
        )
    )


def in_parts(parts: tuple[str, ...], paper: Paper) -> TextBlock:
    """One line if the parts fit together; else each part on its own line(s)."""
    whole = printable(" ".join(parts))
    if len(whole) <= paper.columns():
        return TextBlock((whole,))
    return TextBlock(tuple(line for part in parts for line in wrap(part, paper.columns())))


def rule(paper: Paper) -> TextBlock:
    return TextBlock(("-" * paper.columns(),), align=Align.LEFT)


def band(label: str, paper: Paper) -> TextBlock:
    """A full-width black band with the label in white, double size where it fits."""
    width = 2 if len(label) + 2 <= paper.columns(2) else 1
    columns = paper.columns(width)
    lines = tuple(line.center(columns) for line in wrap(label, columns))
    return TextBlock(lines, width=width, height=2, bold=True, invert=True)


def number_size(number: str, paper: Paper) -> tuple[int, int]:
    """The largest magnification that fits the number with a character of margin each
    side; a little taller than wide, as queue numbers on hall boards are."""
    usable = paper.columns() - 2
    width = max(1, min(MAX_MAGNIFICATION, usable // max(1, len(number))))
    return width, min(MAX_MAGNIFICATION, width + 1)


def qr_block(url: str, paper: Paper, error_correction: ErrorCorrection) -> QrBlock:
    image, module = qr_image(url, paper.dots, error_correction)
    return QrBlock(data=url, error_correction=error_correction, module=module, image=image)


def when_issued(content: TicketContent, paper: Paper) -> TextBlock:
    day = wording.local_date(content.issued_at, content.timezone)
    clock = wording.local_time(content.issued_at, content.timezone)
    one_line = f"{day}, {clock[0].lower()}{clock[1:]}"  # "…, pukul 09.15 WIB"
    if len(one_line) <= paper.columns():
        return TextBlock((printable(one_line),))
    return in_parts((day, clock), paper)


def prepare_logo(source: str | Path | Image.Image, paper: Paper) -> Image.Image:
    """A hall logo as paper-wide 1-bit dots, at most 60 % of the width and ~15 mm tall.

    Call it once when the kiosk starts: a missing or broken file fails there, with its
    name, not at the first citizen's ticket."""
    try:
        image = source if isinstance(source, Image.Image) else Image.open(source)
        image.load()
    except (OSError, ValueError) as exc:
        raise ValueError(f"logo {source}: cannot read it as an image ({exc})") from None
    image = image.convert("RGBA")
    flat = Image.new("RGBA", image.size, (255, 255, 255, 255))
    flat.alpha_composite(image)
    max_width, max_height = int(paper.dots * 0.6), 120 if paper is Paper.MM80 else 96
    scale = min(max_width / flat.width, max_height / flat.height)
    size = (max(1, round(flat.width * scale)), max(1, round(flat.height * scale)))
    dots = flat.convert("L").resize(size, Image.Resampling.LANCZOS).convert("1")
    picture = Image.new("1", (paper.dots, dots.height), 1)
    picture.paste(dots, ((paper.dots - dots.width) // 2, 0))
    return picture


def _not_empty(block: Block) -> bool:
    return not isinstance(block, TextBlock) or bool(block.lines)
