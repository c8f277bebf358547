"""SKM survey: the public API behind the ticket's QR, the phone form, the counter tablet.

A response is stored apart from the visit it rates (see store.survey): the ticket only
decides whether the survey is open and which service, agency and counter it counts for.
"""

from __future__ import annotations

import re
import time
from collections import deque
from datetime import time as day_time
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ConfigDict, Field

from queue_core import survey as skm
from queue_core.errors import DomainError, NotFound, ValidationFailed
from queue_server import auth, shapes
from queue_server.actions import Tx
from queue_server.deps import Runtime, identify, require
from queue_server.edge import CompactJSON
from queue_server.errors import RateLimited
from queue_server.openapi import answers
from queue_server.runtime import HallRuntime
from queue_server.store import events as event_log
from queue_server.store import survey as survey_rows
from queue_server.store import tickets as ticket_rows
from queue_server.store.staff import Principal
from queue_server.store.tickets import TicketRecord

router = APIRouter(tags=["survey"])
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
POSTS_PER_MINUTE = 20
"""Survey answers one address may send a minute: a family on the hall Wi-Fi answering
each member's ticket passes, a script trying tokens does not."""
TABLET_OFFER = timedelta(minutes=10)
"""How long after finishing a ticket the counter's tablet still offers its survey (the
page itself resets after 2 idle minutes)."""
PAGE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
Tablet = Annotated[Principal, Depends(require(auth.DISPLAY))]
"""The counter's tablet signs in with a display device token, like the hall board."""


class PostLimit:
    """Per-address sliding window over the last minute."""

    def __init__(self, per_minute: int = POSTS_PER_MINUTE) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque[float]] = {}

    def check(self, address: str) -> None:
        now = time.monotonic()
        if len(self._seen) > 10_000:  # forget idle addresses rather than grow for ever
            self._seen = {a: q for a, q in self._seen.items() if q and now - q[-1] < 60}
        hits = self._seen.setdefault(address, deque())
        while hits and now - hits[0] >= 60:
            hits.popleft()
        if len(hits) >= self.per_minute:
            raise RateLimited(
                "Mohon maaf, terlalu banyak jawaban dari perangkat ini. Silakan coba lagi "
                "sebentar lagi.",
                "Sorry, too many answers came from this device. Please try again in a moment.",
                retry_after=int(60 - (now - hits[0])) + 1,
            )
        hits.append(now)


def _limit(request: Request) -> None:
    limit: PostLimit = request.app.state.survey_limit
    limit.check(request.client.host if request.client else "?")


def _published(schema: dict[str, Any]) -> Any:
    """The field's schema in the OpenAPI, replaced by what queue_core accepts: the body
    model stays loose so that queue_core, not pydantic, names what is wrong (in both
    languages, the form's words), and the document still says exactly what passes."""

    def replace(field: dict[str, Any]) -> None:
        field.clear()
        field.update(schema)

    return replace


_ANSWERS = {
    "type": "object",
    "properties": {u: {"type": "integer", "minimum": 1, "maximum": 4} for u in skm.UNSUR},
    "required": list(skm.UNSUR),
    "additionalProperties": False,
    "description": "Every element u1…u9 answered 1–4.",
}
_RESPONDENT = {
    "anyOf": [
        {
            "type": "object",
            "properties": {
                name: {"anyOf": [{"enum": [*values, ""]}, {"type": "null"}]}
                for name, values in skm.RESPONDENT_FIELDS.items()
            },
            "additionalProperties": False,
        },
        {"type": "null"},
    ],
    "description": "Optional; an empty or null field counts as `unknown`.",
}
_SUGGESTION = {
    "anyOf": [{"type": "string", "maxLength": skm.SUGGESTION_MAX}, {"type": "null"}],
    "description": f"At most {skm.SUGGESTION_MAX} characters (after trimming spaces).",
}


class SurveyBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answers: dict[str, Any] = Field(max_length=20, json_schema_extra=_published(_ANSWERS))
    respondent: dict[str, str | None] | None = Field(
        default=None, max_length=10, json_schema_extra=_published(_RESPONDENT)
    )
    suggestion: str | None = Field(
        default=None, max_length=4 * skm.SUGGESTION_MAX, json_schema_extra=_published(_SUGGESTION)
    )
    """Checked against the 1,000-character limit by queue_core (a clear message)."""


class TabletBody(SurveyBody):
    number: str = Field(min_length=1, max_length=16)
    """The number the tablet showed: the answer counts only for that ticket."""


def _unknown() -> NotFound:
    return NotFound(
        "Mohon maaf, nomor antrean tidak ditemukan. Periksa kembali alamat pada tiket Anda.",
        "Sorry, this queue number was not found. Please check the address on your ticket.",
    )


def _record(runtime: HallRuntime, token: str) -> TicketRecord:
    record = ticket_rows.by_token(runtime.reader, token) if _TOKEN.match(token) else None
    if record is None:
        raise _unknown()
    return record


def state_of(runtime: HallRuntime, record: TicketRecord) -> str:
    t = record.ticket
    answered = survey_rows.has_answered(runtime.reader, t.id)
    return skm.survey_state(t.status.value, t.finished_at, runtime.clock(), answered)


