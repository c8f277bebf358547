"""The keypad's model and the check every source's string goes through."""

from __future__ import annotations

import datetime

import pytest

from card_reader import KeypadEntry, check_nik

TODAY = datetime.date(2026, 5, 28)


def typed(digits: str) -> KeypadEntry:
    entry = KeypadEntry()
    for d in digits:
        entry.press(d)
    return entry


@pytest.mark.parametrize(
    ("digits", "reason"),
    [
        ("99", "unknown_province"),
        ("3200", "unknown_regency"),
        ("327300", "unknown_district"),
        ("327301321390", "impossible_birth_date"),
        ("3273011501900000", "zero_serial"),
    ],
)
def test_each_mistake_is_named_as_soon_as_its_digits_are_in(digits: str, reason: str) -> None:
    problem = typed(digits).problem(TODAY)
    assert problem is not None and problem.reason == reason
    assert problem.message and problem.message_en


def test_a_partial_entry_with_nothing_wrong_yet_has_no_problem() -> None:
    assert typed("3273").problem(TODAY) is None
    assert typed("3").problem(TODAY) is None


def test_keypad_takes_digits_only_and_at_most_sixteen() -> None:
    entry = typed("3273011501900002")
    assert not entry.press("7") and not entry.press("x")
    assert entry.display() == "32 73 01 150190 0002"
    assert typed("327").display() == "32 7_ __ ______ ____"


def test_taking_the_entry_forgets_it() -> None:
    entry = typed("3273011501900002")
    verdict = entry.take(TODAY)
    assert verdict.ok and verdict.info is not None and verdict.info.masked.endswith("0002")
    assert entry.count == 0
    assert "3273011501900002" not in repr(verdict)


def test_check_normalizes_what_readers_add() -> None:
    verdict = check_nik(" 3273-0115-0190-0002\r\n", TODAY)
    assert verdict.ok and verdict.nik == "3273011501900002"
    bad = check_nik("12345", TODAY)
    assert not bad.ok and bad.error is not None and bad.error.reason == "wrong_length"
