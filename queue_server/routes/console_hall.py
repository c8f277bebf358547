"""The hall's configuration in the console (admin): services, counters, holidays and the
running text, as forms (docs/hall-admin.md).

Every change goes through the REST route's own function (routes/hall_admin.py) with the
signed-in admin: the same check by the hall file's rules, the same audit entry, the same
`hall.changed` and live swap. A refused change is shown on its form with the hall file's
message, and nothing changes. A form sends texts; each becomes the TOML value it reads as
(a whole number, a decimal, else the text itself), so a mistyped number is refused by the
hall file's own words ("'minutes' must be a int/float, not '8 menit'")."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from queue_core.calendar import WEEKDAYS
from queue_core.errors import DomainError
from queue_server.console.render import language, render
from queue_server.console.session import PATH, ConsoleAdmin, check_form
from queue_server.routes import hall_admin
from queue_server.runtime import HallRuntime

router = APIRouter(include_in_schema=False)


def runtime_of(request: Request) -> HallRuntime:
    runtime: HallRuntime = request.app.state.runtime
    return runtime


def value(text: str) -> Any:
    """A form field as the TOML value it reads as; blank is None (the key is taken out)."""
    text = text.strip()
    if not text:
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def lines(text: str) -> list[str] | None:
    items = [line.strip() for line in text.splitlines() if line.strip()]
    return items or None


async def _config(request: Request, user: ConsoleAdmin) -> dict[str, Any]:
    return await hall_admin.get_config(runtime_of(request), user.principal)


async def hall_page_with(
    request: Request,
    user: ConsoleAdmin,
    *,
    error: str = "",
    target: str = "",
    status: int = 200,
    typed: dict[str, str] | None = None,
) -> HTMLResponse:
    """The hall page; `target` says which form a refusal belongs to, `typed` is what was
    typed into a refused add-form, shown again so nothing has to be typed twice."""
    en = language(request) == "en"
    config = await _config(request, user)
    return render(
        request,
        user,
        "console/hall.html",
        title="Hall setup" if en else "Konfigurasi mal",
        status=status,
        version=config["version"],
        doc=config["document"],
        weekdays=WEEKDAYS,
        error=error,
        target=target,
        typed=typed or {},
        done=request.query_params.get("done", "")[:80],
    )


async def attempt(request: Request, step: Callable[[], Awaitable[Any]]) -> tuple[str, int] | None:
    """Run the REST change; its refusal (message in the page's language), or None."""
    try:
        await step()
    except DomainError as exc:
        return (exc.message_en if language(request) == "en" else exc.message), exc.status
    return None


@router.get(f"{PATH}/hall")
async def hall_page(request: Request, user: ConsoleAdmin) -> HTMLResponse:
    return await hall_page_with(request, user)


SETTINGS = (
    "running_text",
    "running_text_en",
    "opens",
    "closes",
    "priority_streak",
    "nik_daily_limit",
    "max_wait_minutes",
    "booking_limit_per_nik",
    "no_show_strikes",
    "strike_days",
    "suspend_days",
)
"""The [hall] keys the console edits; a form sends some of them, and only those change."""
TEXTS = ("running_text", "running_text_en", "opens", "closes")


def weekdays(form: dict[str, str], prefix: str) -> list[str]:
    """Checked day boxes (`day-mon`, …) as the hall file's day names, Monday first."""
    return [day for day in WEEKDAYS if form.get(f"{prefix}-{day}")]


@router.post(f"{PATH}/hall/settings")
async def save_settings(request: Request, user: ConsoleAdmin) -> Response:
    """The running text (section `hall`) or the hall's days, hours and anti-calo rules
    (section `settings`): both are keys of [hall], changed by PATCH /settings's function."""
    form = await check_form(request, user)
    target = "settings" if form.get("section") == "settings" else "hall"
    changes: dict[str, Any] = {
        key: (form[key].strip() or None) if key in TEXTS else value(form[key])
        for key in SETTINGS
        if key in form
    }
    if target == "settings":
        changes["days"] = weekdays(form, "day")
    refused = await attempt(
        request,
        lambda: hall_admin.patch_settings(changes, runtime_of(request), user.principal),
    )
    if refused:
        return await hall_page_with(
            request, user, error=refused[0], target=target, status=refused[1]
        )
    return RedirectResponse(f"{PATH}/hall?done={target}", status_code=303)


# --- services ----------------------------------------------------------------------------


def _service_changes(form: dict[str, str]) -> dict[str, Any]:
    opens, closes = form.get("opens", "").strip(), form.get("closes", "").strip()
    return {
        "name": form.get("name", "").strip(),
        "name_en": form.get("name_en", "").strip(),
        "requirements": lines(form.get("requirements", "")) or [],
        "minutes": value(form.get("minutes", "")),
        "quota": value(form.get("quota", "")),
        "hours": [opens, closes] if opens or closes else None,
        "target_wait_minutes": value(form.get("target_wait_minutes", "")),
        "max_wait_minutes": value(form.get("max_wait_minutes", "")),
        "dossier_days": value(form.get("dossier_days", "")),
        "nik_required": True if form.get("nik_required") else None,
    }


async def service_page_with(
    request: Request,
    user: ConsoleAdmin,
    service_id: str,
    *,
    error: str = "",
    status: int = 200,
    form: dict[str, Any] | None = None,
    target: str = "service",
    draft: dict[str, Any] | None = None,
) -> HTMLResponse:
    """The service's page; `target` says which form a refusal belongs to, and `draft` is
    what was typed into a refused session form (`{"index": n or 0, "session": {…}}`)."""
    en = language(request) == "en"
    config = await _config(request, user)
    service = next(
        (s for s in config["document"].get("services", []) if s.get("id") == service_id), None
    )
    if service is None:
        return await hall_page_with(request, user, error=service_id, target="missing", status=404)
    return render(
        request,
        user,
        "console/hall_service.html",
        title=f"{'Service' if en else 'Layanan'} {service_id}",
        status=status,
        version=config["version"],
        service={**service, **(form or {})},
        error=error,
        target=target,
        done=request.query_params.get("done", "")[:80],
        draft=draft or {},
        weekdays=WEEKDAYS,
        serving=[
            c for c in config["document"].get("counters", []) if service_id in c.get("services", [])
        ],
    )


@router.get(PATH + "/hall/services/{service_id}")
async def service_page(request: Request, service_id: str, user: ConsoleAdmin) -> HTMLResponse:
    return await service_page_with(request, user, service_id[:64])


@router.post(PATH + "/hall/services/{service_id}")
async def save_service(request: Request, service_id: str, user: ConsoleAdmin) -> Response:
    form = await check_form(request, user)
    changes = _service_changes(form)
    refused = await attempt(
        request,
        lambda: hall_admin.patch_service(
            service_id[:64], changes, runtime_of(request), user.principal
        ),
    )
    if refused:
        shown = {k: v for k, v in changes.items() if v is not None}
        return await service_page_with(
            request, user, service_id[:64], error=refused[0], status=refused[1], form=shown
        )
    return RedirectResponse(f"{PATH}/hall?done=service:{service_id[:64]}", status_code=303)


# --- counters and holidays ---------------------------------------------------------------


@router.post(PATH + "/hall/counters/{counter_id}")
async def save_counter(request: Request, counter_id: int, user: ConsoleAdmin) -> Response:
    form = await check_form(request, user)
    services = [s.strip() for s in form.get("services", "").split(",") if s.strip()]
    changes = {
        "name": form.get("name", "").strip(),
        "zone": form.get("zone", "").strip() or None,
        "services": services,
    }
    refused = await attempt(
        request,
        lambda: hall_admin.patch_counter(counter_id, changes, runtime_of(request), user.principal),
    )
    if refused:
        return await hall_page_with(
            request, user, error=refused[0], target=f"counter:{counter_id}", status=refused[1]
        )
    return RedirectResponse(f"{PATH}/hall?done=counter:{counter_id}", status_code=303)


async def _saved_or_refused(
    request: Request, user: ConsoleAdmin, target: str, step: Callable[[], Awaitable[Any]]
) -> Response:
    """Run the REST change; back to the hall page, saying it was saved or why it was not."""
    refused = await attempt(request, step)
    if refused:
        return await hall_page_with(
            request, user, error=refused[0], target=target, status=refused[1]
        )
    return RedirectResponse(f"{PATH}/hall?done={target}", status_code=303)


@router.post(f"{PATH}/hall/counters")
async def add_counter(request: Request, user: ConsoleAdmin) -> Response:
    form = await check_form(request, user)
    entry = {
        "id": value(form.get("id", "")),
        "name": form.get("name", "").strip() or None,
        "agency": form.get("agency", "").strip(),
        "services": [s.strip() for s in form.get("services", "").split(",") if s.strip()],
        "zone": form.get("zone", "").strip() or None,
    }
    entry = {k: v for k, v in entry.items() if v is not None}
    return await _saved_or_refused(
        request,
        user,
        "counter:new",
        lambda: hall_admin.add_counter(entry, runtime_of(request), user.principal),
    )


# --- agencies ----------------------------------------------------------------------------


@router.post(f"{PATH}/hall/agencies")
async def add_agency(request: Request, user: ConsoleAdmin) -> Response:
    form = await check_form(request, user)
    entry = {k: form.get(k, "").strip() for k in ("id", "name", "short")}
    entry = {k: v for k, v in entry.items() if v}
    return await _saved_or_refused(
        request,
        user,
        "agency:new",
        lambda: hall_admin.add_agency(entry, runtime_of(request), user.principal),
    )


@router.post(PATH + "/hall/agencies/{agency_id}")
async def save_agency(request: Request, agency_id: str, user: ConsoleAdmin) -> Response:
    form = await check_form(request, user)
    changes = {"name": form.get("name", "").strip(), "short": form.get("short", "").strip() or None}
    return await _saved_or_refused(
        request,
        user,
        f"agency:{agency_id}",
        lambda: hall_admin.patch_agency(agency_id, changes, runtime_of(request), user.principal),
    )


@router.post(f"{PATH}/hall/holidays")
async def add_holiday(request: Request, user: ConsoleAdmin) -> Response:
    form = await check_form(request, user)
    refused = await attempt(
        request,
        lambda: hall_admin.add_holiday(
            hall_admin.NewHoliday(
                date=form.get("date", "").strip()[:32] or "-",
                name=form.get("name", "").strip()[:200] or "-",
            ),
            runtime_of(request),
            user.principal,
        ),
    )
    if refused:
        return await hall_page_with(
            request, user, error=refused[0], target="holidays", status=refused[1]
        )
    return RedirectResponse(
        f"{PATH}/hall?done=holiday:{form.get('date', '')[:32]}", status_code=303
    )


@router.post(PATH + "/hall/holidays/{day}/remove")
async def remove_holiday(request: Request, day: str, user: ConsoleAdmin) -> Response:
    await check_form(request, user)
    refused = await attempt(
        request, lambda: hall_admin.remove_holiday(day[:32], runtime_of(request), user.principal)
    )
    if refused:
        return await hall_page_with(
            request, user, error=refused[0], target="holidays", status=refused[1]
        )
    return RedirectResponse(f"{PATH}/hall?done=holiday-removed:{day[:32]}", status_code=303)
