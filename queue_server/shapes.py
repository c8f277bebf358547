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
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from queue_core import survey as skm
from queue_core.counter import CounterStatus
from queue_core.ticket import Priority, TicketStatus

Role = Literal["admin", "supervisor", "operator", "kiosk", "display", "integration"]


# The wait as a range and in words: the same three fields on a ticket, a service and a
# tracked ticket.
EtaLow = Annotated[
    int | None, Field(ge=0, description="The shown range of the wait (80 %), low end, minutes.")
]
EtaHigh = Annotated[
    int | None, Field(ge=0, description="High end; equal to eta_low when the range is narrow.")
]
EtaText = Annotated[
    str | None,
    Field(
        description='The wait in words as citizens read it ("20–35 menit", "sekitar 5 menit",'
        ' "menunggu loket dibuka").'
    ),
]


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
    appointment_at: datetime | None = Field(
        description="A booked arrival's slot start (priority appointment), else null."
    )
    eta_low: EtaLow = None
    eta_high: EtaHigh = None
    eta_text: EtaText = None


class Ticket(BoardTicket):
    """The contract's Ticket."""

    tracking_token: str
    tracking_url: str = Field(description="The server's base URL + /t/<tracking_token>.")
    nik_masked: str | None = Field(description="All but the last 4 digits replaced by *.")


