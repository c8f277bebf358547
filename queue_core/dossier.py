"""Dossiers (berkas): what the citizen left with us, its life, its clock and its trail.

Pure: no SQL, no HTTP. The store keeps what `Dossier` holds; the writer's actions apply
`step()` (staff) or `external()` (another system, e.g. OSS-RBA) and save the result, so a
refused step changes nothing.

    received → in_process → ready → collected
    in_process ⇄ needs_completion (what is missing is told to the citizen; clock paused)
    rejected (with a reason) from any open state

The clock (domain.md "Working days", api.md "Dossiers"): the service's `dossier_days`
working days counted from the day the dossier is received; `due_date` is a local date.
While `needs_completion` the working days still owed are kept, and the clock starts again
from the day the dossier is resumed (the citizen's missing paper is not staff's delay).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar

from queue_core.calendar import Calendar
from queue_core.errors import InvalidTransition
from queue_core.events import Event

NOTE_MAX = 500
"""A note or reason, in characters (it is shown to the citizen on the phone page)."""


class Status(StrEnum):
    RECEIVED = "received"
    IN_PROCESS = "in_process"
    NEEDS_COMPLETION = "needs_completion"
    READY = "ready"
    COLLECTED = "collected"
    REJECTED = "rejected"


STATUS_LABELS: dict[Status, tuple[str, str]] = {
    Status.RECEIVED: ("Berkas diterima", "Dossier received"),
    Status.IN_PROCESS: ("Sedang diproses", "Being processed"),
    Status.NEEDS_COMPLETION: ("Perlu dilengkapi", "Needs completion"),
    Status.READY: ("Siap diambil", "Ready to collect"),
    Status.COLLECTED: ("Sudah diambil", "Collected"),
    Status.REJECTED: ("Ditolak", "Rejected"),
}

OPEN = frozenset({Status.RECEIVED, Status.IN_PROCESS, Status.NEEDS_COMPLETION, Status.READY})
"""Not finished: these can still move, and be rejected."""
CLOCK_RUNS = frozenset({Status.RECEIVED, Status.IN_PROCESS})
"""Only these can be late: paused while waiting for the citizen, done once ready."""


class Action(StrEnum):
    PROCESS = "process"
    NEED = "need"
    RESUME = "resume"
    READY = "ready"
    COLLECT = "collect"
    REJECT = "reject"


TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.RECEIVED, Action.PROCESS): Status.IN_PROCESS,
    (Status.IN_PROCESS, Action.NEED): Status.NEEDS_COMPLETION,
    (Status.NEEDS_COMPLETION, Action.RESUME): Status.IN_PROCESS,
    (Status.IN_PROCESS, Action.READY): Status.READY,
    (Status.READY, Action.COLLECT): Status.COLLECTED,
    **{(s, Action.REJECT): Status.REJECTED for s in OPEN},
}
"""Every allowed step; anything else is `409 invalid_transition` and changes nothing."""

NOTE_REQUIRED = frozenset({Action.NEED, Action.REJECT})
"""`need` says what is missing, `reject` why: the citizen reads both."""

OSS_RBA = "oss-rba"
OSS_RBA_CODES: dict[str, Status] = {
    **{c: Status.IN_PROCESS for c in ("05", "09", "10", "20", "30", "31", "32", "33", "34")},
    **{c: Status.IN_PROCESS for c in ("40", "42", "44", "45")},
    **{c: Status.NEEDS_COMPLETION for c in ("11", "41", "43", "93")},
    **{c: Status.READY for c in ("50", "52", "57")},
    "90": Status.REJECTED,
}
"""domain.md "Dossiers": OSS-RBA status codes and the Antre state each one means."""

SYSTEMS = frozenset({OSS_RBA})


@dataclass(frozen=True)
class Entry:
    """One line of the trail the citizen sees. `code` is set for another system's push
    (kept as sent even when Antre does not know it)."""

    at: datetime
    status: Status
    note: str | None = None
    system: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class Dossier:
    """The state the rules decide on; the store adds its id, reference, ticket, …"""

    status: Status
    due_date: date | None
    """The local day it should be ready by; None while paused and once finished."""
    timeline: tuple[Entry, ...]
    paused_days: int | None = None
    """needs_completion: the working days the clock still owed when it stopped."""


def local_day(now: datetime, timezone: str) -> date:
    from zoneinfo import ZoneInfo

    return now.astimezone(ZoneInfo(timezone)).date()


def working_days_left(calendar: Calendar, today: date, due: date) -> int:
    """Working days after `today` up to `due` (both by the hall's calendar): what a paused
    clock still owes. 0 when due today or already late."""
    count, day = 0, today
    while day < due:
        day = date.fromordinal(day.toordinal() + 1)
        if calendar.is_working_day(day):
            count += 1
    return count


def received(
    now: datetime, days: int, calendar: Calendar, timezone: str, note: str | None = None
) -> Dossier:
    """A new dossier: its clock starts the day it is received (that day does not count)."""
    if days < 1:
        raise ValueError("dossier_days must be 1 or more")
    due = calendar.add_working_days(local_day(now, timezone), days)
    return Dossier(Status.RECEIVED, due, (Entry(now, Status.RECEIVED, note),))


def _refuse(status: Status, what: str) -> InvalidTransition:
    return InvalidTransition(
        f"Berkas berstatus {STATUS_LABELS[status][0].lower()} tidak dapat di-{what}.",
        f"A {status.value} dossier cannot be {what}.",
    )


def step(
    dossier: Dossier,
    action: Action,
    now: datetime,
    calendar: Calendar,
    timezone: str,
    note: str | None = None,
    *,
    system: str | None = None,
    code: str | None = None,
) -> Dossier:
    """The dossier after `action` at `now`, or InvalidTransition (nothing changes)."""
    target = TRANSITIONS.get((dossier.status, action))
    if target is None:
        raise _refuse(dossier.status, action.value)
    note = (note or "").strip() or None
    if action in NOTE_REQUIRED and note is None and code is None:
        raise ValueError(f"{action.value} needs a note")
    entry = Entry(now, target, note, system, code)
    timeline = (*dossier.timeline, entry)
    today = local_day(now, timezone)
    if target is Status.NEEDS_COMPLETION:
        left = working_days_left(calendar, today, dossier.due_date) if dossier.due_date else 0
        return Dossier(target, None, timeline, paused_days=left)
    if action is Action.RESUME:
        due = calendar.add_working_days(today, dossier.paused_days or 0)
        return Dossier(target, due, timeline)
    if target in CLOCK_RUNS:
        return replace(dossier, status=target, timeline=timeline)
    if target is Status.READY:
        # The due date stays on record (was it ready in time?), but no longer runs.
        return replace(dossier, status=target, timeline=timeline)
    return Dossier(target, None, timeline)  # collected, rejected


_PATHS: dict[tuple[Status, Status], tuple[Action, ...]] = {
    (Status.RECEIVED, Status.IN_PROCESS): (Action.PROCESS,),
    (Status.RECEIVED, Status.NEEDS_COMPLETION): (Action.PROCESS, Action.NEED),
    (Status.RECEIVED, Status.READY): (Action.PROCESS, Action.READY),
    (Status.IN_PROCESS, Status.NEEDS_COMPLETION): (Action.NEED,),
    (Status.IN_PROCESS, Status.READY): (Action.READY,),
    (Status.NEEDS_COMPLETION, Status.IN_PROCESS): (Action.RESUME,),
    (Status.NEEDS_COMPLETION, Status.READY): (Action.RESUME, Action.READY),
    **{(s, Status.REJECTED): (Action.REJECT,) for s in OPEN},
}
"""How another system's state is reached from ours: it skips the steps staff would take
one by one (OSS-RBA says "ready" of a dossier we never marked in process)."""


def external(
    dossier: Dossier, system: str, code: str, at: datetime, calendar: Calendar, timezone: str
) -> Dossier:
    """Apply another system's status code. A code Antre does not know goes on the trail as
    sent and leaves the state alone; a known one moves the dossier, or is a 409 when its
    state cannot follow (e.g. "in process" of a collected dossier)."""
    if system not in SYSTEMS:
        raise ValueError(f"unknown system {system!r}")
    code = code.strip()
    target = OSS_RBA_CODES.get(code)
    if target is None or target is dossier.status:
        entry = Entry(at, dossier.status, None, system, code)
        return replace(dossier, timeline=(*dossier.timeline, entry))
    path = _PATHS.get((dossier.status, target))
    if path is None:
        raise _refuse(dossier.status, f"{system} {code}")
    result = dossier
    for action in path:
        last = action is path[-1]
        result = step(
            result,
            action,
            at,
            calendar,
            timezone,
            system=system if last else None,
            code=code if last else None,
        )
    # Only the final state is the system's word; the steps between are ours.
    kept = (*dossier.timeline, result.timeline[-1])
    return replace(result, timeline=kept)


def overdue(dossier: Dossier, now: datetime, timezone: str) -> bool:
    """Late on staff's side: still being worked on after its due day (never while paused
    for the citizen, never once ready)."""
    return (
        dossier.status in CLOCK_RUNS
        and dossier.due_date is not None
        and local_day(now, timezone) > dossier.due_date
    )


def reference(day: date, running: int) -> str:
    """`BRK-20261206-0042`: the hall day and the dossier's running number that day."""
    return f"BRK-{day:%Y%m%d}-{running:04d}"


def clean_note(note: str | None) -> str | None:
    """The note trimmed; None when empty. ValueError when longer than NOTE_MAX."""
    if note is None:
        return None
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ValueError(f"a note has at most {NOTE_MAX} characters")
    return note or None


@dataclass(frozen=True)
class DossierChanged(Event):
    """`dossier.changed`: ids and state only, never a note (boards and displays see it)."""

    type: ClassVar[str] = "dossier.changed"
    dossier_id: int
    ticket_id: int
    status: str

    def data(self) -> dict[str, object]:
        return {"dossier_id": self.dossier_id, "ticket_id": self.ticket_id, "status": self.status}
