"""The summary report (supervisor+): JSON, .csv and .xlsx with the same figures.

Definitions of every figure: docs/reports.md."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal, NamedTuple
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Response

from queue_core import report
from queue_core.errors import ValidationFailed
from queue_core.numbering import hall_day
from queue_server import shapes
from queue_server.deps import Runtime, Supervisor, agency_scope
from queue_server.downloads import PDF, XLSX, attachment, file_answer
from queue_server.edge import CompactJSON
from queue_server.openapi import answers
from queue_server.routes.survey_report import From, To
from queue_server.runtime import HallRuntime
from queue_server.store import complaint as complaint_rows
from queue_server.store import dossier as dossier_rows
from queue_server.store import report as report_rows
from queue_server.store.staff import Principal

router = APIRouter(tags=["reports"])

GroupBy = Annotated[Literal["agency", "service", "counter", "operator", "day", "hour"], Query()]


class SummaryQuery(NamedTuple):
    """The summary's period and grouping (query parameters), in `build`'s order."""

    first: date | None
    last: date | None
    group_by: str


def _summary_query(group_by: GroupBy, first: From = None, last: To = None) -> SummaryQuery:
    return SummaryQuery(first, last, group_by)


Summary = Annotated[SummaryQuery, Depends(_summary_query)]


def build(
    runtime: HallRuntime,
    principal: Principal,
    first: date | None,
    last: date | None,
    group_by: str,
) -> tuple[date, date, dict[str, Any]]:
    """The summary of hall days first…last (default: this month so far). An agency-bound
    supervisor sees only their agency's tickets and bookings."""
    hall = runtime.hall
    today = hall_day(runtime.clock(), hall.timezone)
    first = first or today.replace(day=1)
    last = last or today
    if first > last:
        raise ValidationFailed(
            "Tanggal awal harus sebelum tanggal akhir.", "`from` must not be after `to`."
        )
    agency_of = {s.id: s.agency_id for s in hall.services}
    targets = {s.id: s.target_wait_minutes for s in hall.services}
    names: dict[str, str] = {}
    if group_by == "agency":
        names = {a.id: a.name for a in hall.agencies}
    elif group_by == "service":
        names = {s.id: s.name for s in hall.services}
    elif group_by == "counter":
        names = {str(c.id): c.name for c in hall.counters}
    elif group_by == "hour":
        names = {f"{h:02d}": f"{h:02d}:00–{h:02d}:59" for h in range(24)}
    agency = principal.agency_id
    summary = report.summarize(
        report_rows.ticket_cells(
            runtime.reader, first, last, group_by, agency_of, hall.timezone, agency
        ),
        report_rows.bookings(runtime.reader, first, last, agency),
        group_by,
        lambda s: targets.get(s, report.DEFAULT_TARGET_WAIT_MINUTES),
        lambda k: names.get(k, k),
    )
    return first, last, summary


def csv_text(summary: dict[str, Any]) -> str:
    """UTF-8 CSV: the JSON's field names as header, the rows, then the totals row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=report.FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for row in [*summary["rows"], summary["totals"]]:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


def workbook(summary: dict[str, Any], title: str) -> bytes:
    """The same rows and totals as a one-sheet workbook (numbers as numbers)."""
    from openpyxl import Workbook  # heavy import, only when a workbook is asked for

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Ringkasan"
    sheet.append([title])
    sheet.append(list(report.FIELDS))
    for row in [*summary["rows"], summary["totals"]]:
        sheet.append([row[k] for k in report.FIELDS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _filename(first: date, last: date, group_by: str, suffix: str) -> str:
    return f"ringkasan-{group_by}-{first.isoformat()}-{last.isoformat()}.{suffix}"


@router.get(
    "/api/v1/reports/summary",
    response_class=CompactJSON,
    responses=answers(shapes.SummaryReport),
)
async def summary_report(
    runtime: Runtime,
    who: Supervisor,
    query: Summary,
) -> CompactJSON:
    """Tickets, waits, service times and bookings of hall days `from`…`to` (both
    included; default this month so far), one row per group. docs/reports.md."""
    _, _, summary = build(runtime, who, *query)
    return CompactJSON(summary)


@router.get(
    "/api/v1/reports/summary.csv",
    response_class=Response,
    responses=file_answer("text/csv", "The summary as CSV (header row of the JSON field names)."),
)
async def summary_report_csv(
    runtime: Runtime,
    who: Supervisor,
    query: Summary,
) -> Response:
    """The summary as UTF-8 CSV; the last row is the totals."""
    a, b, summary = build(runtime, who, *query)
    body = csv_text(summary).encode()
    return attachment(body, "text/csv; charset=utf-8", _filename(a, b, query.group_by, "csv"))


@router.get(
    "/api/v1/reports/summary.xlsx",
    response_class=Response,
    responses=file_answer(XLSX, "The summary as a workbook."),
)
async def summary_report_xlsx(
    runtime: Runtime,
    who: Supervisor,
    query: Summary,
) -> Response:
    """The summary as a workbook: a title row, the header, the rows, the totals."""
    a, b, summary = build(runtime, who, *query)
    title = f"{runtime.hall.name} · {a.isoformat()} – {b.isoformat()} · {query.group_by}"
    body = await asyncio.to_thread(workbook, summary, title)
    return attachment(body, XLSX, _filename(a, b, query.group_by, "xlsx"))


Month = Annotated[str, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", examples=["2026-11"])]


@router.get(
    "/api/v1/reports/monthly.pdf",
    response_class=Response,
    responses=file_answer(PDF, "The month's report, printable."),
)
async def monthly_report_pdf(runtime: Runtime, who: Supervisor, month: Month) -> Response:
    """The month's figures, tickets per day as a chart, the figures per service and the
    SKM index (docs/reports.md)."""
    from queue_server import monthly_report
    from queue_server.routes import survey_report

    year, number = (int(part) for part in month.split("-"))
    first = date(year, number, 1)
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    _, _, by_day = build(runtime, who, first, last, "day")
    _, _, by_service = build(runtime, who, first, last, "service")
    skm = survey_report.build(runtime, first, last, who.agency_id, None)
    zone = ZoneInfo(runtime.hall.timezone)
    start = datetime.combine(first, time(), zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(), zone).astimezone(UTC)
    now = runtime.clock()
    scope = agency_scope(who)
    complaints = complaint_rows.month_counts(runtime.reader, start, end, scope, now)
    dossiers = dossier_rows.month_counts(
        runtime.reader, start, end, scope, hall_day(now, runtime.hall.timezone)
    )
    body = await asyncio.to_thread(
        monthly_report.pdf,
        runtime.hall.name,
        month,
        by_day,
        by_service,
        float(skm.index.ikm) if skm.index.ikm is not None else None,
        skm.index.respondents,
        complaints,
        dossiers,
    )
    return attachment(body, PDF, f"laporan-bulanan-{month}.pdf")
