"""The public catalogue: hall, services, counters."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request

from queue_server import shapes
from queue_server.auth import OPERATOR
from queue_server.deps import Runtime, bearer_token
from queue_server.openapi import answers

router = APIRouter(prefix="/api/v1", tags=["catalogue"])
HOLIDAYS_AHEAD = 60
"""`GET /hall` lists the holidays of today and the next 59 days."""


@router.get("/hall", responses=answers(shapes.Hall))
async def hall(runtime: Runtime) -> dict[str, Any]:
    h = runtime.hall
    today = runtime.view.day
    upcoming = h.calendar.holidays_between(today, today + timedelta(days=HOLIDAYS_AHEAD - 1))
    return {
        "name": h.name,
        "timezone": h.timezone,
        "day": runtime.view.day.isoformat(),
        "opens": f"{h.opens:%H:%M}",
        "closes": f"{h.closes:%H:%M}",
        "running_text": h.running_text,
        "running_text_en": h.running_text_en,
        "agencies": [{"id": a.id, "name": a.name, "short": a.short} for a in h.agencies],
        "days": h.calendar.day_names,
        "holidays": [{"date": x.day.isoformat(), "name": x.name} for x in upcoming],
    }


@router.get("/services", responses=answers(list[shapes.Service]))
async def services(runtime: Runtime) -> list[dict[str, Any]]:
    return runtime.view.services_json()


@router.get("/counters", responses=answers(list[shapes.Counter]))
async def counters(runtime: Runtime, request: Request) -> list[dict[str, Any]]:
    """Public; a staff caller also learns who opened each counter (`opened_by`)."""
    token = bearer_token(request)
    caller = runtime.tokens.lookup(token, runtime.clock()) if token else None
    return runtime.view.counters_json(for_staff=caller is not None and caller.role in OPERATOR)


@router.get("/health", tags=["health"], responses=answers(shapes.Health))
async def health(runtime: Runtime) -> dict[str, Any]:
    """For installers and tests: the server answers and knows its newest event."""
    # `now`: the server's clock, which stamps every ticket; the apps measure waits on it,
    # not on their own PC's clock (a PC minutes off, or the demo's simulated morning).
    return {
        "status": "ok",
        "last_seq": runtime.writer.head,
        "day": runtime.view.day.isoformat(),
        "now": runtime.clock().isoformat(),
    }
