"""The booking rules that need no server: the hall file's booking keys, slots, codes,
suspension."""

from __future__ import annotations

import tomllib
from datetime import date, time
from typing import Any

import pytest
from support import SMALL_HALL

from queue_core.booking import (
    BookingRules,
    read_code,
    show_code,
    slots_of_day,
    suspended_until,
)
from queue_core.errors import ConfigError
from queue_core.hall import parse_hall


def hall_with_kk(**changes: Any) -> dict[str, Any]:
    raw = tomllib.loads(SMALL_HALL.read_text(encoding="utf-8"))
    kk = next(s for s in raw["services"] if s["id"] == "kk")
    for key, value in changes.items():
        if value is None:
            kk.pop(key, None)
        else:
            kk[key] = value
    return raw


SESSION = {"weekdays": ["mon"], "start": "08:00", "end": "10:00", "slot_minutes": 30, "capacity": 2}


def test_sessions_make_slots_and_none_on_a_holiday() -> None:
    raw = hall_with_kk(sessions=[SESSION, {**SESSION, "start": "13:00", "end": "14:10"}])
    raw["holidays"] = [{"date": "2026-12-07", "name": "Libur"}]
    hall = parse_hall(raw)
    plan = hall.service("kk").booking  # type: ignore[union-attr]
    assert plan is not None
    monday = slots_of_day(plan, hall.calendar, date(2026, 11, 30))
    assert [s.label for s in monday] == ["08:00", "08:30", "09:00", "09:30", "13:00", "13:30"]
    assert slots_of_day(plan, hall.calendar, date(2026, 12, 1)) == []  # no Tuesday session
    assert slots_of_day(plan, hall.calendar, date(2026, 12, 7)) == []  # a holiday Monday


def test_a_session_to_midnight_ends_at_24_00() -> None:
    raw = hall_with_kk(sessions=[{**SESSION, "start": "23:00", "end": "24:00", "slot_minutes": 60}])
    plan = parse_hall(raw).service("kk").booking  # type: ignore[union-attr]
    assert plan is not None
    assert plan.sessions[0].slots() == [(time(23, 0), time.max)]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"sessions": None}, "booking is set but there are no"),
        ({"booking": None}, "sessions are set but booking is not"),
        ({"sessions": [SESSION, {**SESSION, "start": "09:30", "end": "11:00"}]}, "overlaps"),
        ({"sessions": [{**SESSION, "weekdays": ["monday"]}]}, "weekdays must list"),
        ({"sessions": [{**SESSION, "end": "07:00"}]}, "end is not after start"),
        ({"sessions": [{**SESSION, "capacity": 0}]}, "capacity 0 is out of range"),
        ({"sessions": [{**SESSION, "slot_minutes": 180}]}, "no slot fits"),
        ({"booking": {"days_ahead": 7, "lead": 5}}, "unknown key 'lead'"),
        ({"booking": {"days_ahead": -1}}, "days_ahead -1 is out of range"),
        ({"hours": ["09:00", "12:00"]}, "outside the service's hours"),
    ],
)
def test_bad_booking_keys_name_the_entry_and_the_fix(changes: dict[str, Any], words: str) -> None:
    raw = hall_with_kk(**{"sessions": [SESSION], **changes})
    with pytest.raises(ConfigError, match=words) as caught:
        parse_hall(raw)
    assert "service #2 (kk)" in str(caught.value) and "Fix:" in str(caught.value)


def test_hall_wide_booking_rules_are_read_and_checked() -> None:
    raw = hall_with_kk()
    raw["hall"].update(booking_limit_per_nik=1, no_show_strikes=2, strike_days=10, suspend_days=5)
    assert parse_hall(raw).booking_rules == BookingRules(1, 2, 10, 5)
    raw["hall"]["strike_days"] = 0
    with pytest.raises(ConfigError, match="strike_days 0 is out of range"):
        parse_hall(raw)


def test_codes_read_as_typed_or_scanned() -> None:
    assert show_code("7K3MQ9XA") == "7K3M-Q9XA"
    assert read_code("7k3m-q9xa") == "7K3MQ9XA"
    assert read_code(" 7K3M Q9XA ") == "7K3MQ9XA"
    assert read_code("OIL1-2345") == "0111" + "2345"
    assert read_code("7K3M-Q9X") is None
    assert read_code("7K3M-Q9XU") is None  # U is not Crockford base32


def test_three_strikes_within_the_window_suspend_from_the_last() -> None:
    rules = BookingRules(no_show_strikes=3, strike_days=30, suspend_days=14)
    strikes = [date(2026, 11, 2), date(2026, 11, 20), date(2026, 11, 30)]
    assert suspended_until(strikes[:2], rules, date(2026, 12, 1)) is None
    assert suspended_until(strikes, rules, date(2026, 12, 1)) == date(2026, 12, 14)
    assert suspended_until(strikes, rules, date(2026, 12, 14)) is None
    spread = [date(2026, 10, 1), date(2026, 10, 20), date(2026, 11, 5)]  # 35 days apart
    assert suspended_until(spread, rules, date(2026, 11, 6)) is None
