"""The audit log in the console (admin): who changed what, when, before and after.

Filtered by hall days, actor and action or target text, newest first, a page at a time;
each entry's before and after side by side, field by field, the changed ones marked.
Above it, whether the hash chain holds, by the same walk as `antre audit verify`
(store.audit.first_broken)."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from queue_core.events import iso
from queue_server.console.render import language, render
from queue_server.console.session import PATH, ConsoleAdmin
from queue_server.runtime import HallRuntime
from queue_server.store import audit as audit_rows

router = APIRouter(include_in_schema=False)

PAGE = 50


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def diff_rows(before: Any, after: Any) -> list[dict[str, Any]]:
    """(field, before, after, changed) for every field of either side; a side that is not
    a record (nothing, a plain value) is one row."""
    if isinstance(before, dict) or isinstance(after, dict):
        b = before if isinstance(before, dict) else {}
        a = after if isinstance(after, dict) else {}
        keys = sorted(set(b) | set(a))
        return [
            {
                "field": k,
                "before": _show(b.get(k)) if isinstance(before, dict) else "—",
                "after": _show(a.get(k)) if isinstance(after, dict) else "—",
                "changed": b.get(k) != a.get(k),
            }
            for k in keys
        ]
    return [{"field": "", "before": _show(before), "after": _show(after), "changed": True}]


@router.get(f"{PATH}/audit")
async def audit_page(request: Request, user: ConsoleAdmin) -> HTMLResponse:
    runtime: HallRuntime = request.app.state.runtime
    q = request.query_params
    en = language(request) == "en"
    first, last = _day(q.get("from")), _day(q.get("to"))
    actor, text = q.get("actor", "")[:64].strip(), q.get("q", "")[:64].strip()
    try:
        before_seq = max(0, int(q.get("before", "0")))
    except ValueError:
        before_seq = 0
    error = ""
    if first and last and first > last:
        error = (
            "`from` must not be after `to`." if en else "Tanggal awal harus sebelum tanggal akhir."
        )
        first = last = None
    zone = ZoneInfo(runtime.hall.timezone)

    def bound(day: date | None, default: str) -> str:
        # As GET /api/v1/audit: hall days, from local midnight to local midnight.
        if day is None:
            return default
        return iso(datetime.combine(day, time(), zone).astimezone(ZoneInfo("UTC")))

    end = last + timedelta(days=1) if last else None
    rows = audit_rows.search(
        runtime.reader, bound(first, ""), bound(end, "\uffff"), actor, text, before_seq, PAGE + 1
    )
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    for row in rows:
        moment = datetime.fromisoformat(row["at"]).astimezone(zone)
        row["local"] = f"{moment:%Y-%m-%d %H:%M:%S}"
        row["diff"] = diff_rows(row["before"], row["after"])
    broken = audit_rows.first_broken(runtime.reader)
    keep = {
        k: v
        for k, v in (
            ("from", first.isoformat() if first else ""),
            ("to", last.isoformat() if last else ""),
            ("actor", actor),
            ("q", text),
        )
        if v
    }
    return render(
        request,
        user,
        "console/audit.html",
        title="Audit log" if en else "Log audit",
        entries=rows,
        older=rows[-1]["seq"] if more else None,
        keep=keep,
        error=error,
        broken=broken,
        total=audit_rows.count(runtime.reader),
    )
