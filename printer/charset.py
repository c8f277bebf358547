"""Text that survives the printer's code page.

Tickets are printed as printer text in code page 437 (selected with ESC t 0), the one
table every ESC/POS printer has. Indonesian needs only ASCII, but names and phrases may
carry typographic characters ("–", "’", "±", "é"): those CP437 holds are kept, the rest
are replaced by a plain look-alike so the printer never prints a wrong glyph. Control
characters never reach the printer: a name holding ESC or DLE bytes would otherwise
send it commands. The layout applies this before wrapping, so the preview shows what
the paper will.
"""

from __future__ import annotations

import unicodedata

CODE_PAGE = "cp437"

_LOOK_ALIKES = {
    "\u00a0": " ",  # no-break space: CP437 has one at 0xFF, but printers draw it oddly
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": ",",
    "\u201b": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2026": "...",
    "\u2022": "*",
    "\u00d7": "x",
    "\u20ac": "EUR",
    "\u00a9": "(c)",
    "\u00ae": "(R)",
    "\u2122": "TM",
}


def _in_code_page(char: str) -> bool:
    if ord(char) < 0x20 or ord(char) == 0x7F:
        return False
    try:
        char.encode(CODE_PAGE)
    except UnicodeEncodeError:
        return False
    return True


def printable(text: str) -> str:
    """`text` with every character one the printer prints as written (CP437, no controls)."""
    out: list[str] = []
    for char in text:
        if char in _LOOK_ALIKES:
            out.append(_LOOK_ALIKES[char])
        elif _in_code_page(char):
            out.append(char)
        elif unicodedata.category(char)[0] in "CZ":
            out.append(" ")  # tabs, line breaks, odd spaces: one space
        else:
            # "ş" → "s", "ő" → "o": the letter without its mark beats a question mark.
            bare = "".join(
                c
                for c in unicodedata.normalize("NFKD", char)
                if not unicodedata.combining(c) and _in_code_page(c)
            )
            out.append(bare or "?")
    return "".join(out)


def encode(text: str) -> bytes:
    """The bytes the printer receives for printable text."""
    return printable(text).encode(CODE_PAGE)
