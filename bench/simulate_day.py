"""A whole simulated hall day: `antre simulate --visitors 3000 --counters 40 --seed 1`.

The simulation drives the real domain and store through a virtual clock, so its wall
time is how long the server's own code takes for a busy day's worth of work, and its
ETA error figures say how wrong the wait printed on each ticket was. The baseline is the
interpreter's start-up (`antre --help`), part of the simulation's wall time too.

Run alone: python bench/simulate_day.py [--quick]
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from harness import antre_command
from report import BenchResult, Options, main_for

NAME, TITLE = "simulate_day", "Simulated hall day (3,000 visitors, 40 counters)"
ARGS = ("simulate", "--visitors", "3000", "--counters", "40", "--seed", "1")
TARGET_SECONDS = 30.0
TIMEOUT_SECONDS = 600.0
HELP_RUNS = 3
ETA_FIGURES = {
    "eta_mae_min": r"MAE\s+([-+]?\d+(?:[.,]\d+)?)",
    "eta_median_abs_error_min": r"median\s+([-+]?\d+(?:[.,]\d+)?)",
    "eta_bias_min": r"bias\s+([-+]?\d+(?:[.,]\d+)?)",
    "eta_within_5_min_pct": r"±\s*5 min\s+(\d+(?:[.,]\d+)?)\s*%",
    "eta_within_10_min_pct": r"±\s*10 min\s+(\d+(?:[.,]\d+)?)\s*%",
}
"""What the simulation prints today; a figure it stops printing is left out, not an error."""
KEPT_LINES = ("Tickets issued", "Served", "ETA", "Wall time")


def timed(args: tuple[str, ...], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    # A wide, colourless terminal: rich then prints each table row on one line.
    env = os.environ | {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
    started = time.monotonic()
    done = subprocess.run(
        [*antre_command(), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=TIMEOUT_SECONDS,
    )
    return time.monotonic() - started, done


def printed_lines(output: str) -> list[str]:
    """The summary lines worth keeping, without the table's box drawing."""
    lines = (" ".join(line.replace("│", " ").split()) for line in output.splitlines())
    return [line for line in lines if line.startswith(KEPT_LINES)]


def eta_figures(lines: list[str]) -> dict[str, float]:
    """The numbers we recognise in the lines about the ETA."""
    text = "\n".join(line for line in lines if "ETA" in line)
    figures = {}
    for key, pattern in ETA_FIGURES.items():
        found = re.search(pattern, text)
        if found:
            figures[key] = float(found.group(1).replace(",", "."))
    return figures


def _why(done: subprocess.CompletedProcess[str]) -> str:
    lines = (done.stderr or done.stdout).strip().splitlines()
    return f"exit {done.returncode}: {lines[-1][:160] if lines else 'no output'}"


def measure(options: Options, result: BenchResult) -> None:
    # --quick changes nothing here: the figures are for this one day of 3,000 visitors.
    with tempfile.TemporaryDirectory(prefix="antre-bench-") as tmp:
        workdir = Path(tmp)
        help_seconds = statistics.median(timed(("--help",), workdir)[0] for _ in range(HELP_RUNS))
        result.say(f"baseline `antre --help`: {help_seconds:.2f} s (median of {HELP_RUNS})")
        result.figures["help_seconds"] = round(help_seconds, 3)
        wall, done = timed(ARGS, workdir)
    if done.returncode != 0:
        result.say(f"`antre {' '.join(ARGS)}` failed: {_why(done)}")
        result.not_available("wall time s", _why(done))
        return
    lines = printed_lines(done.stdout)
    figures = eta_figures(lines)
    result.say(f"`antre {' '.join(ARGS)}`: {wall:.1f} s wall ({wall / help_seconds:.0f}× start-up)")
    for line in lines or ["(none of the expected summary lines in the output)"]:
        result.say(f"printed: {line}")
    result.below("wall time s", wall, TARGET_SECONDS)
    result.figures.update(
        wall_seconds=round(wall, 2),
        ratio_to_help=round(wall / help_seconds, 1),
        printed=lines,
        **figures,
    )


if __name__ == "__main__":
    main_for(NAME, TITLE, measure)
