"""The console's Reports and SKM pages (supervisor+): a period, the summary table, charts of
the same rows, and the downloads (docs/console.md, docs/reports.md).

The downloads here are the REST exports called with the cookie session's person: the
route functions of routes/reports.py and routes/survey_report.py run as they are, so the
bytes, the file name and the agency scope are the REST answer's own."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Annotated, Any, NamedTuple

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from queue_core import report
from queue_core.errors import ValidationFailed
from queue_core.numbering import hall_day
from queue_core.survey_questions import ELEMENTS
from queue_server import charts
from queue_server.console.render import language, render
from queue_server.console.session import PATH, ConsoleUser
from queue_server.deps import Runtime
from queue_server.routes import reports as rest
from queue_server.routes import survey_report as skm_rest
from queue_server.runtime import HallRuntime
from queue_server.store import report as report_rows
from queue_server.store.staff import Principal

router = APIRouter(include_in_schema=False)

Text = Annotated[str | None, Query(max_length=20)]
MONTHS = 6
"""Months shown month over month: half a year reads at a glance and costs half a year's
summary (a year of a big hall is the benchmark's 2 s)."""
WAIT_ROWS = 12
"""Services drawn in the waits chart (those furthest over their target; the table has
every one): a big hall's thirty would make a chart taller than the screen."""
WEEKDAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTH_NAMES = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
COLUMNS = (
    "issued",
    "served",
    "no_show",
    "cancelled",
    "expired",
    "wait_p50",
    "wait_p90",
    "service_mean",
    "within_target_pct",
    "bookings",
    "bookings_checked_in",
)


def number(value: Any, lang: str) -> str:
    """A figure as the page shows it: "–" for none, one decimal with the language's mark."""
    if value is None:
        return "–"
    if isinstance(value, float):
        text = f"{value:.1f}"
        return text.replace(".", ",") if lang == "id" else text
    return str(value)


def _month_start(day: date, back: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def _month_end(day: date) -> date:
    return _month_start(day, -1) - timedelta(days=1)


def quick_picks(today: date) -> dict[str, tuple[date, date]]:
    last_month = _month_start(today, 1)
    return {
        "today": (today, today),
        "week": (today - timedelta(days=today.weekday()), today),
        "month": (today.replace(day=1), today),
        "last_month": (last_month, _month_end(last_month)),
    }


def _day(raw: str | None, fallback: date) -> date:
    if not raw:
        return fallback
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed(
            f"Tanggal tidak dikenal: {raw}. Tulis seperti 2026-12-06.",
            f"Unknown date: {raw}. Write it like 2026-12-06.",
        ) from None


def period(runtime: HallRuntime, first: str | None, last: str | None) -> tuple[date, date]:
    """The asked period, default this month so far (the REST summary's default)."""
    today = hall_day(runtime.clock(), runtime.hall.timezone)
    a, b = _day(first, today.replace(day=1)), _day(last, today)
    if a > b:
        raise ValidationFailed(
            "Tanggal awal harus sebelum tanggal akhir.", "`from` must not be after `to`."
        )
    return a, b


def _services_of(runtime: HallRuntime, who: Principal) -> list[str] | None:
    """An agency-bound supervisor's services (the summary's scope); None: every one."""
    if who.agency_id is None:
        return None
    return [s.id for s in runtime.hall.services if s.agency_id == who.agency_id]


class Arrivals(NamedTuple):
    by_weekday_hour: Counter[tuple[int, int]]
    """Tickets issued per (weekday, hour): the heat map's cells."""
    by_hour: dict[str, Any]
    """`{rows: [{key, label, issued, served}], totals: {issued, served}}` per local hour."""


def arrivals(runtime: HallRuntime, who: Principal, first: date, last: date) -> Arrivals:
    """Tickets issued and served per hour over the period, counted in SQL without the
    waits the hour chart and the heat map do not need: the summary's own tickets, so the
    figures are the summary's by hour and the cells add up to its `issued`."""
    by_day = report_rows.arrivals(
        runtime.reader, first, last, runtime.hall.timezone, _services_of(runtime, who)
    )
    cells: Counter[tuple[int, int]] = Counter()
    hours: dict[int, list[int]] = {}
    for (day, hour), (issued, served) in by_day.items():
        cells[(date.fromisoformat(day).weekday(), hour)] += issued
        figures = hours.setdefault(hour, [0, 0])
        figures[0] += issued
        figures[1] += served
    rows = [
        {"key": f"{h:02d}", "label": f"{h:02d}:00–{h:02d}:59", "issued": i, "served": s}
        for h, (i, s) in sorted(hours.items())
    ]
    totals = {
        "issued": sum(i for i, _ in hours.values()),
        "served": sum(s for _, s in hours.values()),
    }
    return Arrivals(cells, {"rows": rows, "totals": totals})


def _hour_chart(by_hour: dict[str, Any], lang: str) -> charts.Chart | None:
    rows = by_hour["rows"]
    if not rows:
        return None
    en = lang == "en"
    arrived, served = ("Arrivals", "Served") if en else ("Datang", "Dilayani")
    busiest = max(rows, key=lambda r: r["issued"])
    caption = (
        f"Busiest hour {busiest['key']}:00 with {busiest['issued']} arrivals; "
        f"{by_hour['totals']['served']} of {by_hour['totals']['issued']} tickets served."
        if en
        else f"Jam tersibuk {busiest['key']}:00 dengan {busiest['issued']} kedatangan; "
        f"{by_hour['totals']['served']} dari {by_hour['totals']['issued']} tiket dilayani."
    )
    return charts.grouped_bars(
        [r["key"] for r in rows],
        [
            charts.Series(arrived, [r["issued"] for r in rows], charts.LIGHT),
            charts.Series(served, [r["served"] for r in rows], charts.DARK),
        ],
        "Arrivals and served per hour" if en else "Kedatangan dan dilayani per jam",
        caption,
    )


def _some(names: list[str], and_: str, more: str, shown: int = 4) -> str:
    """A few names in words; the rest counted (the table below names every one)."""
    if len(names) <= shown:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} {and_} {len(names) - shown} {more}"


def _wait_chart(runtime: HallRuntime, by_service: dict[str, Any], lang: str) -> charts.Chart | None:
    rows = by_service["rows"]
    if not rows:
        return None
    en = lang == "en"
    targets = {s.id: s.target_wait_minutes for s in runtime.hall.services}
    waits = [
        charts.WaitRow(
            r["label"],
            r["wait_p50"],
            r["wait_p90"],
            targets.get(r["key"], report.DEFAULT_TARGET_WAIT_MINUTES),
        )
        for r in rows
    ]
    late = [w.name for w in waits if w.p90 is not None and w.p90 > w.target]
    shown = sorted(waits, key=lambda w: -(w.p90 or 0) / w.target)[:WAIT_ROWS]
    part = len(shown) < len(waits)
    if en:
        caption = (
            f"90th-percentile wait above target: {_some(late, 'and', 'more')}."
            if late
            else "Every service's 90th-percentile wait is within its target."
        )
        if part:
            caption += f" Shown: the {len(shown)} of {len(waits)} services furthest over target."
        names = ("median wait (min)", "90th percentile (min)", "target")
    else:
        caption = (
            f"Tunggu p90 di atas target: {_some(late, 'dan', 'lainnya')}."
            if late
            else "Tunggu p90 setiap layanan dalam target."
        )
        if part:
            caption += f" Ditampilkan {len(shown)} dari {len(waits)} layanan terjauh dari target."
        names = ("tunggu median (menit)", "persentil 90 (menit)", "target")
    label = "Waits per service against target" if en else "Waktu tunggu per layanan vs target"
    return charts.waits(shown, names, label, caption)


def _heat_chart(
    cells: Counter[tuple[int, int]], hours: list[int], lang: str
) -> charts.Chart | None:
    if not cells:
        return None
    en = lang == "en"
    days = sorted({w for w, _ in cells} | set(range(5)))
    names = [WEEKDAYS[lang][w] for w in days]
    by_row = {(days.index(w), h): n for (w, h), n in cells.items()}
    (w, h), most = cells.most_common(1)[0]
    caption = (
        f"Busiest: {WEEKDAYS[lang][w]} at {h:02d}:00 ({most} arrivals over the period); "
        f"the cells add up to {sum(cells.values())} tickets."
        if en
        else f"Paling ramai: {WEEKDAYS[lang][w]} pukul {h:02d}:00 ({most} kedatangan dalam "
        f"periode ini); jumlah semua sel {sum(cells.values())} tiket."
    )
    return charts.heat_map(
        names,
        hours,
        by_row,
        "arrivals" if en else "kedatangan",
        "Arrivals by day of the week and hour" if en else "Kedatangan per hari dan jam",
        caption,
    )


def months_back(runtime: HallRuntime, who: Principal, last: date) -> list[tuple[str, int, int]]:
    """(YYYY-MM, issued, served) of the `MONTHS` months up to `last`: the summary's
    figures added up by month (issued and served add up; percentiles would not)."""
    first = _month_start(last, MONTHS - 1)
    counted = report_rows.by_month(
        runtime.reader, first, last, runtime.hall.timezone, _services_of(runtime, who)
    )
    months = [_month_start(last, back).isoformat()[:7] for back in range(MONTHS - 1, -1, -1)]
    return [(m, *counted.get(m, (0, 0))) for m in months]


def _month_chart(months: list[tuple[str, int, int]], lang: str) -> charts.Chart:
    en = lang == "en"
    names = [f"{MONTH_NAMES[lang][int(m[5:]) - 1]} {m[:4]}" for m, _, _ in months]
    listed = "; ".join(f"{n} {i}/{s}" for n, (_, i, s) in zip(names, months, strict=True))
    caption = (
        f"Tickets / served per month: {listed}." if en else f"Tiket / dilayani per bulan: {listed}."
    )
    return charts.grouped_bars(
        names,
        [
            charts.Series("Tickets" if en else "Tiket", [i for _, i, _ in months], charts.LIGHT),
            charts.Series("Served" if en else "Dilayani", [s for _, _, s in months], charts.DARK),
        ],
        "Month over month" if en else "Bulan ke bulan",
        caption,
        height=250,
    )


@router.get(f"{PATH}/reports")
async def reports_page(
    request: Request,
    runtime: Runtime,
    user: ConsoleUser,
    first: Annotated[str | None, Query(alias="from", max_length=20)] = None,
    last: Annotated[str | None, Query(alias="to", max_length=20)] = None,
    group_by: Text = None,
) -> HTMLResponse:
    lang = language(request)
    en = lang == "en"
    group = group_by if group_by in report.GROUPS else "service"
    today = hall_day(runtime.clock(), runtime.hall.timezone)
    error = ""
    try:
        a, b = period(runtime, first, last)
    except ValidationFailed as bad:
        error = bad.message_en if en else bad.message
        a, b = today.replace(day=1), today
    who = user.principal
    # The page's table and the wait chart's grouping, each summed once (the default table
    # is by service, which the wait chart also draws); the hour chart and the heat map
    # need counts only.
    built: dict[str, dict[str, Any]] = {}
    for grouping in dict.fromkeys((group, "service")):
        built[grouping] = rest.build(runtime, who, a, b, grouping)[2]
    summary, by_service = built[group], built["service"]
    cells, by_hour = arrivals(runtime, who, a, b)
    hours = sorted({int(r["key"]) for r in by_hour["rows"]})
    hours = list(range(hours[0], hours[-1] + 1)) if hours else []
    months = months_back(runtime, who, b)
    query = f"from={a.isoformat()}&to={b.isoformat()}&group_by={group}"
    return render(
        request,
        user,
        "console/reports.html",
        title="Reports" if en else "Laporan",
        error=error,
        first=a,
        last=b,
        group_by=group,
        groups=report.GROUPS,
        picks=quick_picks(today),
        summary=summary,
        columns=COLUMNS,
        by_hour=by_hour,
        hour_chart=_hour_chart(by_hour, lang),
        wait_chart=_wait_chart(runtime, by_service, lang),
        by_service=by_service,
        targets={s.id: s.target_wait_minutes for s in runtime.hall.services},
        heat_chart=_heat_chart(cells, hours, lang),
        month_chart=_month_chart(months, lang),
        months=months,
        query=query,
        month=b.isoformat()[:7],
        num=lambda v: number(v, lang),
    )


def _summary_query(
    runtime: HallRuntime, first: str | None, last: str | None, group_by: str | None
) -> rest.SummaryQuery:
    a, b = period(runtime, first, last)
    if group_by not in report.GROUPS:
        raise ValidationFailed("Pengelompokan tidak dikenal.", "Unknown group_by.")
    return rest.SummaryQuery(a, b, group_by)


async def _download_query(
    runtime: Runtime,
    first: Annotated[str | None, Query(alias="from", max_length=20)] = None,
    last: Annotated[str | None, Query(alias="to", max_length=20)] = None,
    group_by: Text = None,
) -> rest.SummaryQuery:
    """The page's own query (period and rows) for its downloads."""
    return _summary_query(runtime, first, last, group_by or "service")


DownloadQuery = Annotated[rest.SummaryQuery, Depends(_download_query)]


@router.get(f"{PATH}/reports/summary.csv")
async def summary_csv(runtime: Runtime, user: ConsoleUser, query: DownloadQuery) -> Response:
    """The REST export itself (routes/reports.py), for the cookie session's person."""
    return await rest.summary_report_csv(runtime, user.principal, query)


@router.get(f"{PATH}/reports/summary.xlsx")
async def summary_xlsx(runtime: Runtime, user: ConsoleUser, query: DownloadQuery) -> Response:
    return await rest.summary_report_xlsx(runtime, user.principal, query)


@router.get(f"{PATH}/reports/monthly.pdf")
async def monthly_pdf(
    runtime: Runtime,
    user: ConsoleUser,
    month: Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] = None,
) -> Response:
    """The REST monthly PDF; without `month`, this month's."""
    today = hall_day(runtime.clock(), runtime.hall.timezone)
    return await rest.monthly_report_pdf(runtime, user.principal, month or today.isoformat()[:7])


