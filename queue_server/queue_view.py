"""The queue as readers see it: positions, ETAs, service and counter summaries.

Reads run on the event loop's own read connection. Positions need the whole waiting list
of a service in dispatch order, so each service's order is cached until the next event
(or for 30 s, since waiting time alone can move a regular past its maximum wait).
"""

from __future__ import annotations

import bisect
import math
import sqlite3
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from queue_core.dispatch import choose_next, queue_order
from queue_core.eta import (
    NO_SHOW_PRIOR,
    PRIORITY_PRIOR,
    UNKNOWN,
    Backlog,
    Estimate,
    Learned,
    display_range,
    estimate,
    for_appointment,
    learn,
    share,
    words,
)
from queue_core.events import compact_json, iso
from queue_core.hall import Counter, Hall, Service
from queue_core.numbering import hall_day, local_time
from queue_core.ticket import TicketStatus
from queue_server.store import counters as counter_rows
from queue_server.store import dossier as dossier_rows
from queue_server.store import pickup as pickup_rows
from queue_server.store import tickets as ticket_rows
from queue_server.store.tickets import TicketRecord

_CACHE_SECONDS = 30


def learned(
    conn: sqlite3.Connection,
    day: date,
    service: Service,
    memo: dict[Any, Any] | None = None,
    days: dict[Any, Any] | None = None,
) -> Learned:
    """The service's occupancy per call, learned from the day with the hall's history of
    the same weekday as the prior (queue_core.eta.learn). `days` keeps the history for
    the whole hall day (earlier days do not change): it is read once per service a day."""
    key = ("learned", day, service.id)
    if memo is not None and key in memo:
        return memo[key]  # type: ignore[no-any-return]
    history_key = ("history", day, service.id)
    history = days.get(history_key) if days is not None else None
    if history is None:
        history = ticket_rows.history_occupancy(conn, day, service.id)
        if days is not None:
            if len(days) > 1000:
                days.clear()  # yesterday's entries
            days[history_key] = history
    result = learn(service.minutes, ticket_rows.recent_occupancy(conn, day, service.id), history)
    if memo is not None:
        memo[key] = result
    return result


def _shares(
    conn: sqlite3.Connection, day: date, memo: dict[Any, Any] | None
) -> tuple[float, float]:
    """(priority share, no-show share) of the day's calls so far."""
    if memo is not None and ("shares", day) in memo:
        return memo[("shares", day)]  # type: ignore[no-any-return]
    calls, priority, no_shows = ticket_rows.day_calls(conn, day)
    result = (share(priority, calls, PRIORITY_PRIOR), share(no_shows, calls, NO_SHOW_PRIOR))
    if memo is not None:
        memo[("shares", day)] = result
    return result


def eta_for(
    conn: sqlite3.Connection,
    hall: Hall,
    day: date,
    service: Service,
    position: int,
    ahead_of: Callable[[str], int],
    memo: dict[Any, Any] | None = None,
    *,
    is_priority: bool = False,
    days: dict[Any, Any] | None = None,
    now: datetime | None = None,
    appointment_at: datetime | None = None,
) -> Estimate:
    """ETA of a ticket at `position` in its service; `ahead_of(other_service)` says how
    many tickets of another service arrived before it (see queue_core.eta). `memo`
    keeps inputs that rarely change across the actions of one writer batch; `now` lets
    it count the other services' pace (tickets that will come and pass ours), and an
    appointment's wait up to its slot (`appointment_at`)."""
    shape = memo.get(("shape", service.id)) if memo is not None else None
    if shape is None:
        shape = _shape(conn, hall, service, memo)
        if memo is not None:
            # Which counters serve whom changes only with a counter action, and those
            # clear the memo: a batch of a hundred tickets works it out once.
            memo[("shape", service.id)] = shape
    counters, paused, others = shape
    max_wait = service.max_wait_minutes or math.inf
    backlog = []
    for other, part in others:
        ahead = ahead_of(other.id)
        theirs = other.max_wait_minutes or math.inf
        # Its later tickets pass ours once past a shorter maximum wait (dispatch): how
        # many come is the day's pace of that service so far.
        rate = _pace(conn, hall, day, other, now, memo) if theirs < max_wait else 0.0
        if ahead or rate:
            minutes = learned(conn, day, other, memo, days).minutes
            share, shared, outside = part
            backlog.append(Backlog(ahead, minutes, share, shared, outside, theirs, rate))
    priority_share, no_show_share = _shares(conn, day, memo)
    mine = learned(conn, day, service, memo, days)
    walk_in = estimate(
        position,
        counters,
        mine,
        backlog,
        paused=paused,
        is_priority=is_priority,
        priority_share=priority_share,
        no_show_share=no_show_share,
        max_wait=max_wait,
    )
    if appointment_at is None or now is None:
        return walk_in
    to_slot = (appointment_at - now).total_seconds() / 60
    return for_appointment(walk_in, to_slot, counters + paused, mine)


