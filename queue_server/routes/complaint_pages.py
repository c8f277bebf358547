"""The citizen's complaint pages: /pengaduan (the form) and /c/<manage_token> (the case:
its text, timeline, the answer, and the reply/confirm/reopen forms).

Server-rendered, usable without JavaScript, ID/EN: plain forms, each POST answered with
a redirect (POST-redirect-GET), and a double tap on "send" caught by the form's
Idempotency-Key. Everything the citizen wrote is shown through Jinja's autoescape: a
complaint's text is never markup, on this page or any other.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError

from queue_core import complaint as rules
from queue_core.complaint import Action, Kind
from queue_core.errors import DomainError
from queue_core.events import iso
from queue_server import complaint_actions as actions
from queue_server.deps import Runtime
from queue_server.routes import complaint as api
from queue_server.routes.citizen_frame import frame
from queue_server.routes.complaint_words import WORDS, local_time
from queue_server.runtime import HallRuntime
from queue_server.store import complaint as rows
from queue_server.store import tickets as ticket_rows

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
HTML = {"Cache-Control": "no-store"}
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def _lang(value: str | None) -> str:
    return value if value in WORDS else "id"


def _page(
    request: Request, runtime: HallRuntime, name: str, lang: str, status: int = 200, **context: Any
) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        f"complaint/{name}.html",
        {
            **frame(request, runtime.hall.name, lang, WORDS[lang], drop=("done",)),
            "when": lambda moment: local_time(moment, runtime.hall.timezone, lang),
            **context,
        },
        status_code=status,
        headers=HTML,
    )


async def _form(request: Request) -> dict[str, str]:
    """A urlencoded form (the body limit is the Edge's): no multipart dependency."""
    body = (await request.body()).decode("utf-8", "replace")
    return {k: v[0] for k, v in parse_qs(body, max_num_fields=20).items()}


def _form_page(
    request: Request,
    runtime: HallRuntime,
    lang: str,
    kept: dict[str, str],
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    return _page(
        request,
        runtime,
        "form",
        lang,
        status,
        kinds=[(k.value, rules.KIND_LABELS[k]) for k in Kind],
        agencies=runtime.hall.agencies,
        kept=kept,
        error=error,
        form_key=kept.get("key") or secrets.token_urlsafe(16),
        max_text=rules.TEXT_MAX,
        min_text=rules.TEXT_MIN,
    )


@router.get("/pengaduan", response_class=HTMLResponse)
async def complaint_form(request: Request, runtime: Runtime) -> HTMLResponse:
    """The form: from the kiosk's QR poster, the ticket's page (`?ticket=<token>`), or
    staff typing a citizen's words (signed in, their token goes with the POST)."""
    q = request.query_params
    ticket = q.get("ticket", "")
    kept = {"ticket": ticket if ticket and set(ticket) <= _TOKEN_CHARS else ""}
    return _form_page(request, runtime, _lang(q.get("lang")), kept)


@router.post("/pengaduan", response_class=HTMLResponse)
async def complaint_submit(request: Request, runtime: Runtime) -> Response:
    form = await _form(request)
    lang = _lang(form.get("lang"))
    anonymous = form.get("anonymous") == "1"
    ticket = form.get("ticket") or None
    service_id = None
    if ticket and set(ticket) <= _TOKEN_CHARS and len(ticket) <= 64:
        record = ticket_rows.by_token(runtime.reader, ticket)
        service_id = None if record is None else record.ticket.service_id
    else:
        ticket = None
    try:
        body = api.ComplaintBody(
            kind=form.get("kind", ""),
            text=form.get("text", ""),
            agency_id=form.get("agency") or None,
            service_id=service_id,
            tracking_token=ticket,
            anonymous=anonymous,
            confidential=form.get("confidential") == "1",
            contact=None
            if anonymous
            else api.ContactBody(
                name=form.get("name", "").strip() or None,
                phone=form.get("phone", "").strip() or None,
                email=form.get("email", "").strip() or None,
            ),
            lang=lang,
        )
        filed = await api.file_complaint(runtime, request, body, form.get("key") or None)
    except ValidationError:
        return _form_page(request, runtime, lang, form, WORDS[lang]["bad_form"], 422)
    except DomainError as refused:
        message = refused.message_en if lang == "en" else refused.message
        return _form_page(request, runtime, lang, form, message, refused.status)
    token = filed.row.manage_token
    return RedirectResponse(f"/c/{token}?lang={lang}&done=filed", status_code=303)


def _case(runtime: HallRuntime, token: str) -> rows.ComplaintRow | None:
    if not (16 <= len(token) <= 64 and set(token) <= _TOKEN_CHARS):
        return None
    return rows.by_token(runtime.reader, token)


@router.get("/c/{token}", response_class=HTMLResponse)
async def case_page(token: str, request: Request, runtime: Runtime) -> HTMLResponse:
    lang = _lang(request.query_params.get("lang"))
    row = _case(runtime, token)
    if row is None:
        return _page(request, runtime, "not_found", lang, 404)
    track = api.track_json(runtime, row)
    return _page(
        request,
        runtime,
        "case",
        lang,
        row=row,
        track=track,
        token=token,
        status_label=rules.STATUS_LABELS[row.status][1 if lang == "en" else 0],
        kind_label=rules.KIND_LABELS[row.kind][1 if lang == "en" else 0],
        labels={s.value: v[1 if lang == "en" else 0] for s, v in rules.STATUS_LABELS.items()},
        overdue=rules.overdue(row.case, runtime.clock()),
        done=request.query_params.get("done"),
        now=iso(runtime.clock()),
    )


CITIZEN_ACTIONS = {"reply": Action.REPLY, "confirm": Action.CONFIRM, "reopen": Action.REOPEN}


@router.post("/c/{token}/{action}", response_class=HTMLResponse)
async def case_action(token: str, action: str, request: Request, runtime: Runtime) -> Response:
    form = await _form(request)
    lang = _lang(form.get("lang"))
    row = _case(runtime, token)
    step_action = CITIZEN_ACTIONS.get(action)
    if row is None or step_action is None:
        return _page(request, runtime, "not_found", lang, 404)
    text = form.get("text", "").strip()[: rules.TEXT_MAX] or None
    if step_action is Action.REPLY and text is None:
        return RedirectResponse(f"/c/{token}?lang={lang}&done=empty", status_code=303)
    try:
        await api.citizen(runtime, token, actions.Step(step_action, "citizen", text))
    except DomainError:
        return RedirectResponse(f"/c/{token}?lang={lang}&done=refused", status_code=303)
    return RedirectResponse(f"/c/{token}?lang={lang}&done={action}", status_code=303)
