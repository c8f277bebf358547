"""Tickets: issue, list, read, and the steps of a ticket's life."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from queue_core.errors import NotFound, ValidationFailed
from queue_core.ticket import Priority, TicketStatus
from queue_server import actions, auth, booking_actions, pickup_actions, shapes
from queue_server.deps import Operator, Runtime, Watcher, base_url, bearer_token, identify
from queue_server.edge import CompactJSON
from queue_server.openapi import answers, secured
from queue_server.runtime import HallRuntime
from queue_server.store import tickets as ticket_rows
from queue_server.store.staff import Principal
from queue_server.store.tickets import TicketRecord

router = APIRouter(prefix="/api/v1/tickets", tags=["tickets"])

TicketId = Annotated[int, Field(ge=1, le=2**53 - 1)]
"""At most 2^53 - 1: the largest integer a JavaScript client (a double) reads exactly."""


class IssueBody(BaseModel):
    """A walk-in's ticket (`service_id`), a booking's check-in (`booking_code` with
    `nik_last4` or the whole `nik` from the card reader), or a pickup ticket for a ready
    dossier (`tracking_token` of the visit that left it, read from its QR)."""

    model_config = ConfigDict(extra="forbid")
    service_id: str | None = Field(default=None, min_length=1, max_length=64)
    priority: Priority = Priority.REGULAR
    nik: str | None = Field(default=None, max_length=40, repr=False)
    booking_code: str | None = Field(default=None, min_length=1, max_length=32)
    nik_last4: str | None = Field(default=None, pattern=r"^\d{4}$", repr=False)
    lang: Literal["id", "en"] = "id"
    tracking_token: str | None = Field(
        default=None, min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$", repr=False
    )
    """A pickup (docs/dossiers.md): the ticket of the agency's pickup line."""

    @model_validator(mode="after")
    def _one_of(self) -> IssueBody:
        given = [self.service_id, self.booking_code, self.tracking_token]
        if all(v is None for v in given):
            raise ValueError(
                "service_id (or booking_code, to check in; or tracking_token, to collect a"
                " dossier) is required"
            )
        if sum(v is not None for v in given) > 1:
            raise ValueError("give only one of service_id, booking_code and tracking_token")
        return self


class FinishBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str | None = Field(default=None, max_length=500)


class TransferBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    service_id: str = Field(min_length=1, max_length=64)
    counter_id: int | None = Field(default=None, ge=1, le=100_000)


def _ticket_json(runtime: HallRuntime, request: Request, record: TicketRecord) -> dict[str, Any]:
    return runtime.view.ticket_json(record, base_url(runtime, request))


@router.post(
    "",
    status_code=201,
    response_class=CompactJSON,
    responses={
        **answers(shapes.IssuedTicket, 404, 409, status=201),
        200: {
            "model": shapes.IssuedTicket,
            "description": "The same Idempotency-Key and body again: the same ticket.",
        },
    },
    openapi_extra={
        **secured(auth.OPERATOR | auth.KIOSK),
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": IssueBody.model_json_schema()}},
        },
        "parameters": [
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "schema": {"type": "string", "minLength": 1, "maxLength": 128},
                "description": "The same key and body within the hall day return the same ticket.",
            }
        ],
    },
)
async def issue(request: Request) -> CompactJSON:
    """Issue a ticket (kiosk, operator+). Retrying with the same `Idempotency-Key` and
    body returns the same ticket; with another body, 409 idempotency_conflict.

    The busiest write in the hall, so it reads its own input: FastAPI's per-request
    parameter machinery cost more than the durable write itself. The body is validated
    by the same pydantic model and errors answer in the same shape."""
    runtime: HallRuntime = request.app.state.runtime
    identify(runtime, bearer_token(request), auth.OPERATOR | auth.KIOSK)
    idempotency_key = request.headers.get("idempotency-key")
    if idempotency_key is not None and not 0 < len(idempotency_key) <= 128:
        raise ValidationFailed(
            "Idempotency-Key harus 1–128 karakter.", "Idempotency-Key must be 1–128 characters."
        )
    raw = await request.body()
    if not raw:  # no body at all: the same answer as every other route's missing body
        raise RequestValidationError([{"type": "missing", "loc": ("body",), "msg": "missing"}])
    try:
        body = IssueBody.model_validate_json(raw)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors(include_input=False)) from None
    if body.tracking_token is not None:
        return await _pickup(runtime, request, body, idempotency_key)
    if body.booking_code is not None:
        if body.nik is None and body.nik_last4 is None:
            raise ValidationFailed(
                "Mohon maaf, NIK belum diisi. Silakan ketik 4 digit terakhir NIK atau"
                " tempelkan KTP-el.",
                "Sorry, the NIK is missing. Please type the last 4 NIK digits or read the"
                " KTP-el (e-KTP) ID card.",
            )
        issued = await runtime.writer(
            booking_actions.check_in,
            booking_actions.CheckIn(
                code=body.booking_code, nik_last4=body.nik_last4, nik=body.nik, lang=body.lang
            ),
        )
    elif body.nik_last4 is not None:
        raise ValidationFailed(
            "nik_last4 hanya untuk check-in pemesanan.", "nik_last4 is only for a booking check-in."
        )
    else:
        assert body.service_id is not None  # IssueBody requires one of the two
        issued = await runtime.writer(
            actions.issue_ticket,
            actions.IssueRequest(
                service_id=body.service_id,
                priority=body.priority,
                nik=body.nik,
                booking_code=body.booking_code,
                lang=body.lang,
                idempotency_key=idempotency_key,
            ),
        )
    record = issued.record
    # A new ticket's place was computed in its transaction; a replayed key's is read now.
    place = (issued.position, issued.eta) if issued.created else None
    payload = runtime.view.ticket_json(record, base_url(runtime, request), place)
    payload["elderly_suggested"] = issued.elderly_by_nik
    return CompactJSON(payload, status_code=201 if issued.created else 200)


