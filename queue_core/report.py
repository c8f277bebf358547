"""The summary report's figures, from facts about tickets and bookings (docs/reports.md).

Pure: the store counts the tickets per group and service (SQL does the per-ticket
work), this module merges those cells into rows, so the same code
serves the JSON, the CSV and the workbook, and a test can recompute the figures from the
event log without sharing any of it."""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

GROUPS = ("agency", "service", "counter", "operator", "day", "hour")

FIELDS = (
    "key",
    "label",
    "issued",
    "served",
    "no_show",
    "cancelled",
    "expired",
    "wait_p50",
    "wait_p90",
    "wait_mean",
    "service_mean",
    "service_p90",
    "within_target_pct",
    "bookings",
    "bookings_checked_in",
    "bookings_expired",
)

DEFAULT_TARGET_WAIT_MINUTES = 30.0


class TicketCell(NamedTuple):
    """The tickets of one group at one service, counted by the store (docs/reports.md):
    each ticket at its last leg. Per service, so a cell has one wait target; the store
    hands these over instead of one row per ticket, because a year's report covers
    750,000 tickets and Python per ticket was most of its time."""

    key: str | None
    """The group (agency, service, counter number, operator, day or hour "08"); None
    when the tickets have none (never called: no counter, no operator)."""
    service_id: str
    issued: int
    done: int
    no_show: int
    cancelled: int
    expired: int
    waits_ms: list[int]
    """called_at − queued_at of the tickets called, whole milliseconds, ascending."""
    services_ms: list[int]
    """finished_at − started_at of the tickets done, whole milliseconds, ascending."""


class BookingFact(NamedTuple):
    day: str
    service_id: str
    agency_id: str
    counter_id: int | None
    """The counter that called its ticket, when it checked in and was called."""
    operator: str | None
    hour: int
    """The hall-local hour of its slot."""
    status: str


