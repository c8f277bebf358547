"""Complaints and consultation (pengaduan): the case's life, its clock and its words.

Pure: no SQL, no HTTP. The store keeps what `Case` holds; the writer's actions apply
`step()` and save the result, so a refused step changes nothing.

    received → verified → in_progress → answered → closed
    side states: on_hold (waiting for the citizen; the clock is paused), rejected

The clock (domain.md "Working days", api.md "Complaints"): `verify_days` working days to
verify a received case, then `answer_days` to answer it from the moment it is verified;
an answered case closes itself `confirm_days` working days after the answer unless the
citizen replies. On hold, the working days still left are kept and the clock starts again
from the day the citizen replies (SP4N-LAPOR! pauses the same way while it waits for the
reporter).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any, ClassVar

from queue_core.calendar import Calendar
from queue_core.errors import ConfigError, InvalidTransition
from queue_core.events import Event

TEXT_MIN, TEXT_MAX = 10, 4000
"""A complaint's text, in characters (after trimming spaces at both ends)."""


class Kind(StrEnum):
    PENGADUAN = "pengaduan"
    ASPIRASI = "aspirasi"
    INFORMASI = "informasi"
    KONSULTASI = "konsultasi"


KIND_LABELS: dict[Kind, tuple[str, str]] = {
    Kind.PENGADUAN: ("Pengaduan", "Complaint"),
    Kind.ASPIRASI: ("Aspirasi / saran", "Suggestion"),
    Kind.INFORMASI: ("Permintaan informasi", "Request for information"),
    Kind.KONSULTASI: ("Konsultasi", "Question before applying"),
}


class Status(StrEnum):
    RECEIVED = "received"
    VERIFIED = "verified"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    ANSWERED = "answered"
    CLOSED = "closed"
    REJECTED = "rejected"


STATUS_LABELS: dict[Status, tuple[str, str]] = {
    Status.RECEIVED: ("Diterima", "Received"),
    Status.VERIFIED: ("Diverifikasi", "Verified"),
    Status.IN_PROGRESS: ("Sedang ditangani", "In progress"),
    Status.ON_HOLD: ("Menunggu jawaban Anda", "Waiting for your reply"),
    Status.ANSWERED: ("Dijawab", "Answered"),
    Status.CLOSED: ("Selesai", "Closed"),
    Status.REJECTED: ("Ditolak / diteruskan", "Rejected / forwarded"),
}

OPEN = frozenset({Status.RECEIVED, Status.VERIFIED, Status.IN_PROGRESS, Status.ON_HOLD})
"""States whose clock can run late (an answered case waits for the citizen, not staff)."""


class Action(StrEnum):
    VERIFY = "verify"
    START = "start"
    ANSWER = "answer"
    HOLD = "hold"
    REJECT = "reject"
    CLOSE = "close"
    REPLY = "reply"  # the citizen answers the hold question
    CONFIRM = "confirm"  # the citizen accepts the answer
    REOPEN = "reopen"  # the citizen does not, within confirm_days
    SELF_CLOSE = "self_close"  # the clock: confirm_days without a reply


TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.RECEIVED, Action.VERIFY): Status.VERIFIED,
    (Status.RECEIVED, Action.REJECT): Status.REJECTED,
    (Status.VERIFIED, Action.START): Status.IN_PROGRESS,
    (Status.VERIFIED, Action.REJECT): Status.REJECTED,
    (Status.VERIFIED, Action.HOLD): Status.ON_HOLD,
    (Status.IN_PROGRESS, Action.ANSWER): Status.ANSWERED,
    (Status.IN_PROGRESS, Action.HOLD): Status.ON_HOLD,
    (Status.IN_PROGRESS, Action.REJECT): Status.REJECTED,
    (Status.ON_HOLD, Action.REPLY): Status.IN_PROGRESS,
    (Status.ON_HOLD, Action.REJECT): Status.REJECTED,
    (Status.ANSWERED, Action.CONFIRM): Status.CLOSED,
    (Status.ANSWERED, Action.REOPEN): Status.IN_PROGRESS,
    (Status.ANSWERED, Action.CLOSE): Status.CLOSED,
    (Status.ANSWERED, Action.SELF_CLOSE): Status.CLOSED,
}
"""Every allowed step; anything else is `409 invalid_transition`. Staff `close` only an
answered case (closing without an answer would hide it from the overdue list); a case
that should not be answered is `reject`ed with a reason, or forwarded."""


@dataclass(frozen=True)
class Clock:
    """The hall file's `complaints = {verify_days, answer_days, confirm_days}`."""

    verify_days: int = 3
    answer_days: int = 5
    confirm_days: int = 10


