"""Public tracking: the JSON, a live stream of it, and the phone page behind the QR."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, StreamingResponse
from fastapi.templating import Jinja2Templates

from queue_core.errors import NotFound
from queue_core.events import compact_json
from queue_core.ticket import TicketStatus
from queue_server import shapes
from queue_server.deps import Runtime
from queue_server.openapi import REF, answers
from queue_server.routes import survey as survey_routes
from queue_server.runtime import HallRuntime
from queue_server.store import tickets as ticket_rows
from queue_server.store.tickets import TicketRecord

router = APIRouter(tags=["tracking"])
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
HEARTBEAT_SECONDS = 15.0


def _unknown() -> NotFound:
    # The same answer for a malformed, a mistyped and a never-issued token.
    return NotFound(
        "Mohon maaf, nomor antrean tidak ditemukan. Periksa kembali alamat pada tiket Anda.",
        "Sorry, this queue number was not found. Please check the address on your ticket.",
    )


def _record(runtime: HallRuntime, token: str) -> TicketRecord:
    record = ticket_rows.by_token(runtime.reader, token) if _TOKEN.match(token) else None
    if record is None:
        raise _unknown()
    return record


_TRACK_EVENTS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "`event: track` with the tracking JSON now and after every change; "
        "a comment line every 15 s.",
        "content": {
            "text/event-stream": {
                "itemSchema": {
                    "type": "object",
                    "required": ["event", "data"],
                    "properties": {
                        "event": {"const": "track"},
                        "data": {
                            "type": "string",
                            "contentMediaType": "application/json",
                            "contentSchema": {"$ref": REF + "Track"},
                        },
                    },
                }
            }
        },
    },
}


@router.get("/api/v1/track/{token}", response_class=Response, responses=answers(shapes.Track, 404))
async def track(token: str, request: Request) -> Response:
    # The hottest read in the hall (every phone): no dependency, cached encoded answer.
    runtime: HallRuntime = request.app.state.runtime
    body = runtime.view.track_bytes(token) if _TOKEN.match(token) else None
    if body is None:
        raise _unknown()
    return Response(body, media_type="application/json")


@router.get(
    "/api/v1/track/{token}/stream",
    response_class=StreamingResponse,
    responses={**answers(shapes.Track, 404), **_TRACK_EVENTS},
)
async def track_stream(token: str, request: Request, runtime: Runtime) -> StreamingResponse:
    """Server-sent events: the tracking JSON now, then again whenever it changes."""
    record = _record(runtime, token)
    ticket_id = record.ticket.id
    service = [record.ticket.service_id]

    def relevant(event: dict[str, Any]) -> bool:
        data = event["data"]
        if event["type"].startswith("counter."):
            return True
        return bool(data.get("ticket_id") == ticket_id or data.get("service_id") == service[0])

    sub = runtime.hub.subscribe(relevant)

    async def stream() -> AsyncIterator[str]:
        last = ""
        try:
            while True:
                current = _record(runtime, token)
                service[0] = current.ticket.service_id
                text = compact_json(runtime.view.track_json(current))
                if text != last:
                    yield f"event: track\ndata: {text}\n\n"
                    last = text
                try:
                    batch = await asyncio.wait_for(sub.next_batch(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    yield ": still here\n\n"
                    continue
                if batch is None:
                    return
        finally:
            runtime.hub.unsubscribe(sub)

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@router.get("/t/{token:path}", response_class=HTMLResponse, include_in_schema=False)
async def track_page(token: str, request: Request, runtime: Runtime) -> HTMLResponse:
    headers = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
    try:
        record = _record(runtime, token)
    except NotFound:
        return templates.TemplateResponse(
            request,
            "track_unknown.html",
            {"hall": runtime.hall.name},
            status_code=404,
            headers=headers,
        )
    if record.ticket.status is TicketStatus.DONE:
        # The visit is over: the page becomes its SKM survey (routes/survey.py).
        return survey_routes.phone_page(request, runtime, record, token)
    context = {
        "hall": runtime.hall.name,
        "token": token,
        "track": runtime.view.track_json(record),
        "timezone": runtime.hall.timezone,
    }
    return templates.TemplateResponse(request, "track.html", context, headers=headers)
