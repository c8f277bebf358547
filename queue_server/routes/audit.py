"""The audit log (admin): every change a person made, oldest first, a page at a time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query

from queue_core.errors import ValidationFailed
from queue_core.events import iso
from queue_server import shapes
from queue_server.deps import Admin, Runtime
from queue_server.edge import CompactJSON
from queue_server.openapi import answers
from queue_server.routes.survey_report import From, To
from queue_server.store import audit as audit_rows

router = APIRouter(tags=["audit"])


@router.get("/api/v1/audit", response_class=CompactJSON, responses=answers(shapes.AuditPage))
async def audit_log(
    runtime: Runtime,
    _: Admin,
    first: From = None,
    last: To = None,
    after: Annotated[int, Query(ge=0, description="The `next` of the previous page.")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> CompactJSON:
    """Entries of hall days `from`…`to` (both included; default: all), oldest first."""
    if first and last and first > last:
        raise ValidationFailed(
            "Tanggal awal harus sebelum tanggal akhir.", "`from` must not be after `to`."
        )
    zone = ZoneInfo(runtime.hall.timezone)

    def bound(day: date | None, default: str) -> str:
        if day is None:
            return default
        return iso(datetime.combine(day, time(), zone).astimezone(ZoneInfo("UTC")))

    end = last + timedelta(days=1) if last else None
    rows = audit_rows.page(runtime.reader, bound(first, ""), bound(end, "\uffff"), after, limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    items: list[dict[str, Any]] = [{k: v for k, v in r.items() if k != "seq"} for r in rows]
    return CompactJSON({"items": items, "next": rows[-1]["seq"] if more else None})
