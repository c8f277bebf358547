"""The server's answers as small frozen dataclasses: plain Python, no Qt, no I/O.

Each `from_json` reads only the fields it knows, so a newer server that adds fields does
not break an older kiosk (the contract says clients ignore what they do not know).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from queue_core.counter import CounterStatus
from queue_core.ticket import Priority, TicketStatus

Json = Mapping[str, Any]


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class Session:
    """A signed-in staff user (POST /auth/login)."""

    access_token: str = field(repr=False)
    role: str
    expires_at: datetime
    agency_id: str | None = None
    """The user's agency, when the hall set one: they work only its counters."""

    @classmethod
    def from_json(cls, d: Json) -> Session:
        return cls(
            d["access_token"],
            d["role"],
            datetime.fromisoformat(d["expires_at"]),
            d.get("agency_id"),
        )


@dataclass(frozen=True)
class Me:
    """Who a token belongs to (GET /auth/me): apps check theirs at start with it."""

    kind: str
    """ "user" or "device"."""
    name: str
    role: str
    agency_id: str | None = None

    @classmethod
    def from_json(cls, d: Json) -> Me:
        return cls(d["kind"], d["name"], d["role"], d.get("agency_id"))


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    short: str

    @classmethod
    def from_json(cls, d: Json) -> Agency:
        return cls(d["id"], d["name"], d.get("short") or d["name"])


@dataclass(frozen=True)
class Hall:
    name: str
    timezone: str
    day: date
    """The hall's local date: numbers restart with it."""
    agencies: tuple[Agency, ...]
    opens: str | None = None
    closes: str | None = None
    running_text: str = ""
    running_text_en: str = ""
    """The running text's English, or "" where the hall file has none."""

    @classmethod
    def from_json(cls, d: Json) -> Hall:
        return cls(
            name=d["name"],
            timezone=d["timezone"],
            day=date.fromisoformat(d["day"]),
            agencies=tuple(Agency.from_json(a) for a in d["agencies"]),
            opens=d.get("opens"),
            closes=d.get("closes"),
            running_text=d.get("running_text") or "",
            running_text_en=d.get("running_text_en") or "",
        )


def wide(low: int | None, high: int | None) -> bool:
    """A range wider than six minutes is shown as the range, not one number."""
    return low is not None and high is not None and high - low > 6


@dataclass(frozen=True)
class Service:
    id: str
    agency_id: str
    prefix: str
    name: str
    name_en: str
    requirements: tuple[str, ...]
    open: bool
    """False outside its hours or when today's quota is used up."""
    quota_per_day: int | None
    remaining_today: int | None
    waiting: int
    eta_minutes: int | None
    hours: tuple[str, str] | None = None
    nik_required: bool = False
    eta_low: int | None = None
    eta_high: int | None = None
    """The range the wait most likely falls in (docs/eta.md); absent from older servers."""
    dossier_days: int | None = None
    """Working days to finish a dossier (docs/dossiers.md); None: the service takes none."""
    pickup: bool = False
    """The agency's pickup line: reached by scanning a ready dossier's visit QR."""

    @property
    def eta_wide(self) -> bool:
        return wide(self.eta_low, self.eta_high)

    @classmethod
    def from_json(cls, d: Json) -> Service:
        hours = d.get("hours")
        return cls(
            id=d["id"],
            agency_id=d["agency_id"],
            prefix=d["prefix"],
            name=d["name"],
            name_en=d["name_en"],
            requirements=tuple(d["requirements"]),
            open=d["open"],
            quota_per_day=d["quota_per_day"],
            remaining_today=d["remaining_today"],
            waiting=d["waiting"],
            eta_minutes=d["eta_minutes"],
            hours=(hours[0], hours[1]) if hours else None,
            nik_required=bool(d.get("nik_required", False)),
            eta_low=d.get("eta_low"),
            eta_high=d.get("eta_high"),
            dossier_days=d.get("dossier_days"),
            pickup=bool(d.get("pickup", False)),
        )


