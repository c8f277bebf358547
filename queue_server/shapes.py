"""The JSON answers of the REST API as pydantic models, for the published OpenAPI only.

The routes build their answers as plain dicts (queue_view.py) and the hot ones encode them
themselves: validating every answer through these models would cost more than the
tracking lookup it documents. So the models describe the wire and never touch it; the
schemathesis run in the test suite (tests/e2e/test_openapi_conformance.py) holds every
answer the server gives against them, with no extra field allowed there.
docs/api.md (and ../shared/design/api.md) stay the words of the contract.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from queue_core.counter import CounterStatus
from queue_core.ticket import Priority, TicketStatus

Role = Literal["admin", "supervisor", "operator", "kiosk", "display"]


class BoardTicket(BaseModel):
    """A Ticket as a display token reads it (the board's projection): without the
    tracking token, a bearer secret for the citizen's page, and without the masked NIK."""

    id: int = Field(ge=1)
    number: str = Field(examples=["A017"])
    service_id: str
    status: TicketStatus
    priority: Priority
    issued_at: datetime
    called_at: datetime | None
    counter_id: int | None
    recalls: int = Field(ge=0)
    position: int | None = Field(
        ge=0, description="Tickets that will be called before this one (0 = next)."
    )
    eta_minutes: int | None = Field(ge=0)
    eta_low: int | None = Field(
        default=None, ge=0, description="The shown range of the wait (80 %), low end, minutes."
    )
    eta_high: int | None = Field(
        default=None, ge=0, description="High end; equal to eta_low when the range is narrow."
    )
    eta_text: str | None = Field(
        default=None,
        description='The wait in words as citizens read it ("20–35 menit", "sekitar 5 menit",'
        ' "menunggu loket dibuka").',
    )


class Ticket(BoardTicket):
    """The contract's Ticket."""

    tracking_token: str
    tracking_url: str = Field(description="The server's base URL + /t/<tracking_token>.")
    nik_masked: str | None = Field(description="All but the last 4 digits replaced by *.")


class IssuedTicket(Ticket):
    elderly_suggested: bool = Field(
        description="The NIK says 60 or older: the kiosk may offer the elderly priority."
    )


class HeldTicket(BaseModel):
    number: str
    status: TicketStatus


class Counter(BaseModel):
    id: int = Field(ge=1, description="The loket number.")
    name: str
    agency_id: str
    zone: str
    service_ids: list[str]
    status: CounterStatus
    current: HeldTicket | None
    opened_by: str | None = Field(
        None,
        description="Who opened it (user name): only for an operator+ caller, and only "
        "while it is open or paused.",
    )


class Service(BaseModel):
    id: str
    agency_id: str
    prefix: str
    name: str
    name_en: str
    requirements: list[str]
    open: bool = Field(description="False outside its hours or when today's quota is used up.")
    hours: list[str] = Field(min_length=2, max_length=2, examples=[["08:00", "15:00"]])
    nik_required: bool
    quota_per_day: int | None
    remaining_today: int | None
    waiting: int = Field(ge=0)
    eta_minutes: int | None
    eta_low: int | None = Field(
        default=None, ge=0, description="The shown range of the wait (80 %), low end, minutes."
    )
    eta_high: int | None = Field(
        default=None, ge=0, description="High end; equal to eta_low when the range is narrow."
    )
    eta_text: str | None = Field(
        default=None,
        description='The wait in words as citizens read it ("20–35 menit", "sekitar 5 menit",'
        ' "menunggu loket dibuka").',
    )


class Agency(BaseModel):
    id: str
    name: str
    short: str


class Hall(BaseModel):
    name: str
    timezone: str = Field(examples=["Asia/Jakarta"])
    day: date = Field(description="The hall day: the hall's local date.")
    opens: str = Field(examples=["08:00"])
    closes: str = Field(examples=["15:00"])
    running_text: str
    running_text_en: str
    agencies: list[Agency]


class Health(BaseModel):
    status: Literal["ok"]
    last_seq: int = Field(ge=0)
    day: date
    now: datetime = Field(description="The server's clock; the apps measure waits on it.")


class Track(BaseModel):
    """What a phone following a ticket sees: no id, no token, no NIK."""

    number: str
    service_name: str
    service_name_en: str
    status: TicketStatus
    position: int | None
    eta_minutes: int | None
    eta_low: int | None = Field(
        default=None, ge=0, description="The shown range of the wait (80 %), low end, minutes."
    )
    eta_high: int | None = Field(
        default=None, ge=0, description="High end; equal to eta_low when the range is narrow."
    )
    eta_text: str | None = Field(
        default=None,
        description='The wait in words as citizens read it ("20–35 menit", "sekitar 5 menit",'
        ' "menunggu loket dibuka").',
    )
    counter_name: str | None
    called_at: datetime | None
    updated_at: datetime


class Event(BaseModel):
    seq: int = Field(ge=1)
    type: str = Field(examples=["ticket.called"])
    at: datetime
    data: dict[str, Any]


class EventPage(BaseModel):
    events: list[Event]
    last_seq: int = Field(ge=0, description="The newest seq in the hall's log.")


class Session(BaseModel):
    access_token: str
    token_type: Literal["bearer"]
    role: Role
    expires_at: datetime
    agency_id: str | None


class Phrase(BaseModel):
    number: str
    counter_id: int
    keys: list[str]
    clips: list[str]
    gap_ms: int = Field(ge=0)


class ServiceWaiting(BaseModel):
    service_id: str
    waiting: int = Field(ge=0)


class CounterQueue(BaseModel):
    counter_id: int
    status: CounterStatus
    priority_streak: int = Field(ge=0)
    last_seq: int = Field(ge=0)
    waiting: int = Field(ge=0)
    services: list[ServiceWaiting]
    tickets: list[Ticket] | list[BoardTicket] = Field(
        description="BoardTicket for a display token, Ticket for everyone else."
    )
