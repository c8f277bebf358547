"""Who is called next.

Candidates are the waiting tickets of the counter's services. Order (domain.md):
1. tickets transferred to this very counter;
2. appointment tickets whose slot has begun;
3. priority groups, FIFO — but after K priority calls in a row at this counter the next
   call takes the longest-waiting regular, so priority never starves everyone else;
4. regulars: first those past their service's maximum wait, then FIFO by the time they
   joined this service's queue (ties: the counter's service order).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from queue_core.ticket import Priority, Ticket, TicketStatus


def _fifo(services: Sequence[str]) -> object:
    rank = {sid: i for i, sid in enumerate(services)}

    def key(t: Ticket) -> tuple[datetime, int, int]:
        return (t.queued_at, rank.get(t.service_id, len(rank)), t.id)

    return key


def _lanes(
    tickets: Iterable[Ticket],
    counter_id: int | None,
    services: Sequence[str],
    now: datetime,
    max_wait_minutes: Mapping[str, float],
) -> tuple[list[Ticket], list[Ticket], list[Ticket], list[Ticket]]:
    """Split candidates into the four lanes, each already in its own order."""
    mine, due, priority, regular = [], [], [], []
    allowed = set(services)
    for t in tickets:
        if t.status is not TicketStatus.WAITING or t.service_id not in allowed:
            continue
        if t.target_counter_id is not None:
            # Sent to one loket on purpose: only that loket takes it (first). A queue-wide
            # view (counter_id None) puts it first too, as its loket will.
            if counter_id is None or t.target_counter_id == counter_id:
                mine.append(t)
            continue
        if t.priority is Priority.APPOINTMENT and t.appointment_at and t.appointment_at <= now:
            due.append(t)
        elif t.is_priority:
            priority.append(t)
        else:
            regular.append(t)
    key = _fifo(services)
    mine.sort(key=key)  # type: ignore[arg-type]
    due.sort(key=lambda t: (t.appointment_at, t.queued_at, t.id))
    priority.sort(key=key)  # type: ignore[arg-type]

    def overdue(t: Ticket) -> bool:
        limit = max_wait_minutes.get(t.service_id)
        return limit is not None and (now - t.queued_at).total_seconds() > limit * 60

    regular.sort(key=lambda t: (not overdue(t), *key(t)))  # type: ignore[operator]
    return mine, due, priority, regular


def _pick(
    lanes: tuple[list[Ticket], list[Ticket], list[Ticket], list[Ticket]], streak: int, k: int
) -> tuple[Ticket | None, int]:
    mine, due, priority, regular = lanes
    if mine:
        return mine.pop(0), streak
    if due:
        return due.pop(0), streak
    if priority and (streak < k or not regular):
        return priority.pop(0), streak + 1
    if regular:
        return regular.pop(0), 0
    return None, streak


def choose_next(
    tickets: Iterable[Ticket],
    *,
    counter_id: int,
    services: Sequence[str],
    now: datetime,
    streak: int,
    k: int,
    max_wait_minutes: Mapping[str, float],
) -> tuple[Ticket | None, int]:
    """The ticket this counter calls now, and the counter's new priority streak."""
    lanes = _lanes(tickets, counter_id, services, now, max_wait_minutes)
    return _pick(lanes, streak, k)


def queue_order(
    tickets: Iterable[Ticket],
    *,
    services: Sequence[str],
    now: datetime,
    k: int,
    max_wait_minutes: Mapping[str, float],
) -> list[Ticket]:
    """The order in which these waiting tickets would be called by one counter starting
    a fresh streak: what `position` and the counter's waiting list show. Tickets sent to a
    specific counter go first, as that counter will take them first."""
    lanes = _lanes(tickets, None, services, now, max_wait_minutes)
    order: list[Ticket] = []
    streak = 0
    while True:
        ticket, streak = _pick(lanes, streak, k)
        if ticket is None:
            return order
        order.append(ticket)


def position_on_arrival(
    *, targeted: int, due: int, priority: int, regular: int, is_priority: bool, k: int
) -> int:
    """Position of a ticket that just joined the back of its lane, from lane counts alone.

    Equal to its index in `queue_order` (a property test holds them together), but O(1):
    issuing must not slow down as the morning queue grows. With a fresh streak, calls go
    K priority, 1 regular, K priority, … so a new regular (after R regulars) waits for
    min(P, K·(R+1)) priority calls, and a new priority (after P) for min(R, P // K) regulars.
    """
    first = targeted + due
    if is_priority:
        return first + priority + min(regular, priority // k)
    return first + regular + min(priority, k * (regular + 1))