async def _pickup(
    runtime: HallRuntime, request: Request, body: IssueBody, idempotency_key: str | None
) -> CompactJSON:
    """A pickup ticket (pickup_actions); its answer names the dossier's reference."""
    if body.nik is not None or body.nik_last4 is not None:
        raise ValidationFailed(
            "Pengambilan berkas tidak memerlukan NIK.", "Collecting a dossier needs no NIK."
        )
    assert body.tracking_token is not None
    picked = await runtime.writer(
        pickup_actions.issue_pickup,
        pickup_actions.PickupRequest(
            tracking_token=body.tracking_token,
            priority=body.priority,
            lang=body.lang,
            idempotency_key=idempotency_key,
        ),
    )
    issued = picked.issued
    place = (issued.position, issued.eta) if issued.created else None
    payload = runtime.view.ticket_json(issued.record, base_url(runtime, request), place)
    payload["elderly_suggested"] = False
    payload["dossier_reference"] = picked.reference
    return CompactJSON(payload, status_code=201 if issued.created else 200)


@router.get(
    "",
    responses=answers(
        list[shapes.Ticket] | list[shapes.BoardTicket],
        description="Ticket for staff; BoardTicket (no tracking token, no masked NIK) for a display.",
    ),
)
async def list_tickets(
    request: Request,
    runtime: Runtime,
    caller: Watcher,
    status: TicketStatus | None = None,
    service_id: Annotated[str | None, Field(max_length=64)] = None,
    counter_id: Annotated[int | None, Field(ge=1, le=100_000)] = None,
) -> list[dict[str, Any]]:
    records = ticket_rows.of_day(
        runtime.reader,
        runtime.view.day,
        status=status.value if status else None,
        service_ids=[service_id] if service_id else None,
        counter_id=counter_id,
    )
    return [
        runtime.view.for_caller(_ticket_json(runtime, request, r), caller.role) for r in records
    ]


@router.get("/{ticket_id}", responses=answers(shapes.Ticket, 404))
async def get_ticket(
    ticket_id: TicketId, request: Request, runtime: Runtime, caller: Operator
) -> dict[str, Any]:
    record = ticket_rows.get(runtime.reader, ticket_id)
    if record is None:
        raise NotFound(
            f"Tidak ada tiket dengan id {ticket_id}.", f"There is no ticket with id {ticket_id}."
        )
    return _ticket_json(runtime, request, record)


async def _step(
    runtime: HallRuntime,
    request: Request,
    ticket_id: int,
    step: str,
    caller: Principal,
    note: str | None = None,
) -> dict[str, Any]:
    record = await runtime.writer(actions.ticket_step, ticket_id, step, caller, note)
    return _ticket_json(runtime, request, record)


def _step_route(path: str, step: str, summary: str) -> None:
    """recall, start, no-show, requeue and cancel differ only in the step they ask for."""

    async def endpoint(
        ticket_id: TicketId, request: Request, runtime: Runtime, caller: Operator
    ) -> dict[str, Any]:
        return await _step(runtime, request, ticket_id, step, caller)

    router.add_api_route(
        f"/{{ticket_id}}/{path}",
        endpoint,
        methods=["POST"],
        name=step,
        summary=summary,
        responses=answers(shapes.Ticket, 404, 409),
    )


for _path, _step_name, _summary in (
    ("recall", "recall", "Call the same ticket again (boards announce it again)"),
    ("start", "start", "The citizen arrived: service begins"),
    ("no-show", "no_show", "Called but never came"),
    ("requeue", "requeue", "A no-show came back: wait again at the back of the queue"),
    ("cancel", "cancel", "Withdraw a waiting ticket"),
):
    _step_route(_path, _step_name, _summary)


@router.post(
    "/{ticket_id}/finish",
    summary="Service is done (optional note)",
    responses=answers(shapes.Ticket, 404, 409),
)
async def finish(
    ticket_id: TicketId,
    request: Request,
    runtime: Runtime,
    caller: Operator,
    body: FinishBody | None = None,
) -> dict[str, Any]:
    return await _step(runtime, request, ticket_id, "finish", caller, body.note if body else None)


@router.post("/{ticket_id}/transfer", responses=answers(shapes.Ticket, 404, 409))
async def transfer(
    ticket_id: TicketId, body: TransferBody, request: Request, runtime: Runtime, caller: Operator
) -> dict[str, Any]:
    record = await runtime.writer(
        actions.transfer, ticket_id, body.service_id, body.counter_id, caller
    )
    return _ticket_json(runtime, request, record)
