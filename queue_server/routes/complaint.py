"""Complaints and consultation (pengaduan): filing, the staff inbox and steps, the
citizen's track/reply/confirm/reopen, and the SP4N-LAPOR! copy fields.

Rules in queue_core/complaint.py, transactions in queue_server/complaint_actions.py,
the contract in docs/complaints.md.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from queue_core import complaint as rules
from queue_core.complaint import Action, Kind, Status
from queue_core.errors import NotFound
from queue_core.events import iso
from queue_server import auth, shapes
from queue_server import complaint_actions as actions
from queue_server.deps import (
    AgencyFilter,
    Cursor,
    IdempotencyKey,
    Operator,
    PageLimit,
    Runtime,
    agency_scope,
    base_url,
    bearer_token,
)
from queue_server.edge import CompactJSON
from queue_server.notify.contacts import Contact, mask
from queue_server.openapi import answers
from queue_server.runtime import HallRuntime
from queue_server.store import complaint as rows
from queue_server.store import notify as notify_rows
from queue_server.store import tickets as ticket_rows
from queue_server.store.complaint import ComplaintRow
from queue_server.store.staff import Principal

router = APIRouter(tags=["complaints"])

PAGE = 50
Token = Annotated[str, Field(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Id = Annotated[int, Field(ge=1, le=2**53)]
Note = Annotated[str, Field(min_length=1, max_length=rules.TEXT_MAX)]


class ContactBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, max_length=120, repr=False)
    phone: str | None = Field(default=None, max_length=32, repr=False)
    email: str | None = Field(default=None, max_length=254, repr=False)


class ComplaintBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Kind
    # Length is judged after trimming, with a bilingual error (complaint_actions.file);
    # the bound here only stops an absurd body early.
    text: str = Field(max_length=rules.TEXT_MAX * 2)
    service_id: str | None = Field(default=None, max_length=64)
    agency_id: str | None = Field(default=None, max_length=64)
    tracking_token: str | None = Field(default=None, max_length=64)
    anonymous: bool = False
    confidential: bool = False
    contact: ContactBody | None = None
    lang: str = Field(default="id", pattern="^(id|en)$")


class VerifyBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    agency_id: str = Field(min_length=1, max_length=64)


class AnswerBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Note


class HoldBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: Note


class RejectBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Note
    forwarded_to: str | None = Field(default=None, max_length=200)


class ReplyBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Note


class LaporBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tracking_id: str = Field(min_length=1, max_length=64)


def manage_url(runtime: HallRuntime, request: Request, row: ComplaintRow) -> str:
    return f"{base_url(runtime, request).rstrip('/')}/c/{row.manage_token}"


def _filed_by(runtime: HallRuntime, request: Request) -> str:
    """Kiosk and operator+ file on a citizen's behalf, unlimited; anyone else is a
    citizen, limited per address (ANTRE_PUBLIC_RATE_PER_MINUTE)."""
    token = bearer_token(request)
    if token is not None:
        principal = runtime.tokens.lookup(token, runtime.clock())
        if principal is not None and principal.role in auth.OPERATOR | auth.KIOSK:
            return principal.role
    runtime.public_limit.check(request.client.host if request.client else "unknown")
    return "citizen"


async def file_complaint(
    runtime: HallRuntime, request: Request, body: ComplaintBody, key: str | None
) -> actions.Filed:
    """Shared by the REST route and the /pengaduan form."""
    filed_by = _filed_by(runtime, request)
    ticket_id = None
    if body.tracking_token:
        ticket = ticket_rows.by_token(runtime.reader, body.tracking_token)
        ticket_id = None if ticket is None else ticket.ticket.id
    contact = body.contact or ContactBody()
    filing = actions.Filing(
        kind=body.kind,
        text=body.text,
        filed_by=filed_by,
        service_id=body.service_id or None,
        agency_id=body.agency_id or None,
        ticket_id=ticket_id,
        anonymous=body.anonymous,
        confidential=body.confidential,
        lang=body.lang,
        contact=Contact()
        if body.anonymous
        else Contact(contact.name, contact.phone, contact.email),
        idempotency_key=key,
    )
    filed: actions.Filed = await runtime.writer(actions.file, runtime.notify.outbox, filing)
    return filed


@router.post(
    "/api/v1/complaints",
    status_code=201,
    responses={
        **answers(shapes.ComplaintFiled, 409, 429, status=201),
        200: {"model": shapes.ComplaintFiled, "description": "The same key and body again."},
    },
)
async def create_complaint(
    body: ComplaintBody,
    request: Request,
    runtime: Runtime,
    idempotency_key: IdempotencyKey = None,
) -> CompactJSON:
    """File a complaint, suggestion, information request or question (public,
    rate-limited per address; kiosk and operator+ file on a citizen's behalf)."""
    filed = await file_complaint(runtime, request, body, idempotency_key)
    row = filed.row
    return CompactJSON(
        {
            "reference": row.reference,
            "manage_url": manage_url(runtime, request, row),
            "status": row.status.value,
            "due_at": None if row.due_at is None else iso(row.due_at),
        },
        status_code=201 if filed.created else 200,
    )


def _entries(runtime: HallRuntime, row: ComplaintRow, public_only: bool) -> list[dict[str, Any]]:
    return [
        {"at": iso(e.at), "status": e.status, "by_role": e.by_role, "text": e.text}
        for e in rows.timeline(runtime.reader, row.id, public_only)
    ]


def track_json(runtime: HallRuntime, row: ComplaintRow) -> dict[str, Any]:
    return {
        "reference": row.reference,
        "kind": row.kind.value,
        "text": row.text,
        "status": row.status.value,
        "due_at": None if row.due_at is None else iso(row.due_at),
        "answer": row.answer,
        "reason": row.reason,
        "forwarded_to": row.forwarded_to,
        "timeline": _entries(runtime, row, public_only=True),
    }


def _contact(runtime: HallRuntime, row: ComplaintRow, caller: Principal) -> dict[str, Any] | None:
    if row.contact_id is None:
        return None
    sealed = notify_rows.contact(runtime.reader, row.contact_id)
    if sealed is None:  # deleted after contact_days
        return None
    box = runtime.notify.outbox.box
    contact = Contact(
        box.open("name", sealed.name),
        box.open("phone", sealed.phone),
        box.open("email", sealed.email),
    )
    hide_name = row.confidential and agency_scope(caller) is not None
    return {
        "name": None if hide_name else contact.name,
        "phone_masked": mask("phone", contact.phone),
        "email_masked": mask("email", contact.email),
    }


def staff_json(
    runtime: HallRuntime, row: ComplaintRow, caller: Principal, timeline: bool = True
) -> dict[str, Any]:
    return {
        "id": row.id,
        "reference": row.reference,
        "kind": row.kind.value,
        "text": row.text,
        "status": row.status.value,
        "agency_id": row.agency_id,
        "service_id": row.service_id,
        "anonymous": row.anonymous,
        "confidential": row.confidential,
        "contact": _contact(runtime, row, caller) if timeline else None,
        "due_at": None if row.due_at is None else iso(row.due_at),
        "overdue": rules.overdue(row.case, runtime.clock()),
        "answer": row.answer,
        "reason": row.reason,
        "forwarded_to": row.forwarded_to,
        "lapor_tracking_id": row.lapor_tracking_id,
        "created_at": iso(row.created_at),
        "timeline": _entries(runtime, row, public_only=False) if timeline else [],
    }


def _visible(runtime: HallRuntime, complaint_id: int, caller: Principal) -> ComplaintRow:
    row = rows.by_id(runtime.reader, complaint_id)
    scope = agency_scope(caller)
    if row is None or (scope is not None and row.agency_id != scope):
        raise NotFound("Pengaduan tidak ditemukan.", "Complaint not found.")
    return row


@router.get("/api/v1/complaints", responses=answers(shapes.ComplaintPage))
async def list_complaints(
    runtime: Runtime,
    caller: Operator,
    status: Status | None = None,
    agency_id: AgencyFilter = None,
    overdue: bool | None = None,
    cursor: Cursor = None,
    limit: PageLimit = PAGE,
) -> CompactJSON:
    """The inbox, newest first (supervisor+ all; an operator their agency's cases).
    Items carry no timeline or contact: open a case for those."""
    scope = agency_scope(caller)
    if scope is not None:
        if agency_id is not None and agency_id != scope:
            return CompactJSON({"items": [], "next": None})
        agency_id = scope
    found = rows.page(
        runtime.reader,
        status=status.value if status else None,
        agency_id=agency_id,
        overdue_at=runtime.clock() if overdue else None,
        on_time_at=runtime.clock() if overdue is False else None,
        before=int(cursor) if cursor else None,
        limit=limit + 1,
    )
    items = found[:limit]
    more = len(found) > limit
    return CompactJSON(
        {
            "items": [staff_json(runtime, r, caller, timeline=False) for r in items],
            "next": str(items[-1].id) if more and items else None,
        }
    )


@router.get("/api/v1/complaints/{complaint_id}", responses=answers(shapes.Complaint, 404))
async def get_complaint(complaint_id: Id, runtime: Runtime, caller: Operator) -> dict[str, Any]:
    return staff_json(runtime, _visible(runtime, complaint_id, caller), caller)


async def _staff(
    runtime: HallRuntime, request: Request, complaint_id: int, caller: Principal, step: actions.Step
) -> dict[str, Any]:
    _visible(runtime, complaint_id, caller)
    step = replace(step, link_base=base_url(runtime, request))
    row = await runtime.writer(
        actions.staff_step, runtime.notify.outbox, complaint_id, step, agency_scope(caller)
    )
    return staff_json(runtime, row, caller)


STEP = answers(shapes.Complaint, 404, 409)


@router.post("/api/v1/complaints/{complaint_id}/verify", responses=STEP)
async def verify(
    complaint_id: Id, request: Request, body: VerifyBody, runtime: Runtime, caller: Operator
) -> dict[str, Any]:
    """received → verified, assigned to `agency_id`; the answer clock starts."""
    step = actions.Step(Action.VERIFY, caller.role, agency_id=body.agency_id)
    return await _staff(runtime, request, complaint_id, caller, step)


@router.post("/api/v1/complaints/{complaint_id}/start", responses=STEP)
async def start(
    complaint_id: Id, request: Request, runtime: Runtime, caller: Operator
) -> dict[str, Any]:
    return await _staff(
        runtime, request, complaint_id, caller, actions.Step(Action.START, caller.role)
    )


@router.post("/api/v1/complaints/{complaint_id}/answer", responses=STEP)
async def answer(
    complaint_id: Id, request: Request, body: AnswerBody, runtime: Runtime, caller: Operator
) -> dict[str, Any]:
    step = actions.Step(Action.ANSWER, caller.role, text=body.text)
    return await _staff(runtime, request, complaint_id, caller, step)


@router.post("/api/v1/complaints/{complaint_id}/hold", responses=STEP)
async def hold(
    complaint_id: Id, request: Request, body: HoldBody, runtime: Runtime, caller: Operator
) -> dict[str, Any]:
    """Ask the citizen a question; the clock pauses until they reply."""
    step = actions.Step(Action.HOLD, caller.role, text=body.question)
    return await _staff(runtime, request, complaint_id, caller, step)


@router.post("/api/v1/complaints/{complaint_id}/reject", responses=STEP)
async def reject(
    complaint_id: Id, request: Request, body: RejectBody, runtime: Runtime, caller: Operator
) -> dict[str, Any]:
    step = actions.Step(
        Action.REJECT, caller.role, text=body.reason, forwarded_to=body.forwarded_to
    )
    return await _staff(runtime, request, complaint_id, caller, step)


@router.post("/api/v1/complaints/{complaint_id}/close", responses=STEP)
async def close(
    complaint_id: Id, request: Request, runtime: Runtime, caller: Operator
) -> dict[str, Any]:
    return await _staff(
        runtime, request, complaint_id, caller, actions.Step(Action.CLOSE, caller.role)
    )


def lapor_json(runtime: HallRuntime, row: ComplaintRow) -> dict[str, Any]:
    label = rules.KIND_LABELS[row.kind][0]
    agency = next((a.name for a in runtime.hall.agencies if a.id == row.agency_id), None)
    return {
        "judul": f"{label} {row.reference}" + (f" – {agency}" if agency else ""),
        "isi": row.text,
        "kategori": label,
        "lokasi": runtime.hall.name,
        "tanggal": row.created_at.date().isoformat(),
        "anonim": row.anonymous,
        "rahasia": row.confidential,
        "tracking_id": row.lapor_tracking_id,
    }


@router.get("/api/v1/complaints/{complaint_id}/lapor", responses=answers(shapes.LaporFields, 404))
async def lapor_fields(complaint_id: Id, runtime: Runtime, caller: Operator) -> dict[str, Any]:
    return lapor_json(runtime, _visible(runtime, complaint_id, caller))


@router.post("/api/v1/complaints/{complaint_id}/lapor", responses=answers(shapes.LaporFields, 404))
async def lapor_tracking(
    complaint_id: Id, body: LaporBody, runtime: Runtime, caller: Operator
) -> dict[str, Any]:
    """Keep LAPOR!'s tracking ID on the case once a person has copied it there."""
    _visible(runtime, complaint_id, caller)
    row = await runtime.writer(
        actions.set_lapor, complaint_id, body.tracking_id, agency_scope(caller)
    )
    return lapor_json(runtime, row)


def _by_token(runtime: HallRuntime, token: str) -> ComplaintRow:
    row = rows.by_token(runtime.reader, token)
    if row is None:
        raise NotFound(
            "Mohon maaf, pengaduan tidak ditemukan. Periksa kembali tautan dari halaman"
            " konfirmasi Anda.",
            "Sorry, the complaint was not found. Check the link from your confirmation page.",
        )
    return row


@router.get(
    "/api/v1/complaints/track/{manage_token}", responses=answers(shapes.ComplaintTrack, 404)
)
async def track(manage_token: Token, runtime: Runtime) -> dict[str, Any]:
    return track_json(runtime, _by_token(runtime, manage_token))


async def citizen(runtime: HallRuntime, token: str, step: actions.Step) -> ComplaintRow:
    row: ComplaintRow = await runtime.writer(
        actions.citizen_step, runtime.notify.outbox, token, step
    )
    return row


CITIZEN = answers(shapes.ComplaintTrack, 404, 409)


@router.post("/api/v1/complaints/track/{manage_token}/reply", responses=CITIZEN)
async def reply(manage_token: Token, body: ReplyBody, runtime: Runtime) -> dict[str, Any]:
    """Answer staff's question: on_hold → in_progress, the clock runs again."""
    row = await citizen(runtime, manage_token, actions.Step(Action.REPLY, "citizen", body.text))
    return track_json(runtime, row)


@router.post("/api/v1/complaints/track/{manage_token}/confirm", responses=CITIZEN)
async def confirm(manage_token: Token, runtime: Runtime) -> dict[str, Any]:
    row = await citizen(runtime, manage_token, actions.Step(Action.CONFIRM, "citizen"))
    return track_json(runtime, row)


@router.post("/api/v1/complaints/track/{manage_token}/reopen", responses=CITIZEN)
async def reopen(
    manage_token: Token, runtime: Runtime, body: ReplyBody | None = None
) -> dict[str, Any]:
    """Not satisfied with the answer (within confirm_days): back to in_progress."""
    step = actions.Step(Action.REOPEN, "citizen", body.text if body else None)
    return track_json(runtime, await citizen(runtime, manage_token, step))
