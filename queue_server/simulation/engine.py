"""The hall day as a discrete-event simulation.

Events sit on a heap ordered by simulated time, and nothing polls: an idle counter sleeps
until a ticket it could serve appears. Every step goes through a `Driver`: straight to the
writer for `antre simulate`, or through the REST API for `antre demo`."""

from __future__ import annotations

import heapq
import itertools
import random
from collections import Counter as Tally
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any, NamedTuple, Protocol

from queue_core.hall import Counter, Hall
from queue_core.numbering import zone
from queue_core.ticket import Priority
from queue_server.simulation.model import Plan, Visitor, lognormal
from queue_server.simulation.traffic import BREAK_SECONDS, RECALL_SECONDS


class Ticketed(NamedTuple):
    ticket_id: int
    number: str
    eta_minutes: int | None
    eta_low: int | None = None
    eta_high: int | None = None
    """The range shown to the citizen (the API's eta_low/eta_high)."""


class Called(NamedTuple):
    ticket_id: int
    number: str
    service_id: str


class Driver(Protocol):
    """How the engine acts on a hall: directly through the writer, or through REST."""

    def open(self, counter_id: int) -> None: ...
    def pause(self, counter_id: int) -> None: ...
    def close(self, counter_id: int) -> None: ...
    def issue(self, visitor: Visitor) -> Ticketed | str:
        """The ticket, or the code of the refusal (service_closed, quota_exhausted, …)."""
        ...

    def call_next(self, counter_id: int) -> Called | None: ...
    def step(self, ticket_id: int, step: str) -> None: ...
    def transfer(self, ticket_id: int, service_id: str) -> None: ...


@dataclass
class Desk:
    """A counter as the engine sees it."""

    counter: Counter
    status: str = "closed"
    holding: Visitor | None = None
    pending: bool = False
    """A call is scheduled: someone pressed "call next" or is about to."""
    idle_since: float | None = None
    break_due: bool = False
    served: int = 0


