"""Estimated wait: position ÷ open counters × recent mean service time.

The mean starts from the configured typical minutes and is learned from the day's finished
tickets; the configured value keeps weight so that the first two quick KTP-el cases of the
morning do not promise everyone a three-minute wait.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

PRIOR_WEIGHT = 3.0
"""How many finished tickets the configured minutes count for."""


def mean_service_minutes(configured: float, recent: Sequence[float]) -> float:
    """Blend the configured minutes with the recent observed durations (minutes)."""
    return (configured * PRIOR_WEIGHT + sum(recent)) / (PRIOR_WEIGHT + len(recent))


def eta_minutes(position: int, counters: int, mean_minutes: float) -> int | None:
    """Whole minutes until this ticket should be called; None when no counter serves it.

    `position` counts the tickets that go first. Position 0 still waits, on average, half
    a service for the next counter to free up when every counter is busy; the estimate
    counts that half so it is not systematically early.
    """
    if counters <= 0:
        return None
    return max(0, math.ceil((position + 0.5) * mean_minutes / counters))
