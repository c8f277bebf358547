"""A month of history under `antre demo`: the working days before today, simulated
through the real writer into the demo's database (durable off) before the live morning
starts, so the console's reports, audit and the ETA's weekday history have something to
show (docs/console.md, "The demo's month")."""

from __future__ import annotations

import time as wall
from datetime import date, timedelta
from pathlib import Path

from rich.console import Console

from queue_core.hall import Hall
from queue_server.simulation import run_simulation

HISTORY_DAYS = 30
"""Calendar days before today the demo fills (their working days: about 22)."""


def working_days(today: date, days: int) -> list[date]:
    """Monday to Friday of the `days` calendar days before `today`, oldest first."""
    span = (today - timedelta(days=n) for n in range(days, 0, -1))
    return [d for d in span if d.weekday() < 5]


def crowd(day: date, busiest: int) -> int:
    """A hall's week: Monday the busiest, Friday the quietest (Friday prayers)."""
    return int(busiest * (1.0, 0.85, 0.8, 0.8, 0.65)[day.weekday()])


def play_history(
    db: Path, hall: Hall, today: date, days: int, busiest: int, seed: int, console: Console
) -> float:
    """Simulate the working days of the `days` before `today` into `db`; seconds taken."""
    began = wall.monotonic()
    dates = working_days(today, days)
    if not dates:
        return 0.0
    with console.status(f"Simulating {len(dates)} past hall days for the console…"):
        for n, day in enumerate(dates):
            run_simulation(
                hall,
                visitors=crowd(day, busiest),
                counters=len(hall.counters) - 1,
                seed=seed + 1000 + n,
                db=db,
                show=False,
                day=day,
                console=console,
            )
    taken = wall.monotonic() - began
    console.print(
        f"History: {len(dates)} hall days from {dates[0]:%Y-%m-%d} to {dates[-1]:%Y-%m-%d} "
        f"({taken:.0f} s)",
        soft_wrap=True,
    )
    return taken
