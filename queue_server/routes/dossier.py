"""Dossiers (berkas): opening one for a done ticket, staff steps, the list, and other
systems' status pushes.

Rules in queue_core/dossier.py, transactions in queue_server/dossier_actions.py, the
contract in docs/dossiers.md. The citizen's view is on the tracking JSON (queue_view).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from queue_core import dossier as rules
from queue_core.dossier import Action, Status
from queue_core.errors import NotFound
from queue_core.events import iso
from queue_server import dossier_actions as actions
from queue_server import shapes
from queue_server.deps import (
    AgencyFilter,
    Cursor,
    Integration,
    Operator,
    PageLimit,
    Runtime,
    agency_scope,
)
from queue_server.edge import CompactJSON
from queue_server.openapi import answers
from queue_server.runtime import HallRuntime
from queue_server.store import dossier as rows
from queue_server.store import tickets as ticket_rows
from queue_server.store.dossier import DossierRow
from queue_server.store.staff import Principal

router = APIRouter(tags=["dossiers"])

PAGE = 50
Id = Annotated[int, Field(ge=1, le=2**53)]
Note = Annotated[str, Field(min_length=1, max_length=rules.NOTE_MAX)]


class OpenBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(default=None, max_length=rules.NOTE_MAX)
    note: str | None = Field(default=None, max_length=rules.NOTE_MAX)


class NeedBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: Note


class ReadyBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str | None = Field(default=None, max_length=rules.NOTE_MAX)


class RejectBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Note


class ExternalBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    system: Literal["oss-rba"]
    code: str = Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9_.-]+$")
    at: AwareDatetime


def dossier_json(runtime: HallRuntime, row: DossierRow) -> dict[str, Any]:
    # The number staff and the citizen know the visit by (the counter's Berkas view shows
    # it); one primary-key read per row, at most a page of 200.
    ticket = ticket_rows.get(runtime.reader, row.ticket_id)
    return {
        "id": row.id,
        "reference": row.reference,
        "ticket_id": row.ticket_id,
        "ticket_number": ticket.ticket.number if ticket is not None else None,
        "service_id": row.service_id,
        "agency_id": row.agency_id,
        "title": row.title,
        "status": row.status.value,
        "due_date": None if row.due_date is None else row.due_date.isoformat(),
        "overdue": rules.overdue(row.dossier, runtime.clock(), runtime.hall.timezone),
        "created_at": iso(row.created_at),
        "timeline": [
            {
                "at": iso(e.at),
                "status": e.status.value,
                "note": e.note,
                "system": e.system,
                "code": e.code,
            }
            for e in row.timeline
        ],
    }


@router.post(
    "/api/v1/tickets/{ticket_id}/dossier",
    status_code=201,
    responses=answers(shapes.Dossier, 404, 409, status=201),
)
async def open_dossier(
    ticket_id: Id, body: OpenBody, runtime: Runtime, caller: Operator
) -> dict[str, Any]:
    """A `received` dossier for a done ticket of a service with `dossier_days`; its
    due date counts that many working days from today."""
    row = await runtime.writer(
        actions.open_dossier, ticket_id, agency_scope(caller), body.title, body.note
    )
    return dossier_json(runtime, row)


@router.get("/api/v1/dossiers", responses=answers(shapes.DossierPage))
async def list_dossiers(
    runtime: Runtime,
    caller: Operator,
    status: Status | None = None,
    agency_id: AgencyFilter = None,
    overdue: bool | None = None,
    cursor: Cursor = None,
    limit: PageLimit = PAGE,
) -> CompactJSON:
    """Newest first (supervisor+ all; an operator their agency's)."""
    scope = agency_scope(caller)
    if scope is not None:
        if agency_id is not None and agency_id != scope:
            return CompactJSON({"items": [], "next": None})
        agency_id = scope
    today = rules.local_day(runtime.clock(), runtime.hall.timezone)
    found = rows.page(
        runtime.reader,
        status=status.value if status else None,
        agency_id=agency_id,
        overdue_before=today if overdue else None,
        on_time_from=today if overdue is False else None,
        before=int(cursor) if cursor else None,
        limit=limit + 1,
    )
    items = found[:limit]
    more = len(found) > limit
    return CompactJSON(
        {
            "items": [dossier_json(runtime, r) for r in items],
            "next": str(items[-1].id) if more and items else None,
        }
    )


@router.get("/api/v1/dossiers/{dossier_id}", responses=answers(shapes.Dossier, 404))
async def get_dossier(dossier_id: Id, runtime: Runtime, caller: Operator) -> dict[str, Any]:
    row = rows.by_id(runtime.reader, dossier_id)
    scope = agency_scope(caller)
    if row is None or (scope is not None and row.agency_id != scope):
        raise NotFound("Berkas tidak ditemukan.", "Dossier not found.")
    return dossier_json(runtime, row)


STEP = answers(shapes.Dossier, 404, 409)


async def _step(
    runtime: HallRuntime, dossier_id: int, caller: Principal, step: actions.Step
) -> dict[str, Any]:
    row = await runtime.writer(
        actions.staff_step, runtime.notify.outbox, dossier_id, step, agency_scope(caller)
    )
    return dossier_json(runtime, row)


@router.post("/api/v1/dossiers/{dossier_id}/process", responses=STEP)
async def process(dossier_id: Id, runtime: Runtime, caller: Operator) -> dict[str, Any]:
    return await _step(runtime, dossier_id, caller, actions.Step(Action.PROCESS))


@router.post("/api/v1/dossiers/{dossier_id}/need", responses=STEP)
async def need(
    dossier_id: Id, body: NeedBody, runtime: Runtime, caller: Operator
) -> dict[str, Any]:
    """What is missing (shown to the citizen); the clock pauses until `resume`."""
    return await _step(runtime, dossier_id, caller, actions.Step(Action.NEED, body.note))


@router.post("/api/v1/dossiers/{dossier_id}/resume", responses=STEP)
async def resume(dossier_id: Id, runtime: Runtime, caller: Operator) -> dict[str, Any]:
    return await _step(runtime, dossier_id, caller, actions.Step(Action.RESUME))


@router.post("/api/v1/dossiers/{dossier_id}/ready", responses=STEP)
async def ready(
    dossier_id: Id, runtime: Runtime, caller: Operator, body: ReadyBody | None = None
) -> dict[str, Any]:
    note = body.note if body else None
    return await _step(runtime, dossier_id, caller, actions.Step(Action.READY, note))


@router.post("/api/v1/dossiers/{dossier_id}/collect", responses=STEP)
async def collect(dossier_id: Id, runtime: Runtime, caller: Operator) -> dict[str, Any]:
    return await _step(runtime, dossier_id, caller, actions.Step(Action.COLLECT))


@router.post("/api/v1/dossiers/{dossier_id}/reject", responses=STEP)
async def reject(
    dossier_id: Id, body: RejectBody, runtime: Runtime, caller: Operator
) -> dict[str, Any]:
    return await _step(runtime, dossier_id, caller, actions.Step(Action.REJECT, body.reason))


@router.post("/api/v1/dossiers/{dossier_id}/external", responses=STEP)
async def external(
    dossier_id: Id, body: ExternalBody, runtime: Runtime, caller: Integration
) -> dict[str, Any]:
    """Another system's status code (OSS-RBA, table in docs/dossiers.md). An unknown code
    goes on the trail as sent and changes nothing else."""
    at: datetime = body.at
    row = await runtime.writer(
        actions.external, runtime.notify.outbox, dossier_id, body.system, body.code, at
    )
    return dossier_json(runtime, row)
