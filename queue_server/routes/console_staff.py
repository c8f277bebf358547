"""Users and devices (admin) and hall announcements (supervisor+) in the console.

Every change goes through the REST route's own function (routes/staff.py,
routes/announcements.py), called with the signed-in person: the same validation, the
same rules (the last admin stays, a user holding a counter is not removed), the same
audit entry in the same transaction, the same live effects (a disabled user's streams
close). A refusal is shown on the form with the REST answer's message, and nothing
changes. A new device token is shown once, on the page that answers the POST (never in
a URL), like the REST answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError

from queue_core.errors import DomainError
from queue_server.console.render import language, render
from queue_server.console.session import PATH, ConsoleAdmin, ConsolePerson, ConsoleUser, check_form
from queue_server.edge import _fields
from queue_server.routes import announcements as announcement_routes
from queue_server.routes import staff as staff_routes
from queue_server.runtime import HallRuntime

router = APIRouter(include_in_schema=False)

PAGE = 100


class Refused(Exception):
    """A change the REST route refused: its message, in the page's language."""

    def __init__(self, text: str, status: int) -> None:
        self.text, self.status = text, status


def _body(model: type[BaseModel], fields: dict[str, Any], en: bool) -> Any:
    """The REST body model built from the form: a bad field gets the REST answer's own
    message ("Data tidak valid: name, password.")."""
    try:
        return model(**fields)
    except ValidationError as exc:
        names = _fields(RequestValidationError(exc.errors()))
        message = f"Invalid data: {names}." if en else f"Data tidak valid: {names}."
        raise Refused(message, 422) from None


async def _run(step: Callable[[], Awaitable[Any]], en: bool) -> Any:
    try:
        return await step()
    except DomainError as exc:
        raise Refused(exc.message_en if en else exc.message, exc.status) from None


def _en(request: Request) -> bool:
    return language(request) == "en"


def _local(runtime: HallRuntime) -> Callable[[str | None], str]:
    """An ISO time of the store as the hall's clock shows it (YYYY-MM-DD HH:MM)."""
    zone = ZoneInfo(runtime.hall.timezone)

    def show(stamp: str | None) -> str:
        if not stamp:
            return ""
        return f"{datetime.fromisoformat(stamp).astimezone(zone):%Y-%m-%d %H:%M}"

    return show


def _runtime(request: Request) -> HallRuntime:
    runtime: HallRuntime = request.app.state.runtime
    return runtime


# --- users -------------------------------------------------------------------------------


async def _users_page(
    request: Request,
    user: ConsolePerson,
    *,
    error: str = "",
    status: int = 200,
    form: dict[str, str] | None = None,
    target: str = "",
) -> HTMLResponse:
    runtime = _runtime(request)
    after = request.query_params.get("after", "")[:64]
    page = await staff_routes.list_users(runtime, user.principal, after, PAGE)
    return render(
        request,
        user,
        "console/users.html",
        title="Users" if _en(request) else "Pengguna",
        status=status,
        users=page.items,
        next=page.next,
        agencies=runtime.hall.agencies,
        error=error,
        target=target,
        form=form or {},
        done=request.query_params.get("done", "")[:80],
    )


@router.get(f"{PATH}/users")
async def users_page(request: Request, user: ConsoleAdmin) -> HTMLResponse:
    return await _users_page(request, user)


@router.post(f"{PATH}/users")
async def add_user(request: Request, user: ConsoleAdmin) -> Response:
    form = await check_form(request, user)
    en = _en(request)
    fields = {
        "name": form.get("name", "").strip(),
        "password": form.get("password", ""),
        "role": form.get("role", ""),
        "agency_id": form.get("agency_id") or None,
    }
    try:
        body = _body(staff_routes.NewUser, fields, en)
        await _run(lambda: staff_routes.add_user(body, _runtime(request), user.principal), en)
    except Refused as refused:
        kept = {k: v for k, v in form.items() if k in ("name", "role", "agency_id")}
        return await _users_page(
            request, user, error=refused.text, status=refused.status, form=kept, target="new"
        )
    return RedirectResponse(f"{PATH}/users?done=added:{fields['name']}", status_code=303)


CHANGES = {
    "save": "saved",
    "disable": "disabled",
    "enable": "enabled",
    "password": "password",
}


