"""Queue numbers and the hall day.

The hall day is the hall's local date, never the UTC date: a Jakarta hall at 06:30 local
is at 23:30 UTC of the previous day, and its numbers must already have restarted.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo


@lru_cache(maxsize=8)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def hall_day(moment: datetime, timezone: str) -> date:
    """The hall-local date of an aware moment."""
    if moment.tzinfo is None:
        raise ValueError("hall_day needs an aware datetime")
    return moment.astimezone(zone(timezone)).date()


def local_time(moment: datetime, timezone: str) -> time:
    return moment.astimezone(zone(timezone)).time()


def format_number(prefix: str, running: int) -> str:
    """A001 … A999, then A1000: at least three digits so a board column lines up."""
    if running < 1:
        raise ValueError("running numbers start at 1")
    return f"{prefix}{running:03d}"
