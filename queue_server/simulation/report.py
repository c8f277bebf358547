"""The figures of a day: computed from what the engine saw and the store recorded, and
printed as rich tables, with a progress bar (or a line per hour) while the day runs."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from queue_server.simulation.engine import HallDay


@dataclass(frozen=True)
class AgencyFigures:
    name: str
    issued: int
    served: int
    left_waiting: int
    mean_wait: float | None


@dataclass(frozen=True)
class EtaRow:
    """How wrong the ETA printed on the ticket was, for a group of called tickets."""

    label: str
    count: int
    mae: float
    bias: float
    within_5: float
    within_10: float
    in_range: float | None
    """% of those shown a range whose real wait fell inside it."""


def eta_row(label: str, graded: list[tuple[float, float, int | None, int | None]]) -> EtaRow:
    """`graded`: (predicted, actual, shown low, shown high) per called ticket."""
    errors = [p - a for p, a, _, _ in graded]
    absolute = [abs(e) for e in errors]
    ranged = [(a, lo, hi) for _, a, lo, hi in graded if lo is not None and hi is not None]
    return EtaRow(
        label,
        len(graded),
        statistics.fmean(absolute),
        statistics.fmean(errors),
        100 * sum(x <= 5 for x in absolute) / len(absolute),
        100 * sum(x <= 10 for x in absolute) / len(absolute),
        100 * sum(lo <= a <= hi for a, lo, hi in ranged) / len(ranged) if ranged else None,
    )


@dataclass(frozen=True)
class SimulationResult:
    hall: str
    day: date
    seed: int
    counters_requested: int
    counters_open: int
    counters_configured: int
    arrived: int
    issued: int
    refused: dict[str, int]
    served: int
    no_shows: int
    """No-show marks made (a citizen who came back and was requeued counts here too)."""
    requeued: int
    transfers: int
    left_waiting: int
    statuses: dict[str, int]
    """Tickets of the day by final status, as the store holds them."""
    wait_mean: float | None
    wait_median: float | None
    wait_p90: float | None
    service_mean: float | None
    eta_count: int
    eta_mae: float | None
    eta_median_ae: float | None
    eta_bias: float | None
    """Mean of predicted − actual: positive means the ticket promised too long a wait."""
    eta_within_5: float | None
    eta_within_10: float | None
    eta_in_range: float | None
    """% of called tickets whose real wait fell inside the range shown at issue."""
    eta_by_hour: tuple[EtaRow, ...]
    eta_by_service: tuple[EtaRow, ...]
    agencies: tuple[AgencyFigures, ...]
    events: int
    actions: int
    wall_seconds: float
    booked: int = 0
    """Visitors who booked a slot (no-shows included)."""
    booked_no_shows: int = 0
    booked_wait_mean: float | None = None
    """Booked arrivals: from the later of check-in and slot start to the first call."""
    walk_in_wait_mean: float | None = None
    complete: bool = True
    """The whole day was played (the demo plays a morning; Ctrl-C stops a simulation)."""
    db: Path | None = None

    @property
    def capped(self) -> bool:
        return self.counters_requested > self.counters_configured

    @property
    def events_per_second(self) -> float:
        return self.events / self.wall_seconds if self.wall_seconds > 0 else 0.0


def _mean(xs: list[float]) -> float | None:
    return statistics.fmean(xs) if xs else None


def _median(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def _p90(xs: list[float]) -> float | None:
    if len(xs) < 2:
        return xs[0] if xs else None
    return statistics.quantiles(xs, n=10, method="inclusive")[8]


def figures(
    engine: HallDay, statuses: dict[str, int], *, seed: int, actions: int, wall_seconds: float
) -> SimulationResult:
    hall, plan = engine.hall, engine.plan
    called = [v for v in plan.visitors if v.first_call is not None and v.issued_at is not None]
    waits = [(v.first_call - v.issued_at) / 60 for v in called]  # type: ignore[operator]
    errors = [
        v.eta - (v.first_call - v.issued_at) / 60  # type: ignore[operator]
        for v in called
        if v.eta is not None
    ]
    absolute = [abs(e) for e in errors]
    graded = [
        (v, (v.eta, (v.first_call - v.issued_at) / 60, v.eta_low, v.eta_high))  # type: ignore[operator]
        for v in called
        if v.eta is not None
    ]
    overall = eta_row("all", [g for _, g in graded]) if graded else None
    by_hour: dict[str, list[tuple[float, float, int | None, int | None]]] = {}
    by_service: dict[str, list[tuple[float, float, int | None, int | None]]] = {}
    for v, g in sorted(graded, key=lambda vg: vg[0].issued_at or 0.0):
        by_hour.setdefault(hhmm((v.issued_at or 0.0) // 3600 * 3600), []).append(g)
        by_service.setdefault(v.service_id, []).append(g)
    agencies = []
    for agency in hall.agencies:
        mine = [v for v in plan.visitors if v.agency_id == agency.id and v.ticket_id is not None]
        if mine:
            waited = [(v.first_call - v.issued_at) / 60 for v in mine if v.first_call is not None]  # type: ignore[operator]
            agencies.append(
                AgencyFigures(
                    agency.short,
                    issued=len(mine),
                    served=sum(v.state == "done" for v in mine),
                    left_waiting=sum(v.state == "waiting" for v in mine),
                    mean_wait=_mean(waited),
                )
            )
    return SimulationResult(
        hall=hall.name,
        day=plan.day,
        seed=seed,
        counters_requested=plan.counters_requested,
        counters_open=len(plan.desks),
        counters_configured=len(hall.counters),
        arrived=engine.arrived,
        issued=len(engine.by_ticket),
        refused=dict(sorted(engine.refused.items())),
        served=engine.served,
        no_shows=engine.no_shows,
        requeued=engine.requeued,
        transfers=engine.transfers,
        left_waiting=statuses.get("waiting", 0),
        statuses=dict(sorted(statuses.items())),
        wait_mean=_mean(waits),
        wait_median=_median(waits),
        wait_p90=_p90(waits),
        service_mean=_mean(engine.service_minutes),
        eta_count=len(errors),
        eta_mae=_mean(absolute),
        eta_median_ae=_median(absolute),
        eta_bias=_mean(errors),
        eta_within_5=100 * sum(a <= 5 for a in absolute) / len(absolute) if absolute else None,
        eta_within_10=100 * sum(a <= 10 for a in absolute) / len(absolute) if absolute else None,
        eta_in_range=overall.in_range if overall else None,
        eta_by_hour=tuple(eta_row(k, g) for k, g in by_hour.items()),
        eta_by_service=tuple(
            eta_row(k, g) for k, g in sorted(by_service.items(), key=lambda kg: -len(kg[1]))
        ),
        agencies=tuple(sorted(agencies, key=lambda a: (-a.issued, a.name))),
        events=engine.events,
        actions=actions,
        wall_seconds=wall_seconds,
        complete=engine.finished,
        booked=sum(v.booked for v in plan.visitors),
        booked_no_shows=sum(v.booked_no_show for v in plan.visitors),
        booked_wait_mean=_mean(
            [
                (v.first_call - max(v.issued_at, v.slot_at or 0.0)) / 60  # type: ignore[operator, type-var]
                for v in called
                if v.booked
            ]
        ),
        walk_in_wait_mean=_mean(
            [(v.first_call - v.issued_at) / 60 for v in called if not v.booked]  # type: ignore[operator]
        ),
    )


def hhmm(t: float) -> str:
    """Seconds after midnight as HH:MM."""
    minutes = int(t // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@contextmanager
def day_progress(
    console: Console, engine: HallDay, show: bool
) -> Iterator[Callable[[HallDay], None] | None]:
    """A bar over simulated time on a terminal; a line per simulated hour otherwise."""
    if not show:
        yield None
        return
    opens, closes = engine.plan.opens, engine.plan.closes
    last = [-1]

    def stats(e: HallDay) -> str:
        waiting = sum(e.waiting.values())
        return f"tickets {len(e.by_ticket)}  served {e.served}  waiting {waiting}"

    if not console.is_terminal:

        def line(e: HallDay) -> None:
            hour = int(e.t // 3600)
            if hour != last[0]:
                last[0] = hour
                console.print(f"{hhmm(e.t)}  {stats(e)}")

        yield line
        return
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[clock]}"),
        TextColumn("{task.fields[stats]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("Hall day", total=closes - opens, clock="", stats="")

        def update(e: HallDay) -> None:
            minute = int(e.t // 60)
            if minute != last[0]:
                last[0] = minute
                done = min(max(e.t - opens, 0.0), closes - opens)
                progress.update(task, completed=done, clock=hhmm(e.t), stats=stats(e))

        yield update


REFUSALS = {
    "service_closed": "service closed",
    "quota_exhausted": "quota used up",
    "nik_limit_reached": "NIK limit",
}
"""The kiosk refusals a day expects (codes of the API's errors), as the figures name them."""


def _minutes(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}%"


def print_figures(console: Console, r: SimulationResult, top: int = 8) -> None:
    """The day's figures, then the `top` agencies by tickets issued (the rest summed)."""
    table = Table(title=f"{r.hall} — {r.day:%A %d %B %Y} (seed {r.seed})", show_header=False)
    table.add_column("figure", style="bold")
    table.add_column("value")
    counters = f"{r.counters_open} of {r.counters_configured} configured"
    if r.capped:
        counters += f" ({r.counters_requested} asked; the hall has only {r.counters_configured})"
    table.add_row("Counters open", counters)
    table.add_row("Visitors arrived", str(r.arrived))
    table.add_row("Tickets issued", str(r.issued))
    reasons = ", ".join(f"{REFUSALS.get(k, k)} {n}" for k, n in r.refused.items())
    table.add_row(
        "Refused at the kiosk", f"{sum(r.refused.values())}" + (f" ({reasons})" if reasons else "")
    )
    table.add_row("Served", str(r.served))
    table.add_row("No-shows", f"{r.no_shows} ({r.requeued} came back and were requeued)")
    table.add_row("Transfers", str(r.transfers))
    table.add_row("Left waiting at close" if r.complete else "Waiting now", str(r.left_waiting))
    table.add_row(
        "Wait, issue → first call (min)",
        f"mean {_minutes(r.wait_mean)} · median {_minutes(r.wait_median)} · p90 {_minutes(r.wait_p90)}",
    )
    if r.booked:
        table.add_row(
            "Bookings",
            f"{r.booked} booked · {r.booked_no_shows} never came (expired, a strike each)",
        )
        table.add_row(
            "Mean wait (min): walk-in vs booked",
            f"walk-in {_minutes(r.walk_in_wait_mean)} · booked {_minutes(r.booked_wait_mean)}"
            " (booked: from the later of check-in and slot start)",
        )
    table.add_row("Service time (min)", f"mean {_minutes(r.service_mean)}")
    table.add_row(
        f"ETA error ({r.eta_count} called tickets, min)",
        f"MAE {_minutes(r.eta_mae)} · median {_minutes(r.eta_median_ae)} · "
        f"bias {'' if r.eta_bias is None or r.eta_bias < 0 else '+'}{_minutes(r.eta_bias)} "
        "(+ = predicted too long)",
    )
    table.add_row(
        "ETA within",
        f"±5 min {_percent(r.eta_within_5)} · ±10 min {_percent(r.eta_within_10)} · "
        f"inside the shown range {_percent(r.eta_in_range)}",
    )
    table.add_row(
        "Wall time",
        f"{r.wall_seconds:.1f} s · {r.events_per_second:,.0f} simulated events/s · "
        f"{r.actions / r.wall_seconds if r.wall_seconds else 0:,.0f} writer actions/s",
    )
    if r.db is not None:
        table.add_row("Database", str(r.db))
    console.print(table)
    agencies = Table(title="Per agency")
    for name in ("agency", "issued", "served", "left waiting", "mean wait (min)"):
        agencies.add_column(name, justify="left" if name == "agency" else "right")
    for a in r.agencies[:top]:
        agencies.add_row(
            a.name, str(a.issued), str(a.served), str(a.left_waiting), _minutes(a.mean_wait)
        )
    rest = r.agencies[top:]
    if rest:
        agencies.add_row(
            f"{len(rest)} others",
            str(sum(a.issued for a in rest)),
            str(sum(a.served for a in rest)),
            str(sum(a.left_waiting for a in rest)),
            "",
        )
    console.print(agencies)
    for title, rows in (("ETA error per hour of issue", r.eta_by_hour),
                        ("ETA error per service", r.eta_by_service[:top])):  # fmt: skip
        console.print(eta_table(title, rows))


def eta_table(title: str, rows: tuple[EtaRow, ...]) -> Table:
    table = Table(title=title)
    for name in ("", "called", "MAE", "bias", "±5 min", "±10 min", "in range"):
        table.add_column(name, justify="left" if not name else "right")
    for row in rows:
        table.add_row(
            row.label,
            str(row.count),
            f"{row.mae:.1f}",
            f"{row.bias:+.1f}",
            _percent(row.within_5),
            _percent(row.within_10),
            _percent(row.in_range),
        )
    return table