PACE_FLOOR_MINUTES = 30.0
"""The day's pace is counted over at least this long: the first few tickets at opening
are no rate."""


def _pace(
    conn: sqlite3.Connection,
    hall: Hall,
    day: date,
    service: Service,
    now: datetime | None,
    memo: dict[Any, Any] | None,
) -> float:
    """A service's tickets per minute today so far (0 when the time is not known)."""
    if now is None:
        return 0.0
    key = ("pace", service.id)
    if memo is not None and key in memo:
        return memo[key]  # type: ignore[no-any-return]
    clock = local_time(now, hall.timezone)
    start = max(service.opens, hall.opens)
    elapsed = (clock.hour - start.hour) * 60 + clock.minute - start.minute + clock.second / 60
    issued = ticket_rows.issued_count(conn, day, service.prefix)
    result = issued / max(elapsed, PACE_FLOOR_MINUTES)
    if memo is not None:
        memo[key] = result
    return result


def _shape(
    conn: sqlite3.Connection, hall: Hall, service: Service, memo: dict[Any, Any] | None
) -> tuple[int, int, list[tuple[Service, tuple[float, int, float]]]]:
    """How many counters serve `service` now (open, and paused), and the other services
    those counters also serve, each with the share of its work that falls on them (see
    queue_core.eta)."""
    if memo is not None and "open" in memo:
        open_ids, paused_ids = memo["open"]
    else:
        open_ids, paused_ids = counter_rows.open_ids(conn), counter_rows.paused_ids(conn)
        if memo is not None:
            memo["open"] = (open_ids, paused_ids)
    working = open_ids | paused_ids

    def serving(service_id: str) -> list[Counter]:
        # Before the hall opens, estimate for the counters as configured.
        configured = hall.counters_serving(service_id)
        return [c for c in configured if c.id in working] if working else list(configured)

    if working and not serving(service.id):
        return 0, 0, []  # nobody serves it now: the wait cannot be known
    mine = serving(service.id)
    mine_ids = {c.id for c in mine}
    paused = sum(1 for c in mine if c.id in paused_ids)
    others = []
    for other_id in sorted({s for c in mine for s in c.service_ids} - {service.id}):
        other = hall.service(other_id)
        if other is None:
            continue
        theirs = serving(other_id) or mine
        shared = sum(1 for c in theirs if c.id in mine_ids)
        # Its counters that are not ours drain its backlog too, each with the part of
        # its time this service gets (its services take turns, first come first served).
        outside = sum(OUTSIDE_TIME / len(c.service_ids) for c in theirs if c.id not in mine_ids)
        others.append((other, (shared / len(theirs), shared, outside)))
    return len(mine) - paused, paused, others


OUTSIDE_TIME = 1.0
"""How much of an outside counter's time, ÷ its services, goes to the service in question."""


def eta_fields(eta: Estimate | None) -> dict[str, Any]:
    """The contract's `eta_minutes` and, added (docs/api.md), the range the wait most
    likely falls in as shown (`eta_low`–`eta_high`, equal when narrow) and its words."""
    if eta is None:
        return {"eta_minutes": None, "eta_low": None, "eta_high": None, "eta_text": None}
    low, high = display_range(eta)
    return {"eta_minutes": eta.minutes, "eta_low": low, "eta_high": high, "eta_text": words(eta)}


BOARD_HIDDEN = frozenset({"tracking_token", "tracking_url", "nik_masked"})
"""Ticket fields a display token never reads (api.md: the board's projection)."""


@dataclass(frozen=True)
class CounterQueue:
    """One counter's waiting list in the order its call-next will take it."""

    head: int
    """The event head read before the tickets: the answer reflects every event up to it."""
    status: str
    streak: int
    tickets: list[TicketRecord]
    waiting: dict[str, int]
    """Per service of the counter (its order): tickets this counter may call."""


