"""What the desktop board shows when it starts, read over REST (plain Python, no Qt).

The same picture the web board's page carries (`queue_server/routes/display.py`), built
from the public API with a display token: the log's head first, then the counters and
the day's events up to that head. The live stream then follows from the head; whatever
committed between the reads is replayed on top, and replaying a call, a finish or a
pause again leaves the same screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from queue_client import HallClient
from queue_client.models import Event
from queue_core.numbering import hall_day

LAST_CALLS = 7  # the big one and six before it
ANNOUNCEMENTS = 3
TAIL_EVENTS = 2000
PAGE = 1000
CALL_TYPES = {"ticket.called": False, "ticket.recalled": True}


class UnknownZone(ValueError):
    def __init__(self, zone: str, zones: list[str]) -> None:
        super().__init__(f"zona {zone!r} tidak dikenal; zona mal ini: {', '.join(zones) or '-'}")
        self.zone, self.zones = zone, zones


class UnknownAgency(ValueError):
    """An `--agency` that is not in the hall: the board cannot start as asked."""

    def __init__(self, unknown: list[str], agencies: list[tuple[str, str]]) -> None:
        listed = ", ".join(f"{id_} ({short})" for id_, short in agencies) or "-"
        super().__init__(
            f"agency {', '.join(map(repr, unknown))} is not in this hall; use one of: {listed}"
        )
        self.unknown, self.agencies = unknown, agencies


@dataclass(frozen=True)
class TileState:
    id: int
    name: str
    agency: str
    status: str  # open / paused / closed
    number: str | None
    called: bool


@dataclass(frozen=True)
class ShownCall:
    seq: int
    number: str
    counter_id: int
    at: datetime
    recall: bool = False

    @classmethod
    def from_event(cls, event: Event) -> ShownCall:
        return cls(
            seq=event.seq,
            number=str(event.data["number"]),
            counter_id=int(event.data["counter_id"]),
            at=event.at,
            recall=CALL_TYPES[event.type],
        )


@dataclass(frozen=True)
class BoardSnapshot:
    last_seq: int
    hall_name: str
    timezone: str
    day: date
    """The hall day the snapshot shows (its calls are of this day only)."""
    zone: str | None
    agency_label: str
    """The short names of the agencies the board is limited to ("" for all)."""
    running_text: str
    counters: tuple[TileState, ...]
    calls: tuple[ShownCall, ...]
    """Newest first."""
    announcements: tuple[str, ...]
    """Newest first."""


def take_snapshot(
    client: HallClient, zone: str | None, now: datetime, agencies: Sequence[str] = ()
) -> BoardSnapshot:
    """Blocking: run it off the GUI thread. `agencies` (ids from the hall file) limits
    the board to those agencies' counters, on top of the zone."""
    head = client.health().last_seq  # the head first: see the module's docstring
    hall = client.hall()
    known = {a.id: a.short for a in hall.agencies}
    wanted = [a.strip() for a in agencies if a.strip()]
    unknown = [a for a in wanted if a not in known]
    if unknown:
        raise UnknownAgency(unknown, sorted(known.items()))
    counters = client.counters()
    zones = sorted({c.zone for c in counters if c.zone})
    if zone:
        chosen = next((z for z in zones if z.casefold() == zone.strip().casefold()), None)
        if chosen is None:
            raise UnknownZone(zone, zones)
        zone = chosen
    shorts = {a.id: a.short for a in hall.agencies}
    tiles = tuple(
        TileState(
            id=c.id,
            name=c.name,
            agency=shorts.get(c.agency_id, ""),
            status=str(c.status),
            number=c.current.number if c.current else None,
            called=bool(c.current and str(c.current.status) == "called"),
        )
        for c in counters
        if (zone is None or c.zone == zone) and (not wanted or c.agency_id in wanted)
    )
    in_zone = {t.id for t in tiles}
    today = hall_day(now, hall.timezone)
    calls: list[ShownCall] = []
    texts: list[str] = []
    since = max(0, head - TAIL_EVENTS)
    while since < head:
        page = client.events(since, min(PAGE, head - since))
        if not page.events:
            break
        for event in page.events:
            since = event.seq
            if event.seq > head:
                break
            if hall_day(event.at, hall.timezone) != today:
                continue
            if event.type in CALL_TYPES and event.data.get("counter_id") in in_zone:
                calls.append(ShownCall.from_event(event))
            elif event.type == "hall.announcement" and event.data.get("text"):
                texts.append(str(event.data["text"]))
    newest_first: list[ShownCall] = []
    for call in reversed(calls):  # a recall is one line, at its latest place
        if all(c.number != call.number for c in newest_first):
            newest_first.append(call)
    return BoardSnapshot(
        last_seq=head,
        hall_name=hall.name,
        timezone=hall.timezone,
        day=today,
        zone=zone,
        agency_label=", ".join(known[a] for a in dict.fromkeys(wanted)),
        running_text=hall.running_text,
        counters=tiles,
        calls=tuple(newest_first[:LAST_CALLS]),
        announcements=tuple(texts[-ANNOUNCEMENTS:][::-1]),
    )
