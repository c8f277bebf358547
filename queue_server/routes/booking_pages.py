"""The citizen's booking pages: /booking (agency → service → requirements and day →
time → NIK and contact → the booking) and /b/<manage_token> (code, QR, .ics, cancel,
move; after check-in, the ticket's page).

Server-rendered and usable without JavaScript: every step is a plain link or form, every
POST answers with a redirect (POST-redirect-GET: a reload never books twice, and a double
tap is caught by the form's Idempotency-Key). The NIK travels only in a POST body and is
never written back into a page, a URL or a log line.
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from queue_core import booking as rules
from queue_core.errors import DomainError
from queue_core.hall import Service
from queue_server import booking_actions, qr_svg
from queue_server.deps import Runtime, base_url
from queue_server.notify import bookings as notify_bookings
from queue_server.notify.contacts import Contact
from queue_server.routes import booking as booking_api
from queue_server.routes.booking_words import WORDS, day_label
from queue_server.routes.citizen_frame import frame
from queue_server.runtime import HallRuntime
from queue_server.store import booking as booking_rows
from queue_server.store import tickets as ticket_rows
from queue_server.store.booking import BookingRow

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
HTML = {"Cache-Control": "no-store"}


def _lang(value: str | None) -> str:
    return value if value in WORDS else "id"


def _bookable(runtime: HallRuntime, service_id: str | None) -> Service | None:
    service = runtime.hall.service(service_id) if service_id else None
    return service if service is not None and service.booking is not None else None


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _page(
    request: Request, runtime: HallRuntime, name: str, lang: str, status: int = 200, **context: Any
) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        f"booking/{name}.html",
        {
            **frame(request, runtime.hall.name, lang, WORDS[lang]),
            "day_label": lambda d: day_label(d, lang),
            **context,
        },
        status_code=status,
        headers=HTML,
    )


def _slots(runtime: HallRuntime, service: Service, day: date) -> list[dict[str, Any]]:
    """The same answer as GET /api/v1/services/{id}/slots (queue_server/availability.py)."""
    slots: list[dict[str, Any]] = json.loads(
        runtime.availability.slots(service, day, runtime.view.day)
    )
    return slots


async def _days(runtime: HallRuntime, service: Service, lang: str) -> list[dict[str, Any]]:
    days: list[dict[str, Any]] = json.loads(runtime.availability.days(service, runtime.view.day))
    for day in days:
        day["label"] = day_label(date.fromisoformat(day["date"]), lang)
    return days


# --- /booking ----------------------------------------------------------------------------


@router.get("/booking", response_class=HTMLResponse)
async def booking_page(request: Request, runtime: Runtime) -> HTMLResponse:
    q = request.query_params
    lang = _lang(q.get("lang"))
    service = _bookable(runtime, q.get("service"))
    if service is None:
        agency = q.get("agency")
        bookable = [s for s in runtime.hall.services if s.booking is not None]
        if agency and any(a.id == agency for a in runtime.hall.agencies):
            return _page(
                request,
                runtime,
                "services",
                lang,
                agency=next(a for a in runtime.hall.agencies if a.id == agency),
                services=[s for s in bookable if s.agency_id == agency],
            )
        with_bookings = {s.agency_id for s in bookable}
        agencies = [a for a in runtime.hall.agencies if a.id in with_bookings]
        return _page(request, runtime, "agencies", lang, agencies=agencies)
    day = _day(q.get("date"))
    if day is None:
        days = await _days(runtime, service, lang)
        return _page(request, runtime, "days", lang, service=service, days=days)
    start = q.get("start")
    slots = _slots(runtime, service, day)
    if start is None or not any(s["start"] == start and s["remaining"] for s in slots):
        return _page(request, runtime, "slots", lang, service=service, day=day, slots=slots)
    return _details(request, runtime, lang, service, day, start)


def _details(
    request: Request,
    runtime: HallRuntime,
    lang: str,
    service: Service,
    day: date,
    start: str,
    error: DomainError | None = None,
    kept: dict[str, str] | None = None,
) -> HTMLResponse:
    return _page(
        request,
        runtime,
        "details",
        lang,
        status=error.status if error else 200,
        service=service,
        day=day,
        start=start,
        error=None if error is None else (error.message_en if lang == "en" else error.message),
        kept=kept or {},
        contact_days=runtime.notify.outbox.config.contact_days,
        form_key=secrets.token_urlsafe(16),
    )


async def _form(request: Request) -> dict[str, str]:
    """A urlencoded form (the body limit is the Edge's): no multipart dependency."""
    body = (await request.body()).decode("utf-8", "replace")
    return {k: v[0].strip() for k, v in parse_qs(body, max_num_fields=20).items()}


@router.post("/booking", response_class=HTMLResponse)
async def booking_submit(request: Request, runtime: Runtime) -> Response:
    form = await _form(request)
    lang = _lang(form.get("lang"))
    service = _bookable(runtime, form.get("service"))
    day = _day(form.get("date"))
    start = form.get("start", "")
    if service is None or day is None:
        return RedirectResponse(f"/booking?lang={lang}", status_code=303)
    kept = {k: form.get(k, "") for k in ("name", "phone", "email")}
    try:
        booking_api._limit_anonymous(runtime, request)
        booked = await runtime.writer(
            notify_bookings.create_booking,
            runtime.notify.outbox,
            booking_actions.BookingRequest(
                service_id=service.id,
                day=day,
                start=start,
                nik=form.get("nik", ""),
                lang=lang,
                idempotency_key=f"page-{form['key']}" if form.get("key") else None,
            ),
            Contact(
                name=kept["name"][:120] or None,
                phone=kept["phone"][:32] or None,
                email=kept["email"][:254] or None,
            ),
            base_url(runtime, request),
        )
    except DomainError as exc:
        return _details(request, runtime, lang, service, day, start, exc, kept)
    token = booked.row.manage_token
    return RedirectResponse(f"/b/{token}?lang={lang}&done=booked", status_code=303)


# --- /b/<manage_token> -------------------------------------------------------------------


def _booking(runtime: HallRuntime, token: str) -> BookingRow | None:
    if not 16 <= len(token) <= 64 or not set(token) <= _TOKEN_CHARS:
        return None
    return booking_rows.by_token(runtime.reader, token)


def _not_found(request: Request, runtime: HallRuntime, lang: str) -> HTMLResponse:
    return _page(request, runtime, "not_found", lang, status=404)


@router.get("/b/{token}", response_class=HTMLResponse)
async def manage_page(token: str, request: Request, runtime: Runtime) -> HTMLResponse:
    lang = _lang(request.query_params.get("lang"))
    row = _booking(runtime, token)
    if row is None:
        return _not_found(request, runtime, lang)
    service = runtime.hall.service(row.service_id)
    manage_url = f"{base_url(runtime, request).rstrip('/')}/b/{row.manage_token}"
    ticket_url = None
    if row.ticket_id is not None:
        record = ticket_rows.get(runtime.reader, row.ticket_id)
        ticket_url = f"/t/{record.tracking_token}" if record else None
    plan = service.booking if service else None
    window = None
    if plan is not None:
        local = row.starts_at.astimezone(ZoneInfo(runtime.hall.timezone))
        window = (
            (local - timedelta(minutes=plan.checkin_before)).strftime("%H:%M"),
            (local + timedelta(minutes=plan.checkin_after)).strftime("%H:%M"),
        )
    return _page(
        request,
        runtime,
        "manage",
        lang,
        row=row,
        service=service,
        code=rules.show_code(row.code),
        qr=qr_svg.svg(manage_url),
        window=window,
        ticket_url=ticket_url,
        done=request.query_params.get("done"),
        error=request.query_params.get("error"),
    )


@router.get("/b/{token}/cancel", response_class=HTMLResponse)
async def cancel_page(token: str, request: Request, runtime: Runtime) -> HTMLResponse:
    lang = _lang(request.query_params.get("lang"))
    row = _booking(runtime, token)
    if row is None:
        return _not_found(request, runtime, lang)
    return _page(
        request, runtime, "cancel", lang, row=row, service=runtime.hall.service(row.service_id)
    )


@router.post("/b/{token}/cancel", response_class=HTMLResponse)
async def cancel_submit(token: str, request: Request, runtime: Runtime) -> Response:
    lang = _lang((await _form(request)).get("lang"))
    if _booking(runtime, token) is None:
        return _not_found(request, runtime, lang)
    done = "cancelled"
    try:
        await runtime.writer(
            notify_bookings.cancel_booking,
            runtime.notify.outbox,
            token,
            base_url(runtime, request),
        )
    except DomainError as exc:
        done = f"error&error={exc.code}"
    return RedirectResponse(f"/b/{token}?lang={lang}&done={done}", status_code=303)


@router.get("/b/{token}/move", response_class=HTMLResponse)
async def move_page(token: str, request: Request, runtime: Runtime) -> HTMLResponse:
    q = request.query_params
    lang = _lang(q.get("lang"))
    row = _booking(runtime, token)
    service = _bookable(runtime, row.service_id) if row else None
    if row is None or service is None:
        return _not_found(request, runtime, lang)
    day = _day(q.get("date"))
    slots = _slots(runtime, service, day) if day else None
    return _page(
        request,
        runtime,
        "move",
        lang,
        row=row,
        service=service,
        day=day,
        days=await _days(runtime, service, lang),
        slots=slots,
        error=q.get("error_text"),
    )


@router.post("/b/{token}/move", response_class=HTMLResponse)
async def move_submit(token: str, request: Request, runtime: Runtime) -> Response:
    form = await _form(request)
    lang = _lang(form.get("lang"))
    day = _day(form.get("date"))
    if _booking(runtime, token) is None or day is None:
        return _not_found(request, runtime, lang)
    try:
        await runtime.writer(
            notify_bookings.move_booking,
            runtime.notify.outbox,
            token,
            day,
            form.get("start", ""),
            base_url(runtime, request),
        )
    except DomainError as exc:
        text = exc.message_en if lang == "en" else exc.message
        query = urlencode({"lang": lang, "date": day.isoformat(), "error_text": text})
        return RedirectResponse(f"/b/{token}/move?{query}", status_code=303)
    return RedirectResponse(f"/b/{token}?lang={lang}&done=moved", status_code=303)


@router.get("/b/{token}/booking.ics")
async def calendar_file(token: str, request: Request, runtime: Runtime) -> Response:
    row = _booking(runtime, token)
    if row is None:
        return Response("not found\n", status_code=404, media_type="text/plain")
    service = runtime.hall.service(row.service_id)
    manage_url = f"{base_url(runtime, request).rstrip('/')}/b/{row.manage_token}"
    return Response(
        ics(row, service.name if service else row.service_id, runtime.hall.name, manage_url),
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="booking-{rules.show_code(row.code)}.ics"',
            **HTML,
        },
    )


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics(row: BookingRow, service: str, hall: str, manage_url: str) -> str:
    """One VEVENT (RFC 5545), times in UTC so every calendar shows the hall's time right."""

    def stamp(moment: datetime) -> str:
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    end = row.starts_at + timedelta(minutes=_minutes(row.end) - _minutes(row.start))
    code = rules.show_code(row.code)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Antre//Booking//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:booking-{row.id}-{row.code}@antre",
        f"DTSTAMP:{stamp(row.created_at)}",
        f"DTSTART:{stamp(row.starts_at)}",
        f"DTEND:{stamp(end)}",
        f"SUMMARY:{_ics_text(f'{service} ({code})')}",
        f"LOCATION:{_ics_text(hall)}",
        f"DESCRIPTION:{_ics_text(f'Kode pemesanan / Booking code: {code}. {manage_url}')}",
        f"URL:{manage_url}",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-PT60M",
        f"DESCRIPTION:{_ics_text(service)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"
