"""Back-off with jitter, and repeating a safe request until a deadline.

Jitter matters in a hall: when the server restarts, two hundred boards, kiosks and
counters lose it at the same moment; without jitter they would all come back at the same
moment too, again and again.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from queue_client.errors import is_transient

T = TypeVar("T")


@dataclass(frozen=True)
class Backoff:
    """Delays first, first·factor, … capped at `cap`, each scaled by a random factor in
    [1 − jitter, 1] so they stay bounded yet spread out."""

    first: float = 0.2
    cap: float = 5.0
    factor: float = 2.0
    jitter: float = 0.5

    def delays(self, rng: random.Random | None = None) -> Delays:
        return Delays(self, rng or random.Random())


class Delays:
    """One run of back-off: `next()` grows, `reset()` after a success starts it over."""

    def __init__(self, backoff: Backoff, rng: random.Random) -> None:
        self._backoff, self._rng, self._attempt = backoff, rng, 0

    def next(self) -> float:
        b = self._backoff
        base = min(b.cap, b.first * b.factor**self._attempt)
        self._attempt += 1
        return base * (1 - b.jitter * self._rng.random())

    def reset(self) -> None:
        self._attempt = 0


RetryHook = Callable[[int, Exception, float], None]
"""Called before each wait: (attempt number from 1, the error, seconds until the next try)."""


def retry(
    call: Callable[[], T],
    *,
    deadline: float,
    backoff: Backoff | None = None,
    on_retry: RetryHook | None = None,
    cancel: threading.Event | None = None,
) -> T:
    """Run `call` until it succeeds, fails for good (4xx), or `deadline` seconds pass
    (a try started just before the deadline may still run its own timeout).

    Only transient failures (`Unreachable`, `ServerError`) are repeated. `call` must be
    safe to repeat: a read, or an issue that carries the same Idempotency-Key each time.
    Setting `cancel` ends the waiting early and re-raises the last error.
    """
    give_up_at = time.monotonic() + deadline
    delays = (backoff or Backoff()).delays()
    attempt = 0
    while True:
        try:
            return call()
        except Exception as exc:
            if not is_transient(exc):
                raise
            attempt += 1
            left = give_up_at - time.monotonic()
            if left <= 0:
                raise
            # The last wait is cut short so one more try lands on the deadline.
            delay = min(delays.next(), left)
            if on_retry is not None:
                on_retry(attempt, exc, delay)
            if (cancel or threading.Event()).wait(delay):
                raise
