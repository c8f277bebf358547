"""The layout as ESC/POS bytes, built with python-escpos's Dummy printer.

The Dummy printer only collects what python-escpos would send; the backends then send
those exact bytes, so a job is built once, without touching a device, and tests can read
every byte the printer will get.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from printer.layout import Cut, Feed, Picture, QrBlock, TextBlock, TicketLayout
from printer.paper import Paper

if TYPE_CHECKING:
    from escpos.printer import Dummy

INIT = b"\x1b@"
"""ESC @: forget whatever a previous job (or line noise) left set."""
CANCEL_KANJI = b"\x1c."
"""FS .: leave Chinese/Kanji mode, which cheap printers often start in; in it, a byte
above 127 (like CP437's "±") would be read as half of a Chinese character."""
FULL_CUT = b"\x1dVA\x00"
"""GS V 65 0: feed to the cutter, then cut through."""
PARTIAL_CUT = b"\x1dVB\x00"
"""GS V 66 0: feed to the cutter, then cut leaving a hinge, so the ticket hangs from
the slot instead of dropping to the floor."""

CutMode = Literal["partial", "full", "none"]
QrMode = Literal["image", "native"]

_QR_LEVELS = {"L": 0, "M": 1, "Q": 2, "H": 3}  # python-escpos's QR_ECLEVEL_* values


def render_escpos(layout: TicketLayout, *, qr: QrMode = "image", cut: CutMode = "partial") -> bytes:
    """The complete print job for one ticket."""
    printer = _collector(layout.paper)
    printer._raw(INIT + CANCEL_KANJI)
    printer.charcode("CP437")  # ESC t 0; the layout only holds CP437 characters
    printer.line_spacing()  # ESC 2: the 1/6-inch default the preview assumes
    for block in layout.blocks:
        if isinstance(block, TextBlock):
            _text(printer, block)
        elif isinstance(block, Feed):
            printer.print_and_feed(block.lines)
        elif isinstance(block, Picture):
            printer.image(block.image)
        elif isinstance(block, QrBlock):
            _qr(printer, block, qr)
        elif isinstance(block, Cut):
            printer.print_and_feed(block.feed_lines)
            if cut != "none":
                printer._raw(FULL_CUT if cut == "full" else PARTIAL_CUT)
    return bytes(printer.output)


def _collector(paper: Paper) -> Dummy:
    _keep_escpos_cache_in_one_place()
    from escpos.printer import Dummy

    printer = Dummy(profile="default")
    # The profile's data is shared by every printer of that profile; give this one its
    # own copy with the paper's width, so images are checked against it and
    # python-escpos does not print a warning about an unknown width to stdout.
    data = copy.deepcopy(printer.profile.profile_data)
    data["media"] = {"dpi": 203, "width": {"mm": paper.value - 10, "pixels": paper.dots}}
    printer.profile.profile_data = data
    return printer


def _text(printer: Dummy, block: TextBlock) -> None:
    big = block.width >= 4 or block.height >= 4
    printer.set(
        align=block.align.value,
        bold=block.bold,
        invert=block.invert,
        smooth=big,  # GS b: Epson smooths the outline of characters 4 × and larger
        custom_size=True,
        width=block.width,
        height=block.height,
    )
    # Every block sets all of its style, so none needs resetting after it.
    for line in block.lines:
        printer.textln(line)


def _qr(printer: Dummy, block: QrBlock, mode: QrMode) -> None:
    if mode == "native":
        printer.set(align="center")
        printer.qr(
            block.data, ec=_QR_LEVELS[block.error_correction], size=block.module, native=True
        )
        printer.ln()
        printer.set(align="left")
    else:
        printer.image(block.image)


def _keep_escpos_cache_in_one_place() -> None:
    """python-escpos pickles its printer database, on import, into a new temporary
    directory per process unless told where: a kiosk restarted daily would fill /tmp.
    The user's own cache directory is used instead (never a shared one: a pickle planted
    there by another user would run as ours); if it cannot be made, the default stays."""
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" in os.environ:
        return
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "antre"
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(cache)