def _answer(
    tx: Tx, ticket_id: int, channel: str, parts: tuple[dict[str, int], dict[str, str], str | None]
) -> None:
    """The writer's action: the state is checked again inside the transaction, so two
    answers sent at once for one ticket store one response and refuse the other."""
    record = ticket_rows.get(tx.conn, ticket_id)
    if record is None:
        raise _unknown()
    t = record.ticket
    answered = survey_rows.has_answered(tx.conn, t.id)
    state = skm.survey_state(t.status.value, t.finished_at, tx.now, answered)
    if state != "open":
        raise skm.refusal(state)
    service = tx.hall.service(t.service_id)
    answers, respondent, suggestion = parts
    response = survey_rows.Response(
        day=t.day,
        agency_id=service.agency_id if service else "",
        service_id=t.service_id,
        counter_id=t.counter_id,
        channel=channel,
        answers=answers,
        respondent=respondent,
        suggestion=suggestion,
    )
    if not survey_rows.record(tx.conn, t.id, response):
        raise skm.refusal("answered")


def _parts(body: SurveyBody) -> tuple[dict[str, int], dict[str, str], str | None]:
    return skm.check_response(body.answers, body.respondent or {}, body.suggestion)


def survey_json(runtime: HallRuntime, record: TicketRecord) -> dict[str, Any]:
    service = runtime.hall.service(record.ticket.service_id)
    return {
        "number": record.ticket.number,
        "service_name": service.name if service else record.ticket.service_id,
        "service_name_en": service.name_en if service else record.ticket.service_id,
        "state": state_of(runtime, record),
        "questions": skm.questions(),
        "respondent_fields": {
            name: [{"value": v, "label": id_, "label_en": en} for v, (id_, en) in values.items()]
            for name, values in skm.RESPONDENT_FIELDS.items()
        },
    }


@router.get(
    "/api/v1/survey/{token}", response_class=CompactJSON, responses=answers(shapes.Survey, 404)
)
async def get_survey(token: str, runtime: Runtime) -> CompactJSON:
    """The survey of a ticket (public): its state and the nine questions."""
    return CompactJSON(survey_json(runtime, _record(runtime, token)), headers=PAGE_HEADERS)


@router.post(
    "/api/v1/survey/{token}",
    status_code=201,
    response_class=CompactJSON,
    responses=answers(shapes.SurveyAnswered, 404, 409, 429, status=201),
)
async def post_survey(token: str, body: SurveyBody, request: Request, runtime: Runtime) -> Any:
    """Answer a ticket's survey (public, once per ticket, anonymous)."""
    _limit(request)
    record = _record(runtime, token)
    parts = _parts(body)
    await runtime.writer(_answer, record.ticket.id, "phone", parts)
    return CompactJSON({"state": "answered"}, status_code=201)


# ---- the phone page: the ticket's /t/ page once the visit is done ----------------------


def _lang(request: Request, form: dict[str, list[str]] | None = None) -> str:
    chosen = (form or {}).get("lang", [None])[0] or request.query_params.get("lang")
    return "en" if chosen == "en" else "id"


def _page_context(
    runtime: HallRuntime, record: TicketRecord, token: str, lang: str
) -> dict[str, Any]:
    service = runtime.hall.service(record.ticket.service_id)
    return {
        "hall": runtime.hall.name,
        "token": token,
        "lang": lang,
        "number": record.ticket.number,
        "service": (service.name_en if lang == "en" else service.name) if service else "",
        "elements": skm.ELEMENTS,
        "values": skm.VALUES,
        "respondent_fields": skm.RESPONDENT_FIELDS,
        "suggestion_max": skm.SUGGESTION_MAX,
        "chosen": {},
        "error": None,
        "wrong": [],
        "dossier": runtime.view.dossier_json(record.ticket.id),
        "timezone": runtime.hall.timezone,
        "pickup": _pickup(runtime, record),
    }


def _pickup(runtime: HallRuntime, record: TicketRecord) -> dict[str, str]:
    """Where and when a ready dossier is collected: the agency's counters, the hall's
    hours on its working days (docs/dossiers.md)."""
    service = runtime.hall.service(record.ticket.service_id)
    agency = service.agency_id if service else ""
    names = [c.name for c in runtime.hall.counters if c.agency_id == agency]
    hall = runtime.hall
    hours = (
        f"{hall.opens:%H.%M}–{'24.00' if hall.closes == day_time.max else f'{hall.closes:%H.%M}'}"
    )
    where = ", ".join(names) or hall.name
    return {
        "id": f"Silakan ambil di {where}, pada hari kerja pukul {hours}."
        " Bawa nomor antrean atau QR ini.",
        "en": f"Please collect it at {where}, on working days {hours}."
        " Bring this queue ticket or QR.",
    }


def phone_page(
    request: Request, runtime: HallRuntime, record: TicketRecord, token: str
) -> HTMLResponse:
    """What /t/<token> shows once the ticket is done: the survey, or why it is not open."""
    lang = _lang(request)
    context = _page_context(runtime, record, token, lang)
    context["state"] = state_of(runtime, record)
    return templates.TemplateResponse(request, "survey/phone.html", context, headers=PAGE_HEADERS)


