"""The summary report against the event log: the same figures recomputed independently
from `GET /api/v1/events` over simulated days, for every grouping, in JSON, CSV and XLSX."""

from __future__ import annotations

import calendar
import csv
import io
import shutil
import sqlite3
import statistics
import subprocess
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from inprocess import FakeClock, HallClient
from openpyxl import load_workbook
from rich.console import Console
from support import SAMPLE_HALL

from queue_core.hall import Hall, load_hall
from queue_server.simulation import run_simulation
from queue_server.simulation.runner import SIM_USER

GROUPS = ("agency", "service", "counter", "operator", "day", "hour")


def minutes(seconds: float) -> float:
    return float((Decimal(repr(seconds)) / 60).quantize(Decimal("0.1"), ROUND_HALF_UP))


def p(values: list[float], q: int) -> float:
    """The q-th percentile, interpolated between closest ranks (statistics' inclusive)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def from_events(events: list[dict[str, Any]], hall: Hall) -> dict[int, dict[str, Any]]:
    """Each ticket's last leg, read from its events alone."""
    zone = ZoneInfo(hall.timezone)
    tickets: dict[int, dict[str, Any]] = {}
    for e in events:
        if not e["type"].startswith("ticket."):
            continue
        d, at = e["data"], datetime.fromisoformat(e["at"])
        t = tickets.setdefault(d["ticket_id"], {"issued": at})
        t["service"], t["status"] = d["service_id"], d["status"]
        if e["type"] in ("ticket.issued", "ticket.transferred", "ticket.requeued"):
            t.update(
                queued=at, called=None, counter=None, operator=None, started=None, finished=None
            )
        elif e["type"] == "ticket.called":
            # The simulation works every counter as its one supervisor user.
            t.update(called=at, counter=d["counter_id"], operator=SIM_USER)
        elif e["type"] == "ticket.serving":
            t["started"] = at
        elif e["type"] == "ticket.finished":
            t["finished"] = at
    for t in tickets.values():
        local = t["issued"].astimezone(zone)
        t["day"], t["hour"] = local.date().isoformat(), f"{local.hour:02d}"
        t["agency"] = hall.service(t["service"]).agency_id  # type: ignore[union-attr]
    return tickets


def ms(duration: timedelta) -> float:
    """A duration in seconds at the report's resolution, whole milliseconds
    (docs/reports.md): the event log's times carry microseconds."""
    return round(duration / timedelta(milliseconds=1)) / 1000


class Near:
    """A figure in minutes (one decimal) as the report may give it: the report counts in
    whole milliseconds taken from SQLite's julianday, exact to well under a millisecond,
    so a value within a millisecond of a rounding step may round either way."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.allowed = {minutes(seconds - 0.001), minutes(seconds), minutes(seconds + 0.001)}

    def __eq__(self, other: object) -> bool:
        return other in self.allowed

    def __hash__(self) -> int:
        return hash(minutes(self.seconds))

    def __repr__(self) -> str:
        return repr(minutes(self.seconds))


def expected(tickets: dict[int, dict[str, Any]], hall: Hall, group_by: str) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in tickets.values():
        key = t[group_by]
        if key is not None:
            groups[str(key)].append(t)
    rows = {}
    for key, members in groups.items():
        waits = [ms(t["called"] - t["queued"]) for t in members if t["called"]]
        served = [ms(t["finished"] - t["started"]) for t in members if t["status"] == "done"]
        target = {s.id: s.target_wait_minutes * 60 for s in hall.services}
        within = sum(
            1
            for t in members
            if t["called"] and ms(t["called"] - t["queued"]) <= target[t["service"]]
        )
        rows[key] = {
            "issued": len(members),
            "served": sum(t["status"] == "done" for t in members),
            "no_show": sum(t["status"] == "no_show" for t in members),
            "cancelled": sum(t["status"] == "cancelled" for t in members),
            "expired": sum(t["status"] == "expired" for t in members),
            "wait_p50": Near(statistics.median(waits)) if waits else None,
            "wait_p90": Near(p(waits, 90)) if waits else None,
            "wait_mean": Near(statistics.fmean(waits)) if waits else None,
            "service_mean": Near(statistics.fmean(served)) if served else None,
            "service_p90": Near(p(served, 90)) if served else None,
            "within_target_pct": (
                float((Decimal(within * 100) / len(waits)).quantize(Decimal("0.1"), ROUND_HALF_UP))
                if waits
                else None
            ),
        }
    return rows


HALL_DAYS = 22


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A month of simulated working days in one database (each run appends the next)."""
    db = tmp_path_factory.mktemp("summary") / "days.db"
    for seed in range(3, 3 + HALL_DAYS):
        run_simulation(
            load_hall(SAMPLE_HALL),
            speed=0,
            db=db,
            console=Console(file=io.StringIO()),
            show=False,
            visitors=120,
            counters=6,
            seed=seed,
        )
    return db


