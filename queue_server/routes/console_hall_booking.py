"""A service's online booking in the console (admin; docs/hall-admin.md): its
`booking = {…}` table and its `[[services.sessions]]`, as the hall file writes them
(queue_core/hall_booking.py).

The booking table and turning booking off are `PATCH /api/v1/hall/services/{id}`'s own
change; a session is added, changed or taken out by `hall_edits.edit_session` inside the
writer, so two admins editing two sessions never lose either change. Either way the
result is judged by the hall file's parser (a session ending before it starts: "session
#1: end is not after start. Fix: make end later than start"), audited as
`hall.service.change` and applied live; a refused form keeps what was typed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from queue_server import hall_edits
from queue_server.console.render import language
from queue_server.console.session import PATH, ConsoleAdmin, check_form
from queue_server.routes import hall_admin
from queue_server.routes.console_hall import (
    attempt,
    runtime_of,
    service_page_with,
    value,
    weekdays,
)

router = APIRouter(include_in_schema=False)

BOOKING_KEYS = ("days_ahead", "lead_minutes", "checkin_before", "checkin_after")
SESSION_KEYS = ("start", "end", "slot_minutes", "capacity")


def _session(form: dict[str, str]) -> dict[str, Any]:
    """A session as the hall file writes it; a blank field is left out, so the parser
    names what is missing."""
    typed = {key: value(form.get(key, "")) for key in SESSION_KEYS}
    # "08:00" stays text; a time typed as 8 would be a number the parser refuses by name.
    return {"weekdays": weekdays(form, "wd"), **{k: v for k, v in typed.items() if v is not None}}


async def _done_or_refused(
    request: Request,
    user: ConsoleAdmin,
    service_id: str,
    target: str,
    step: Callable[[], Awaitable[Any]],
    draft: dict[str, Any] | None = None,
) -> Response:
    refused = await attempt(request, step)
    if refused:
        return await service_page_with(
            request,
            user,
            service_id,
            error=refused[0],
            status=refused[1],
            target=target,
            draft=draft,
        )
    return RedirectResponse(
        f"{PATH}/hall/services/{service_id}?done={target}#booking-h", status_code=303
    )


async def _patch(
    request: Request,
    user: ConsoleAdmin,
    ident: str,
    changes: dict[str, Any],
    draft: dict[str, Any] | None = None,
) -> Response:
    """`PATCH /api/v1/hall/services/{id}`'s own change of the booking keys."""
    return await _done_or_refused(
        request,
        user,
        ident,
        "booking",
        lambda: hall_admin.patch_service(ident, changes, runtime_of(request), user.principal),
        draft,
    )


@router.post(PATH + "/hall/services/{service_id}/booking")
async def save_booking(request: Request, service_id: str, user: ConsoleAdmin) -> Response:
    """The booking table; on a service without sessions the form also carries the first
    session (the hall file takes no booking without one)."""
    form = await check_form(request, user)
    ident = service_id[:64]
    booking = {k: value(form.get(k, "")) for k in BOOKING_KEYS}
    changes: dict[str, Any] = {"booking": {k: v for k, v in booking.items() if v is not None}}
    draft = None
    if "start" in form:
        changes["sessions"] = [_session(form)]
        draft = {"index": 0, "session": changes["sessions"][0]}
    return await _patch(request, user, ident, changes, draft)


@router.post(PATH + "/hall/services/{service_id}/booking/off")
async def booking_off(request: Request, service_id: str, user: ConsoleAdmin) -> Response:
    """No more bookings: the booking table and every session go (bookings already made
    stay, and are flagged for staff as any booking on a day that no longer opens)."""
    form = await check_form(request, user)
    ident = service_id[:64]
    if not form.get("confirm"):
        # The box is `required` in the page; a form sent without it still removes nothing.
        en = language(request) == "en"
        return await service_page_with(
            request,
            user,
            ident,
            error="Tick the box to confirm turning booking off."
            if en
            else "Centang kotak konfirmasi untuk mematikan booking.",
            status=422,
            target="booking-off",
        )
    changes: dict[str, Any] = {"booking": None, "sessions": None}
    return await _patch(request, user, ident, changes)


def _was(form: dict[str, str]) -> tuple[str, str]:
    return form.get("was_start", ""), form.get("was_end", "")


async def _session_edit(
    request: Request,
    user: ConsoleAdmin,
    service_id: str,
    index: int | None,
    session: dict[str, Any] | None,
    was: tuple[str, str],
) -> Response:
    ident = service_id[:64]
    edit = hall_edits.edit_session(ident, index, session, was)
    target = f"session:{index or 'new'}"
    draft = {"index": index or 0, "session": session} if session is not None else None
    return await _done_or_refused(
        request,
        user,
        ident,
        target,
        lambda: hall_admin.change_service(ident, edit, runtime_of(request), user.principal),
        draft,
    )


@router.post(PATH + "/hall/services/{service_id}/sessions")
async def add_session(request: Request, service_id: str, user: ConsoleAdmin) -> Response:
    form = await check_form(request, user)
    return await _session_edit(request, user, service_id, None, _session(form), ("", ""))


@router.post(PATH + "/hall/services/{service_id}/sessions/{number}")
async def save_session(
    request: Request, service_id: str, number: int, user: ConsoleAdmin
) -> Response:
    form = await check_form(request, user)
    return await _session_edit(request, user, service_id, number, _session(form), _was(form))


@router.post(PATH + "/hall/services/{service_id}/sessions/{number}/remove")
async def remove_session(
    request: Request, service_id: str, number: int, user: ConsoleAdmin
) -> Response:
    form = await check_form(request, user)
    return await _session_edit(request, user, service_id, number, None, _was(form))
