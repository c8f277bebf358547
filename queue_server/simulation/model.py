"""The plan of a day: who comes when, for what, and which counters staff opens.

Everything random about a day is drawn here, up front, from the seed; the engine then
plays the plan without drawing anything that would change who arrives."""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter as Tally
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from queue_core.booking import slots_of_day
from queue_core.hall import Counter, Hall, Service
from queue_core.ticket import Priority
from queue_server.simulation.traffic import (
    AGENCY_DEMAND,
    AGENCY_DEMAND_PER_COUNTER,
    ARRIVALS,
    BREAK_SECONDS,
    COME_BACK_RATE,
    NO_SHOW_RATE,
    PRIORITY_MIX,
    SERVICE_CV,
    SERVICE_DEMAND,
    SERVICE_DEMAND_OTHER,
    STAFF_DAY,
    TRANSFER_RATE,
)


@dataclass
class Visitor:
    index: int
    arrival: float
    """Seconds after local midnight."""
    service_id: str
    priority: Priority
    nik: str | None = field(default=None, repr=False)
    absent: bool = False
    """Not there when first called (called three times, then marked no-show)."""
    back_after: float | None = None
    """Seconds after the no-show when they return to the desk and are requeued."""
    transfer_to: str | None = None
    service_seconds: float = 0.0
    transfer_seconds: float = 0.0
    """Time at the first counter before the operator sends them on, and at the second."""
    walk_seconds: float = 0.0
    # what happened
    agency_id: str = ""
    ticket_id: int | None = None
    number: str = ""
    issued_at: float | None = None
    eta: int | None = None
    eta_low: int | None = None
    eta_high: int | None = None
    first_call: float | None = None
    refused: str | None = None
    state: str = "arriving"
    booked: bool = False
    """Booked a slot online: checks in at the kiosk with the code instead of a ticket."""
    slot_at: float | None = None
    """The booked slot's start, seconds after local midnight."""
    booked_no_show: bool = False
    """Booked and never came (the booking expires: a strike)."""
    booking_code: str | None = field(default=None, repr=False)
    """The engine's mirror of the ticket status (waiting, called, serving, done, no_show)."""


@dataclass(frozen=True)
class Plan:
    day: date
    opens: float
    closes: float
    """The counters' working day, seconds after local midnight."""
    desks: tuple[Counter, ...]
    breaks: dict[int, float]
    visitors: list[Visitor]
    counters_requested: int


# --- demand and counters ------------------------------------------------------------------


def demand(hall: Hall) -> dict[str, float]:
    """Expected share of the day's visitors per service (sums to 1)."""
    per_agency_counters = Tally(c.agency_id for c in hall.counters)
    weights: dict[str, float] = {}
    for agency in hall.agencies:
        text = f"{agency.id} {agency.short} {agency.name}".lower()
        share = next((w for key, w in AGENCY_DEMAND.items() if key in text), None)
        if share is None:
            share = AGENCY_DEMAND_PER_COUNTER * max(1, per_agency_counters[agency.id])
        services = [s for s in hall.services if s.agency_id == agency.id]
        inner = {s.id: _service_weight(s) for s in services}
        total = sum(inner.values())
        for sid, w in inner.items():
            weights[sid] = share * w / total if total else 0.0
    total = sum(weights.values())
    return {sid: w / total for sid, w in weights.items()}


def _service_weight(service: Service) -> float:
    if service.pickup:
        return 0.0  # its visitors come back for a ready dossier, which no simulated day has
    words = set(service.id.replace("_", "-").split("-"))
    return next((w for key, w in SERVICE_DEMAND.items() if key in words), SERVICE_DEMAND_OTHER)


def choose_counters(hall: Hall, wanted: int, shares: dict[str, float]) -> tuple[Counter, ...]:
    """The counters staff opens: first enough to give every service one (busiest work
    first), then more for the agencies with the most work per open counter."""
    work = {s.id: shares.get(s.id, 0.0) * s.minutes for s in hall.services}
    chosen: list[Counter] = []
    rest = list(hall.counters)
    uncovered = set(work)
    while uncovered and rest and len(chosen) < wanted:
        best = max(
            rest, key=lambda c: (sum(work[s] for s in set(c.service_ids) & uncovered), -c.id)
        )
        if not set(best.service_ids) & uncovered:
            break
        chosen.append(best)
        rest.remove(best)
        uncovered -= set(best.service_ids)
    agency_work: dict[str, float] = dict.fromkeys((a.id for a in hall.agencies), 0.0)
    for s in hall.services:
        agency_work[s.agency_id] += work[s.id]
    while rest and len(chosen) < wanted:
        open_per_agency = Tally(c.agency_id for c in chosen)
        agency = max(
            {c.agency_id for c in rest},
            key=lambda a: (agency_work[a] / (open_per_agency[a] + 1), a),
        )
        best = max(
            (c for c in rest if c.agency_id == agency),
            key=lambda c: (sum(work[s] for s in c.service_ids), -c.id),
        )
        chosen.append(best)
        rest.remove(best)
    return tuple(sorted(chosen, key=lambda c: c.id))


