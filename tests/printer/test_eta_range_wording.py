"""The printed wait: a range where the estimate's spread is wide (docs/eta.md)."""

from __future__ import annotations

from printer import wording


def test_a_wide_range_is_printed_as_the_range_not_one_number() -> None:
    assert wording.estimated_wait(27, 15, 40) == ("Perkiraan waktu tunggu", "15–40 menit")


def test_a_narrow_range_keeps_the_single_figure() -> None:
    part = wording.estimated_wait(5, 2, 8)
    assert part is not None and "5 menit" in part[1] and "–" not in part[1]
