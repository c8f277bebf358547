"""Bounded waiting: every blocking call of a print gets what is left of one deadline."""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Timeouts:
    """Seconds. `total` bounds a whole print, from connecting to the last status reply,
    so the kiosk knows the longest it can wait; the others bound single steps in it."""

    connect: float = 3.0
    status: float = 1.0
    """For each status reply; a printer answers in milliseconds or not at all."""
    total: float = 15.0
    """A ticket is 17 KB (58 mm) to 29 KB (80 mm): under a second on a network or USB,
    9-15 s on a 19,200-baud serial line (docs/printing.md: faster baud or qr=native)."""

    def __post_init__(self) -> None:
        if min(self.connect, self.status, self.total) <= 0:
            raise ValueError("timeouts must be positive")


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self._end - time.monotonic()

    def timeout(self, step: float | None = None) -> float:
        """Seconds the next blocking step may take: `step`, cut to what is left.

        Raises TimeoutError when nothing is left, so no step starts past the deadline."""
        left = self.remaining()
        if left <= 0:
            raise TimeoutError(f"the print took longer than {self.seconds:g} s")
        return left if step is None else min(step, left)
