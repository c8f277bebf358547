"""Today's service events of one counter, read back from the hall's event log.

The REST ticket has no start or finish time, so a counter app opened mid-day (or
restarted) reads the `ticket.serving`/`ticket.finished` events of the hall day from the
log. The log cannot be asked by date, but its `seq` grows with time, so the first event
of the day is found by bisection on `at` (about twenty one-event reads even for a log of
months), then the day is read forward a page at a time.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from counter_app.figures import SERVICE_EVENTS
from queue_client import HallClient
from queue_client.models import Event, Hall

PAGE = 1000


def day_start(hall: Hall) -> datetime:
    """Local midnight of the hall day (Asia/Jakarta, …), as an aware datetime."""
    return datetime.combine(hall.day, time(0), ZoneInfo(hall.timezone))


def first_seq_since(client: HallClient, moment: datetime, head: int) -> int:
    """The smallest seq whose event happened at or after `moment` (head + 1 if none).
    Relies on the contract: seq has no gaps and grows with time."""
    low, high = 1, head + 1
    while low < high:
        middle = (low + high) // 2
        page = client.events(since=middle - 1, limit=1)
        if not page.events or page.events[0].at >= moment:
            high = middle
        else:
            low = middle + 1
    return low


def service_events_today(
    client: HallClient, hall: Hall, counter_id: int, up_to: int
) -> list[Event]:
    """This counter's serving/finished events of the hall day with seq ≤ `up_to` (the live
    stream delivers the later ones). Blocking: run it off the GUI thread."""
    since = first_seq_since(client, day_start(hall), up_to) - 1
    found: list[Event] = []
    while since < up_to:
        page = client.events(since=since, limit=PAGE)
        if not page.events:
            break
        for event in page.events:
            if event.seq > up_to:
                return found
            if event.type in SERVICE_EVENTS and event.data.get("counter_id") == counter_id:
                found.append(event)
        since = page.events[-1].seq
    return found
