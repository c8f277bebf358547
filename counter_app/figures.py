"""Today's figures for one counter: served, mean service time, mean wait of its citizens.

Served and waits come from the REST tickets the counter handled (`counter_id`, `issued_at`,
`called_at`). Service time needs when service started and ended, which the REST ticket
does not carry; the event log does (`ticket.serving` and `ticket.finished`, each with
`at`), so it is measured from those events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from queue_client.models import Event, Ticket
from queue_core import events as ev
from queue_core.ticket import TicketStatus

SERVICE_EVENTS = frozenset({ev.TicketServing.type, ev.TicketFinished.type})


@dataclass(frozen=True)
class Figures:
    served: int = 0
    no_shows: int = 0
    mean_service: timedelta | None = None
    timed: int = 0
    """How many services the mean service time is over."""
    mean_wait: timedelta | None = None
    called: int = 0
    """How many citizens the mean wait is over (everyone this counter called)."""


def service_times(events: Iterable[Event], counter_id: int) -> list[timedelta]:
    """From each `ticket.serving` at this counter to the `ticket.finished` that follows it.
    A service handed on by a transfer has no finish here and is not counted."""
    started: dict[int, datetime] = {}
    times: list[timedelta] = []
    for event in sorted(events, key=lambda e: e.seq):
        if event.data.get("counter_id") != counter_id:
            continue
        ticket_id = event.data["ticket_id"]
        if event.type == ev.TicketServing.type:
            started[ticket_id] = event.at
        elif event.type == ev.TicketFinished.type and ticket_id in started:
            times.append(event.at - started.pop(ticket_id))
    return times


def _mean(values: list[timedelta]) -> timedelta | None:
    return sum(values, timedelta()) / len(values) if values else None


def today_figures(
    handled: Iterable[Ticket], service_events: Iterable[Event], counter_id: int
) -> Figures:
    """`handled`: the hall day's tickets whose `counter_id` is this counter. A citizen's
    wait runs from taking the number to being called here (for a transferred citizen that
    includes the wait at the first service: the REST ticket keeps only `issued_at`)."""
    mine = [t for t in handled if t.counter_id == counter_id]
    waits = [t.called_at - t.issued_at for t in mine if t.called_at is not None]
    times = service_times(service_events, counter_id)
    return Figures(
        served=sum(t.status is TicketStatus.DONE for t in mine),
        no_shows=sum(t.status is TicketStatus.NO_SHOW for t in mine),
        mean_service=_mean(times),
        timed=len(times),
        mean_wait=_mean(waits),
        called=len(waits),
    )
