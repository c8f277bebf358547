"""Bookings (antrean online): availability, create, manage by token, the staff list.

Check-in is a ticket issue (routes/tickets.py with `booking_code`). The contract is in
docs/booking.md and docs/api.md.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from queue_core import booking as rules
from queue_core.booking import BookingStatus
from queue_core.errors import DomainError, NotFound
from queue_core.events import iso
from queue_core.hall import Service
from queue_server import auth, booking_actions, shapes
from queue_server.deps import IdempotencyKey, Operator, Runtime, base_url, bearer_token
from queue_server.edge import CompactJSON
from queue_server.notify import bookings as notify_bookings
from queue_server.notify.contacts import Contact
from queue_server.openapi import answers
from queue_server.runtime import HallRuntime
from queue_server.store import booking as booking_rows
from queue_server.store.booking import BookingRow

router = APIRouter(tags=["bookings"])

HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"
ServiceId = Annotated[str, Field(min_length=1, max_length=64)]
Token = Annotated[str, Field(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
PAGE = 100
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_only(value: object) -> object:
    """Dates only as YYYY-MM-DD: pydantic would also read 0 as 1970-01-01."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not ISO_DATE.match(value):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_iso_only), Field(examples=["2026-12-01"])]


class BookingBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    service_id: str = Field(min_length=1, max_length=64)
    date: Day
    start: str = Field(pattern=HHMM, examples=["08:00"])
    nik: str = Field(min_length=1, max_length=40, repr=False)
    name: str | None = Field(default=None, max_length=120, repr=False)
    phone: str | None = Field(default=None, max_length=32, repr=False)
    email: str | None = Field(default=None, max_length=254, repr=False)
    lang: Literal["id", "en"] = "id"


class MoveBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: Day
    start: str = Field(pattern=HHMM, examples=["09:30"])


def booking_json(runtime: HallRuntime, request: Request, row: BookingRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "code": rules.show_code(row.code),
        "service_id": row.service_id,
        "date": row.day.isoformat(),
        "start": row.start,
        "end": row.end,
        "status": row.status.value,
        "nik_masked": row.nik_masked,
        "ticket_id": row.ticket_id,
        "manage_url": f"{base_url(runtime, request).rstrip('/')}/b/{row.manage_token}",
        "created_at": iso(row.created_at),
        "affected": row.affected,
    }


def _bookable_service(runtime: HallRuntime, service_id: str) -> Service:
    service = runtime.hall.service(service_id)
    if service is None or service.booking is None:
        raise NotFound(
            f"Mohon maaf, layanan {service_id!r} tidak menerima pemesanan online. Silakan"
            " datang langsung dan ambil nomor antrean.",
            f"Sorry, service {service_id!r} takes no online bookings. Please come in person"
            " and take a queue number.",
        )
    return service


@router.get(
    "/api/v1/services/{service_id}/days",
    responses=answers(list[shapes.BookingDay], 404),
    response_class=Response,
)
async def booking_days(service_id: str, request: Request) -> Response:
    """Each day of the booking window (today and the next `days_ahead`) with its places
    still ahead; `reason` says why a day is closed (holiday, closed_day, full,
    no_sessions).

    Phones poll it while choosing: no dependency, a plain path parameter (an unknown or
    overlong id is simply not found) and a kept, encoded answer (queue_server/
    availability.py), as the tracking lookup does."""
    runtime: HallRuntime = request.app.state.runtime
    service = _bookable_service(runtime, service_id)
    body = runtime.availability.days(service, runtime.view.day)
    return Response(body, media_type="application/json")


@router.get(
    "/api/v1/services/{service_id}/slots",
    responses=answers(list[shapes.BookingSlot], 404),
    response_class=Response,
)
async def booking_slots(
    service_id: ServiceId, runtime: Runtime, day: Annotated[Day, Query(alias="date")]
) -> Response:
    """The day's slots still bookable (from now + `lead_minutes`), full ones included with
    `remaining: 0`; none on a holiday, a closed day or outside the window."""
    service = _bookable_service(runtime, service_id)
    body = runtime.availability.slots(service, day, runtime.view.day)
    return Response(body, media_type="application/json")


def _limit_anonymous(runtime: HallRuntime, request: Request) -> None:
    """Kiosk and operator+ tokens are not limited per address; anyone else is."""
    token = bearer_token(request)
    if token is not None:
        principal = runtime.tokens.lookup(token, runtime.clock())
        if principal is not None and principal.role in auth.OPERATOR | auth.KIOSK:
            return
    runtime.public_limit.check(request.client.host if request.client else "unknown")