@router.post(PATH + "/users/{name}")
async def change_user(request: Request, name: str, user: ConsoleAdmin) -> Response:
    """One form per user; its button says which change: save (role and agency), disable,
    enable, password (a new one: the user's sessions end)."""
    form = await check_form(request, user)
    en = _en(request)
    do = form.get("do", "")
    fields: dict[str, Any]
    if do == "save":
        fields = {"role": form.get("role") or None, "agency_id": form.get("agency_id") or None}
    elif do in ("disable", "enable"):
        fields = {"disabled": do == "disable"}
    elif do == "password":
        fields = {"password": form.get("password", "")}
    else:
        fields = {"do": do}  # refused by the model like an unknown REST field
    try:
        body = _body(staff_routes.UserChange, fields, en)
        await _run(
            lambda: staff_routes.change_user(name[:64], body, _runtime(request), user.principal),
            en,
        )
    except Refused as refused:
        return await _users_page(
            request, user, error=refused.text, status=refused.status, target=name
        )
    return RedirectResponse(f"{PATH}/users?done={CHANGES[do]}:{name}", status_code=303)


# --- devices -----------------------------------------------------------------------------


async def _devices_page(
    request: Request,
    user: ConsolePerson,
    *,
    error: str = "",
    status: int = 200,
    form: dict[str, str] | None = None,
    token: dict[str, str] | None = None,
) -> HTMLResponse:
    runtime = _runtime(request)
    after = request.query_params.get("after", "")[:64]
    page = await staff_routes.list_devices(runtime, user.principal, after, PAGE)
    return render(
        request,
        user,
        "console/devices.html",
        title="Devices" if _en(request) else "Perangkat",
        status=status,
        devices=page.items,
        next=page.next,
        error=error,
        form=form or {},
        token=token,
        local=_local(runtime),
        done=request.query_params.get("done", "")[:80],
    )


@router.get(f"{PATH}/devices")
async def devices_page(request: Request, user: ConsoleAdmin) -> HTMLResponse:
    return await _devices_page(request, user)


@router.post(f"{PATH}/devices")
async def add_device(request: Request, user: ConsoleAdmin) -> Response:
    form = await check_form(request, user)
    en = _en(request)
    fields = {"name": form.get("name", "").strip(), "role": form.get("role", "")}
    try:
        body = _body(staff_routes.NewDevice, fields, en)
        made = await _run(
            lambda: staff_routes.add_device(body, _runtime(request), user.principal), en
        )
    except Refused as refused:
        return await _devices_page(
            request, user, error=refused.text, status=refused.status, form=fields
        )
    return await _devices_page(request, user, token={"name": made.name, "token": made.token})


@router.post(PATH + "/devices/{name}/revoke")
async def revoke_device(request: Request, name: str, user: ConsoleAdmin) -> Response:
    await check_form(request, user)
    try:
        await _run(
            lambda: staff_routes.revoke_device(name[:64], _runtime(request), user.principal),
            _en(request),
        )
    except Refused as refused:
        return await _devices_page(request, user, error=refused.text, status=refused.status)
    return RedirectResponse(f"{PATH}/devices?done=revoked:{name}", status_code=303)


@router.post(PATH + "/devices/{name}/rotate")
async def rotate_device(request: Request, name: str, user: ConsoleAdmin) -> Response:
    await check_form(request, user)
    try:
        made = await _run(
            lambda: staff_routes.rotate_device(name[:64], _runtime(request), user.principal),
            _en(request),
        )
    except Refused as refused:
        return await _devices_page(request, user, error=refused.text, status=refused.status)
    return await _devices_page(request, user, token={"name": made.name, "token": made.token})


# --- announcements -----------------------------------------------------------------------


def _announcements_page(
    request: Request, user: ConsolePerson, *, error: str = "", status: int = 200, text: str = ""
) -> HTMLResponse:
    return render(
        request,
        user,
        "console/announcements.html",
        title="Announcements" if _en(request) else "Pengumuman",
        status=status,
        error=error,
        text=text,
        sent=request.query_params.get("sent", "")[:20],
    )


@router.get(f"{PATH}/announcements")
async def announcements_page(request: Request, user: ConsoleUser) -> HTMLResponse:
    return _announcements_page(request, user)


@router.post(f"{PATH}/announcements")
async def announce(request: Request, user: ConsoleUser) -> Response:
    form = await check_form(request, user)
    en = _en(request)
    text = form.get("text", "")
    try:
        body = _body(announcement_routes.AnnouncementBody, {"text": text}, en)
        event = await _run(
            lambda: announcement_routes.announce(body, _runtime(request), user.principal), en
        )
    except Refused as refused:
        return _announcements_page(
            request, user, error=refused.text, status=refused.status, text=text[:280]
        )
    return RedirectResponse(f"{PATH}/announcements?sent={event['seq']}", status_code=303)
