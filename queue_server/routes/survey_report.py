"""The SKM report (supervisor+): JSON, and the Laporan SKM as .xlsx and .pdf."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, NamedTuple

from fastapi import APIRouter, Depends, Query, Response

from queue_core import survey as skm
from queue_core.errors import ValidationFailed
from queue_core.numbering import hall_day
from queue_server import laporan_skm, shapes
from queue_server.deps import Runtime, Supervisor
from queue_server.downloads import PDF, XLSX, attachment, file_answer
from queue_server.edge import CompactJSON
from queue_server.openapi import answers
from queue_server.runtime import HallRuntime
from queue_server.store import survey as survey_rows

router = APIRouter(tags=["reports"])


@dataclass(frozen=True)
class SkmReport:
    hall: str
    period: survey_rows.Period
    scope: str
    """The agency or service the report covers, in words ("" for the whole hall)."""
    population: int
    sample_target: int
    index: skm.Index
    groups: dict[str, dict[str, int]]
    suggestions: list[tuple[str, str, str]]

    @property
    def sample_met(self) -> bool:
        return self.index.respondents >= self.sample_target


def _period(
    runtime: HallRuntime,
    first: date | None,
    last: date | None,
    agency_id: str | None,
    service_id: str | None,
) -> tuple[survey_rows.Period, list[str] | None, str]:
    today = hall_day(runtime.clock(), runtime.hall.timezone)
    first = first or today.replace(month=1, day=1)
    last = last or today
    if first > last:
        raise ValidationFailed(
            "Tanggal awal harus sebelum tanggal akhir.", "`from` must not be after `to`."
        )
    hall = runtime.hall
    scope = ""
    service_ids: list[str] | None = None
    if agency_id is not None:
        agency = next((a for a in hall.agencies if a.id == agency_id), None)
        if agency is None:
            raise ValidationFailed(
                f"Instansi {agency_id!r} tidak ada.", f"There is no agency {agency_id!r}."
            )
        service_ids = [s.id for s in hall.services if s.agency_id == agency_id]
        scope = agency.name
    if service_id is not None:
        service = hall.service(service_id)
        if service is None:
            raise ValidationFailed(
                f"Layanan {service_id!r} tidak ada.", f"There is no service {service_id!r}."
            )
        service_ids = [s for s in (service_ids or [service_id]) if s == service_id]
        scope = f"{scope} · {service.name}" if scope else service.name
    return survey_rows.Period(first, last, agency_id, service_id), service_ids, scope


def build(
    runtime: HallRuntime,
    first: date | None,
    last: date | None,
    agency_id: str | None,
    service_id: str | None,
    *,
    with_suggestions: bool = False,
) -> SkmReport:
    period, service_ids, scope = _period(runtime, first, last, agency_id, service_id)
    tally, group_rows = survey_rows.tally(runtime.reader, period)
    population = survey_rows.visits_done(runtime.reader, period, service_ids)
    suggestions = []
    if with_suggestions:
        for day, sid, text in survey_rows.suggestions(runtime.reader, period):
            service = runtime.hall.service(sid)
            suggestions.append((day, service.name if service else sid, text))
    return SkmReport(
        hall=runtime.hall.name,
        period=period,
        scope=scope,
        population=population,
        sample_target=skm.sample_target(population),
        index=skm.index_of(tally),
        groups=skm.group_counts(group_rows),
        suggestions=suggestions,
    )


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def report_json(report: SkmReport) -> dict[str, Any]:
    index = report.index
    return {
        "respondents": index.respondents,
        "population": report.population,
        "sample_target": report.sample_target,
        "per_unsur": [
            {
                "unsur": e.unsur,
                "nrr": _number(skm.show3(e.nrr)) if index.respondents else None,
                "nrr_weighted": _number(skm.show3(e.nrr_weighted)) if index.respondents else None,
            }
            for e in index.elements
        ],
        "ikm": _number(index.ikm),
        "ikm_worksheet": _number(index.ikm_worksheet),
        "grade": index.grade.letter if index.grade else None,
        "grade_label": index.grade.label if index.grade else None,
        "lowest_unsur": index.lowest(),
        "respondents_by": report.groups,
    }


From = Annotated[date | None, Query(alias="from")]
To = Annotated[date | None, Query(alias="to")]
Id = Annotated[str | None, Query(min_length=1, max_length=64)]


class SkmScope(NamedTuple):
    """A report's period and, optionally, its one agency or service (query parameters)."""

    first: date | None
    last: date | None
    agency_id: str | None
    service_id: str | None


def _scope(
    first: From = None, last: To = None, agency_id: Id = None, service_id: Id = None
) -> SkmScope:
    return SkmScope(first, last, agency_id, service_id)


Scope = Annotated[SkmScope, Depends(_scope)]


@router.get("/api/v1/reports/skm", response_class=CompactJSON, responses=answers(shapes.SkmReport))
async def skm_report(
    runtime: Runtime,
    _: Supervisor,
    scope: Scope,
) -> CompactJSON:
    """The SKM index of a period (hall days `from`…`to`, both included; default: this
    year so far), optionally for one agency or service."""
    return CompactJSON(report_json(build(runtime, *scope)))


async def _laporan(
    runtime: HallRuntime,
    scope: SkmScope,
    render: Callable[[SkmReport], bytes],
    media_type: str,
    suffix: str,
) -> Response:
    """The Laporan SKM (with the suggestions) rendered off the event loop, as a download."""
    report = build(runtime, *scope, with_suggestions=True)
    body = await asyncio.to_thread(render, report)
    return attachment(body, media_type, _filename(report, suffix))


def _filename(report: SkmReport, suffix: str) -> str:
    p = report.period
    return f"laporan-skm-{p.first.isoformat()}-{p.last.isoformat()}.{suffix}"


@router.get(
    "/api/v1/reports/skm.xlsx",
    response_class=Response,
    responses=file_answer(XLSX, "The Laporan SKM workbook."),
)
async def skm_report_xlsx(
    runtime: Runtime,
    _: Supervisor,
    scope: Scope,
) -> Response:
    """The Laporan SKM as a workbook (same figures as the JSON)."""
    return await _laporan(runtime, scope, laporan_skm.workbook, XLSX, "xlsx")


@router.get(
    "/api/v1/reports/skm.pdf",
    response_class=Response,
    responses=file_answer(PDF, "The Laporan SKM, printable."),
)
async def skm_report_pdf(
    runtime: Runtime,
    _: Supervisor,
    scope: Scope,
) -> Response:
    """The Laporan SKM as a printable PDF."""
    return await _laporan(runtime, scope, laporan_skm.pdf, PDF, "pdf")
