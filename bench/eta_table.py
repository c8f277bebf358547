"""The ETA's figures as docs/eta.md tabulates them: `antre simulate --load L
--service-skew 0.5` over seeds, one markdown row per day, and the pooled means.

Run: python bench/eta_table.py [--loads 0.85 1.1] [--seeds 1 2 3 4 5] [--booked-share 0.2]
(the figures depend only on the code and the seed, not on the machine's load)
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from queue_core.hall import load_hall
from queue_server.settings import sample_hall
from queue_server.simulation import run_simulation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=float, nargs="+", default=[0.85, 1.1])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--booked-share", type=float, default=0.0)
    args = parser.parse_args()
    hall = load_hall(sample_hall())
    print("| load | seed | called | MAE min | bias min | ±5 min | ±10 min | in shown range |")
    print("|------|------|--------|---------|----------|--------|---------|----------------|")
    for load in args.loads:
        rows = []
        for seed in args.seeds:
            r = run_simulation(
                hall,
                visitors=0,
                counters=27,
                seed=seed,
                show=False,
                skew=0.5,
                load=load,
                booked_share=args.booked_share,
                booking_no_show=0.1 if args.booked_share else 0.0,
            )
            figures = (r.eta_mae, r.eta_bias, r.eta_within_5, r.eta_within_10, r.eta_in_range)
            rows.append(figures)
            mae, bias, w5, w10, inside = figures
            print(
                f"| {load:g} | {seed} | {r.eta_count} | {mae:.1f} | {bias:+.1f} | {w5:.0f} % "
                f"| {w10:.0f} % | {inside:.0f} % |",
                flush=True,
            )
        mean = [statistics.fmean(x[i] for x in rows) for i in range(5)]  # type: ignore[misc]
        print(
            f"| {load:g} | mean | | {mean[0]:.1f} | {mean[1]:+.1f} | {mean[2]:.0f} % "
            f"| {mean[3]:.0f} % | {mean[4]:.0f} % |",
            flush=True,
        )


if __name__ == "__main__":
    main()