@router.post("/t/{token}/survey", response_class=HTMLResponse, include_in_schema=False)
async def post_survey_form(token: str, request: Request, runtime: Runtime) -> HTMLResponse:
    """The same answer from the plain HTML form (works without JavaScript)."""
    record = _record(runtime, token)
    raw = await request.body()
    form = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
    lang = _lang(request, form)
    context = _page_context(runtime, record, token, lang)
    one = {k: v[0] for k, v in form.items() if v}
    answers: dict[str, object] = {
        u: int(one[u]) if one.get(u, "").isdigit() else one.get(u) for u in skm.UNSUR if u in one
    }
    respondent = {name: one.get(name) or None for name in skm.RESPONDENT_FIELDS}
    context["chosen"] = one
    status = 200
    try:
        _limit(request)
        parts = skm.check_response(answers, respondent, one.get("suggestion"))
        await runtime.writer(_answer, record.ticket.id, "phone", parts)
        context["state"] = "thanks"
    except ValidationFailed as exc:
        context["state"] = "open"
        context["error"] = exc.message_en if lang == "en" else exc.message
        context["wrong"] = skm.validate_answers(answers)
        status = 422
    except DomainError as exc:
        context["state"] = state_of(runtime, record)
        context["error"] = exc.message_en if lang == "en" else exc.message
        status = exc.status
    return templates.TemplateResponse(
        request, "survey/phone.html", context, status_code=status, headers=PAGE_HEADERS
    )


# ---- the counter's tablet --------------------------------------------------------------


def _counter_name(runtime: HallRuntime, counter_id: int) -> str:
    counter = runtime.hall.counter(counter_id)
    if counter is None:
        raise NotFound("Loket tidak ditemukan.", "Counter not found.")
    return counter.name


def _tablet_ticket(runtime: HallRuntime, counter_id: int) -> TicketRecord | None:
    record = survey_rows.last_finished(runtime.reader, counter_id, runtime.clock() - TABLET_OFFER)
    if record is None or state_of(runtime, record) != "open":
        return None
    return record


@router.get(
    "/api/v1/survey/counter/{counter_id}",
    response_class=CompactJSON,
    responses=answers(shapes.TabletSurvey, 404),
)
async def tablet_state(counter_id: int, runtime: Runtime, _: Tablet) -> CompactJSON:
    """What the counter's tablet shows (display token): the ticket it just finished whose
    survey is open, or null."""
    name = _counter_name(runtime, counter_id)
    record = _tablet_ticket(runtime, counter_id)
    ticket = None
    if record is not None:
        service = runtime.hall.service(record.ticket.service_id)
        ticket = {
            "number": record.ticket.number,
            "service_name": service.name if service else "",
            "service_name_en": service.name_en if service else "",
            "finished_at": record.ticket.finished_at.isoformat()
            if record.ticket.finished_at
            else None,
        }
    return CompactJSON({"counter_name": name, "ticket": ticket}, headers=PAGE_HEADERS)


@router.post(
    "/api/v1/survey/counter/{counter_id}",
    status_code=201,
    response_class=CompactJSON,
    responses=answers(shapes.SurveyAnswered, 404, 409, status=201),
)
async def tablet_answer(counter_id: int, body: TabletBody, runtime: Runtime, _: Tablet) -> Any:
    """Answer the survey shown on the counter's tablet (display token)."""
    _counter_name(runtime, counter_id)
    parts = _parts(body)
    record = _tablet_ticket(runtime, counter_id)
    if record is None or record.ticket.number != body.number:
        # The citizen took too long, or the counter already finished the next visit.
        raise skm.SurveyNotOpen(
            "Mohon maaf, survei untuk nomor ini sudah ditutup di loket ini. Silakan isi "
            "survei lewat kode QR pada tiket Anda.",
            "Sorry, the survey for this number is closed at this counter. Please answer it "
            "through the QR code on your ticket.",
        )
    await runtime.writer(_answer, record.ticket.id, "tablet", parts)
    return CompactJSON({"state": "answered"}, status_code=201)


@router.get("/survey/counter/{counter_id}", response_class=HTMLResponse, include_in_schema=False)
async def tablet_page(counter_id: int, request: Request, runtime: Runtime) -> HTMLResponse:
    """The counter tablet's page; it needs a display token (`?token=`), like the board."""
    identify(runtime, request.query_params.get("token"), auth.DISPLAY)
    context = {
        "hall": runtime.hall.name,
        "counter_id": counter_id,
        "counter_name": _counter_name(runtime, counter_id),
        "elements": skm.ELEMENTS,
        "values": skm.VALUES,
        "suggestion_max": skm.SUGGESTION_MAX,
        # The event stream is followed from here on (what came before needs no replay).
        "last_seq": event_log.last_seq(runtime.reader),
    }
    return templates.TemplateResponse(request, "survey/tablet.html", context, headers=PAGE_HEADERS)
