"""The ticket and its life.

```
waiting ──call──► called ──start──► serving ──finish──► done
   │  ▲             │  ▲ recall        │
   │  └─requeue── no_show              │
 cancel          transfer (from called or serving) → waiting at another service
   ▼             end of hall day: waiting/called → expired
cancelled
```
Every transition is one function: it takes the ticket, returns the new ticket and the
events to commit with it, or raises InvalidTransition and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from queue_core import events as ev
from queue_core.errors import InvalidTransition
from queue_core.numbering import format_number


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class Priority(StrEnum):
    REGULAR = "regular"
    ELDERLY = "elderly"
    DISABILITY = "disability"
    PREGNANT = "pregnant"
    CHILD = "child"
    APPOINTMENT = "appointment"


PRIORITY_GROUPS = frozenset(
    {Priority.ELDERLY, Priority.DISABILITY, Priority.PREGNANT, Priority.CHILD}
)
"""Groups the law (UU 25/2009 art. 29) owes special treatment."""

HELD = frozenset({TicketStatus.CALLED, TicketStatus.SERVING})
"""Statuses in which a ticket occupies its counter."""

_STATUS_ID = {
    TicketStatus.WAITING: "menunggu",
    TicketStatus.CALLED: "dipanggil",
    TicketStatus.SERVING: "sedang dilayani",
    TicketStatus.DONE: "selesai",
    TicketStatus.NO_SHOW: "tidak hadir",
    TicketStatus.CANCELLED: "dibatalkan",
    TicketStatus.EXPIRED: "kedaluwarsa",
}


@dataclass(frozen=True)
class Ticket:
    id: int
    day: date
    service_id: str
    prefix: str
    running: int
    status: TicketStatus
    priority: Priority
    issued_at: datetime
    queued_at: datetime
    """When it joined its current service's queue: the FIFO key (a transfer resets it)."""
    called_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    counter_id: int | None = None
    """The counter holding it (called/serving) or that last handled it."""
    target_counter_id: int | None = None
    """Set by a transfer to a specific counter: that counter calls it first."""
    recalls: int = 0
    appointment_at: datetime | None = None

    @property
    def number(self) -> str:
        return format_number(self.prefix, self.running)

    @property
    def is_priority(self) -> bool:
        return self.priority in PRIORITY_GROUPS


Change = tuple[Ticket, list[ev.Event]]


def _event(kind: type[ev.TicketEvent], ticket: Ticket, at: datetime) -> ev.TicketEvent:
    return kind(
        at=at,
        ticket_id=ticket.id,
        number=ticket.number,
        service_id=ticket.service_id,
        counter_id=ticket.counter_id,
        priority=ticket.priority.value,
        status=ticket.status.value,
    )


def _require(ticket: Ticket, action_id: str, action_en: str, *allowed: TicketStatus) -> None:
    if ticket.status not in allowed:
        raise InvalidTransition(
            f"Tiket {ticket.number} berstatus {_STATUS_ID[ticket.status]}; tidak dapat {action_id}.",
            f"Ticket {ticket.number} is {ticket.status.value}; it cannot be {action_en}.",
        )


def issued(ticket: Ticket) -> Change:
    """A new ticket's event (the ticket itself is built by the store with its number)."""
    if ticket.status is not TicketStatus.WAITING:
        raise ValueError("a new ticket waits")
    return ticket, [_event(ev.TicketIssued, ticket, ticket.issued_at)]


def call(ticket: Ticket, counter_id: int, now: datetime) -> Change:
    _require(ticket, "dipanggil", "called", TicketStatus.WAITING)
    new = replace(
        ticket,
        status=TicketStatus.CALLED,
        counter_id=counter_id,
        target_counter_id=None,
        called_at=now,
        started_at=None,
        recalls=0,
    )
    return new, [_event(ev.TicketCalled, new, now)]


def recall(ticket: Ticket, now: datetime) -> Change:
    _require(ticket, "dipanggil ulang", "recalled", TicketStatus.CALLED)
    new = replace(ticket, recalls=ticket.recalls + 1)
    return new, [_event(ev.TicketRecalled, new, now)]


def start(ticket: Ticket, now: datetime) -> Change:
    _require(ticket, "mulai dilayani", "started", TicketStatus.CALLED)
    new = replace(ticket, status=TicketStatus.SERVING, started_at=now)
    return new, [_event(ev.TicketServing, new, now)]


def finish(ticket: Ticket, now: datetime) -> Change:
    _require(ticket, "diselesaikan", "finished", TicketStatus.SERVING)
    new = replace(ticket, status=TicketStatus.DONE, finished_at=now)
    return new, [_event(ev.TicketFinished, new, now)]


def no_show(ticket: Ticket, now: datetime) -> Change:
    _require(ticket, "ditandai tidak hadir", "marked no-show", TicketStatus.CALLED)
    new = replace(ticket, status=TicketStatus.NO_SHOW, finished_at=now)
    return new, [_event(ev.TicketNoShow, new, now)]


def requeue(ticket: Ticket, now: datetime) -> Change:
    """A no-show who came back joins the back of the queue: jumping ahead of those who
    stayed would reward leaving the hall."""
    _require(ticket, "dimasukkan kembali ke antrean", "requeued", TicketStatus.NO_SHOW)
    new = replace(
        ticket,
        status=TicketStatus.WAITING,
        queued_at=now,
        counter_id=None,
        called_at=None,
        finished_at=None,
        recalls=0,
    )
    return new, [_event(ev.TicketRequeued, new, now)]


def transfer(ticket: Ticket, service_id: str, counter_id: int | None, now: datetime) -> Change:
    """Send to wait at another service, keeping number and tracking token."""
    _require(ticket, "dialihkan", "transferred", TicketStatus.CALLED, TicketStatus.SERVING)
    new = replace(
        ticket,
        status=TicketStatus.WAITING,
        service_id=service_id,
        queued_at=now,
        counter_id=None,
        target_counter_id=counter_id,
        called_at=None,
        started_at=None,
        recalls=0,
    )
    moved = _event(ev.TicketTransferred, new, now)
    return new, [replace(moved, counter_id=counter_id)]


def cancel(ticket: Ticket, now: datetime) -> Change:
    _require(ticket, "dibatalkan", "cancelled", TicketStatus.WAITING)
    new = replace(ticket, status=TicketStatus.CANCELLED, finished_at=now)
    return new, [_event(ev.TicketCancelled, new, now)]


def expire(ticket: Ticket, now: datetime) -> Change:
    _require(ticket, "kedaluwarsa", "expired", TicketStatus.WAITING, TicketStatus.CALLED)
    new = replace(ticket, status=TicketStatus.EXPIRED, finished_at=now)
    return new, [_event(ev.TicketExpired, new, now)]
