"""The counter's whole truth read over REST: used when it opens, after every action, after
a reconnect, and whenever an event says something changed that events alone cannot tell
(a recall count)."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.queue_line import QueueAnswer, read_queue
from queue_client import HallClient
from queue_client.models import Counter, Ticket
from queue_core.ticket import HELD


@dataclass(frozen=True)
class Snapshot:
    head: int
    """The event log's head read *before* the rest: every event up to it is reflected
    here; later ones may or may not be, so the model re-applies those it has seen."""
    counter: Counter
    held: Ticket | None
    queue: QueueAnswer
    """The counter's waiting list in the order its call-next takes it (the server's)."""
    handled: tuple[Ticket, ...]
    """The hall day's tickets whose counter_id is this counter (held, done, no-show)."""


def take_snapshot(client: HallClient, counter_id: int) -> Snapshot:
    """Blocking: run it off the GUI thread."""
    head = client.health().last_seq
    counter = next(c for c in client.counters() if c.id == counter_id)
    handled = tuple(client.tickets(counter_id=counter_id))
    queue = read_queue(client, counter_id)
    held = next((t for t in handled if t.status in HELD), None)
    return Snapshot(head, counter, held, queue, handled)
