"""Run every benchmark, print the summary table, write bench/results/latest.json.

    python bench/run_all.py [--quick] [--profile] [--only NAME ...]

The process exits 0 whatever the figures: a missed target is something to read, and the
JSON keeps every figure for comparing runs.
"""

from __future__ import annotations

import booking_days
import booking_rush
import complaint_inbox
import console_floor
import eta_cost
import report_summary

import board_idle
import counter_queue
import issue_durable
import simulate_day
import skm_report
import track_lookup
import wal_bounded
import web_board_idle
import ws_fanout
from harness import RESULTS, ROOT, load_average
from report import Benchmark, options_from, parser, run_benchmark, summary_table, write_json

BENCHMARKS: dict[str, tuple[str, Benchmark]] = {
    issue_durable.NAME: (issue_durable.TITLE, issue_durable.measure),
    track_lookup.NAME: (track_lookup.TITLE, track_lookup.measure),
    ws_fanout.NAME: (ws_fanout.TITLE, ws_fanout.measure),
    simulate_day.NAME: (simulate_day.TITLE, simulate_day.measure),
    counter_queue.NAME: (counter_queue.TITLE, counter_queue.measure),
    board_idle.NAME: (board_idle.TITLE, board_idle.measure),
    web_board_idle.NAME: (web_board_idle.TITLE, web_board_idle.measure),
    wal_bounded.NAME: (wal_bounded.TITLE, wal_bounded.measure),
    skm_report.NAME: (skm_report.TITLE, skm_report.measure),
    report_summary.NAME: (report_summary.TITLE, report_summary.measure),
    complaint_inbox.NAME: (complaint_inbox.TITLE, complaint_inbox.measure),
    booking_rush.NAME: (booking_rush.TITLE, booking_rush.measure),
    booking_days.NAME: (booking_days.TITLE, booking_days.measure),
    eta_cost.NAME: (eta_cost.TITLE, eta_cost.measure),
    console_floor.NAME: (console_floor.TITLE, console_floor.measure),
}


def main() -> None:
    arguments = parser(__doc__ or "")
    arguments.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), metavar="NAME",
                           help=f"run only these: {', '.join(BENCHMARKS)}")  # fmt: skip
    args = arguments.parse_args()
    options = options_from(args)
    chosen = args.only or list(BENCHMARKS)
    print(f"machine load average at start: {load_average()} (other processes add noise)")
    results = [run_benchmark(name, *BENCHMARKS[name], options) for name in chosen]
    print("\n" + summary_table(results))
    out = RESULTS / "latest.json"
    write_json(results, out, options.quick)
    print(f"\nJSON: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
