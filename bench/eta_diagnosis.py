"""Where the ETA's error comes from: the simulated day re-played with one factor removed.

ANALYSIS ONLY. This script reads the simulator's truth (true mean minutes, each visitor's
service-time draw) to take the day apart; the estimator never does
(tests/queue_server/test_simulation_truth_hidden.py). Nothing here is imported by the
server.

For each seed it plays the same day (same arrivals, same counters) several ways:

- `base`: as `antre simulate --load L --service-skew 0.5` plays it;
- `true-means`: the estimator told each service's true occupancy (service + walk) instead
  of learning it: what mis-learned means cost (d);
- `no-noise`: every service takes exactly its true mean (no log-normal spread), walks
  55 s: what service-time noise costs (a), learning included;
- `no-priority`: every visitor regular: what priority citizens jumping ahead cost (b);
- `no-max-wait`: no service has a maximum wait, so nobody is promoted (b);
- `no-breaks`: no noon breaks (c);
- `no-extras`: no no-shows and no transfers;
- `clean`: all of the above at once, true means told: what the queue model itself gets
  wrong when the day holds no surprise.

and, on the base day, the noise floor: for each called ticket, the spread of the sum of
the service times of the calls its counters made while it waited (CV 0.5 of the true
mean each, walks included), ÷ its counters; a normal error of that spread has mean
absolute value 0.8 σ. No estimate made at issue can know those draws, so the mean of
0.8 σ over the tickets is a floor under any MAE (a low one: it leaves out the services
already running at issue and the work that will come in).

Run: python bench/eta_diagnosis.py --seeds 11 12 13 [--load 0.85] [--variants base clean]
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import random
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from queue_core.eta import Learned
from queue_core.hall import Hall, load_hall
from queue_core.ticket import Priority
from queue_server import queue_view
from queue_server.settings import sample_hall
from queue_server.simulation import engine as engine_module
from queue_server.simulation import model, run_simulation
from queue_server.simulation import runner as runner_module
from queue_server.simulation.traffic import (
    COME_BACK_RATE,
    NO_SHOW_RATE,
    PRIORITY_MIX,
    SERVICE_CV,
)

SKEW = 0.5
WALK = 55 / 60
VARIANTS = (
    "base",
    "true-means",
    "no-noise",
    "no-priority",
    "no-max-wait",
    "no-breaks",
    "no-extras",
    "clean",
)


def _plan_editor(variant: str, truth: dict[str, float]) -> Callable[[model.Plan], model.Plan]:
    def edit(plan: model.Plan) -> model.Plan:
        clean = variant == "clean"
        for v in plan.visitors:
            if variant == "no-noise" or clean:
                if v.transfer_to is not None:
                    v.service_seconds = 0.35 * truth[v.service_id] * 60
                    v.transfer_seconds = truth[v.transfer_to] * 60
                else:
                    v.service_seconds = truth[v.service_id] * 60
                v.walk_seconds = WALK * 60
            if variant == "no-priority" or clean:
                v.priority = Priority.REGULAR
            if variant == "no-extras" or clean:
                v.absent, v.back_after, v.transfer_to = False, None, None
                if v.transfer_seconds:
                    v.service_seconds, v.transfer_seconds = truth[v.service_id] * 60, 0.0
        if variant == "no-breaks" or clean:
            plan = dataclasses.replace(plan, breaks={})
        return plan

    return edit


def _hall_for(variant: str, hall: Hall) -> Hall:
    if variant not in ("no-max-wait", "clean"):
        return hall
    services = tuple(dataclasses.replace(s, max_wait_minutes=None) for s in hall.services)
    return dataclasses.replace(
        hall, services=services, _service_index={}, _counter_index={}, _serving={}
    )


def play(hall: Hall, seed: int, load: float, variant: str) -> dict[str, Any]:
    """One day; returns the called visitors, the calls made (t, counter, visitor) and the
    open counters."""
    truth = model.true_minutes(hall, SKEW, seed)
    edit = _plan_editor(variant, truth)
    original_plan_day = runner_module.plan_day
    original_learned = queue_view.learned
    original_call = engine_module.HallDay._call
    captured: dict[str, Any] = {"calls": []}

    def plan_day(*args: Any, **kwargs: Any) -> model.Plan:
        plan = edit(original_plan_day(*args, **kwargs))
        captured["plan"] = plan
        return plan

    def told(conn: Any, day: Any, service: Any, memo: Any = None, days: Any = None) -> Learned:
        return Learned(truth[service.id] + WALK + 0.0, 0.5, 10_000.0)

    def call(self: engine_module.HallDay, d: engine_module.Desk) -> None:
        original_call(self, d)
        if d.holding is not None and d.holding.first_call == self.t:
            captured["calls"].append((self.t, d.counter.id, d.holding))

    runner_module.plan_day = plan_day  # type: ignore[assignment]
    engine_module.HallDay._call = call  # type: ignore[method-assign]
    if variant in ("true-means", "clean"):
        queue_view.learned = told  # type: ignore[assignment]
    try:
        run_simulation(
            _hall_for(variant, hall),
            visitors=0,
            counters=27,
            seed=seed,
            show=False,
            skew=SKEW,
            load=load,
        )
    finally:
        runner_module.plan_day = original_plan_day  # type: ignore[assignment]
        engine_module.HallDay._call = original_call  # type: ignore[method-assign]
        queue_view.learned = original_learned  # type: ignore[assignment]
    plan = captured["plan"]
    called = [
        v
        for v in plan.visitors
        if v.first_call is not None and v.issued_at is not None and v.eta is not None
    ]
    return {"plan": plan, "called": called, "calls": captured["calls"], "truth": truth}


def errors(day: dict[str, Any]) -> list[float]:
    return [v.eta - (v.first_call - v.issued_at) / 60 for v in day["called"]]


def summary(errs: list[float]) -> str:
    absolute = [abs(e) for e in errs]
    return (
        f"n {len(errs):4d}  MAE {statistics.fmean(absolute):5.1f}  "
        f"bias {statistics.fmean(errs):+5.1f}  "
        f"±10 {100 * sum(a <= 10 for a in absolute) / len(absolute):3.0f}%"
    )


def floor(hall: Hall, day: dict[str, Any]) -> tuple[float, float, float, float]:
    """(noise-floor MAE, ±10 min ceiling %, mean minutes of jumped-ahead work, mean share
    of the calls in a ticket's wait that came after it) over the base day's called tickets."""
    truth = day["truth"]
    desks = {c.id for c in day["plan"].desks}
    calls = day["calls"]
    maes, within, jumped, jump_share = [], [], [], []
    walk_var = (70 / 60) ** 2 / 12  # uniform 20–90 s
    for v in day["called"]:
        mine = [c.id for c in hall.counters_serving(v.service_id) if c.id in desks]
        if not mine:
            continue
        window = [
            (cid, w)
            for t, cid, w in calls
            if v.issued_at <= t < v.first_call and cid in mine and w is not v
        ]
        var = 0.0
        later = 0.0
        for _, w in window:
            m = truth[w.service_id]
            var += (SERVICE_CV * m) ** 2 + walk_var
            if w.issued_at is not None and w.issued_at > v.issued_at:
                later += m + WALK
        sigma = math.sqrt(var) / len(mine)
        maes.append(0.7979 * sigma)
        within.append(math.erf(10 / (sigma * math.sqrt(2))) if sigma > 0 else 1.0)
        jumped.append(later / len(mine))
        later_calls = sum(1 for _, w in window if (w.issued_at or 0) > v.issued_at)
        jump_share.append(later_calls / len(window) if window else 0.0)
    return (
        statistics.fmean(maes),
        100 * statistics.fmean(within),
        statistics.fmean(jumped),
        100 * statistics.fmean(jump_share),
    )


def replicate(
    hall: Hall, seed: int, load: float, cut: float, rep: int
) -> dict[int, tuple[float, float, bool]]:
    """The base day, with what is still to come at `cut` (seconds after midnight) drawn
    afresh (replicate `rep`): the service time of every service that starts from then
    on, and, for every visitor who arrives from then on, whether they are a priority
    citizen, a no-show, and back after it. What happened before is the same in every
    replicate, so a ticket issued just after `cut` meets the same queue: the spread of
    its wait over replicates is what no estimate made at issue can know.
    Returns visitor index → (ETA at issue, real wait, regular) for tickets issued in the
    five minutes after `cut`."""
    truth = model.true_minutes(hall, SKEW, seed)
    rng = random.Random(f"replicate-{seed}-{cut}-{rep}")
    original_plan_day = runner_module.plan_day
    original_start = engine_module.HallDay._start_service
    captured: dict[str, Any] = {}

    def plan_day(*args: Any, **kwargs: Any) -> model.Plan:
        plan = original_plan_day(*args, **kwargs)
        for v in plan.visitors:
            if v.arrival >= cut:
                roll, v.priority = rng.random(), Priority.REGULAR
                for group, share in PRIORITY_MIX.items():
                    if roll < share:
                        v.priority = group
                        break
                    roll -= share
                v.absent = rng.random() < NO_SHOW_RATE
                v.back_after = None
                if v.absent and rng.random() < COME_BACK_RATE:
                    v.back_after = rng.uniform(10, 60) * 60
        captured["plan"] = plan
        return plan

    def start(self: engine_module.HallDay, d: engine_module.Desk) -> None:
        v = d.holding
        if v is not None and self.t >= cut and v.transfer_to is None:
            v.service_seconds = model.lognormal(rng, truth[v.service_id]) * 60
        original_start(self, d)

    runner_module.plan_day = plan_day  # type: ignore[assignment]
    engine_module.HallDay._start_service = start  # type: ignore[method-assign]
    try:
        run_simulation(hall, visitors=0, counters=27, seed=seed, show=False, skew=SKEW, load=load)
    finally:
        runner_module.plan_day = original_plan_day  # type: ignore[assignment]
        engine_module.HallDay._start_service = original_start  # type: ignore[method-assign]
    return {
        v.index: (v.eta, (v.first_call - v.issued_at) / 60, v.priority is Priority.REGULAR)
        for v in captured["plan"].visitors
        if v.first_call is not None
        and v.issued_at is not None
        and v.eta is not None
        and cut <= v.issued_at < cut + 300
    }


def floor_by_replicates(
    hall: Hall, seeds: list[int], load: float, cuts: list[float], reps: int
) -> None:
    """For tickets issued just after each cut: the MAE of the best possible number
    (the median of the replicates' waits: it knows the queue, the true means, the
    breaks, everything but the draws still to come) against the estimator's."""
    best: list[float] = []
    ours: list[float] = []
    signed: list[float] = []
    for seed in seeds:
        for cut in cuts:
            runs = [replicate(hall, seed, load, cut, r) for r in range(reps)]
            common = set.intersection(*(set(r) for r in runs))
            for index in common:
                waits = [r[index][1] for r in runs]
                middle = statistics.median(waits)
                for r in runs:
                    eta, wait, _ = r[index]
                    best.append(abs(middle - wait))
                    ours.append(abs(eta - wait))
                    signed.append(eta - wait)
            print(
                f"seed {seed} cut {cut / 3600:5.2f}h: {len(common)} tickets, "
                f"best MAE {statistics.fmean(best[-len(common) * reps :]):.1f}, "
                f"ours {statistics.fmean(ours[-len(common) * reps :]):.1f}",
                flush=True,
            )
    # The median of the replicates' own waits sits closer to them than the true median
    # would: the figure is a floor under the floor (it can only be higher).
    print(
        f"floor over {len(best)} ticket-replicates: best possible MAE ≥ "
        f"{statistics.fmean(best):.1f} (±10 min ≤ {100 * sum(b <= 10 for b in best) / len(best):.0f} %);"
        f" the estimator: MAE {statistics.fmean(ours):.1f}, bias {statistics.fmean(signed):+.1f}, "
        f"±10 min {100 * sum(o <= 10 for o in ours) / len(ours):.0f} %"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[11, 12, 13])
    parser.add_argument("--load", type=float, default=0.85)
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=VARIANTS)
    parser.add_argument("--floor", action="store_true", help="the replicate floor instead")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--cuts", type=float, nargs="+", default=[8 + i / 2 for i in range(14)])
    args = parser.parse_args()
    hall = load_hall(sample_hall())
    if args.floor:
        cuts = [h * 3600 for h in args.cuts]
        floor_by_replicates(hall, args.seeds, args.load, cuts, args.reps)
        return
    pooled: dict[str, list[float]] = {}
    for seed in args.seeds:
        for variant in args.variants:
            day = play(hall, seed, args.load, variant)
            errs = errors(day)
            pooled.setdefault(variant, []).extend(errs)
            line = f"seed {seed:2d}  {variant:12s} {summary(errs)}"
            if variant == "base":
                mae, ceiling, jumped, share = floor(hall, day)
                line += (
                    f"   noise floor MAE {mae:4.1f}  ±10 ceiling {ceiling:3.0f}%"
                    f"  jumped-ahead work {jumped:4.1f} min/ticket ({share:2.0f}% of calls)"
                )
            print(line, flush=True)
    print(f"pooled over seeds {args.seeds}, load {args.load}:")
    for variant, errs in pooled.items():
        print(f"  {variant:12s} {summary(errs)}")


if __name__ == "__main__":
    main()
