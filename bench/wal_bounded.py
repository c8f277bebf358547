"""The WAL stays bounded, and throughput flat, under a long saturating ticket load.

Measured before the bound: three minutes of saturating ticket writes (16 connections)
grew the WAL to 6.3 GB beside a 163 MB database, and throughput fell 29 % as it grew,
because PASSIVE checkpoints never catch up while the writer never stops. The writer now
truncates the WAL between two batches when it passes half of ANTRE_WAL_LIMIT_MB.

wrk issues tickets with 16 connections for N minutes, in 30-second windows; a thread
samples the `-wal` and database file sizes four times a second. Each window prints its
throughput, p99 and the largest WAL seen; "flat" is the ratio of the best window to the
worst (1.00 = perfectly flat).

Run alone: python bench/wal_bounded.py [--quick] [--minutes N]
(default 10 minutes, --quick 1). ANTRE_WAL_LIMIT_MB in the environment reaches the
server: a huge value shows the unbounded behaviour for comparison.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from harness import RESULTS, ROOT, AntreServer
from issue_durable import SERVICES, preflight
from report import BenchResult, Options, parser, run_benchmark, summary_table, write_json
from wrk_load import WrkRun, compose_script, run_wrk, wrk_available

NAME, TITLE = "wal_bounded", "WAL size and throughput under a long saturating issue load"
CONNECTIONS = 16
WINDOW_SECONDS = 30
MINUTES, QUICK_MINUTES = 10.0, 1.0
TARGET_FLAT = 1.25
"""Best window ÷ worst window of req/s: the bound must not trade a growing WAL for
throughput that sags as the run goes on."""
minutes_override: float | None = None


def wal_limit_bytes() -> int:
    return int(float(os.environ.get("ANTRE_WAL_LIMIT_MB", "64")) * 1024 * 1024)


@dataclass
class Sizes:
    """File sizes sampled while the load runs, per window."""

    db: Path
    wal_max: list[int] = field(default_factory=list)
    wal_now: int = 0
    db_now: int = 0
    _window_max: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def sample(self) -> None:
        wal = _size(Path(f"{self.db}-wal"))
        with self._lock:
            self.wal_now, self.db_now = wal, _size(self.db)
            self._window_max = max(self._window_max, wal)

    def close_window(self) -> int:
        with self._lock:
            top, self._window_max = self._window_max, self.wal_now
        self.wal_max.append(top)
        return top


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _mb(n: float) -> str:
    return f"{n / 1024 / 1024:,.1f} MB"


def measure(options: Options, result: BenchResult) -> None:
    if not wrk_available():
        result.not_available("WAL max ≤ limit", "wrk is not installed")
        return
    minutes = minutes_override or (QUICK_MINUTES if options.quick else MINUTES)
    windows = max(1, round(minutes * 60 / WINDOW_SECONDS))
    limit = wal_limit_bytes()
    result.say(f"wrk: 2 threads, {CONNECTIONS} connections, {windows} windows of "
               f"{WINDOW_SECONDS} s; services {', '.join(SERVICES)}; WAL limit {_mb(limit)}")  # fmt: skip
    runs: list[WrkRun] = []
    with tempfile.TemporaryDirectory(prefix="antre-bench-") as tmp:
        workdir = Path(tmp)
        with AntreServer(workdir) as server:
            token = server.device_token("kiosk1", "kiosk")
            preflight(server, token)
            script = compose_script(workdir, "issue.lua")
            sizes = Sizes(server.db)
            stop = threading.Event()

            def sampler() -> None:
                while not stop.wait(0.25):
                    sizes.sample()

            thread = threading.Thread(target=sampler, daemon=True)
            thread.start()
            run_id = secrets.token_hex(4)
            try:
                for window in range(windows):
                    args = [token, f"{run_id}w{window}", ",".join(SERVICES)]
                    run = run_wrk(server.url, script, WINDOW_SECONDS, args,
                                  server_pid=server.pid, connections=CONNECTIONS)  # fmt: skip
                    sizes.sample()
                    top = sizes.close_window()
                    runs.append(run)
                    result.say(
                        f"window {window + 1:2d}: {run.rps:7,.0f} req/s, p99 {run.p99_ms:6.1f} ms, "
                        f"{run.cpu_us_per_request:4.0f} µs CPU/request; WAL max {_mb(top)}, "
                        f"now {_mb(sizes.wal_now)}; database {_mb(sizes.db_now)}"
                    )
            finally:
                stop.set()
                thread.join()
    _report(result, runs, sizes, limit)


def _report(result: BenchResult, runs: list[WrkRun], sizes: Sizes, limit: int) -> None:
    rates = [r.rps for r in runs]
    p99s = [r.p99_ms for r in runs]
    wal_top = max(sizes.wal_max)
    flat_rps = max(rates) / min(rates) if min(rates) else float("inf")
    flat_p99 = max(p99s) / min(p99s) if min(p99s) else float("inf")
    # The WAL swings between 0 and half the limit inside a window: compare the windows'
    # peaks, which grow window after window when checkpoints fall behind.
    peaks = [w for w in sizes.wal_max if w] or [0]
    flat_wal = max(peaks) / min(peaks) if min(peaks) else float("inf")
    bad = sum(r.not_2xx + r.socket_errors for r in runs)
    result.say(f"WAL largest {_mb(wal_top)} (limit {_mb(limit)}); database at the end "
               f"{_mb(sizes.db_now)}; {sum(r.requests for r in runs):,} tickets")  # fmt: skip
    result.say(f"flat: req/s best/worst window {flat_rps:.2f}, p99 worst/best {flat_p99:.2f}, "
               f"WAL peak largest/smallest {flat_wal:.2f}")  # fmt: skip
    result.at_most("WAL max MB", wal_top / 1024 / 1024, limit / 1024 / 1024)
    result.at_most("req/s best ÷ worst window", flat_rps, TARGET_FLAT, fmt="{:.2f}")
    result.must("every answer 2xx", bad == 0, f"non-2xx or socket errors: {bad}")
    result.figures.update(
        windows=[r.figures() | {"wal_max_bytes": w} for r, w in zip(runs, sizes.wal_max, strict=True)],
        wal_limit_bytes=limit,
        wal_max_bytes=wal_top,
        database_bytes_at_end=sizes.db_now,
        flat_req_per_s=round(flat_rps, 3),
        flat_p99=round(flat_p99, 3),
        flat_wal_peak=round(flat_wal, 3),
    )  # fmt: skip


def main() -> None:
    global minutes_override
    arguments = parser(TITLE)
    arguments.add_argument("--minutes", type=float, default=None,
                           help=f"length of the load (default {MINUTES:g}, --quick {QUICK_MINUTES:g})")  # fmt: skip
    args = arguments.parse_args()
    minutes_override = args.minutes
    options = Options(quick=bool(args.quick), profile=False)
    result = run_benchmark(NAME, TITLE, measure, options)
    print("\n" + summary_table([result]))
    out = RESULTS / f"{NAME}.json"
    write_json([result], out, options.quick)
    print(f"\nJSON: {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
