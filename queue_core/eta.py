"""Estimated wait.

Per service: position ÷ open counters serving it × recent mean service time, as
domain.md puts it, plus what that formula misses in a real MPP: a counter often serves
several services first come, first served, so the tickets of its *other* services that
arrived earlier take its time too. Each of those is counted by the share of its service's
counters that are also ours (a Kartu Keluarga ticket at a loket that also does KTP-el
delays a KTP-el citizen only as far as that loket would take it).

The mean starts from the configured typical minutes and is learned from the day's finished
tickets; the configured value keeps weight so that the first two quick KTP-el cases of the
morning do not promise everyone a three-minute wait.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

PRIOR_WEIGHT = 3.0
"""How many finished tickets the configured minutes count for."""


@dataclass(frozen=True)
class Backlog:
    """Another service's tickets that the same counters serve before ours."""

    ahead: int
    minutes: float
    share: float
    """The part of that service's work that falls on our counters (0–1)."""


def mean_service_minutes(configured: float, recent: Sequence[float]) -> float:
    """Blend the configured minutes with the recent observed durations (minutes)."""
    return (configured * PRIOR_WEIGHT + sum(recent)) / (PRIOR_WEIGHT + len(recent))


def eta_minutes(
    position: int, counters: int, mean_minutes: float, backlog: Sequence[Backlog] = ()
) -> int | None:
    """Whole minutes until this ticket should be called; None when no counter serves it.

    `position` counts the tickets of its own service that go first. Position 0 still
    waits, on average, half a service for a counter to free up when all are busy; the
    estimate counts that half so it is not systematically early.
    """
    if counters <= 0:
        return None
    work = (position + 0.5) * mean_minutes + sum(b.ahead * b.minutes * b.share for b in backlog)
    return max(0, math.ceil(work / counters))
