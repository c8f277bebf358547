"""The queue as readers see it: positions, ETAs, service and counter summaries.

Reads run on the event loop's own read connection. Positions need the whole waiting list
of a service in dispatch order, so each service's order is cached until the next event
(or for 30 s, since waiting time alone can move a regular past its maximum wait).
"""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from queue_core.dispatch import queue_order
from queue_core.eta import Backlog, eta_minutes, mean_service_minutes
from queue_core.events import compact_json, iso
from queue_core.hall import Counter, Hall, Service
from queue_core.numbering import hall_day, local_time
from queue_core.ticket import TicketStatus
from queue_server.store import counters as counter_rows
from queue_server.store import tickets as ticket_rows
from queue_server.store.tickets import TicketRecord

_CACHE_SECONDS = 30


def mean_minutes(
    conn: sqlite3.Connection, day: date, service: Service, memo: dict[Any, Any] | None = None
) -> float:
    key = ("mean", day, service.id)
    if memo is not None and key in memo:
        return memo[key]  # type: ignore[no-any-return]
    mean = mean_service_minutes(service.minutes, ticket_rows.recent_minutes(conn, day, service.id))
    if memo is not None:
        memo[key] = mean
    return mean


def eta_for(
    conn: sqlite3.Connection,
    hall: Hall,
    day: date,
    service: Service,
    position: int,
    ahead_of: Callable[[str], int],
    memo: dict[Any, Any] | None = None,
) -> int | None:
    """ETA of a ticket at `position` in its service; `ahead_of(other_service)` says how
    many tickets of another service arrived before it (see queue_core.eta). `memo`
    keeps inputs that rarely change across the actions of one writer batch."""
    if memo is not None and "open" in memo:
        open_ids = memo["open"]
    else:
        open_ids = counter_rows.open_ids(conn)
        if memo is not None:
            memo["open"] = open_ids

    def serving(service_id: str) -> list[Counter]:
        # Before the hall opens, estimate for the counters as configured.
        configured = hall.counters_serving(service_id)
        return [c for c in configured if c.id in open_ids] if open_ids else list(configured)

    mine = serving(service.id) or list(hall.counters_serving(service.id))
    mine_ids = {c.id for c in mine}
    backlog = []
    for other_id in sorted({s for c in mine for s in c.service_ids} - {service.id}):
        other = hall.service(other_id)
        ahead = ahead_of(other_id)
        if other is None or not ahead:
            continue
        theirs = serving(other_id) or mine
        share = sum(1 for c in theirs if c.id in mine_ids) / len(theirs)
        backlog.append(Backlog(ahead, mean_minutes(conn, day, other, memo), share))
    return eta_minutes(position, len(mine), mean_minutes(conn, day, service, memo), backlog)


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
        self._etas: dict[tuple[str, int, datetime | None, bool], int | None] = {}
        self._tracks: dict[str, tuple[tuple[int, int], bytes]] = {}

    def _fresh(self) -> datetime:
        now = self.clock()
        key = (self.head(), int(now.timestamp()) // _CACHE_SECONDS)
        if key != self._key:
            self._key, self._orders, self._arrivals, self._etas = key, {}, {}, {}
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

    def eta(
        self, service_id: str, position: int, before: datetime | None = None, priority: bool = False
    ) -> int | None:
        """ETA at `position`, for a ticket that joined at `before` (None: one joining now)."""
        now = self._fresh()
        key = (service_id, position, before, priority)
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
                )
                if service
                else None
            )
        return self._etas[key]

    def place(self, record: TicketRecord) -> tuple[int | None, int | None]:
        """(position, eta_minutes) of a ticket; both None unless it waits."""
        t = record.ticket
        if t.status is not TicketStatus.WAITING:
            return None, None
        position = self.positions(t.service_id).get(t.id)
        if position is None:
            return None, None
        return position, self.eta(t.service_id, position, t.queued_at, t.is_priority)

    def ticket_json(
        self,
        record: TicketRecord,
        base_url: str,
        place: tuple[int | None, int | None] | None = None,
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
            "eta_minutes": eta,
            "tracking_token": record.tracking_token,
            "tracking_url": f"{base_url.rstrip('/')}/t/{record.tracking_token}",
            "nik_masked": record.nik_masked,
        }

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
                    "quota_per_day": s.quota,
                    "remaining_today": remaining,
                    "waiting": waiting,
                    "eta_minutes": self.eta(s.id, waiting),
                }
            )
        return result

    def counters_json(self) -> list[dict[str, Any]]:
        states = counter_rows.all_states(self.conn)
        current = counter_rows.current_tickets(self.conn)
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
            "eta_minutes": eta,
            "counter_name": counter.name
            if counter and t.status in (TicketStatus.CALLED, TicketStatus.SERVING)
            else None,
            "called_at": iso(t.called_at) if t.called_at else None,
            "updated_at": iso(self._updated_at(record)),
        }

    @staticmethod
    def _updated_at(record: TicketRecord) -> datetime:
        t = record.ticket
        stamps = [
            x for x in (t.issued_at, t.queued_at, t.called_at, t.started_at, t.finished_at) if x
        ]
        return max(stamps)