def percentile(values: Sequence[float], p: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default, "type 7"): the value
    at rank p·(n−1) of the sorted values. None for no values. (`_Runs.percentile` is the
    same rule over a group's sorted runs of milliseconds.)"""
    if not values:
        return None
    ordered = sorted(values)
    rank = p * (len(ordered) - 1)
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def minutes1(seconds: float | None) -> float | None:
    """Seconds as minutes with one decimal (half away from zero, not banker's rounding)."""
    if seconds is None:
        return None
    return math.floor(seconds / 60 * 10 + 0.5) / 10


def last_ms_within(seconds: float) -> int:
    """The longest whole-millisecond wait that is within a target of `seconds`: a sorted
    cell's waits within target are then one bisection, not a comparison per ticket."""
    limit = math.floor(seconds * 1000)
    while (limit + 1) / 1000 <= seconds:
        limit += 1
    while limit / 1000 > seconds:
        limit -= 1
    return limit


class _Runs:
    """Ascending runs of milliseconds (a group's cells), asked for their sum and order
    statistics without merging them: a year's totals are 1,000 runs (by day) or four of
    190,000 (by service), and picking the few values a row needs out of them is a few
    thousand bisections, where a merge is a sort of 750,000."""

    MANY = 4096
    """Beyond this many runs one merge (timsort merges ascending runs) is cheaper than
    bisecting every run ~35 times per value asked."""

    def __init__(self, runs: list[list[int]]) -> None:
        self.runs = runs
        self.count = sum(len(run) for run in runs)
        self.merged: list[int] | None = None
        if len(runs) == 1:
            self.merged = runs[0]
        elif len(runs) > self.MANY:
            self.merged = sorted(value for run in runs for value in run)

    def total(self) -> int:
        return sum(sum(run) for run in self.runs)

    def at_most(self, value: int) -> int:
        """How many values are ≤ value."""
        return sum(bisect.bisect_right(run, value) for run in self.runs)

    def nth(self, n: int) -> int:
        """The n-th smallest value (from 0)."""
        if self.merged is not None:
            return self.merged[n]
        # The smallest value with more than n values at or below it: a binary search over
        # the values' range, counting with one bisection per run.
        low, high = min(run[0] for run in self.runs), max(run[-1] for run in self.runs)
        while low < high:
            middle = (low + high) // 2
            if self.at_most(middle) > n:
                high = middle
            else:
                low = middle + 1
        return low

    def following(self, n: int, value: int) -> int:
        """The (n+1)-th smallest value, given that the n-th is `value`: the same value when
        it repeats, else the smallest value above it (one bisection per run, no search)."""
        if self.merged is not None:
            return self.merged[n + 1]
        if self.at_most(value) > n + 1:
            return value
        return min(run[i] for run in self.runs if (i := bisect.bisect_right(run, value)) < len(run))

    def percentile(self, p: float) -> float | None:
        """`percentile` of the merged runs, in seconds."""
        if not self.count:
            return None
        rank = p * (self.count - 1)
        low = math.floor(rank)
        below = self.nth(low)
        above = below if low + 1 >= self.count else self.following(low, below)
        # In whole milliseconds first, then seconds: a median halfway between two waits is
        # then exact, so it rounds to the minute's tenth as the exact value does.
        return (below + (above - below) * (rank - low)) / 1000

    def mean(self) -> float | None:
        """The mean in seconds."""
        return self.total() / 1000 / self.count if self.count else None


@dataclass
class _Tally:
    issued: int = 0
    done: int = 0
    no_show: int = 0
    cancelled: int = 0
    expired: int = 0
    wait_runs: list[list[int]] = field(default_factory=list)
    within: int = 0
    service_runs: list[list[int]] = field(default_factory=list)
    bookings: int = 0
    checked_in: int = 0
    booking_expired: int = 0

    def cell(self, c: TicketCell, limit_ms: int) -> None:
        self.issued += c.issued
        self.done += c.done
        self.no_show += c.no_show
        self.cancelled += c.cancelled
        self.expired += c.expired
        if c.waits_ms:
            self.wait_runs.append(c.waits_ms)
            self.within += bisect.bisect_right(c.waits_ms, limit_ms)
        if c.services_ms:
            self.service_runs.append(c.services_ms)

    def merge(self, other: _Tally) -> None:
        self.issued += other.issued
        self.done += other.done
        self.no_show += other.no_show
        self.cancelled += other.cancelled
        self.expired += other.expired
        self.wait_runs += other.wait_runs
        self.within += other.within
        self.service_runs += other.service_runs
        self.bookings += other.bookings
        self.checked_in += other.checked_in
        self.booking_expired += other.booking_expired

    def booking(self, b: BookingFact) -> None:
        self.bookings += 1
        if b.status == "checked_in":
            self.checked_in += 1
        elif b.status == "expired":
            self.booking_expired += 1

    def row(self, key: str, label: str) -> dict[str, Any]:
        waits, services = _Runs(self.wait_runs), _Runs(self.service_runs)
        return {
            "key": key,
            "label": label,
            "issued": self.issued,
            "served": self.done,
            "no_show": self.no_show,
            "cancelled": self.cancelled,
            "expired": self.expired,
            "wait_p50": minutes1(waits.percentile(0.5)),
            "wait_p90": minutes1(waits.percentile(0.9)),
            "wait_mean": minutes1(waits.mean()),
            "service_mean": minutes1(services.mean()),
            "service_p90": minutes1(services.percentile(0.9)),
            "within_target_pct": (
                math.floor(self.within / waits.count * 1000 + 0.5) / 10 if waits.count else None
            ),
            "bookings": self.bookings,
            "bookings_checked_in": self.checked_in,
            "bookings_expired": self.booking_expired,
        }


def booking_key(group_by: str, b: BookingFact) -> str | None:
    """The group a booking falls in; None when it has none (a booking never called has no
    counter, nor an operator)."""
    if group_by in ("agency", "service"):
        return b.agency_id if group_by == "agency" else b.service_id
    if group_by == "counter":
        return None if b.counter_id is None else str(b.counter_id)
    if group_by == "operator":
        return b.operator
    if group_by == "day":
        return b.day
    if group_by == "hour":
        return f"{b.hour:02d}"
    return None


def summarize(
    cells: Iterable[TicketCell],
    bookings: Iterable[BookingFact],
    group_by: str,
    target_minutes: Callable[[str], float],
    label: Callable[[str], str],
) -> dict[str, Any]:
    """`{rows, totals}`: rows sorted by key (counters by number); totals over every ticket
    and booking, including those in no group."""
    # One tally per key (None: in no group); the totals merge them afterwards, so each
    # ticket is counted once, not twice.
    groups: dict[str | None, _Tally] = {}
    limits: dict[str, int] = {}
    for c in cells:
        limit = limits.get(c.service_id)
        if limit is None:
            limit = limits[c.service_id] = last_ms_within(target_minutes(c.service_id) * 60)
        tally = groups.get(c.key)
        if tally is None:
            tally = groups[c.key] = _Tally()
        tally.cell(c, limit)
    for b in bookings:
        key = booking_key(group_by, b)
        tally = groups.get(key)
        if tally is None:
            tally = groups[key] = _Tally()
        tally.booking(b)
    total = _Tally()
    for tally in groups.values():
        total.merge(tally)
    keyed = {k: v for k, v in groups.items() if k is not None}

    def order(key: str) -> tuple[int, str]:
        return (int(key), "") if key.isdigit() and group_by == "counter" else (0, key)

    rows = [keyed[k].row(k, label(k)) for k in sorted(keyed, key=order)]
    return {"rows": rows, "totals": total.row("total", "Total")}
