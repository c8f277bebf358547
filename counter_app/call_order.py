"""The order in which this counter will call its waiting tickets, as far as a client can
tell.

The server gives each waiting ticket its `position` within its own service, in the true
dispatch order (tickets sent to a loket first, priority groups with the K-in-a-row rule,
overdue regulars, FIFO by when they joined the queue). A counter serving several services
needs those lists merged. The merge keeps each service's own order exactly and, between
services, takes a priority citizen before a regular one, then whoever has held a number
longest. Dispatch does the same, except that it also breaks a run of priority calls after
K in a row across all services, and its FIFO key is when a ticket joined this queue (a
requeue or transfer restarts it), which the REST ticket does not carry. So across
services the list is a close estimate; the first entry is what F1 will most likely call.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from queue_client.models import Ticket
from queue_core.ticket import PRIORITY_GROUPS


def _within_service(ticket: Ticket) -> tuple[bool, int, object, int]:
    # A ticket just seen in an event has no position yet: it joined last.
    return (ticket.position is None, ticket.position or 0, ticket.issued_at, ticket.id)


def call_order(waiting: Iterable[Ticket], service_ids: Sequence[str]) -> list[Ticket]:
    """`waiting` of the counter's services (others are ignored), merged into one list."""
    rank = {sid: i for i, sid in enumerate(service_ids)}
    lanes: dict[str, list[Ticket]] = {sid: [] for sid in service_ids}
    for ticket in waiting:
        if ticket.service_id in lanes:
            lanes[ticket.service_id].append(ticket)
    for lane in lanes.values():
        lane.sort(key=_within_service, reverse=True)  # pop() takes the head from the end

    def between_services(ticket: Ticket) -> tuple[bool, bool, object, int]:
        return (
            ticket.position is None,
            ticket.priority not in PRIORITY_GROUPS,
            ticket.issued_at,
            rank[ticket.service_id],
        )

    order: list[Ticket] = []
    while True:
        heads = [lane for lane in lanes.values() if lane]
        if not heads:
            return order
        order.append(min(heads, key=lambda lane: between_services(lane[-1])).pop())


def counts_by_service(waiting: Iterable[Ticket], service_ids: Sequence[str]) -> dict[str, int]:
    """How many wait at each of the counter's services, in the counter's service order."""
    counts = dict.fromkeys(service_ids, 0)
    for ticket in waiting:
        if ticket.service_id in counts:
            counts[ticket.service_id] += 1
    return counts