def parse_clock(raw: Mapping[str, Any] | None, source: str) -> Clock:
    """Read `[hall] complaints = {...}`; every problem names the file and the fix."""
    if raw is None:
        return Clock()
    if not isinstance(raw, Mapping):
        raise ConfigError(
            f"{source}: [hall]: 'complaints' must be a table. Fix: write complaints ="
            " {verify_days = 3, answer_days = 5, confirm_days = 10}"
        )
    values: dict[str, int] = {}
    for key in raw:
        if key not in ("verify_days", "answer_days", "confirm_days"):
            raise ConfigError(
                f"{source}: [hall]: complaints has an unknown key {key!r}. Fix: use"
                " verify_days, answer_days and confirm_days"
            )
        value = raw[key]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 60:
            raise ConfigError(
                f"{source}: [hall]: complaints.{key} must be a whole number of working days"
                f" from 1 to 60, not {value!r}. Fix: e.g. {key} = 5"
            )
        values[key] = value
    return Clock(**values)


@dataclass(frozen=True)
class HallDays:
    """What the clock needs of the hall: its working days, closing time and zone."""

    calendar: Calendar
    closes: time
    timezone: str

    def deadline(self, start: datetime, days: int) -> datetime:
        return self.calendar.deadline(start, days, self.closes, self.timezone)

    def working_days_left(self, now: datetime, due: datetime) -> int:
        """Working days after `now`'s local day up to `due`'s local day: what a paused
        clock still owes when it starts again. 0 when due today or already late."""
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(self.timezone)
        today, last = now.astimezone(zone).date(), due.astimezone(zone).date()
        count, day = 0, today
        while day < last:
            day = date.fromordinal(day.toordinal() + 1)
            if self.calendar.is_working_day(day):
                count += 1
        return count


@dataclass(frozen=True)
class Case:
    """The state the rules decide on; the store holds the rest (text, contact, …)."""

    status: Status
    due_at: datetime | None
    """Verify by (received), answer by (verified, in_progress), close by (answered);
    None while on hold and once finished."""
    paused_days: int | None = None
    """On hold: the working days the clock still owed when it stopped."""
    paused_from: Status | None = None
    answered_at: datetime | None = None


def received(now: datetime, clock: Clock, days: HallDays) -> Case:
    return Case(Status.RECEIVED, days.deadline(now, clock.verify_days))


def step(case: Case, action: Action, now: datetime, clock: Clock, days: HallDays) -> Case:
    """The case after `action` at `now`, or InvalidTransition (nothing changes)."""
    target = TRANSITIONS.get((case.status, action))
    if target is None:
        raise InvalidTransition(
            f"Mohon maaf, pengaduan berstatus {STATUS_LABELS[case.status][0].lower()} tidak"
            f" dapat di-{action.value}. Silakan muat ulang halaman untuk melihat statusnya.",
            f"Sorry, a {case.status.value} case cannot be {action.value}. Please reload the"
            " page to see its status.",
        )
    if target is Status.VERIFIED:
        return Case(target, days.deadline(now, clock.answer_days))
    if target is Status.IN_PROGRESS and case.status is Status.VERIFIED:
        return replace(case, status=target)  # the answer clock runs on from verify
    if target is Status.ON_HOLD:
        left = days.working_days_left(now, case.due_at) if case.due_at else clock.answer_days
        return Case(target, None, paused_days=left, paused_from=case.status)
    if action is Action.REPLY:
        # The clock starts again today with what it still owed when it stopped.
        return Case(target, days.deadline(now, case.paused_days or 0))
    if action is Action.REOPEN:
        if case.due_at is not None and now > case.due_at:
            raise InvalidTransition(
                "Mohon maaf, masa konfirmasi sudah lewat. Silakan ajukan pengaduan baru.",
                "Sorry, the time to reply has passed. Please file a new complaint.",
            )
        return Case(target, days.deadline(now, clock.answer_days))
    if target is Status.ANSWERED:
        return Case(target, days.deadline(now, clock.confirm_days), answered_at=now)
    return Case(target, None, answered_at=case.answered_at)  # closed, rejected


def overdue(case: Case, now: datetime) -> bool:
    """Late on staff's side: an open case past its due time (never on hold)."""
    return case.status in OPEN and case.due_at is not None and now > case.due_at


def self_closes(case: Case, now: datetime) -> bool:
    return case.status is Status.ANSWERED and case.due_at is not None and now >= case.due_at


def reference(day: date, running: int) -> str:
    """`ADU-20261206-0007`: the hall day and the case's running number that day."""
    return f"ADU-{day:%Y%m%d}-{running:04d}"


def new_manage_token() -> str:
    """The key to the case's page `/c/<token>`: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


def clean_text(text: str) -> str | None:
    """The text trimmed, or None when outside 10–4,000 characters."""
    text = text.strip()
    return text if TEXT_MIN <= len(text) <= TEXT_MAX else None


@dataclass(frozen=True)
class ComplaintEvent(Event):
    """`data` holds only the case's id, status and agency: never its text or contact."""

    complaint_id: int
    status: str
    agency_id: str | None

    def data(self) -> dict[str, object]:
        return {
            "complaint_id": self.complaint_id,
            "status": self.status,
            "agency_id": self.agency_id,
        }


@dataclass(frozen=True)
class ComplaintReceived(ComplaintEvent):
    type: ClassVar[str] = "complaint.received"


@dataclass(frozen=True)
class ComplaintChanged(ComplaintEvent):
    type: ClassVar[str] = "complaint.changed"
