"""What one counter knows about the hall, in plain Python (no Qt): its status, the ticket
it holds, its queue as the server orders it, the tickets it handled today, and its
service events. Snapshots and queue answers replace it; events fold into it.

Folding is idempotent (an event carries the ticket's new status, not a change to apply),
so the session may apply an event again on top of a snapshot that already reflects it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from counter_app.figures import SERVICE_EVENTS, Figures, today_figures
from counter_app.queue_line import QueueAnswer
from counter_app.snapshot import Snapshot
from queue_client.models import Event, Ticket
from queue_core import events as ev
from queue_core.counter import CounterStatus
from queue_core.ticket import HELD, Priority, TicketStatus


class CounterState:
    def __init__(self, counter_id: int, service_ids: Sequence[str], status: CounterStatus) -> None:
        self.counter_id = counter_id
        self.service_ids = tuple(service_ids)
        self.status = status
        self.current: Ticket | None = None
        """The ticket this counter holds (called or serving)."""
        self.queue = QueueAnswer(head=-1)
        """The server's order of this counter's queue, as last read."""
        self.waiting: dict[int, Ticket] = {}
        """The queue's tickets as events have left them since (called ones drop out)."""
        self.handled: dict[int, Ticket] = {}
        """Today's tickets whose counter_id is this counter (held, done, no-show)."""
        self.service_events: dict[int, Event] = {}
        """seq → this counter's ticket.serving / ticket.finished events of the day."""

    # --- reading ------------------------------------------------------------------------

    def call_order(self) -> list[Ticket]:
        """The server's order, less who left the queue since; a ticket known only from a
        later event goes last until the next read places it (a read follows every event)."""
        listed = [self.waiting[t.id] for t in self.queue.tickets if t.id in self.waiting]
        seen = {t.id for t in self.queue.tickets}
        newer = sorted(
            (t for t in self.waiting.values() if t.id not in seen),
            key=lambda t: (t.issued_at, t.id),
        )
        return listed + newer

    def counts(self) -> dict[str, int]:
        """Per service, in the counter's order: the server's counts, corrected for the
        tickets events have moved since (exact whenever the whole queue fits the list)."""
        counts = {s: self.queue.counts.get(s, 0) for s in self.service_ids}
        before = {t.id: t.service_id for t in self.queue.tickets}
        for ticket_id, service_id in before.items():
            now = self.waiting.get(ticket_id)
            if (now is None or now.service_id != service_id) and service_id in counts:
                counts[service_id] = max(0, counts[service_id] - 1)
        for ticket in self.waiting.values():
            if before.get(ticket.id) != ticket.service_id and ticket.service_id in counts:
                counts[ticket.service_id] += 1
        return counts

    def no_shows(self) -> list[Ticket]:
        """Today's no-shows here, latest call first: who may come back."""
        gone = [t for t in self.handled.values() if t.status is TicketStatus.NO_SHOW]
        epoch = datetime.min.replace(tzinfo=UTC)
        return sorted(gone, key=lambda t: t.called_at or epoch, reverse=True)

    def figures(self) -> Figures:
        return today_figures(self.handled.values(), self.service_events.values(), self.counter_id)

    def serving_since(self) -> datetime | None:
        """When service of the held ticket began here (its `ticket.serving` event)."""
        current = self.current
        if current is None or current.status is not TicketStatus.SERVING:
            return None
        starts = [
            e.at
            for e in self.service_events.values()
            if e.type == ev.TicketServing.type and e.data.get("ticket_id") == current.id
        ]
        return max(starts, default=None)

    def concerns(self, event: Event) -> bool:
        """Whether the event can change anything this counter shows."""
        data = event.data
        if event.type.startswith("counter."):
            return data.get("counter_id") == self.counter_id
        if not event.type.startswith("ticket."):
            return False
        ticket_id = data.get("ticket_id")
        return (
            data.get("counter_id") == self.counter_id
            or data.get("service_id") in self.service_ids
            or ticket_id in self.waiting
            or ticket_id in self.handled
            or (self.current is not None and self.current.id == ticket_id)
        )

    # --- changing -----------------------------------------------------------------------

    def replace_with(self, snapshot: Snapshot) -> None:
        self.status = snapshot.counter.status
        self.current = snapshot.held
        self.replace_queue(snapshot.queue)
        self.handled = {t.id: t for t in snapshot.handled}

    def replace_queue(self, queue: QueueAnswer) -> None:
        self.queue = queue
        self.waiting = {t.id: t for t in queue.tickets}

    def add_service_events(self, events: Iterable[Event]) -> None:
        for event in events:
            self.service_events.setdefault(event.seq, event)

    def fold(self, event: Event, queue_knows: bool = False) -> None:
        """Apply one event. Applying it again changes nothing. `queue_knows`: the queue
        as read already reflects it (its place there is the server's, not the event's)."""
        data = event.data
        if event.type.startswith("counter."):
            if data.get("counter_id") == self.counter_id:
                self.status = CounterStatus(data["status"])
            return
        ticket_id = data["ticket_id"]
        known = (
            self.current
            if self.current is not None and self.current.id == ticket_id
            else self.waiting.get(ticket_id) or self.handled.get(ticket_id)
        )
        ticket = moved(known, event)
        if event.type in SERVICE_EVENTS and data.get("counter_id") == self.counter_id:
            self.service_events[event.seq] = event

        if queue_knows:
            pass
        elif ticket.status is TicketStatus.WAITING and ticket.service_id in self.service_ids:
            self.waiting[ticket_id] = ticket
        else:
            self.waiting.pop(ticket_id, None)

        if ticket.status in HELD and ticket.counter_id == self.counter_id:
            self.current = ticket
        elif self.current is not None and self.current.id == ticket_id:
            self.current = None

        if ticket.counter_id == self.counter_id and ticket.status is not TicketStatus.WAITING:
            self.handled[ticket_id] = ticket
        elif ticket.status is TicketStatus.WAITING:
            self.handled.pop(ticket_id, None)  # requeued or transferred: no longer ours


def moved(known: Ticket | None, event: Event) -> Ticket:
    """The ticket as the event leaves it. Events carry status, service, counter and
    priority; the rest comes from what was known (a snapshot fills in the gaps)."""
    data = event.data
    status = TicketStatus(data["status"])
    # A transfer's counter_id names where it was sent; a waiting ticket has no holder.
    holder = None if status is TicketStatus.WAITING else data.get("counter_id")
    if known is None:
        return Ticket(
            id=data["ticket_id"],
            number=data["number"],
            service_id=data["service_id"],
            status=status,
            priority=Priority(data["priority"]),
            issued_at=event.at,  # exact for ticket.issued; a snapshot corrects the others
            called_at=event.at if status is TicketStatus.CALLED else None,
            counter_id=holder,
            recalls=0,
            position=None,
            eta_minutes=None,
            tracking_token="",
            tracking_url="",
            nik_masked=None,
        )
    changes: dict[str, Any] = {
        "status": status,
        "service_id": data["service_id"],
        "priority": Priority(data["priority"]),
        "counter_id": holder,
    }
    if status is TicketStatus.CALLED and known.status is not TicketStatus.CALLED:
        changes |= {"called_at": event.at, "recalls": 0}
    if status is TicketStatus.WAITING:
        same_place = known.status is TicketStatus.WAITING and known.service_id == data["service_id"]
        changes |= {"called_at": None, "position": known.position if same_place else None}
    return replace(known, **changes)