@pytest.fixture(scope="module")
def served(month: Path) -> Iterator[HallClient]:
    with HallClient(month, FakeClock(), hall=SAMPLE_HALL) as hall:
        yield hall


@pytest.fixture(scope="module")
def recomputed(served: HallClient) -> dict[int, dict[str, Any]]:
    """Every ticket of the month, read from the event log alone."""
    return from_events(all_events(served), load_hall(SAMPLE_HALL))


def all_events(hall: HallClient) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    while True:
        since = events[-1]["seq"] if events else 0
        page = hall.get(f"/api/v1/events?since={since}&limit=1000").json()["events"]
        if not page:
            return events
        events += page


def assert_summary_matches(
    hall: HallClient, tickets: dict[int, dict[str, Any]], first: str, last: str, group_by: str
) -> str:
    """The summary of first…last by group_by equals the figures recomputed from `tickets`
    (the event log's); returns the query."""
    plan = load_hall(SAMPLE_HALL)
    period = {i: dict(t) for i, t in tickets.items() if first <= t["day"] <= last}
    query = f"?from={first}&to={last}&group_by={group_by}"
    got = hall.get(f"/api/v1/reports/summary{query}", who="supervisor")
    assert got.status_code == 200, got.text
    summary = got.json()
    want = expected(period, plan, group_by)
    rows = {r["key"]: {k: r[k] for k in want[r["key"]]} for r in summary["rows"]}
    assert rows == want
    assert summary["totals"]["issued"] == len(period)
    for t in period.values():
        t["all"] = ""
    if period:
        whole = expected(period, plan, "all")[""]
        assert {k: summary["totals"][k] for k in whole} == whole
    return query


@pytest.mark.parametrize("group_by", GROUPS)
def test_summary_figures_equal_those_recomputed_from_the_event_log(
    served: HallClient, recomputed: dict[int, dict[str, Any]], group_by: str
) -> None:
    hall = served
    days = sorted({t["day"] for t in recomputed.values()})
    assert len(days) == HALL_DAYS
    query = assert_summary_matches(hall, recomputed, days[0], days[-1], group_by)
    summary = hall.get(f"/api/v1/reports/summary{query}", who="supervisor").json()

    text = hall.get(f"/api/v1/reports/summary.csv{query}", who="supervisor")
    lines = list(csv.DictReader(io.StringIO(text.content.decode("utf-8"))))
    book = hall.get(f"/api/v1/reports/summary.xlsx{query}", who="supervisor")
    sheet = load_workbook(io.BytesIO(book.content)).active
    assert sheet is not None
    cells = list(sheet.iter_rows(min_row=2, values_only=True))
    header = list(cells[0])
    for row, line, cell in zip(
        [*summary["rows"], summary["totals"]], lines, cells[1:], strict=True
    ):
        assert {k: "" if v is None else str(v) for k, v in row.items()} == line
        assert dict(zip(header, cell, strict=True)) == row


