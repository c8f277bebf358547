"""Adding a service, removing a service or a counter, in the console (admin;
docs/hall-admin.md). Each is the REST route's own function (routes/hall_admin.py) with
its guards: a service with tickets waiting today, or a counter still open or paused, is
refused with the guard's message, and nothing changes.

Removing asks first: the hall page's "Hapus" is a link to a page that says what goes and
what it takes with it ("Hapus layanan X?"), and only that page's form removes. No script
is needed, and a stray click or Enter on the hall page removes nothing."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from queue_server.console.render import language, render
from queue_server.console.session import PATH, ConsoleAdmin, check_form
from queue_server.routes import hall_admin
from queue_server.routes.console_hall import (
    attempt,
    hall_page_with,
    lines,
    runtime_of,
    value,
)

router = APIRouter(include_in_schema=False)


@router.post(f"{PATH}/hall/services")
async def add_service(request: Request, user: ConsoleAdmin) -> Response:
    form = await check_form(request, user)
    entry: dict[str, Any] = {
        "id": form.get("id", "").strip(),
        "agency": form.get("agency", "").strip(),
        "prefix": form.get("prefix", "").strip(),
        "name": form.get("name", "").strip(),
        "name_en": form.get("name_en", "").strip(),
        "requirements": lines(form.get("requirements", "")),
        "minutes": value(form.get("minutes", "")),
        "quota": value(form.get("quota", "")),
    }
    entry = {k: v for k, v in entry.items() if v not in (None, "")}
    # Counter boxes are named `counter-N`: one field each, so no list parsing is needed.
    counters = sorted(
        int(key.removeprefix("counter-"))
        for key in form
        if key.startswith("counter-") and key.removeprefix("counter-").isdigit()
    )
    refused = await attempt(
        request,
        lambda: hall_admin.add_service(entry, runtime_of(request), user.principal, counters),
    )
    if refused:
        return await hall_page_with(
            request, user, error=refused[0], target="service:new", status=refused[1], typed=form
        )
    return RedirectResponse(f"{PATH}/hall?done=service:{entry.get('id', '')}", status_code=303)


# --- removing, after a page that asks --------------------------------------------------


async def _ask(
    request: Request,
    user: ConsoleAdmin,
    kind: str,
    ident: str,
    *,
    error: str = "",
    status: int = 200,
) -> HTMLResponse:
    """The page that asks before removing: what goes, and what it takes with it."""
    en = language(request) == "en"
    config = await hall_admin.get_config(runtime_of(request), user.principal)
    document = config["document"]
    key = "services" if kind == "service" else "counters"
    entry = next((e for e in document.get(key, []) if str(e.get("id")) == ident), None)
    if entry is None:
        return await hall_page_with(request, user, error=ident, target="missing", status=404)
    if kind == "service":
        word = "service" if en else "layanan"
        label = f"{entry.get('prefix', '')} · {entry.get('name', ident)}"
        related = [c for c in document.get("counters", []) if ident in c.get("services", [])]
    else:
        word = "counter" if en else "loket"
        label = str(entry.get("name") or f"Loket {ident}")
        related = [
            s for s in document.get("services", []) if s.get("id") in entry.get("services", [])
        ]
    return render(
        request,
        user,
        "console/hall_remove.html",
        title=f"Remove {word} {ident}?" if en else f"Hapus {word} {ident}?",
        status=status,
        version=config["version"],
        kind=kind,
        ident=ident,
        label=label,
        related=related,
        error=error,
    )


@router.get(PATH + "/hall/services/{service_id}/remove")
async def ask_remove_service(request: Request, service_id: str, user: ConsoleAdmin) -> HTMLResponse:
    return await _ask(request, user, "service", service_id[:64])


@router.post(PATH + "/hall/services/{service_id}/remove")
async def remove_service(request: Request, service_id: str, user: ConsoleAdmin) -> Response:
    await check_form(request, user)
    ident = service_id[:64]
    refused = await attempt(
        request, lambda: hall_admin.remove_service(ident, runtime_of(request), user.principal)
    )
    if refused:
        return await _ask(request, user, "service", ident, error=refused[0], status=refused[1])
    return RedirectResponse(f"{PATH}/hall?done=service-removed:{ident}", status_code=303)


@router.get(PATH + "/hall/counters/{counter_id}/remove")
async def ask_remove_counter(request: Request, counter_id: int, user: ConsoleAdmin) -> HTMLResponse:
    return await _ask(request, user, "counter", str(counter_id))


@router.post(PATH + "/hall/counters/{counter_id}/remove")
async def remove_counter(request: Request, counter_id: int, user: ConsoleAdmin) -> Response:
    await check_form(request, user)
    refused = await attempt(
        request, lambda: hall_admin.remove_counter(counter_id, runtime_of(request), user.principal)
    )
    if refused:
        return await _ask(
            request, user, "counter", str(counter_id), error=refused[0], status=refused[1]
        )
    return RedirectResponse(f"{PATH}/hall?done=counter-removed:{counter_id}", status_code=303)
