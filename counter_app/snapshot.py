"""The counter's whole truth read over REST: used when it opens, after every action, after
a reconnect, and whenever an event says something changed that events alone cannot tell
(a waiting ticket's position, its issue time, a recall count)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from queue_client import HallClient
from queue_client.models import Counter, Ticket
from queue_core.ticket import HELD, TicketStatus


@dataclass(frozen=True)
class Snapshot:
    head: int
    """The event log's head read *before* the rest: every event up to it is reflected
    here; later ones may or may not be, so the model re-applies those it has seen."""
    counter: Counter
    held: Ticket | None
    waiting: tuple[Ticket, ...]
    """Waiting tickets of the counter's services, with their `position`."""
    handled: tuple[Ticket, ...]
    """The hall day's tickets whose counter_id is this counter (held, done, no-show)."""


def take_snapshot(client: HallClient, counter_id: int, service_ids: Collection[str]) -> Snapshot:
    """Blocking: run it off the GUI thread."""
    head = client.health().last_seq
    counter = next(c for c in client.counters() if c.id == counter_id)
    handled = tuple(client.tickets(counter_id=counter_id))
    waiting = tuple(
        t for t in client.tickets(status=TicketStatus.WAITING) if t.service_id in service_ids
    )
    held = next((t for t in handled if t.status in HELD), None)
    return Snapshot(head, counter, held, waiting, handled)