class IssuedTicket(Ticket):
    elderly_suggested: bool = Field(
        description="The NIK says 60 or older: the kiosk may offer the elderly priority."
    )
    dossier_reference: str | None = Field(
        default=None,
        description="A pickup ticket (issued with `tracking_token`): the reference of the"
        " dossier it collects, for the print.",
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
    dossier_days: int | None = Field(
        default=None, description="Working days to finish a dossier; null: takes none."
    )
    bookable: bool = Field(description="Takes online bookings (GET /services/{id}/days).")
    pickup: bool = Field(
        default=False,
        description="The agency's pickup line: its tickets come from scanning a ready"
        " dossier's visit QR at the kiosk (docs/dossiers.md), not from a service tile.",
    )
    quota_per_day: int | None
    remaining_today: int | None
    waiting: int = Field(ge=0)
    eta_minutes: int | None
    eta_low: EtaLow = None
    eta_high: EtaHigh = None
    eta_text: EtaText = None


class Agency(BaseModel):
    id: str
    name: str
    short: str


class HolidayEntry(BaseModel):
    date: date
    name: str = Field(examples=["Hari Raya Natal"])


class Hall(BaseModel):
    name: str
    timezone: str = Field(examples=["Asia/Jakarta"])
    day: date = Field(description="The hall day: the hall's local date.")
    opens: str = Field(examples=["08:00"])
    closes: str = Field(examples=["15:00"])
    running_text: str
    running_text_en: str
    agencies: list[Agency]
    days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(
        description="The hall's days; a working day is one of them that is not a holiday."
    )
    holidays: list[HolidayEntry] = Field(description="Holidays of the next 60 days.")


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
    eta_low: EtaLow = None
    eta_high: EtaHigh = None
    eta_text: EtaText = None
    counter_name: str | None
    called_at: datetime | None
    updated_at: datetime
    dossier: TrackDossier | None = Field(
        default=None, description="What was left to be processed after the visit, or null."
    )
    dossier_reference: str | None = Field(
        default=None,
        description="A pickup ticket's dossier (the one it collects), else null.",
        examples=["BRK-20261206-0042"],
    )


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


class BookingDay(BaseModel):
    date: date
    open: bool = Field(description="At least one slot still ahead has a place.")
    reason: Literal["holiday", "closed_day", "full", "no_sessions"] | None
    remaining: int = Field(ge=0, description="Places left in the slots still ahead.")


class BookingSlot(BaseModel):
    start: str = Field(examples=["08:00"])
    end: str = Field(examples=["08:30"])
    capacity: int = Field(ge=1)
    remaining: int = Field(ge=0)


class Booking(BaseModel):
    """The contract's Booking (docs/booking.md). Never the NIK; `nik_masked` only."""

    id: int = Field(ge=1)
    code: str = Field(examples=["7K3M-Q9XA"], description="8 Crockford base32, XXXX-XXXX.")
    service_id: str
    date: date
    start: str = Field(examples=["08:00"])
    end: str = Field(examples=["08:30"])
    status: Literal["booked", "checked_in", "cancelled", "expired"]
    nik_masked: str | None
    ticket_id: int | None
    manage_url: str = Field(description="The server's base URL + /b/<manage_token>.")
    created_at: datetime
    affected: bool = Field(
        description="The day or slot closed after booking (a holiday added): staff call."
    )


class BookingPage(BaseModel):
    items: list[Booking]
    next: str | None = Field(description="Cursor of the following page, or null.")


# ---- SKM survey (docs/survey.md) ---------------------------------------------------------

SurveyState = Literal["not_yet", "open", "answered", "closed"]


def _keys(*names: str) -> dict[str, Any]:
    """An object's allowed keys, taken from the questionnaire itself so the document
    cannot drift from what the server accepts and counts."""
    return {"propertyNames": {"enum": list(names)}}


def _respondent_values(field: str, *extra: str) -> list[str]:
    return [*skm.RESPONDENT_FIELDS[field], *extra]


class AnswerChoice(BaseModel):
    value: int = Field(ge=1, le=4)
    label: str = Field(description="The regulation's words for this answer.")
    label_en: str


class SurveyQuestion(BaseModel):
    unsur: str = Field(json_schema_extra={"enum": list(skm.UNSUR)})
    name: str = Field(description="The element (unsur), e.g. Persyaratan.")
    name_en: str
    text: str = Field(description="The question as the regulation's questionnaire asks it.")
    text_en: str
    choices: list[AnswerChoice] = Field(min_length=4, max_length=4)


class RespondentChoice(BaseModel):
    value: str
    label: str
    label_en: str


class RespondentFields(BaseModel):
    """The allowed values of each optional respondent field, in the form's order."""

    gender: list[RespondentChoice]
    age_band: list[RespondentChoice]
    education: list[RespondentChoice]
    occupation: list[RespondentChoice]


class Survey(BaseModel):
    """A ticket's survey, as its phone form reads it (no id, no token, no NIK)."""

    number: str = Field(examples=["A017"])
    service_name: str
    service_name_en: str
    state: SurveyState = Field(
        description="not_yet: the visit is not done; open: from finished_at for 7 days; "
        "answered; closed: after those 7 days, or a ticket never served."
    )
    questions: list[SurveyQuestion] = Field(min_length=9, max_length=9)
    respondent_fields: RespondentFields


class SurveyAnswered(BaseModel):
    state: Literal["answered"]


class TabletTicket(BaseModel):
    """The ticket a counter finished last, whose survey is still open (never its token)."""

    number: str
    service_name: str
    service_name_en: str
    finished_at: datetime | None


class TabletSurvey(BaseModel):
    counter_name: str
    ticket: TabletTicket | None = Field(
        description="null when the counter finished nothing in the last 10 minutes whose "
        "survey is still open."
    )


class UnsurScore(BaseModel):
    unsur: str = Field(json_schema_extra={"enum": list(skm.UNSUR)})
    nrr: float | None = Field(
        description="The element's mean answer (1–4), shown to 3 decimals; null without "
        "respondents."
    )
    nrr_weighted: float | None = Field(description="nrr × 1/9, shown to 3 decimals.")


def _counts(field: str) -> Any:
    return Field(
        json_schema_extra=_keys(*_respondent_values(field, skm.UNKNOWN)),
        description="Respondents per value, every allowed value present (0 when nobody "
        "chose it) and `unknown` for the empty field.",
    )


class RespondentsBy(BaseModel):
    gender: dict[str, int] = _counts("gender")
    age_band: dict[str, int] = _counts("age_band")
    education: dict[str, int] = _counts("education")
    occupation: dict[str, int] = _counts("occupation")


class SkmReport(BaseModel):
    """The SKM index of a period (PermenPANRB 14/2017)."""

    respondents: int = Field(ge=0)
    population: int = Field(ge=0, description="Tickets done in the period.")
    sample_target: int = Field(ge=0, description="Krejcie–Morgan (95 %, ±5 %).")
    per_unsur: list[UnsurScore] = Field(min_length=9, max_length=9)
    ikm: float | None = Field(
        description="Exact (weight 1/9 in decimal arithmetic), rounded half up to 2 "
        "decimals only at the end; null without respondents."
    )
    ikm_worksheet: float | None = Field(description="The same with the worksheet's 0.111.")
    grade: Literal["A", "B", "C", "D"] | None
    grade_label: str | None = Field(examples=["Sangat Baik"])
    lowest_unsur: list[str] = Field(
        max_length=3,
        json_schema_extra={"items": {"type": "string", "enum": list(skm.UNSUR)}},
        description="The three elements with the lowest exact NRR, ties in element order.",
    )
    respondents_by: RespondentsBy


def _minutes(what: str) -> Any:
    return Field(ge=0, description=f"{what}, minutes with one decimal; null without data.")


class SummaryRow(BaseModel):
    """One group's figures (definitions: docs/reports.md)."""

    key: str = Field(description="The group's id: agency/service id, counter id, YYYY-MM-DD, HH.")
    label: str
    issued: int = Field(ge=0)
    served: int = Field(ge=0)
    no_show: int = Field(ge=0)
    cancelled: int = Field(ge=0)
    expired: int = Field(ge=0)
    wait_p50: float | None = _minutes("Median wait (called_at − queued_at)")
    wait_p90: float | None = _minutes("90th percentile wait")
    wait_mean: float | None = _minutes("Mean wait")
    service_mean: float | None = _minutes("Mean service time of tickets done")
    service_p90: float | None = _minutes("90th percentile service time")
    within_target_pct: float | None = Field(
        ge=0, le=100, description="Of tickets called, % called within the service's target."
    )
    bookings: int = Field(ge=0)
    bookings_checked_in: int = Field(ge=0)
    bookings_expired: int = Field(ge=0)


class SummaryReport(BaseModel):
    """The summary of a period, one row per group, and the totals over all."""

    rows: list[SummaryRow]
    totals: SummaryRow


class AuditEntry(BaseModel):
    """One change a person made (docs/reports.md, "The audit log")."""

    at: str = Field(description="ISO 8601, UTC.")
    actor: str = Field(examples=["user:admin"])
    action: str = Field(examples=["user.add"])
    target: str = Field(examples=["user:siti"])
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class AuditPage(BaseModel):
    items: list[AuditEntry]
    next: int | None = Field(description="Pass as `after` for the next page; null at the end.")


ComplaintKind = Literal["pengaduan", "aspirasi", "informasi", "konsultasi"]
ComplaintStatus = Literal[
    "received", "verified", "in_progress", "on_hold", "answered", "closed", "rejected"
]


class ComplaintFiled(BaseModel):
    """The answer to filing a complaint (docs/complaints.md)."""

    reference: str = Field(examples=["ADU-20261206-0007"])
    manage_url: str = Field(description="The server's base URL + /c/<manage_token>.")
    status: ComplaintStatus
    due_at: datetime | None


class TimelineEntry(BaseModel):
    at: datetime
    status: ComplaintStatus
    by_role: str = Field(examples=["citizen", "operator", "system"])
    text: str | None


class ComplaintTrack(BaseModel):
    """What the citizen sees by the manage token: public timeline entries only."""

    reference: str
    kind: ComplaintKind
    text: str
    status: ComplaintStatus
    due_at: datetime | None
    answer: str | None
    reason: str | None
    forwarded_to: str | None
    timeline: list[TimelineEntry]


class ComplaintContact(BaseModel):
    """The name (hidden from agency staff on a confidential case) and masked addresses."""

    name: str | None
    phone_masked: str | None
    email_masked: str | None


class Complaint(BaseModel):
    """A case as staff see it."""

    id: int = Field(ge=1)
    reference: str
    kind: ComplaintKind
    text: str
    status: ComplaintStatus
    agency_id: str | None
    service_id: str | None
    anonymous: bool
    confidential: bool
    contact: ComplaintContact | None
    due_at: datetime | None
    overdue: bool
    answer: str | None
    reason: str | None
    forwarded_to: str | None
    lapor_tracking_id: str | None
    created_at: datetime
    timeline: list[TimelineEntry]


class ComplaintPage(BaseModel):
    items: list[Complaint]
    next: str | None = Field(description="Cursor of the following page, or null.")


class LaporFields(BaseModel):
    """What a person copies into SP4N-LAPOR! (it has no public API)."""

    judul: str
    isi: str
    kategori: str
    lokasi: str
    tanggal: date
    anonim: bool
    rahasia: bool
    tracking_id: str | None


DossierStatus = Literal[
    "received", "in_process", "needs_completion", "ready", "collected", "rejected"
]


class DossierEntry(BaseModel):
    """One line of a dossier's trail. `system`/`code`: another system's push, its code
    kept as sent (also one Antre does not know)."""

    at: datetime
    status: DossierStatus
    note: str | None
    system: str | None = None
    code: str | None = None


class Dossier(BaseModel):
    """What the citizen left behind (docs/dossiers.md), as staff see it."""

    id: int = Field(ge=1)
    reference: str = Field(examples=["BRK-20261206-0042"])
    ticket_id: int = Field(ge=1)
    ticket_number: str | None = Field(description="The visit's ticket number, e.g. B004.")
    service_id: str
    agency_id: str
    title: str | None
    status: DossierStatus
    due_date: date | None = Field(
        description="Local date it should be ready by; null while paused."
    )
    overdue: bool
    created_at: datetime
    timeline: list[DossierEntry]


class DossierPage(BaseModel):
    items: list[Dossier]
    next: str | None = Field(description="Cursor of the following page, or null.")


class TrackEntry(BaseModel):
    at: datetime
    status: DossierStatus
    note: str | None


class TrackDossier(BaseModel):
    """The dossier on the citizen's tracking page."""

    reference: str
    status: DossierStatus
    due_date: date | None
    timeline: list[TrackEntry]


Track.model_rebuild()  # its `dossier` shape is defined further down


class HallConfig(BaseModel):
    """The hall's configuration as stored (docs/hall-admin.md): the hall file's document
    as JSON (its dates and times as ISO text) and its version."""

    version: int = Field(ge=1, description="Bumped by every change; send it back to PUT.")
    document: dict[str, Any] = Field(
        description="The hall TOML document: [hall], [[agencies]], [[services]], …"
    )