# --- days and hours -----------------------------------------------------------------------


def weekday_for(seed: int) -> date:
    """A fixed working day per seed (Monday to Friday of 2026), so runs repeat exactly."""
    return date(2026, 1, 5) + timedelta(days=7 * (seed % 48) + seed % 5)


def next_weekday(after: date) -> date:
    day = after + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _seconds(moment: time) -> float:
    return 24 * 3600.0 if moment == time.max else moment.hour * 3600.0 + moment.minute * 60.0


def working_day(hall: Hall) -> tuple[float, float]:
    opens = max(_seconds(hall.opens), _seconds(STAFF_DAY[0]))
    closes = min(_seconds(hall.closes), _seconds(STAFF_DAY[1]))
    if closes <= opens:  # a hall that keeps odd hours works them all
        return _seconds(hall.opens), _seconds(hall.closes)
    return opens, closes


def _minute_of_day(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def arrival_times(rng: random.Random, n: int, opens: float, closes: float) -> list[float]:
    """`n` arrival moments between opens and closes, following ARRIVALS."""
    slots = []
    for hhmm, weight in ARRIVALS.items():
        start = _minute_of_day(hhmm)
        a, b = max(start * 60.0, opens), min((start + 30) * 60.0, closes)
        if b > a:
            slots.append((a, b, weight * (b - a)))
    if not slots:
        slots = [(opens, closes, 1.0)]
    cumulative = list(itertools.accumulate(w for _, _, w in slots))
    picks = rng.choices(range(len(slots)), cum_weights=cumulative, k=n)
    return sorted(slots[i][0] + rng.random() * (slots[i][1] - slots[i][0]) for i in picks)


# --- visitors -----------------------------------------------------------------------------


def lognormal(rng: random.Random, mean: float) -> float:
    """A service time around `mean` with the spread SERVICE_CV."""
    sigma = math.sqrt(math.log(1 + SERVICE_CV**2))
    return rng.lognormvariate(math.log(mean) - sigma**2 / 2, sigma)


def _nik(index: int, born: date, female: bool) -> str:
    """A well-formed NIK (Kota Bandung, Jawa Barat) unique per visitor index."""
    district = 1 + (index // 9999) % 30
    serial = 1 + index % 9999
    dd = born.day + (40 if female else 0)
    return f"3273{district:02d}{dd:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def true_minutes(hall: Hall, skew: float, seed: int) -> dict[str, float]:
    """Each service's TRUE mean service time: its configured minutes × a factor drawn in
    [1 − skew, 1 + skew], per seed (the same on every day of a run, as a hall's real
    pace is). The server never sees these: it learns from finished tickets."""
    rng = random.Random(f"skew-{seed}")
    return {s.id: s.minutes * rng.uniform(1 - skew, 1 + skew) for s in hall.services}


WALK_AND_GAP_MINUTES = 1.2
"""What a call costs beyond the service (walk 20–90 s, operator's gap 5–30 s): capacity."""


def visitors_for_load(
    hall: Hall, load: float, counters: int, truth: dict[str, float]
) -> tuple[int, dict[str, float]]:
    """How many visitors make a day of `load` × the open counters' capacity, and the
    demand per service that loads every agency alike (a hall staffs by demand): each
    agency's work is proportional to its open counters' minutes."""
    shares = demand(hall)
    desks = choose_counters(hall, counters, shares)
    opens, closes = working_day(hall)
    day_minutes = (closes - opens) / 60
    per_agency = Tally(c.agency_id for c in desks)
    reweighted: dict[str, float] = {}
    for agency in hall.agencies:
        mine = {s.id: shares[s.id] for s in hall.services if s.agency_id == agency.id}
        total = sum(mine.values())
        if not total or not per_agency[agency.id]:
            continue
        work = sum(w / total * (truth[s] + WALK_AND_GAP_MINUTES) for s, w in mine.items())
        visitors_here = per_agency[agency.id] * day_minutes / work
        for s, w in mine.items():
            reweighted[s] = visitors_here * w / total
    capacity = sum(reweighted.values())
    return round(load * capacity), {s: v / capacity for s, v in reweighted.items()}


def plan_day(
    hall: Hall,
    *,
    visitors: int,
    counters: int,
    seed: int,
    day: date | None = None,
    skew: float = 0.0,
    load: float | None = None,
    booked_share: float = 0.0,
    booking_no_show: float = 0.0,
) -> Plan:
    """Everything random about the day, drawn up front from `seed` (and the day)."""
    first = weekday_for(seed)
    day = day or first
    # The seed's own day draws as it always has; later days of a run draw their own.
    rng = random.Random(seed if day == first else seed * 100_003 + day.toordinal())
    truth = true_minutes(hall, skew, seed)
    if load is not None:
        visitors, shares = visitors_for_load(hall, load, counters, truth)
    else:
        shares = demand(hall)
    services = list(shares)
    cumulative = list(itertools.accumulate(shares[s] for s in services))
    opens, closes = working_day(hall)
    desks = choose_counters(hall, counters, demand(hall))
    siblings = {
        s.id: [o.id for o in hall.services if o.agency_id == s.agency_id and o.id != s.id]
        for s in hall.services
    }
    people = []
    for i, arrival in enumerate(arrival_times(rng, visitors, opens, closes)):
        service = hall.service(services[_pick(rng, cumulative)])
        assert service is not None
        roll, priority = rng.random(), Priority.REGULAR
        for group, share in PRIORITY_MIX.items():
            if roll < share:
                priority = group
                break
            roll -= share
        v = Visitor(i, arrival, service.id, priority, agency_id=service.agency_id)
        if service.nik_required:
            years = rng.randint(60, 85) if priority is Priority.ELDERLY else rng.randint(17, 59)
            born = date(day.year - years, rng.randint(1, 12), rng.randint(1, 28))
            v.nik = _nik(i, born, rng.random() < 0.5)
        if booked_share and service.booking is not None and rng.random() < booked_share:
            _book(hall, service, day, v, rng, booking_no_show)
        v.absent = rng.random() < NO_SHOW_RATE
        if v.absent and rng.random() < COME_BACK_RATE:
            v.back_after = rng.uniform(10, 60) * 60
        if siblings[service.id] and rng.random() < TRANSFER_RATE:
            v.transfer_to = rng.choice(siblings[service.id])
            target = hall.service(v.transfer_to)
            assert target is not None
            v.transfer_seconds = lognormal(rng, truth[target.id]) * 60
            v.service_seconds = rng.uniform(0.2, 0.5) * lognormal(rng, truth[service.id]) * 60
        else:
            v.service_seconds = lognormal(rng, truth[service.id]) * 60
        v.walk_seconds = rng.uniform(20, 90)
        people.append(v)
    breaks = _breaks(desks, opens, closes)
    return Plan(day, opens, closes, desks, breaks, people, counters)


def _book(
    hall: Hall, service: Service, day: date, v: Visitor, rng: random.Random, no_show: float
) -> None:
    """The visitor booked the first slot at or after the moment they would have come, and
    arrives within its check-in window before it starts (or not at all: a no-show)."""
    plan = service.booking
    assert plan is not None
    starts = [_seconds(s.start) for s in slots_of_day(plan, hall.calendar, day)]
    slot = next((t for t in starts if t >= v.arrival), None)
    if slot is None:
        return  # past the last session: they come as a walk-in
    v.booked, v.slot_at = True, slot
    v.arrival = max(0.0, slot - rng.uniform(0.1, 1.0) * plan.checkin_before * 60)
    v.booked_no_show = rng.random() < no_show
    if v.nik is None:
        born = date(day.year - rng.randint(17, 59), rng.randint(1, 12), rng.randint(1, 28))
        v.nik = _nik(v.index, born, rng.random() < 0.5)


def _pick(rng: random.Random, cumulative: list[float]) -> int:
    return rng.choices(range(len(cumulative)), cum_weights=cumulative, k=1)[0]


def _breaks(desks: tuple[Counter, ...], opens: float, closes: float) -> dict[int, float]:
    """About a third of each agency's counters take a 30-minute break around noon, one at
    a time per agency, and never the only open counter of a service."""
    breaks: dict[int, float] = {}
    by_agency: dict[str, list[Counter]] = {}
    for c in desks:
        by_agency.setdefault(c.agency_id, []).append(c)
    for group in by_agency.values():
        slot, quota = 0, max(1, len(group) // 3) if len(group) > 1 else 0
        for c in group[::-1]:
            others = [o for o in desks if o.id != c.id]
            if slot >= quota or not all(
                any(s in o.service_ids for o in others) for s in c.service_ids
            ):
                continue
            start = 11.75 * 3600 + slot * BREAK_SECONDS
            if opens + 3600 <= start and start + BREAK_SECONDS <= closes - 3600:
                breaks[c.id] = start
                slot += 1
    return breaks
