"""POST /api/v1/announcements: a line for the boards' running text."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from queue_server import actions, audit, shapes
from queue_server.actions import Tx
from queue_server.deps import Runtime, Supervisor
from queue_server.openapi import answers

router = APIRouter(prefix="/api/v1/announcements", tags=["hall"])


class AnnouncementBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=280)


@router.post(
    "",
    status_code=201,
    responses=answers(shapes.Event, status=201, description="The numbered event."),
)
async def announce(body: AnnouncementBody, runtime: Runtime, caller: Supervisor) -> dict[str, Any]:
    text = body.text.strip()

    def run(tx: Tx) -> dict[str, Any]:
        event = actions.announce(tx, text)
        audit.record(tx, caller, "announcement.post", f"event:{event['seq']}", None, {"text": text})
        return event

    event: dict[str, Any] = await runtime.writer(run)
    return event