@router.post(
    "/api/v1/bookings",
    status_code=201,
    responses={
        **answers(shapes.Booking, 404, 409, 429, status=201),
        200: {"model": shapes.Booking, "description": "The same Idempotency-Key and body again."},
    },
)
async def create_booking(
    body: BookingBody,
    request: Request,
    runtime: Runtime,
    idempotency_key: IdempotencyKey = None,
) -> CompactJSON:
    """Book a slot (public, rate-limited per address for anonymous callers). Errors:
    slot_full, day_closed, nik_booking_limit, nik_suspended (409); booking_window,
    invalid_nik (422); rate_limited (429)."""
    _limit_anonymous(runtime, request)
    booked = await runtime.writer(
        notify_bookings.create_booking,
        runtime.notify.outbox,
        booking_actions.BookingRequest(
            service_id=body.service_id,
            day=body.date,
            start=body.start,
            nik=body.nik,
            lang=body.lang,
            idempotency_key=idempotency_key,
        ),
        # Stored encrypted, with the confirmation and reminders, in the booking's own
        # transaction (queue_server/notify/bookings.py).
        Contact(name=body.name, phone=body.phone, email=body.email),
        base_url(runtime, request),
    )
    return CompactJSON(
        booking_json(runtime, request, booked.row), status_code=201 if booked.created else 200
    )


def _by_token(runtime: HallRuntime, token: str) -> BookingRow:
    row = booking_rows.by_token(runtime.reader, token)
    if row is None:
        raise NotFound(
            "Mohon maaf, pemesanan tidak ditemukan. Periksa tautan dari pesan konfirmasi Anda.",
            "Sorry, the booking was not found. Check the link in your confirmation message.",
        )
    return row


@router.get("/api/v1/bookings/by-token/{manage_token}", responses=answers(shapes.Booking, 404))
async def get_booking(manage_token: Token, request: Request, runtime: Runtime) -> dict[str, Any]:
    return booking_json(runtime, request, _by_token(runtime, manage_token))


@router.post(
    "/api/v1/bookings/by-token/{manage_token}/cancel", responses=answers(shapes.Booking, 404, 409)
)
async def cancel_booking(manage_token: Token, request: Request, runtime: Runtime) -> dict[str, Any]:
    """Cancel: the place is free at once."""
    row = await runtime.writer(
        notify_bookings.cancel_booking,
        runtime.notify.outbox,
        manage_token,
        base_url(runtime, request),
    )
    return booking_json(runtime, request, row)


@router.post(
    "/api/v1/bookings/by-token/{manage_token}/move", responses=answers(shapes.Booking, 404, 409)
)
async def move_booking(
    manage_token: Token, body: MoveBody, request: Request, runtime: Runtime
) -> dict[str, Any]:
    """Move to another slot, same code: the old place is released only if the new one is
    taken."""
    row = await runtime.writer(
        notify_bookings.move_booking,
        runtime.notify.outbox,
        manage_token,
        body.date,
        body.start,
        base_url(runtime, request),
    )
    return booking_json(runtime, request, row)


@router.get("/api/v1/bookings", responses=answers(shapes.BookingPage))
async def list_bookings(
    request: Request,
    runtime: Runtime,
    caller: Operator,
    day: Annotated[Day | None, Query(alias="date")] = None,
    service_id: Annotated[str | None, Query(max_length=64)] = None,
    status: BookingStatus | None = None,
    cursor: Annotated[str | None, Query(max_length=20, pattern=r"^\d+$")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = PAGE,
) -> dict[str, Any]:
    """Staff list (operator+ for their agency's services, supervisor+ all), in booking
    order; `next` is the cursor of the following page. `affected` marks bookings whose
    day closed after they were made."""
    services: list[str] | None = None
    if caller.role == "operator" and caller.agency_id is not None:
        services = [s.id for s in runtime.hall.services if s.agency_id == caller.agency_id]
    if service_id is not None:
        services = [service_id] if services is None or service_id in services else []
    after = int(cursor) if cursor else 0
    if after > 2**53:
        raise _BadCursor("Kursor tidak dikenal.", "Unknown cursor.")
    rows = booking_rows.page(
        runtime.reader,
        day=day,
        service_ids=services,
        status=status.value if status else None,
        after=after,
        limit=limit + 1,
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [booking_json(runtime, request, r) for r in rows],
        "next": str(rows[-1].id) if more and rows else None,
    }


class _BadCursor(DomainError):
    code = "validation_error"
    status = 422
