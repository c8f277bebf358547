"""/api/v1/hall/…: the hall's configuration, read and changed by admins (docs/hall-admin.md).

Every change goes through `hall_config.change` in the writer: validated by the hall
file's own rules (a bad change is a 422 with the hall file's message and changes
nothing), stored as a new version, audited, announced with `hall.changed`, and swapped
live. Every route answers the whole configuration afterwards, with its new version.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from queue_core.errors import InvalidTransition
from queue_server import audit, hall_edits, shapes
from queue_server.actions import Tx
from queue_server.deps import Admin, Runtime
from queue_server.hall_config import Changed, Edit, change, from_toml, jsonable
from queue_server.openapi import answers
from queue_server.runtime import HallRuntime
from queue_server.store import counters as counter_rows
from queue_server.store import hall_config as hall_rows
from queue_server.store import tickets as ticket_rows
from queue_server.store.staff import Principal

router = APIRouter(prefix="/api/v1/hall", tags=["hall administration"])

ServiceId = Annotated[str, Path(min_length=1, max_length=64)]
AgencyId = Annotated[str, Path(min_length=1, max_length=64)]
CounterId = Annotated[int, Path(ge=1, le=1_000_000)]
Day = Annotated[str, Path(min_length=1, max_length=32)]
Table = dict[str, Any]
"""A table of the hall file as JSON: any of its keys (null takes a key out)."""

AFTER = "The configuration after the change."
CREATED = answers(shapes.HallConfig, status=201, description=AFTER)
PATCHED = answers(shapes.HallConfig, 404, description=AFTER)
REMOVED = answers(shapes.HallConfig, 404, 409, description=AFTER)


class WholeConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=1, description="The version the change was made on (from GET).")
    document: dict[str, Any]


class NewHoliday(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: str = Field(min_length=1, max_length=32, examples=["2026-12-25"])
    name: str = Field(min_length=1, max_length=200, examples=["Hari Raya Natal"])


def _answer(changed: Changed) -> dict[str, Any]:
    return {"version": changed.version, "document": changed.document}


async def _apply(
    runtime: HallRuntime,
    caller: Principal,
    edit: Edit,
    action: str,
    target: str,
    *,
    expected: int | None = None,
    guard: Any = None,
) -> dict[str, Any]:
    def run(tx: Tx) -> Changed:
        if guard is not None:
            guard(tx)
        return change(
            tx,
            runtime.writer,
            edit,
            actor=audit.actor_name(caller),
            action=action,
            target=target,
            expected=expected,
        )

    return _answer(await runtime.writer(run))


@router.get("/config", responses=answers(shapes.HallConfig))
async def get_config(runtime: Runtime, caller: Admin) -> dict[str, Any]:
    """The stored configuration: what `antre hall export` prints, as JSON."""
    stored = hall_rows.current(runtime.reader)
    assert stored is not None, "seeded at start"
    return {"version": stored.version, "document": jsonable(from_toml(stored.document))}


@router.put("/config", responses=answers(shapes.HallConfig, 409, description=AFTER))
async def put_config(body: WholeConfig, runtime: Runtime, caller: Admin) -> dict[str, Any]:
    """Replace the whole document. `409 version_conflict` when another change came first."""
    return await _apply(
        runtime,
        caller,
        hall_edits.replace_document(body.document),
        "hall.replace",
        "hall",
        expected=body.version,
    )


@router.patch("/settings", responses=answers(shapes.HallConfig, description=AFTER))
async def patch_settings(body: Table, runtime: Runtime, caller: Admin) -> dict[str, Any]:
    """Keys of the [hall] table (running_text, opens, days, …)."""
    return await _apply(
        runtime, caller, hall_edits.patch_table("hall", body), "hall.settings.change", "hall"
    )


# --- services, agencies, counters -------------------------------------------------------


ServedAt = Annotated[
    list[int] | None,
    Query(
        max_length=100,
        description="Counters (loket ids) that serve the new service: a service needs one, "
        "and a counter may list only services that exist, so both change together.",
    ),
]


@router.post("/services", status_code=201, responses=CREATED)
async def add_service(
    body: Table, runtime: Runtime, caller: Admin, counters: ServedAt = None
) -> dict[str, Any]:
    target = f"service:{body.get('id')}"
    edit = hall_edits.add_service(body, counters or [])
    return await _apply(runtime, caller, edit, "hall.service.add", target)


@router.patch("/services/{service_id}", responses=PATCHED)
async def patch_service(
    service_id: ServiceId, body: Table, runtime: Runtime, caller: Admin
) -> dict[str, Any]:
    """Any key of the service's table: name, name_en, requirements, minutes, quota, hours,
    sessions, booking, target_wait_minutes, nik_required, dossier_days, …"""
    edit = hall_edits.patch_entry("services", service_id, body)
    return await _apply(runtime, caller, edit, "hall.service.change", f"service:{service_id}")


async def change_service(
    service_id: str, edit: Edit, runtime: HallRuntime, caller: Principal
) -> dict[str, Any]:
    """A change to one service built by hall_edits (the console's sessions), applied and
    audited as `PATCH /services/{id}` is."""
    return await _apply(runtime, caller, edit, "hall.service.change", f"service:{service_id}")


@router.delete("/services/{service_id}", responses=REMOVED)
async def remove_service(service_id: ServiceId, runtime: Runtime, caller: Admin) -> dict[str, Any]:
    """Also taken off its counters. Refused (409) while tickets of it wait today."""

    def guard(tx: Tx) -> None:
        if ticket_rows.waiting(tx.conn, tx.day, [service_id]):
            raise InvalidTransition(
                "Masih ada antrean menunggu untuk layanan ini hari ini.",
                "Tickets of this service are still waiting today.",
            )

    edit = hall_edits.remove_entry("services", service_id)
    return await _apply(
        runtime, caller, edit, "hall.service.remove", f"service:{service_id}", guard=guard
    )


@router.post("/agencies", status_code=201, responses=CREATED)
async def add_agency(body: Table, runtime: Runtime, caller: Admin) -> dict[str, Any]:
    edit = hall_edits.add_entry("agencies", body)
    return await _apply(runtime, caller, edit, "hall.agency.add", f"agency:{body.get('id')}")


@router.patch("/agencies/{agency_id}", responses=PATCHED)
async def patch_agency(
    agency_id: AgencyId, body: Table, runtime: Runtime, caller: Admin
) -> dict[str, Any]:
    edit = hall_edits.patch_entry("agencies", agency_id, body)
    return await _apply(runtime, caller, edit, "hall.agency.change", f"agency:{agency_id}")


@router.post("/counters", status_code=201, responses=CREATED)
async def add_counter(body: Table, runtime: Runtime, caller: Admin) -> dict[str, Any]:
    edit = hall_edits.add_entry("counters", body)
    return await _apply(runtime, caller, edit, "hall.counter.add", f"counter:{body.get('id')}")


@router.patch("/counters/{counter_id}", responses=PATCHED)
async def patch_counter(
    counter_id: CounterId, body: Table, runtime: Runtime, caller: Admin
) -> dict[str, Any]:
    edit = hall_edits.patch_entry("counters", counter_id, body)
    return await _apply(runtime, caller, edit, "hall.counter.change", f"counter:{counter_id}")


@router.delete("/counters/{counter_id}", responses=REMOVED)
async def remove_counter(counter_id: CounterId, runtime: Runtime, caller: Admin) -> dict[str, Any]:
    """Refused (409) while the counter is open or paused: close it first."""

    def guard(tx: Tx) -> None:
        state = counter_rows.get(tx.conn, counter_id)
        if state is not None and state.status.value != "closed":
            raise InvalidTransition(
                "Loket ini masih buka; tutup dulu sebelum dihapus.",
                "This counter is still open; close it before removing it.",
            )

    edit = hall_edits.remove_entry("counters", counter_id)
    return await _apply(
        runtime, caller, edit, "hall.counter.remove", f"counter:{counter_id}", guard=guard
    )


# --- holidays -----------------------------------------------------------------------------


@router.post("/holidays", status_code=201, responses=CREATED)
async def add_holiday(body: NewHoliday, runtime: Runtime, caller: Admin) -> dict[str, Any]:
    """A national holiday or cuti bersama: bookings on that day are flagged `affected`."""
    entry = {"date": body.date, "name": body.name}
    edit = hall_edits.add_entry("holidays", entry)
    return await _apply(runtime, caller, edit, "hall.holiday.add", f"holiday:{body.date}")


@router.delete("/holidays/{day}", responses=REMOVED)
async def remove_holiday(day: Day, runtime: Runtime, caller: Admin) -> dict[str, Any]:
    edit = hall_edits.remove_entry("holidays", day, field="date")
    return await _apply(runtime, caller, edit, "hall.holiday.remove", f"holiday:{day}")