class HallDay:
    """The day's events on a heap; every step through the driver."""

    def __init__(
        self,
        hall: Hall,
        plan: Plan,
        driver: Driver,
        *,
        pace: Callable[[float], None] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.hall, self.plan, self.driver, self.pace = hall, plan, driver, pace
        self.rng = rng or random.Random(plan.day.toordinal())
        tz = zone(hall.timezone)
        self.midnight = datetime.combine(plan.day, time(0), tz).astimezone(UTC)
        self.t = plan.opens
        self.now = self.at(self.t)
        self.desks = {c.id: Desk(c) for c in plan.desks}
        self.serving: dict[str, list[Desk]] = {s.id: [] for s in hall.services}
        for d in self.desks.values():
            for sid in d.counter.service_ids:
                self.serving[sid].append(d)
        self.waiting = Tally[str]()
        self.by_ticket: dict[int, Visitor] = {}
        self._heap: list[tuple[float, int, Callable[..., None], Any]] = []
        self._seq = itertools.count()
        self.events = self.arrived = 0
        self.served = self.no_shows = self.requeued = self.transfers = 0
        self.refused = Tally[str]()
        self.service_minutes: list[float] = []
        self.started: dict[int, float] = {}
        self.finished = False

    def at(self, t: float) -> datetime:
        return self.midnight + timedelta(seconds=t)

    def schedule(self, t: float, action: Callable[..., None], arg: Any = None) -> None:
        heapq.heappush(self._heap, (t, next(self._seq), action, arg))

    def run(
        self, until: float | None = None, on_event: Callable[[HallDay], None] | None = None
    ) -> None:
        if not self._heap and not self.finished:
            self._start()
        until = self.plan.closes + 6 * 3600 if until is None else until
        heap = self._heap
        while heap and heap[0][0] <= until:
            t, _, action, arg = heapq.heappop(heap)
            if self.pace is not None:
                self.pace(t)
            self.t, self.now = t, self.midnight + timedelta(seconds=t)
            action(arg)
            self.events += 1
            if on_event is not None:
                on_event(self)
        if not heap:
            self.finished = True

    def _start(self) -> None:
        for d in self.desks.values():
            self.schedule(self.plan.opens, self._open, d)
        for v in self.plan.visitors:
            if not v.booked_no_show:  # a booking nobody comes for only expires
                self.schedule(max(v.arrival, self.plan.opens), self._arrive, v)
        for cid, start in self.plan.breaks.items():
            self.schedule(start, self._break, self.desks[cid])
        self.schedule(self.plan.closes, self._closing)

    # visitors

    def _arrive(self, v: Visitor) -> None:
        self.arrived += 1
        outcome = self.driver.issue(v)
        if isinstance(outcome, str):
            v.refused = outcome
            self.refused[outcome] += 1
            return
        v.ticket_id, v.number, v.eta, v.eta_low, v.eta_high = outcome
        v.issued_at, v.state = self.t, "waiting"
        self.by_ticket[outcome.ticket_id] = v
        self._joined(v.service_id)

    def _come_back(self, v: Visitor) -> None:
        if self.t >= self.plan.closes:
            return
        assert v.ticket_id is not None
        self.driver.step(v.ticket_id, "requeue")
        self.requeued += 1
        v.state = "waiting"
        self._joined(v.service_id)

    def _joined(self, service_id: str) -> None:
        self.waiting[service_id] += 1
        self._wake(service_id)

    def _wake(self, service_id: str) -> None:
        """Make sure enough counters are about to call for this service's waiting tickets.
        The counter with fewest services goes first, so a generalist stays free for what
        only it can serve; among equals, the one idle longest."""
        desks = self.serving[service_id]
        want = self.waiting[service_id] - sum(1 for d in desks if d.pending)
        while want > 0:
            idle = [d for d in desks if d.idle_since is not None]
            if not idle:
                return
            d = min(idle, key=lambda d: (len(d.counter.service_ids), d.idle_since, d.counter.id))
            d.idle_since = None
            d.pending = True
            self.schedule(self.t + self.rng.uniform(3, 15), self._call, d)
            want -= 1

    # counters

    def _open(self, d: Desk) -> None:
        self.driver.open(d.counter.id)
        d.status = "open"
        self._free(d)

    def _free(self, d: Desk, gap: float = 0.0) -> None:
        """The counter holds nobody: close, take the break, or call the next citizen."""
        if self.t >= self.plan.closes:
            self.driver.close(d.counter.id)
            d.status, d.idle_since = "closed", None
        elif d.break_due:
            d.break_due = False
            self.driver.pause(d.counter.id)
            d.status, d.idle_since = "paused", None
            self.schedule(self.t + BREAK_SECONDS, self._resume, d)
        else:
            d.pending = True
            self.schedule(self.t + gap, self._call, d)

    def _call(self, d: Desk) -> None:
        d.pending = False
        if d.status != "open":
            return
        if self.t >= self.plan.closes or d.break_due:
            self._free(d)
            self._rewake(d)
            return
        called = self.driver.call_next(d.counter.id)
        if called is None:
            d.idle_since = self.t
            return
        v = self.by_ticket.get(called.ticket_id) or self._stranger(called)
        if v.state == "waiting":
            self.waiting[v.service_id] -= 1
        if v.first_call is None:
            v.first_call = self.t
        d.holding, v.state = v, "called"
        if v.absent:
            self.schedule(self.t + RECALL_SECONDS, self._recall, (d, 1))
        else:
            self.schedule(self.t + v.walk_seconds, self._start_service, d)
        self._rewake(d)

    def _stranger(self, called: Called) -> Visitor:
        """A ticket someone else issued (in the demo, a newcomer trying the API)."""
        service = self.hall.service(called.service_id)
        minutes = service.minutes if service else 10.0
        return Visitor(
            -1,
            self.t,
            called.service_id,
            Priority.REGULAR,
            service_seconds=lognormal(self.rng, minutes) * 60,
            walk_seconds=30.0,
            agency_id=service.agency_id if service else "",
            ticket_id=called.ticket_id,
            number=called.number,
            state="called",
        )

    def _rewake(self, d: Desk) -> None:
        for sid in d.counter.service_ids:
            if self.waiting[sid] > 0:
                self._wake(sid)

    def _recall(self, arg: tuple[Desk, int]) -> None:
        d, n = arg
        v = d.holding
        assert v is not None and v.ticket_id is not None
        if n <= 2:
            self.driver.step(v.ticket_id, "recall")
            self.schedule(self.t + RECALL_SECONDS, self._recall, (d, n + 1))
            return
        self.driver.step(v.ticket_id, "no_show")
        self.no_shows += 1
        v.absent, v.state = False, "no_show"
        if v.back_after is not None:
            self.schedule(self.t + v.back_after, self._come_back, v)
        d.holding = None
        self._free(d, self.rng.uniform(5, 20))

    def _start_service(self, d: Desk) -> None:
        v = d.holding
        assert v is not None and v.ticket_id is not None
        self.driver.step(v.ticket_id, "start")
        self.started[v.ticket_id] = self.t
        v.state = "serving"
        if v.transfer_to is not None:
            self.schedule(self.t + v.service_seconds, self._transfer, d)
        else:
            self.schedule(self.t + v.service_seconds, self._finish, d)

    def _finish(self, d: Desk) -> None:
        v = d.holding
        assert v is not None and v.ticket_id is not None
        self.driver.step(v.ticket_id, "finish")
        self.served += 1
        d.served += 1
        v.state = "done"
        self.service_minutes.append((self.t - self.started.pop(v.ticket_id)) / 60)
        d.holding = None
        self._free(d, self.rng.uniform(5, 30))

    def _transfer(self, d: Desk) -> None:
        v = d.holding
        assert v is not None and v.ticket_id is not None and v.transfer_to is not None
        self.driver.transfer(v.ticket_id, v.transfer_to)
        self.transfers += 1
        self.started.pop(v.ticket_id, None)
        v.service_id, v.transfer_to = v.transfer_to, None
        v.service_seconds, v.walk_seconds = v.transfer_seconds, v.walk_seconds / 2
        v.state = "waiting"
        d.holding = None
        self._joined(v.service_id)
        self._free(d, self.rng.uniform(5, 30))

    def _break(self, d: Desk) -> None:
        if d.status != "open":
            return
        if d.idle_since is not None:
            d.idle_since = None
            d.break_due = True
            self._free(d)
        else:
            d.break_due = True

    def _resume(self, d: Desk) -> None:
        if d.status != "paused" or self.t >= self.plan.closes:
            return
        self.driver.open(d.counter.id)
        d.status = "open"
        self._free(d)

    def _closing(self, _: object) -> None:
        for d in self.desks.values():
            if d.status == "paused" or (d.status == "open" and d.idle_since is not None):
                self.driver.close(d.counter.id)
                d.status, d.idle_since = "closed", None
            # a counter holding someone closes once done; a pending call closes instead
