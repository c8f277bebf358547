"""Dossiers (berkas) as staff see them (docs/dossiers.md): the answer's shape and the
steps, plain Python, no Qt, no I/O. The calls are on `HallClient` (rest.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from queue_client.models import Json
from queue_core.dossier import Action as DossierStep
from queue_core.dossier import Status as DossierStatus

__all__ = ["OPEN_STATUSES", "Dossier", "DossierStatus", "DossierStep", "TimelineEntry"]


OPEN_STATUSES = (
    DossierStatus.RECEIVED,
    DossierStatus.IN_PROCESS,
    DossierStatus.NEEDS_COMPLETION,
    DossierStatus.READY,
)
"""Still with the hall, in the order of a dossier's life: what the counter lists."""


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    status: DossierStatus
    note: str | None
    system: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class Dossier:
    id: int
    reference: str
    ticket_id: int
    service_id: str
    agency_id: str
    status: DossierStatus
    due_date: date | None
    """None while paused (needs_completion)."""
    overdue: bool
    title: str | None = None
    ticket_number: str | None = None
    """Absent from servers older than the counter's Berkas view."""
    created_at: datetime | None = None
    timeline: tuple[TimelineEntry, ...] = ()

    @classmethod
    def from_json(cls, d: Json) -> Dossier:
        due = d.get("due_date")
        created = d.get("created_at")
        return cls(
            id=d["id"],
            reference=d["reference"],
            ticket_id=d["ticket_id"],
            service_id=d["service_id"],
            agency_id=d["agency_id"],
            status=DossierStatus(d["status"]),
            due_date=date.fromisoformat(due) if due else None,
            overdue=bool(d.get("overdue", False)),
            title=d.get("title"),
            ticket_number=d.get("ticket_number"),
            created_at=datetime.fromisoformat(created) if created else None,
            timeline=tuple(
                TimelineEntry(
                    datetime.fromisoformat(e["at"]),
                    DossierStatus(e["status"]),
                    e.get("note"),
                    e.get("system"),
                    e.get("code"),
                )
                for e in d.get("timeline", ())
            ),
        )


def step_body(step: DossierStep, note: str | None) -> dict[str, Any] | None:
    """The body a step takes: `need` a note (required), `ready` an optional one, `reject`
    a reason (required); the others none."""
    if step is DossierStep.REJECT:
        return {"reason": note or ""}
    if step is DossierStep.NEED:
        return {"note": note or ""}
    if step is DossierStep.READY and note:
        return {"note": note}
    return None
