"""The hall calendar: working days, holidays, and deadlines counted in working days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from support import SAMPLE_HALL, SMALL_HALL

from queue_core.calendar import Calendar, Holiday
from queue_core.errors import ConfigError
from queue_core.hall import load_hall, parse_hall

CHRISTMAS = Calendar(
    holidays=(
        Holiday(date(2026, 12, 24), "Cuti Bersama Natal"),
        Holiday(date(2026, 12, 25), "Natal"),
    )
)


def test_weekends_and_holidays_are_not_working_days() -> None:
    assert CHRISTMAS.is_working_day(date(2026, 12, 23))  # Wednesday
    assert CHRISTMAS.closed_reason(date(2026, 12, 24)) == "holiday"
    assert CHRISTMAS.closed_reason(date(2026, 12, 26)) == "closed_day"  # Saturday
    assert CHRISTMAS.closed_reason(date(2026, 12, 28)) is None


def test_a_deadline_counts_the_working_days_after_its_start_day() -> None:
    # Wednesday 23 Dec + 1 working day: Thu 24 and Fri 25 are holidays, then the weekend.
    assert CHRISTMAS.add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 28)
    # Friday + 1 is Monday; the start day never counts, even when it is a working day.
    plain = Calendar()
    assert plain.add_working_days(date(2026, 12, 4), 1) == date(2026, 12, 7)
    assert plain.add_working_days(date(2026, 12, 5), 1) == date(2026, 12, 7)  # from Saturday
    assert plain.add_working_days(date(2026, 12, 7), 5) == date(2026, 12, 14)
    assert plain.add_working_days(date(2026, 12, 7), 0) == date(2026, 12, 7)


def test_a_deadline_ends_at_closing_time_of_its_last_working_day() -> None:
    # Tuesday 22 Dec 2026, 20:00 in Jakarta (13:00 UTC): 3 working days → 23, 28, 29 Dec.
    start = datetime(2026, 12, 22, 13, 0, tzinfo=UTC)
    end = CHRISTMAS.deadline(start, 3, time(15, 0), "Asia/Jakarta")
    assert end == datetime(2026, 12, 29, 8, 0, tzinfo=UTC)  # 15:00 WIB
    # Just after local midnight the local day is the next one.
    late = datetime(2026, 12, 22, 17, 30, tzinfo=UTC)  # 00:30 WIB on the 23rd
    assert CHRISTMAS.deadline(late, 1, time(15, 0), "Asia/Jakarta").date() == date(2026, 12, 28)
    assert CHRISTMAS.deadline(start, 1, time.max, "Asia/Jakarta") == datetime(
        2026, 12, 23, 17, 0, tzinfo=UTC
    )


def test_a_six_day_hall_works_on_saturday() -> None:
    hall = parse_hall(_with_hall(days=["mon", "tue", "wed", "thu", "fri", "sat"]))
    assert hall.calendar.is_working_day(date(2026, 12, 5))
    assert hall.calendar.add_working_days(date(2026, 12, 4), 1) == date(2026, 12, 5)


def test_the_sample_hall_ships_the_2026_skb_holidays() -> None:
    calendar = load_hall(SAMPLE_HALL).calendar
    days_2026 = [h for h in calendar.holidays if h.day.year == 2026]
    assert len(days_2026) == 25  # 17 national holidays and 8 days of cuti bersama
    assert calendar.closed_reason(date(2026, 3, 23)) == "holiday"  # cuti bersama Idulfitri
    assert calendar.holiday(date(2026, 8, 17)) is not None
    assert any(h.day.year == 2027 for h in calendar.holidays)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"days": ["monday"]}, "days must list day names"),
        ({"days": []}, "days must list day names"),
    ],
)
def test_bad_days_name_the_fix(change: dict[str, object], words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        parse_hall(_with_hall(**change))


def test_bad_holidays_name_the_entry_and_the_fix() -> None:
    raw = _with_hall()
    raw["holidays"] = [{"date": "2026-13-01", "name": "x"}]
    with pytest.raises(ConfigError, match=r"holiday #1 .*not a date.*YYYY-MM-DD"):
        parse_hall(raw)
    raw["holidays"] = [{"date": "2026-12-25", "name": "a"}, {"date": "2026-12-25", "name": "b"}]
    with pytest.raises(ConfigError, match="already the holiday"):
        parse_hall(raw)


def _with_hall(**hall_keys: object) -> dict[str, object]:
    import tomllib

    raw = tomllib.loads(SMALL_HALL.read_text(encoding="utf-8"))
    raw["hall"].update(hall_keys)
    return raw
