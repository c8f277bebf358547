"""Events: what happened in the hall, as small dataclasses.

The server numbers them (`seq`) in the transaction that commits the change; `event_json`
is the one place their wire form is made. Ticket events never carry a NIK or a tracking
token: boards and counters see them, and so does anyone watching the LAN.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

compact_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
"""The one JSON text form (UTF-8 text, no spaces). A shared encoder: json.dumps with
options builds a new one per call, which showed up at a thousand calls a second."""


def iso(moment: datetime) -> str:
    """UTC with an explicit offset, millisecond precision: the one timestamp form on the wire."""
    return moment.isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Event:
    type: ClassVar[str] = ""
    at: datetime

    def data(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass(frozen=True)
class TicketEvent(Event):
    ticket_id: int
    number: str
    service_id: str
    counter_id: int | None
    priority: str
    status: str

    def data(self) -> dict[str, Any]:
        return {
            "ticket_id": self.ticket_id,
            "number": self.number,
            "service_id": self.service_id,
            "counter_id": self.counter_id,
            "priority": self.priority,
            "status": self.status,
        }


@dataclass(frozen=True)
class TicketIssued(TicketEvent):
    """A citizen took a number at a kiosk (or staff issued one)."""

    type: ClassVar[str] = "ticket.issued"


@dataclass(frozen=True)
class TicketCalled(TicketEvent):
    """A counter called the ticket: boards show and announce it."""

    type: ClassVar[str] = "ticket.called"


@dataclass(frozen=True)
class TicketRecalled(TicketEvent):
    """The counter called the same ticket again: boards announce it again."""

    type: ClassVar[str] = "ticket.recalled"


@dataclass(frozen=True)
class TicketServing(TicketEvent):
    """The citizen arrived at the counter and service began."""

    type: ClassVar[str] = "ticket.serving"


@dataclass(frozen=True)
class TicketFinished(TicketEvent):
    """Service is done."""

    type: ClassVar[str] = "ticket.finished"


@dataclass(frozen=True)
class TicketNoShow(TicketEvent):
    """Called but never came."""

    type: ClassVar[str] = "ticket.no_show"


@dataclass(frozen=True)
class TicketTransferred(TicketEvent):
    """Sent to wait at another service (counter_id: the counter it was sent to, if any)."""

    type: ClassVar[str] = "ticket.transferred"


@dataclass(frozen=True)
class TicketRequeued(TicketEvent):
    """A no-show came back and waits again."""

    type: ClassVar[str] = "ticket.requeued"


@dataclass(frozen=True)
class TicketCancelled(TicketEvent):
    """Withdrawn while waiting."""

    type: ClassVar[str] = "ticket.cancelled"


@dataclass(frozen=True)
class TicketExpired(TicketEvent):
    """Left waiting or called when the hall day ended."""

    type: ClassVar[str] = "ticket.expired"


@dataclass(frozen=True)
class CounterEvent(Event):
    counter_id: int
    name: str
    status: str

    def data(self) -> dict[str, Any]:
        return {"counter_id": self.counter_id, "name": self.name, "status": self.status}


@dataclass(frozen=True)
class CounterOpened(CounterEvent):
    """The counter opened (or resumed after a pause) and may call."""

    type: ClassVar[str] = "counter.opened"


@dataclass(frozen=True)
class CounterPaused(CounterEvent):
    """Istirahat: the counter keeps its ticket but calls no one."""

    type: ClassVar[str] = "counter.paused"


@dataclass(frozen=True)
class CounterClosed(CounterEvent):
    """The counter closed."""

    type: ClassVar[str] = "counter.closed"


@dataclass(frozen=True)
class HallAnnouncement(Event):
    """A line for the boards' running text."""

    type: ClassVar[str] = "hall.announcement"
    text: str

    def data(self) -> dict[str, Any]:
        return {"text": self.text}


@dataclass(frozen=True)
class HallChanged(Event):
    """The hall's configuration changed (a console edit, `antre hall import`): kiosks,
    boards and counter clients refetch what they show from it. Only the new version
    number: what changed is read over REST by whoever may see it."""

    type: ClassVar[str] = "hall.changed"
    version: int

    def data(self) -> dict[str, Any]:
        return {"version": self.version}


EVENT_TYPES: tuple[type[Event], ...] = (
    TicketIssued,
    TicketCalled,
    TicketRecalled,
    TicketServing,
    TicketFinished,
    TicketNoShow,
    TicketTransferred,
    TicketRequeued,
    TicketCancelled,
    TicketExpired,
    CounterOpened,
    CounterPaused,
    CounterClosed,
    HallAnnouncement,
)


def event_json(seq: int, event: Event) -> dict[str, Any]:
    """The wire form `{seq, type, at, data}` of a numbered event."""
    return {"seq": seq, "type": event.type, "at": iso(event.at), "data": event.data()}