@dataclass(frozen=True)
class HeldTicket:
    """The ticket a counter holds (called or serving), as the counter list shows it."""

    number: str
    status: TicketStatus


@dataclass(frozen=True)
class Counter:
    id: int
    name: str
    agency_id: str
    zone: str | None
    service_ids: tuple[str, ...]
    status: CounterStatus
    current: HeldTicket | None
    opened_by: str | None = None
    """Who holds it open (staff callers only; None when closed or not told)."""

    @classmethod
    def from_json(cls, d: Json) -> Counter:
        current = d.get("current")
        return cls(
            id=d["id"],
            name=d["name"],
            agency_id=d["agency_id"],
            zone=d.get("zone"),
            service_ids=tuple(d["service_ids"]),
            status=CounterStatus(d["status"]),
            current=HeldTicket(current["number"], TicketStatus(current["status"]))
            if current
            else None,
            opened_by=d.get("opened_by"),
        )


@dataclass(frozen=True)
class Ticket:
    id: int
    number: str
    service_id: str
    status: TicketStatus
    priority: Priority
    issued_at: datetime
    called_at: datetime | None
    counter_id: int | None
    recalls: int
    position: int | None
    """Tickets to be called before this one at its service (0 = next)."""
    eta_minutes: int | None
    # Whoever holds the token can follow the citizen's place in the queue: keep it out of
    # logs and reprs; it belongs on the printed QR only.
    tracking_token: str = field(repr=False)
    tracking_url: str = field(repr=False)
    nik_masked: str | None
    elderly_suggested: bool = False
    """Only in an issue answer: the NIK says 60 or older; the kiosk may offer the priority."""
    appointment_at: datetime | None = None
    """A booking's check-in: the start of its slot (the counter shows it)."""
    eta_low: int | None = None
    eta_high: int | None = None
    dossier_reference: str | None = None
    """Only in a pickup's issue answer: the dossier this ticket collects."""

    @property
    def eta_wide(self) -> bool:
        return wide(self.eta_low, self.eta_high)

    @classmethod
    def from_json(cls, d: Json) -> Ticket:
        return cls(
            id=d["id"],
            number=d["number"],
            service_id=d["service_id"],
            status=TicketStatus(d["status"]),
            priority=Priority(d["priority"]),
            issued_at=datetime.fromisoformat(d["issued_at"]),
            called_at=_when(d.get("called_at")),
            counter_id=d.get("counter_id"),
            recalls=d.get("recalls", 0),
            position=d.get("position"),
            eta_minutes=d.get("eta_minutes"),
            eta_low=d.get("eta_low"),
            eta_high=d.get("eta_high"),
            # A display token reads the board's projection: no tracking token or URL.
            tracking_token=d.get("tracking_token", ""),
            tracking_url=d.get("tracking_url", ""),
            nik_masked=d.get("nik_masked"),
            elderly_suggested=bool(d.get("elderly_suggested", False)),
            appointment_at=_when(d.get("appointment_at")),
            dossier_reference=d.get("dossier_reference"),
        )


@dataclass(frozen=True)
class CounterQueue:
    """GET /counters/{id}/queue: the tickets this counter may call, in the order its
    call-next will take them (see docs/api.md, Counters)."""

    counter_id: int
    last_seq: int
    """The event head read before the tickets: the answer reflects every event up to it."""
    waiting: int
    """Everyone the counter may call, beyond the page's limit too."""
    per_service: dict[str, int]
    """Waiting per service of the counter, in the counter's own order."""
    tickets: tuple[Ticket, ...]

    @classmethod
    def from_json(cls, d: Json) -> CounterQueue:
        return cls(
            counter_id=d["counter_id"],
            last_seq=d["last_seq"],
            waiting=d["waiting"],
            per_service={s["service_id"]: s["waiting"] for s in d["services"]},
            tickets=tuple(Ticket.from_json(t) for t in d["tickets"]),
        )