def counter_call_order(
    mine: Sequence[TicketRecord],
    due: Sequence[TicketRecord],
    lanes: Sequence[Sequence[TicketRecord]],
    *,
    counter_id: int,
    services: Sequence[str],
    now: datetime,
    streak: int,
    k: int,
    max_wait_minutes: dict[str, float],
    limit: int,
) -> list[TicketRecord]:
    """The next `limit` calls of a counter: call-next's own `choose_next`, asked again and
    again with the counter's streak carried over, each time over what call-next itself
    would read (the store's lane heads: tickets sent here, due appointments, the front of
    each lane). So the list is the calls, not a second opinion of them."""
    record = {r.ticket.id: r for r in (*mine, *due, *(r for lane in lanes for r in lane))}
    targeted = [r.ticket for r in mine]
    appointments = [r.ticket for r in due]
    fronts = [deque(r.ticket for r in lane) for lane in lanes]
    order: list[TicketRecord] = []
    while len(order) < limit:
        heads = [front[0] for front in fronts if front]
        ticket, streak = choose_next(
            [*targeted, *appointments, *heads],
            counter_id=counter_id,
            services=services,
            now=now,
            streak=streak,
            k=k,
            max_wait_minutes=max_wait_minutes,
        )
        if ticket is None:
            break
        order.append(record[ticket.id])
        for pool in (targeted, appointments):
            if any(t is ticket for t in pool):
                pool.remove(ticket)
                break
        else:
            next(front for front in fronts if front and front[0] is ticket).popleft()
    return order


