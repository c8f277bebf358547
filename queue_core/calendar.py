"""The hall calendar: which days the hall works, and counting working days.

A *working day* is one of the hall's `days` (default Monday to Friday) that is not one of
its `[[holidays]]` (national holidays and cuti bersama, set each year by SKB 3 Menteri).
Bookings, complaint and dossier deadlines all count on this calendar.

The API is small on purpose (other concepts build on it):

- `Calendar.is_working_day(day)`, `Calendar.closed_reason(day)`, `Calendar.holiday(day)`;
- `Calendar.add_working_days(start, n)`: the date of the n-th working day after `start`;
- `Calendar.deadline(start, n, closes, timezone)`: when a deadline of n working days that
  starts at the moment `start` ends (closing time of that last working day, as UTC);
- `Calendar.holidays_between(first, last)`: the holidays in a range, in date order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Day names as the hall file writes them, in `date.weekday()` order."""
DEFAULT_DAYS = WEEKDAYS[:5]
MAX_SEARCH_DAYS = 3660
"""A calendar with no working day at all (every day a holiday) must not loop for ever."""


@dataclass(frozen=True)
class Holiday:
    day: date
    name: str


@dataclass(frozen=True)
class Calendar:
    """The hall's working days. `days` are weekday numbers (0 = Monday)."""

    days: frozenset[int] = frozenset(range(5))
    holidays: tuple[Holiday, ...] = ()
    _by_day: dict[date, Holiday] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_day.update({h.day: h for h in self.holidays})

    @property
    def day_names(self) -> list[str]:
        """The hall's `days` as the hall file and the API write them."""
        return [WEEKDAYS[d] for d in sorted(self.days)]

    def holiday(self, day: date) -> Holiday | None:
        return self._by_day.get(day)

    def closed_reason(self, day: date) -> str | None:
        """None on a working day; else `"holiday"` or `"closed_day"` (not one of `days`).
        A holiday on a day the hall is closed anyway is still a holiday: the citizen sees
        the better reason."""
        if day in self._by_day:
            return "holiday"
        if day.weekday() not in self.days:
            return "closed_day"
        return None

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.days and day not in self._by_day

    def add_working_days(self, start: date, n: int) -> date:
        """The date of the n-th working day after `start` (`start` itself never counts,
        working or not). n = 0 gives `start`."""
        if n < 0:
            raise ValueError("n must be 0 or more")
        day, counted = start, 0
        for _ in range(MAX_SEARCH_DAYS * max(1, n)):
            if counted == n:
                return day
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        raise ValueError("the calendar has no working days")

    def deadline(self, start: datetime, n: int, closes: time, timezone: str) -> datetime:
        """The end of a deadline of n working days whose clock starts at `start` (an aware
        datetime): the hall's closing time on the n-th working day after the local day of
        `start`, returned in UTC. "24:00" (`time.max`) means the end of that day."""
        zone = ZoneInfo(timezone)
        local_start = start.astimezone(zone).date()
        last = self.add_working_days(local_start, n)
        if closes == time.max:
            end = datetime.combine(last + timedelta(days=1), time(0), zone)
        else:
            end = datetime.combine(last, closes, zone)
        return end.astimezone(UTC)

    def holidays_between(self, first: date, last: date) -> list[Holiday]:
        """Holidays from `first` to `last`, both included, in date order."""
        return sorted((h for h in self.holidays if first <= h.day <= last), key=lambda h: h.day)
