"""What a board says for a call, as clip keys: "Nomor antrean, A, seratus dua puluh tiga,
silakan menuju loket, tiga". The web board asks the server for the same keys, so the
Indonesian number words live only here."""

from __future__ import annotations

import re

from num2words import num2words

from display_board.voice import CHIME, DIGITS, LETTERS, NUMBER_WORDS

_TICKET = re.compile(r"^\s*([A-Za-z]{0,3})\s*(\d{1,9})\s*$")
_TRAILING_NUMBER = re.compile(r"(\d+)\s*$")
_KNOWN_WORDS = frozenset(NUMBER_WORDS)


def number_words(n: int) -> list[str]:
    """Clip keys for a whole number: 123 → seratus, dua, puluh, tiga."""
    if n < 0:
        raise ValueError(f"no words for a negative number: {n}")
    words = str(num2words(n, lang="id")).split()
    if all(word in _KNOWN_WORDS for word in words):
        return words
    # Past the recorded vocabulary ("juta"): digit by digit still gets the citizen there.
    return [DIGITS[int(d)] for d in str(n)]


def ticket_words(number: str) -> list[str]:
    """Clip keys for a ticket number: letters one by one, then the number without its
    leading zeros ("PK007" → pe, ka, tujuh)."""
    match = _TICKET.match(number)
    if match is None:
        raise ValueError(f"not a ticket number: {number!r}")
    prefix, digits = match.groups()
    return [LETTERS[c] for c in prefix.upper()] + number_words(int(digits))


def counter_number(counter: int | str) -> int:
    """The loket number of a counter id (int) or name ("Loket 12" → 12)."""
    if isinstance(counter, int):
        return counter
    match = _TRAILING_NUMBER.search(counter)
    if match is None:
        raise ValueError(f"no loket number in {counter!r}")
    return int(match.group(1))


def phrase_for(number: str, counter: int | str) -> list[str]:
    """The clip keys announcing ticket `number` at `counter` (its loket number or name)."""
    return [
        CHIME,
        "nomor antrean",
        *ticket_words(number),
        "silakan menuju",
        "loket",
        *number_words(counter_number(counter)),
    ]
