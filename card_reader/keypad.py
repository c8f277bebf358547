"""The on-screen keypad's model: digits typed so far and what is wrong with them, live.

Plain Python so it is tested without Qt. A citizen learns of a mistake as soon as the
digits that carry it are complete (a wrong province after two digits, an impossible birth
date after twelve), not after typing all sixteen.
"""

from __future__ import annotations

import datetime

from card_reader.check import NikCheck, check_nik
from queue_core.errors import InvalidNik
from queue_core.nik import parse_nik

NIK_LENGTH = 16
# Each part of a NIK can be judged once its last digit is in: province (2), regency (4),
# district (6), birth date (12), serial (16).
_STAGES = (16, 12, 6, 4, 2)
# Well-formed digits to complete a partial entry for judging: province 11, regency 01,
# district 01, born 1 January 1990, serial 0001. Only the typed part can then be at fault.
_FILLER = "1101010101900001"


class KeypadEntry:
    def __init__(self) -> None:
        self._digits = ""

    @property
    def count(self) -> int:
        return len(self._digits)

    @property
    def complete(self) -> bool:
        return len(self._digits) == NIK_LENGTH

    def display(self) -> str:
        """The digits as typed, grouped as the card prints them (PP RR DD DDMMYY SSSS)
        so a citizen can compare with the card; underscores for those still to come."""
        padded = self._digits.ljust(NIK_LENGTH, "_")
        return " ".join((padded[0:2], padded[2:4], padded[4:6], padded[6:12], padded[12:16]))

    def press(self, digit: str) -> bool:
        """Add one digit; False (and nothing changes) when full or not a digit."""
        if len(digit) != 1 or digit not in "0123456789" or self.complete:
            return False
        self._digits += digit
        return True

    def backspace(self) -> None:
        self._digits = self._digits[:-1]

    def clear(self) -> None:
        self._digits = ""

    def problem(self, today: datetime.date) -> InvalidNik | None:
        """What is already certainly wrong with the digits typed, or None."""
        typed = len(self._digits)
        stage = next((s for s in _STAGES if s <= typed), 0)
        if stage == 0:
            return None
        try:
            parse_nik(self._digits[:stage] + _FILLER[stage:], today)
        except InvalidNik as error:
            return error
        return None

    def take(self, today: datetime.date) -> NikCheck:
        """Hand the entry over and forget it: the keypad never holds a NIK after the entry
        step, whether or not it was valid."""
        verdict = check_nik(self._digits, today)
        self._digits = ""
        return verdict
