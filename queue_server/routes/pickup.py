"""Dossiers ready for collection, for the hall boards' "Berkas siap diambil" panel.

Issuing a pickup ticket is `POST /api/v1/tickets` with `tracking_token`
(routes/tickets.py, pickup_actions.py). Here is what a board may read: per agency, the
ready dossiers' references and the numbers of the visits that left them — never a title,
a note, a name or a NIK (display tokens are read by anyone who looks at a TV's URL).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from queue_server.deps import Runtime, Watcher
from queue_server.openapi import answers
from queue_server.runtime import HallRuntime
from queue_server.store import pickup as pickup_rows

router = APIRouter(tags=["dossiers"])

BOARD_LIMIT = 200
"""More than any board shows; a bound, so a forgotten backlog cannot make the answer big."""


class ReadyDossier(BaseModel):
    reference: str = Field(examples=["BRK-20261206-0042"])
    number: str = Field(description="The number of the visit that left it (on its ticket).")
    day: date = Field(description="The day of that visit (printed on its ticket).")


class ReadyAgency(BaseModel):
    agency_id: str
    dossiers: list[ReadyDossier]


@router.get("/api/v1/dossiers/ready", responses=answers(list[ReadyAgency]))
async def ready_dossiers(
    runtime: Runtime,
    caller: Watcher,
    limit: Annotated[int, Field(ge=1, le=BOARD_LIMIT)] = BOARD_LIMIT,
) -> list[dict[str, Any]]:
    """Ready dossiers by agency (display, operator+), oldest ready first, in the hall
    file's agency order; agencies with none are left out."""
    return ready_by_agency(runtime, limit)


def board_panel(runtime: HallRuntime, agencies: list[str]) -> dict[str, Any]:
    """What the web board's "Berkas siap diambil" panel starts from (its page's
    #board-data): the list as `GET /api/v1/dossiers/ready` answers it, the agencies'
    short names, and the board's agencies (none: all). The page refetches the same
    route on each `dossier.changed` event and after a reconnect."""
    return {
        "ready": ready_by_agency(runtime, BOARD_LIMIT),
        "names": {a.id: a.short for a in runtime.hall.agencies},
        "agencies": agencies,
    }


def ready_by_agency(runtime: HallRuntime, limit: int) -> list[dict[str, Any]]:
    found = pickup_rows.ready(runtime.reader, limit)
    order = {a.id: i for i, a in enumerate(runtime.hall.agencies)}
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in found:
        grouped.setdefault(row.agency_id, []).append(
            {"reference": row.reference, "number": row.number, "day": row.day.isoformat()}
        )
    return [
        {"agency_id": agency, "dossiers": items}
        for agency, items in sorted(grouped.items(), key=lambda kv: order.get(kv[0], len(order)))
    ]
