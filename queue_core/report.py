"""The summary report's figures, from facts about tickets and bookings (docs/reports.md).

Pure: the store reads the facts, this module groups and counts them, so the same code
serves the JSON, the CSV and the workbook, and a test can recompute the figures from the
event log without sharing any of it."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
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


class TicketFact(NamedTuple):
    """One ticket of the period, as the report sees it: its last leg (docs/reports.md).

    A tuple, not a dataclass: a year's report builds 750,000 of them."""

    day: str
    """The hall day, YYYY-MM-DD."""
    service_id: str
    agency_id: str
    counter_id: int | None
    operator: str | None
    """The user who held the counter when the ticket was last called."""
    hour: int
    """The hall-local hour the ticket was issued in."""
    status: str
    wait_s: float | None
    """called_at − queued_at in seconds; None when never called."""
    service_s: float | None
    """finished_at − started_at in seconds, for tickets done; else None."""


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


def percentile(values: list[float], p: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default, "type 7"): the value
    at rank p·(n−1) of the sorted values. None for no values."""
    return percentile_of_sorted(sorted(values), p)


def percentile_of_sorted(ordered: list[float], p: float) -> float | None:
    """`percentile` of values already in ascending order (a group's p50 and p90 share
    one sort)."""
    if not ordered:
        return None
    rank = p * (len(ordered) - 1)
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def minutes1(seconds: float | None) -> float | None:
    """Seconds as minutes with one decimal (half away from zero, not banker's rounding)."""
    if seconds is None:
        return None
    return math.floor(seconds / 60 * 10 + 0.5) / 10


@dataclass
class _Tally:
    issued: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    waits: list[float] = field(default_factory=list)
    within: int = 0
    services: list[float] = field(default_factory=list)
    bookings: int = 0
    checked_in: int = 0
    booking_expired: int = 0

    def ticket(self, t: TicketFact, target_seconds: float) -> None:
        self.issued += 1
        self.counts[t.status] = self.counts.get(t.status, 0) + 1
        wait = t.wait_s
        if wait is not None:
            self.waits.append(wait)
            if wait <= target_seconds:
                self.within += 1
        if t.service_s is not None:
            self.services.append(t.service_s)

    def merge(self, other: _Tally) -> None:
        self.issued += other.issued
        for status, n in other.counts.items():
            self.counts[status] = self.counts.get(status, 0) + n
        self.waits += other.waits
        self.within += other.within
        self.services += other.services
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
        waits = self.waits
        ordered = sorted(waits)
        return {
            "key": key,
            "label": label,
            "issued": self.issued,
            "served": self.counts.get("done", 0),
            "no_show": self.counts.get("no_show", 0),
            "cancelled": self.counts.get("cancelled", 0),
            "expired": self.counts.get("expired", 0),
            "wait_p50": minutes1(percentile_of_sorted(ordered, 0.5)),
            "wait_p90": minutes1(percentile_of_sorted(ordered, 0.9)),
            "wait_mean": minutes1(sum(waits) / len(waits)) if waits else None,
            "service_mean": (
                minutes1(sum(self.services) / len(self.services)) if self.services else None
            ),
            "service_p90": minutes1(percentile(self.services, 0.9)),
            "within_target_pct": (
                math.floor(self.within / len(waits) * 1000 + 0.5) / 10 if waits else None
            ),
            "bookings": self.bookings,
            "bookings_checked_in": self.checked_in,
            "bookings_expired": self.booking_expired,
        }


def ticket_key(group_by: str, t: TicketFact | BookingFact) -> str | None:
    """The group a fact falls in; None when it has none (a ticket never called has no
    counter, nor an operator)."""
    if group_by == "agency":
        return t.agency_id
    if group_by == "service":
        return t.service_id
    if group_by == "counter":
        return None if t.counter_id is None else str(t.counter_id)
    if group_by == "operator":
        return t.operator
    if group_by == "day":
        return t.day
    if group_by == "hour":
        return f"{t.hour:02d}"
    return None


def summarize(
    tickets: Iterable[TicketFact],
    bookings: Iterable[BookingFact],
    group_by: str,
    target_minutes: Callable[[str], float],
    label: Callable[[str], str],
) -> dict[str, Any]:
    """`{rows, totals}`: rows sorted by key (counters by number); totals over every fact,
    including those in no group."""
    # One tally per key (None: in no group); the totals merge them afterwards, so each
    # fact is counted once, not twice.
    groups: dict[str | None, _Tally] = {}
    seconds: dict[str, float] = {}
    for t in tickets:
        target = seconds.get(t.service_id)
        if target is None:
            target = seconds[t.service_id] = target_minutes(t.service_id) * 60
        key = ticket_key(group_by, t)
        tally = groups.get(key)
        if tally is None:
            tally = groups[key] = _Tally()
        tally.ticket(t, target)
    for b in bookings:
        key = ticket_key(group_by, b)
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
