"""The estimator's cost: every waiting ticket's ETA after one event.

1,500 waiting tickets over 12 services at 20 counters (some shared), each ETA computed
by queue_core.eta.estimate with its backlog of the shared counters' other services (a
third of them with a shorter maximum wait, whose later tickets pass: the general path),
against a plain position × mean ÷ counters baseline over the same tickets. The inputs
(learned minutes, counters) are built once per event, as the view does; the figure is the
time for all ETAs, best of several rounds.

Run alone: python bench/eta_cost.py [--quick]
"""

from __future__ import annotations

import math
import time

from queue_core.eta import Backlog, estimate, learn

from report import BenchResult, Options, main_for

NAME, TITLE = "eta_cost", "ETA: all 1,500 waiting tickets after one event"
TARGET_MS = 5.0
TICKETS = 1500
SERVICES = 12


def _all_etas() -> list[int | None]:
    learned = [learn(5.0 + s, [4.0 + s + (i % 5) for i in range(30)]) for s in range(SERVICES)]
    per = TICKETS // SERVICES
    out: list[int | None] = []
    for s in range(SERVICES):
        other = (s + 1) % SERVICES
        quick = s % 3 == 0
        for position in range(per):
            backlog = (
                Backlog(
                    position // 2,
                    learned[other].minutes,
                    0.5,
                    1,
                    outside=1.0,
                    max_wait=45.0 if quick else math.inf,
                    rate=0.2 if quick else 0.0,
                ),
            )
            out.append(
                estimate(
                    position, 2, learned[s], backlog, priority_share=0.1, max_wait=90.0
                ).minutes
            )
    return out


def _baseline() -> list[int]:
    per = TICKETS // SERVICES
    return [int((p + 0.5) * (5.0 + s) / 2) for s in range(SERVICES) for p in range(per)]


def _best_ms(fn: object, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        began = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - began)
    return best * 1000


def measure(options: Options, result: BenchResult) -> None:
    rounds = 5 if options.quick else 30
    estimator = _best_ms(_all_etas, rounds)
    baseline = _best_ms(_baseline, rounds)
    result.say(f"estimator: {estimator:.2f} ms for {TICKETS} tickets")
    result.say(f"baseline (position × mean ÷ counters): {baseline:.2f} ms")
    result.figures.update({"estimator_ms": estimator, "baseline_ms": baseline})
    result.below("all ETAs after one event (ms)", estimator, TARGET_MS, "{:.2f}")


if __name__ == "__main__":
    main_for(NAME, TITLE, measure)
