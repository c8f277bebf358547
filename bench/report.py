"""Benchmark results: figures, targets with a pass/miss mark, the summary table, JSON.

A benchmark never fails the process: a missed target is a figure to read, not an error.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from harness import RESULTS, ROOT, load_average


@dataclass
class Check:
    """One target: what is compared, the target as text, the measured value, the mark."""

    name: str
    target: str
    measured: str
    ok: bool | None
    """None: not measured (the feature is not available, or the run broke)."""
    correctness: bool = False
    """A condition the figures rely on (no errors, nothing lost), not a speed target."""

    @property
    def mark(self) -> str:
        if self.ok is None:
            return "n/a"
        if self.ok:
            return "PASS"
        return "FAIL" if self.correctness else "MISS"


@dataclass
class BenchResult:
    name: str
    title: str
    available: bool = True
    checks: list[Check] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    """Numbers for the JSON file (units in the key names)."""
    lines: list[str] = field(default_factory=list)
    """The human report, printed as the benchmark goes."""
    load_before: float = 0.0
    load_after: float = 0.0
    seconds: float = 0.0

    def say(self, line: str) -> None:
        self.lines.append(line)
        print(f"  {line}", flush=True)

    def at_least(self, name: str, measured: float, minimum: float, fmt: str = "{:.2f}") -> None:
        ok = measured >= minimum
        self.checks.append(Check(name, "≥ " + fmt.format(minimum), fmt.format(measured), ok))

    def at_most(self, name: str, measured: float, maximum: float, fmt: str = "{:.1f}") -> None:
        ok = measured <= maximum
        self.checks.append(Check(name, "≤ " + fmt.format(maximum), fmt.format(measured), ok))

    def below(self, name: str, measured: float, limit: float, fmt: str = "{:.1f}") -> None:
        ok = measured < limit
        self.checks.append(Check(name, "< " + fmt.format(limit), fmt.format(measured), ok))

    def must(self, name: str, ok: bool, measured: str) -> None:
        """A correctness condition the figures depend on (no errors, no lost events)."""
        self.checks.append(Check(name, "yes", measured, ok, correctness=True))

    def not_available(self, name: str, reason: str) -> None:
        self.available = False
        self.checks.append(Check(name, "-", f"not available: {reason}", None))


@dataclass(frozen=True)
class Options:
    quick: bool = False
    """Shorter measuring windows and fewer rounds; the same things are measured."""
    profile: bool = False
    """Record a py-spy flame graph of the server under load into bench/results/."""

    def profile_to(self, name: str) -> Path | None:
        return RESULTS / f"{name}.svg" if self.profile else None


Benchmark = Callable[[Options, BenchResult], None]


def run_benchmark(name: str, title: str, bench: Benchmark, options: Options) -> BenchResult:
    result = BenchResult(name, title)
    print(f"\n== {title} ({name}){' [quick]' if options.quick else ''}", flush=True)
    result.load_before = load_average()
    started = time.monotonic()
    try:
        bench(options, result)
    except Exception as exc:  # one broken benchmark must not hide the others' figures
        traceback.print_exc()
        reason = " ".join(f"error: {exc}".split())[:200]
        result.checks.append(Check("benchmark ran", "yes", reason, False, correctness=True))
        result.figures["error"] = repr(exc)
    result.seconds = round(time.monotonic() - started, 1)
    result.load_after = load_average()
    result.say(f"machine load average before/after: {result.load_before} / {result.load_after}")
    return result


def summary_table(results: list[BenchResult]) -> str:
    rows = [("benchmark", "check", "target", "measured", "")]
    for result in results:
        for check in result.checks:
            rows.append((result.name, check.name, check.target, check.measured, check.mark))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
    except OSError:
        return None
    return out.stdout.strip() or None


def write_json(results: list[BenchResult], path: Path, quick: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": quick,
        "commit": _git_commit(),
        "python": platform.python_version(),
        "cpus": len(os.sched_getaffinity(0)),
        "load_average_1_5_15": os.getloadavg(),
        "results": [asdict(r) | {"checks": [asdict(c) | {"mark": c.mark} for c in r.checks]}
                    for r in results],
    }  # fmt: skip
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="shorter measuring windows")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="record py-spy flame graphs of the server under load (needs py-spy)",
    )
    return parser


def options_from(args: argparse.Namespace) -> Options:
    return Options(quick=bool(args.quick), profile=bool(args.profile))


def main_for(name: str, title: str, bench: Benchmark) -> None:
    """The `python bench/<name>.py [--quick] [--profile]` entry point of one benchmark."""
    options = options_from(parser(title).parse_args())
    result = run_benchmark(name, title, bench, options)
    print("\n" + summary_table([result]))
    out = RESULTS / f"{name}.json"
    write_json([result], out, options.quick)
    print(f"\nJSON: {out.relative_to(ROOT)}", file=sys.stderr)