# A failure is reported without the month's fixtures spelled out (half a megabyte).
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@settings(max_examples=25, deadline=None)
@given(st.integers(0, HALL_DAYS - 1), st.integers(0, HALL_DAYS - 1), st.sampled_from(GROUPS))
def test_any_period_of_the_month_matches_the_event_log(
    served: HallClient, recomputed: dict[int, dict[str, Any]], a: int, b: int, group_by: str
) -> None:
    days = sorted({t["day"] for t in recomputed.values()})
    first, last = days[min(a, b)], days[max(a, b)]
    assert_summary_matches(served, recomputed, first, last, group_by)


def test_summary_by_operator_counts_each_call_for_who_held_the_counter(
    hall: HallClient,
) -> None:
    hall.issue("kk"), hall.issue("kk"), hall.issue("kk")
    assert hall.post("/api/v1/counters/1/open", "operator").status_code == 200
    first = hall.post("/api/v1/counters/1/call-next", "operator").json()
    assert hall.post(f"/api/v1/tickets/{first['id']}/no-show", "operator").status_code == 200
    assert hall.post("/api/v1/counters/1/close", "operator").status_code == 200
    assert hall.post("/api/v1/counters/1/open", "operator2").status_code == 200
    for _ in range(2):
        called = hall.post("/api/v1/counters/1/call-next", "operator2").json()
        assert hall.post(f"/api/v1/tickets/{called['id']}/start", "operator2").status_code == 200
        assert hall.post(f"/api/v1/tickets/{called['id']}/finish", "operator2").status_code == 200
    day = hall.clock().date().isoformat()
    rows = hall.get(
        f"/api/v1/reports/summary?from={day}&to={day}&group_by=operator", "supervisor"
    ).json()["rows"]
    assert [(r["key"], r["issued"], r["served"]) for r in rows] == [
        ("operator", 1, 0),
        ("operator2", 2, 2),
    ]


def test_an_agency_bound_supervisor_sees_only_their_agency(served: HallClient) -> None:
    query = "?from=2000-01-01&to=2100-12-31&group_by=agency"
    whole = served.get(f"/api/v1/reports/summary{query}", who="supervisor").json()
    assert len(whole["rows"]) >= 2
    mine = whole["rows"][0]
    served.token("kepala", "supervisor")
    conn = sqlite3.connect(served.db)
    conn.execute("UPDATE users SET agency_id = ? WHERE username = 'kepala'", (mine["key"],))
    conn.commit()
    conn.close()
    headers = served.headers("kepala", "supervisor")
    seen = served.client.get(f"/api/v1/reports/summary{query}", headers=headers).json()
    assert seen["rows"] == [mine]
    assert seen["totals"]["issued"] == mine["issued"] < whole["totals"]["issued"]


def test_the_monthly_pdf_holds_the_months_figures(served: HallClient, tmp_path: Path) -> None:
    day = served.get(
        "/api/v1/reports/summary?from=2000-01-01&to=2100-12-31&group_by=day", "supervisor"
    ).json()["rows"][0]["key"]
    month = day[:7]
    end = calendar.monthrange(int(month[:4]), int(month[5:]))[1]
    reply = served.get(f"/api/v1/reports/monthly.pdf?month={month}", "supervisor")
    assert reply.status_code == 200 and reply.content.startswith(b"%PDF")
    assert reply.headers["content-type"] == "application/pdf"
    whole = served.get(
        f"/api/v1/reports/summary?from={month}-01&to={month}-{end}&group_by=day", "supervisor"
    ).json()["totals"]
    if shutil.which("pdftotext"):
        (tmp_path / "m.pdf").write_bytes(reply.content)
        text = subprocess.run(
            ["pdftotext", str(tmp_path / "m.pdf"), "-"], capture_output=True, text=True
        ).stdout
        assert f"Tiket {whole['issued']}, dilayani {whole['served']}" in text
    assert served.get("/api/v1/reports/monthly.pdf?month=2026-13", "supervisor").status_code == 422