def _skm_scope(
    runtime: HallRuntime, who: Principal, first: str | None, last: str | None
) -> skm_rest.SkmScope:
    """The SKM's period (default this year so far, as the REST report) and, for an
    agency-bound supervisor, their agency."""
    today = hall_day(runtime.clock(), runtime.hall.timezone)
    a, b = _day(first, today.replace(month=1, day=1)), _day(last, today)
    return skm_rest.SkmScope(a, b, who.agency_id, None)


@router.get(f"{PATH}/skm")
async def skm_page(
    request: Request,
    runtime: Runtime,
    user: ConsoleUser,
    first: Annotated[str | None, Query(alias="from", max_length=20)] = None,
    last: Annotated[str | None, Query(alias="to", max_length=20)] = None,
) -> HTMLResponse:
    lang = language(request)
    en = lang == "en"
    error = ""
    try:
        scope = _skm_scope(runtime, user.principal, first, last)
        found = skm_rest.build(runtime, *scope, with_suggestions=True)
    except ValidationFailed as bad:
        error = bad.message_en if en else bad.message
        scope = _skm_scope(runtime, user.principal, None, None)
        found = skm_rest.build(runtime, *scope, with_suggestions=True)
    today = hall_day(runtime.clock(), runtime.hall.timezone)
    picks = quick_picks(today)
    picks["year"] = (today.replace(month=1, day=1), today)
    return render(
        request,
        user,
        "console/skm.html",
        title="Satisfaction survey (SKM)" if en else "Survei Kepuasan Masyarakat (SKM)",
        error=error,
        first=found.period.first,
        last=found.period.last,
        picks=picks,
        skm=found,
        figures=skm_rest.report_json(found),
        elements={e.unsur: e.name_en if en else e.name for e in ELEMENTS},
        query=f"from={found.period.first.isoformat()}&to={found.period.last.isoformat()}",
        num=lambda v: number(v, lang),
    )


@router.get(f"{PATH}/skm/laporan.xlsx")
async def skm_xlsx(
    runtime: Runtime,
    user: ConsoleUser,
    first: Annotated[str | None, Query(alias="from", max_length=20)] = None,
    last: Annotated[str | None, Query(alias="to", max_length=20)] = None,
) -> Response:
    scope = _skm_scope(runtime, user.principal, first, last)
    return await skm_rest.skm_report_xlsx(runtime, user.principal, scope)


@router.get(f"{PATH}/skm/laporan.pdf")
async def skm_pdf(
    runtime: Runtime,
    user: ConsoleUser,
    first: Annotated[str | None, Query(alias="from", max_length=20)] = None,
    last: Annotated[str | None, Query(alias="to", max_length=20)] = None,
) -> Response:
    scope = _skm_scope(runtime, user.principal, first, last)
    return await skm_rest.skm_report_pdf(runtime, user.principal, scope)