@dataclass(frozen=True)
class TrackInfo:
    """What the citizen's phone sees (GET /track/{token})."""

    number: str
    service_name: str
    service_name_en: str
    status: TicketStatus
    position: int | None
    eta_minutes: int | None
    counter_name: str | None
    called_at: datetime | None
    updated_at: datetime

    @classmethod
    def from_json(cls, d: Json) -> TrackInfo:
        return cls(
            number=d["number"],
            service_name=d["service_name"],
            service_name_en=d["service_name_en"],
            status=TicketStatus(d["status"]),
            position=d.get("position"),
            eta_minutes=d.get("eta_minutes"),
            counter_name=d.get("counter_name"),
            called_at=_when(d.get("called_at")),
            updated_at=datetime.fromisoformat(d["updated_at"]),
        )


@dataclass(frozen=True)
class ReadyDossier:
    """A dossier ready for collection, as a board shows it (GET /dossiers/ready): the
    number and day printed on the visit's ticket, and the dossier's reference."""

    agency_id: str
    reference: str
    number: str
    day: date

    @classmethod
    def from_group(cls, group: Json) -> list[ReadyDossier]:
        return [
            cls(group["agency_id"], d["reference"], d["number"], date.fromisoformat(d["day"]))
            for d in group["dossiers"]
        ]


@dataclass(frozen=True)
class Event:
    """One numbered entry of the hall's event log. `type` is one of queue_core.events'
    type names (`ticket.called`, `counter.opened`, …); `data` is its payload as sent."""

    seq: int
    type: str
    at: datetime
    data: Mapping[str, Any]

    @classmethod
    def from_json(cls, d: Json) -> Event:
        return cls(d["seq"], d["type"], datetime.fromisoformat(d["at"]), dict(d["data"]))


@dataclass(frozen=True)
class EventPage:
    events: tuple[Event, ...]
    last_seq: int
    """The head of the hall's log, whatever this page holds."""

    @classmethod
    def from_json(cls, d: Json) -> EventPage:
        return cls(tuple(Event.from_json(e) for e in d["events"]), d["last_seq"])


@dataclass(frozen=True)
class Health:
    status: str
    last_seq: int
    day: date
    now: datetime | None = None
    """The server's clock (older servers do not send it)."""

    @classmethod
    def from_json(cls, d: Json) -> Health:
        now = datetime.fromisoformat(d["now"]) if d.get("now") else None
        return cls(d["status"], d["last_seq"], date.fromisoformat(d["day"]), now)


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class TicketRequest:
    """One citizen's request for a number. It carries its own Idempotency-Key, made once
    when the citizen confirms: every retry of this object, however late, can only ever
    return the same ticket. Make a new one for the next citizen."""

    service_id: str
    priority: Priority = Priority.REGULAR
    nik: str | None = field(default=None, repr=False)  # never in a log line
    booking_code: str | None = None
    lang: str = "id"
    idempotency_key: str = field(default_factory=new_idempotency_key)
    nik_last4: str | None = field(default=None, repr=False)
    """A booking's check-in: its code and the NIK's last 4 digits (or the whole `nik`
    from the e-KTP); the ticket's service is the booking's."""
    tracking_token: str | None = field(default=None, repr=False)
    """A pickup: the tracking token of the visit whose dossier is ready (from its QR);
    the ticket's service is the agency's pickup line."""

    def body(self) -> dict[str, Any]:
        if self.tracking_token is not None:
            return {"tracking_token": self.tracking_token, "lang": self.lang}
        if self.booking_code is not None:
            check_in: dict[str, Any] = {"booking_code": self.booking_code, "lang": self.lang}
            if self.nik is not None:
                check_in["nik"] = self.nik
            else:
                check_in["nik_last4"] = self.nik_last4
            return check_in
        body: dict[str, Any] = {
            "service_id": self.service_id,
            "priority": self.priority.value,
            "lang": self.lang,
        }
        if self.nik is not None:
            body["nik"] = self.nik
        return body