class QueueView:
    """Read-side answers, cached per event seq."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        hall: Hall,
        clock: Callable[[], datetime],
        head: Callable[[], int],
    ) -> None:
        self.conn, self.hall, self.clock, self.head = conn, hall, clock, head
        self._key: tuple[int, int] | None = None
        self._orders: dict[str, dict[int, int]] = {}
        self._arrivals: dict[str, tuple[list[datetime], list[datetime]]] = {}
        self._etas: dict[tuple[str, int, datetime | None, bool, datetime | None], Estimate] = {}
        self._memo: dict[Any, Any] = {}
        self._days: dict[Any, Any] = {}
        self._tracks: dict[str, tuple[tuple[int, int], bytes]] = {}

    def use_hall(self, hall: Hall) -> None:
        """The hall changed (hall.changed): nothing cached under the old one is kept."""
        self.hall = hall
        self._key, self._days, self._tracks = None, {}, {}

    def _fresh(self) -> datetime:
        now = self.clock()
        key = (self.head(), int(now.timestamp()) // _CACHE_SECONDS)
        if key != self._key:
            self._key, self._orders, self._arrivals, self._etas = key, {}, {}, {}
            self._memo = {}
            if len(self._tracks) > 50_000:
                self._tracks.clear()
        return now

    @property
    def day(self) -> date:
        return hall_day(self.clock(), self.hall.timezone)

    def positions(self, service_id: str) -> dict[int, int]:
        """ticket id → position for the service's waiting tickets."""
        now = self._fresh()
        order = self._orders.get(service_id)
        if order is None:
            service = self.hall.service(service_id)
            waiting = ticket_rows.waiting(
                self.conn, hall_day(now, self.hall.timezone), [service_id]
            )
            ordered = queue_order(
                waiting,
                services=[service_id],
                now=now,
                k=self.hall.priority_streak,
                max_wait_minutes={service_id: service.max_wait_minutes} if service else {},
            )
            order = {t.id: i for i, t in enumerate(ordered)}
            self._orders[service_id] = order
            self._arrivals[service_id] = (
                sorted(t.queued_at for t in waiting),
                sorted(t.queued_at for t in waiting if t.is_priority),
            )
        return order

    def _ahead_of(self, service_id: str, before: datetime | None, priority: bool) -> int:
        """Waiting tickets of a service that joined before `before` (None: all of them);
        only the priority ones when the ticket in question is itself a priority."""
        self.positions(service_id)
        everyone, priorities = self._arrivals[service_id]
        arrivals = priorities if priority else everyone
        return len(arrivals) if before is None else bisect.bisect_left(arrivals, before)

    def oldest_waiting(self, service_id: str) -> datetime | None:
        """When the longest-waiting ticket of the service joined its queue (None: nobody
        waits); from the same cached read as the positions (the live floor's alerts)."""
        self.positions(service_id)
        everyone, _ = self._arrivals[service_id]
        return everyone[0] if everyone else None

    def eta(
        self,
        service_id: str,
        position: int,
        before: datetime | None = None,
        priority: bool = False,
        appointment_at: datetime | None = None,
    ) -> Estimate:
        """ETA at `position`, for a ticket that joined at `before` (None: one joining now),
        booked for `appointment_at` if it is an appointment."""
        now = self._fresh()
        key = (service_id, position, before, priority, appointment_at)
        if key not in self._etas:
            service = self.hall.service(service_id)
            day = hall_day(now, self.hall.timezone)
            self._etas[key] = (
                eta_for(
                    self.conn,
                    self.hall,
                    day,
                    service,
                    position,
                    lambda other: self._ahead_of(other, before, priority),
                    self._memo,
                    is_priority=priority,
                    days=self._days,
                    now=now,
                    appointment_at=appointment_at,
                )
                if service
                else UNKNOWN
            )
        return self._etas[key]

    def place(self, record: TicketRecord) -> tuple[int | None, Estimate | None]:
        """(position, ETA) of a ticket; both None unless it waits."""
        t = record.ticket
        if t.status is not TicketStatus.WAITING:
            return None, None
        position = self.positions(t.service_id).get(t.id)
        if position is None:
            return None, None
        return position, self.eta(
            t.service_id, position, t.queued_at, t.is_priority, t.appointment_at
        )

    def ticket_json(
        self,
        record: TicketRecord,
        base_url: str,
        place: tuple[int | None, Estimate | None] | None = None,
    ) -> dict[str, Any]:
        """The contract's Ticket. `place` (position, eta) when the caller already knows it:
        issuing computes it in its transaction, and recomputing the whole queue's order
        for every new ticket would make the morning rush slower as it grows."""
        t = record.ticket
        position, eta = place if place is not None else self.place(record)
        return {
            "id": t.id,
            "number": t.number,
            "service_id": t.service_id,
            "status": t.status.value,
            "priority": t.priority.value,
            "issued_at": iso(t.issued_at),
            "called_at": iso(t.called_at) if t.called_at else None,
            "counter_id": t.counter_id,
            "recalls": t.recalls,
            "position": position,
            **eta_fields(eta),
            "appointment_at": iso(t.appointment_at) if t.appointment_at else None,
            "tracking_token": record.tracking_token,
            "tracking_url": f"{base_url.rstrip('/')}/t/{record.tracking_token}",
            "nik_masked": record.nik_masked,
        }

    @staticmethod
    def for_caller(ticket: dict[str, Any], role: str) -> dict[str, Any]:
        """What a caller of `role` may read of a Ticket: a display (a TV on the hall's
        wall, its token in a browser's URL) gets the board's projection, without the
        tracking token (a bearer secret for the citizen's status page) or the masked NIK."""
        if role != "display":
            return ticket
        return {k: v for k, v in ticket.items() if k not in BOARD_HIDDEN}

    def services_json(self) -> list[dict[str, Any]]:
        now = self._fresh()
        day = hall_day(now, self.hall.timezone)
        clock = local_time(now, self.hall.timezone)
        result = []
        for s in self.hall.services:
            waiting = len(self.positions(s.id))
            issued = ticket_rows.issued_count(self.conn, day, s.prefix)
            remaining = None if s.quota is None else max(0, s.quota - issued)
            result.append(
                {
                    "id": s.id,
                    "agency_id": s.agency_id,
                    "prefix": s.prefix,
                    "name": s.name,
                    "name_en": s.name_en,
                    "requirements": list(s.requirements),
                    "open": self.hall.is_open(s, clock) and remaining != 0,
                    "hours": [f"{s.opens:%H:%M}", f"{s.closes:%H:%M}"],
                    "nik_required": s.nik_required,
                    "dossier_days": s.dossier_days,
                    "bookable": s.booking is not None,
                    "pickup": s.pickup,
                    "quota_per_day": s.quota,
                    "remaining_today": remaining,
                    "waiting": waiting,
                    **eta_fields(self.eta(s.id, waiting)),
                }
            )
        return result

    def counter_queue(self, counter_id: int, limit: int) -> CounterQueue | None:
        """The counter's next `limit` calls as dispatch would make them now (None for a
        counter the hall does not have). Cheap enough to run after every event for every
        counter client: it reads `limit` tickets per lane off the index and the lane
        counts the triggers keep, never the whole queue."""
        config = self.hall.counter(counter_id)
        state = counter_rows.get(self.conn, counter_id) if config else None
        if config is None or state is None:
            return None
        head = self.head()
        now = self.clock()
        day = hall_day(now, self.hall.timezone)
        services = list(config.service_ids)
        mine, due, lanes = ticket_rows.lane_fronts(self.conn, day, counter_id, services, now, limit)
        max_wait = {
            s: service.max_wait_minutes
            for s in services
            if (service := self.hall.service(s)) is not None
        }
        tickets = counter_call_order(
            mine,
            due,
            lanes,
            counter_id=counter_id,
            services=services,
            now=now,
            streak=state.priority_streak,
            k=self.hall.priority_streak,
            max_wait_minutes=max_wait,
            limit=limit,
        )
        by_lane = ticket_rows.waiting_by_lane(self.conn, day, services)
        waiting = {}
        for s in services:
            # Tickets sent to another loket are not this counter's to call.
            lanes_of = by_lane[s]
            waiting[s] = (
                sum(lanes_of.values())
                - lanes_of.get("targeted", 0)
                + sum(1 for r in mine if r.ticket.service_id == s)
            )
        return CounterQueue(head, state.status.value, state.priority_streak, tickets, waiting)

    def counters_json(self, *, for_staff: bool = False) -> list[dict[str, Any]]:
        """The counters; for staff also who holds each open one (`opened_by`), so a
        chooser can say so before anyone tries it. Public callers never see staff names."""
        states = counter_rows.all_states(self.conn)
        current = counter_rows.current_tickets(self.conn)
        holders = counter_rows.opened_by(self.conn) if for_staff else {}
        result = []
        for c in self.hall.counters:
            state = states.get(c.id)
            held = current.get(c.id)
            result.append(
                {
                    "id": c.id,
                    "name": c.name,
                    "agency_id": c.agency_id,
                    "zone": c.zone,
                    "service_ids": list(c.service_ids),
                    "status": state.status.value if state else "closed",
                    "current": {"number": held[0], "status": held[1]} if held else None,
                }
            )
            if for_staff:
                result[-1]["opened_by"] = holders.get(c.id)
        return result

    def track_bytes(self, token: str) -> bytes | None:
        """The tracking JSON of a token, encoded; None for an unknown token.

        Phones re-ask often and the answer only changes with an event, so it is kept until
        the next event (or the 30 s clock step that can move an overdue ticket)."""
        self._fresh()
        hit = self._tracks.get(token)
        if hit is not None and hit[0] == self._key:
            return hit[1]
        record = ticket_rows.by_token(self.conn, token)
        if record is None:
            return None
        body = compact_json(self.track_json(record)).encode()
        assert self._key is not None
        self._tracks[token] = (self._key, body)
        return body

    def track_json(self, record: TicketRecord) -> dict[str, Any]:
        t = record.ticket
        service = self.hall.service(t.service_id)
        position, eta = self.place(record)
        counter = self.hall.counter(t.counter_id) if t.counter_id is not None else None
        return {
            "number": t.number,
            "service_name": service.name if service else t.service_id,
            "service_name_en": service.name_en if service else t.service_id,
            "status": t.status.value,
            "position": position,
            **eta_fields(eta),
            "counter_name": counter.name
            if counter and t.status in (TicketStatus.CALLED, TicketStatus.SERVING)
            else None,
            "called_at": iso(t.called_at) if t.called_at else None,
            "updated_at": iso(self._updated_at(record)),
            "dossier": self.dossier_json(t.id) if t.status is TicketStatus.DONE else None,
            # A pickup ticket names the dossier it collects (its primary-key lookup, on a
            # cache miss only): the citizen sees on the phone what the ticket is for.
            "dossier_reference": pickup_rows.reference_of(self.conn, t.id),
        }

    def dossier_json(self, ticket_id: int) -> dict[str, Any] | None:
        """What the citizen left behind: one indexed lookup, only for a done ticket, and
        cached with the rest (a `dossier.changed` event moves the cache key)."""
        row = dossier_rows.by_ticket(self.conn, ticket_id)
        if row is None:
            return None
        return {
            "reference": row.reference,
            "status": row.status.value,
            "due_date": None if row.due_date is None else row.due_date.isoformat(),
            "timeline": [
                {"at": iso(e.at), "status": e.status.value, "note": e.note} for e in row.timeline
            ],
        }

    @staticmethod
    def _updated_at(record: TicketRecord) -> datetime:
        t = record.ticket
        stamps = [
            x for x in (t.issued_at, t.queued_at, t.called_at, t.started_at, t.finished_at) if x
        ]
        return max(stamps)
