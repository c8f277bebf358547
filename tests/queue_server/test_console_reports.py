"""The console's Reports and SKM pages over two simulated days: the page shows the summary
JSON's figures, its charts add up to them, its downloads are the REST exports' bytes, and
an agency-bound supervisor sees only their agency."""

from __future__ import annotations

import io
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from inprocess import FakeClock, HallClient
from rich.console import Console
from support import SAMPLE_HALL

from queue_core.hall import load_hall
from queue_server.console.session import COOKIE
from queue_server.routes.console_reports import MONTH_NAMES, number
from queue_server.simulation import run_simulation


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HallClient]:
    db = tmp_path_factory.mktemp("console-reports") / "days.db"
    for seed in (5, 6):
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
    with HallClient(db, FakeClock(), hall=SAMPLE_HALL) as hall:
        yield hall


def days(hall: HallClient) -> tuple[str, str]:
    rows = hall.get(
        "/api/v1/reports/summary?from=2000-01-01&to=2100-12-31&group_by=day", "supervisor"
    ).json()["rows"]
    return rows[0]["key"], rows[-1]["key"]


def browse_as(hall: HallClient, name: str, role: str = "supervisor") -> None:
    hall.client.cookies.clear()
    hall.client.cookies.set(COOKIE, hall.token(name, role))


def table_rows(page: str) -> dict[str, dict[str, str]]:
    """The summary table's cells: {row key: {field: text}} ("" is the totals row)."""
    table = page.split('<table class="summary"', 1)[1].split("</table>", 1)[0]
    found: dict[str, dict[str, str]] = {}
    for key, row in re.findall(r'<tr data-key="([^"]*)">(.*?)</tr>', table, re.S):
        cells = re.findall(r'data-field="([^"]+)">([^<]*)<', row)
        found[unescape(key)] = {f: unescape(v) for f, v in cells}
    return found


@pytest.mark.parametrize("group_by", ["service", "hour", "counter"])
def test_the_report_page_shows_the_summary_jsons_figures(served: HallClient, group_by: str) -> None:
    first, last = days(served)
    query = f"from={first}&to={last}&group_by={group_by}"
    summary = served.get(f"/api/v1/reports/summary?{query}", "supervisor").json()
    browse_as(served, "supervisor")
    page = served.client.get(f"/admin/reports?{query}")
    assert page.status_code == 200, page.text
    shown = table_rows(page.text)
    want = {
        r["key"]: {f: number(r[f], "id") for f in shown[""]}
        for r in [*summary["rows"], {**summary["totals"], "key": ""}]
    }
    assert shown == want
    assert len(shown) == len(summary["rows"]) + 1 >= 3
    total = summary["totals"]["issued"]
    assert f'data-total="issued">{total}<' in page.text
    # The heat map's cells add up to the tickets of the period (its caption says so).
    assert f"jumlah semua sel {total} tiket" in page.text
    assert page.text.count("<svg") == 4 and page.text.count("<figcaption>") == 4
    # The hour chart's table: the summary by hour's issued and served.
    hourly = served.get(
        f"/api/v1/reports/summary?from={first}&to={last}&group_by=hour", "supervisor"
    ).json()["rows"]
    for row in hourly:
        cells = f'<td>{row["label"]}</td><td class="num">{row["issued"]}</td>'
        assert cells + f'<td class="num">{row["served"]}</td>' in page.text
    # Month over month: the summary's issued and served added up by month.
    by_day = served.get(
        f"/api/v1/reports/summary?from=2000-01-01&to={last}&group_by=day", "supervisor"
    ).json()["rows"]
    months: dict[str, list[int]] = {}
    for row in by_day:
        month = months.setdefault(row["key"][:7], [0, 0])
        month[0] += row["issued"]
        month[1] += row["served"]
    for month, (issued, done) in months.items():
        name = f"{MONTH_NAMES['id'][int(month[5:]) - 1]} {month[:4]}"
        assert f"{name} {issued}/{done}" in page.text


def test_console_downloads_are_the_rest_exports_byte_for_byte(
    served: HallClient, tmp_path: Path
) -> None:
    first, last = days(served)
    query = f"from={first}&to={last}&group_by=service"
    browse_as(served, "supervisor")
    page = served.client.get(f"/admin/reports?{query}").text
    assert f'href="/admin/reports/summary.csv?{query.replace("&", "&amp;")}"' in page

    def both(rest: str, console: str) -> tuple[Any, list[Any]]:
        # The workbook's zip entries carry the wall-clock second they were written: the
        # console's answer equals one of the REST answers fetched around it.
        before = served.get(rest, "supervisor")
        browse_as(served, "supervisor")
        mine = served.client.get(console)
        after = served.get(rest, "supervisor")
        return mine, [before, after]

    mine, rest = both(f"/api/v1/reports/summary.csv?{query}", f"/admin/reports/summary.csv?{query}")
    assert mine.status_code == 200 and mine.content == rest[0].content
    assert mine.headers["content-disposition"] == rest[0].headers["content-disposition"]
    assert mine.content.count(b"\r\n") >= 3

    mine, rest = both(
        f"/api/v1/reports/summary.xlsx?{query}", f"/admin/reports/summary.xlsx?{query}"
    )
    assert mine.status_code == 200 and mine.content in (rest[0].content, rest[1].content)
    assert mine.headers["content-type"] == rest[0].headers["content-type"]

    month = first[:7]
    mine, rest = both(
        f"/api/v1/reports/monthly.pdf?month={month}", f"/admin/reports/monthly.pdf?month={month}"
    )
    assert mine.status_code == 200 and mine.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):  # the PDF carries its creation time: compare its text
        texts = []
        for n, body in enumerate([mine.content, rest[0].content]):
            (tmp_path / f"{n}.pdf").write_bytes(body)
            texts.append(
                subprocess.run(
                    ["pdftotext", str(tmp_path / f"{n}.pdf"), "-"], capture_output=True, text=True
                ).stdout
            )
        assert texts[0] == texts[1] and "Laporan Bulanan" in texts[0]

    skm = f"from={first}&to={last}"
    mine, rest = both(f"/api/v1/reports/skm.xlsx?{skm}", f"/admin/skm/laporan.xlsx?{skm}")
    assert mine.status_code == 200 and mine.content in (rest[0].content, rest[1].content)


def test_the_skm_page_shows_the_skm_jsons_figures(served: HallClient) -> None:
    first, last = days(served)
    skm = served.get(f"/api/v1/reports/skm?from={first}&to={last}", "supervisor").json()
    browse_as(served, "supervisor")
    page = served.client.get(f"/admin/skm?from={first}&to={last}")
    assert page.status_code == 200, page.text
    assert f'data-figure="respondents">{skm["respondents"]}<' in page.text
    assert f'data-figure="sample_target">{skm["sample_target"]}<' in page.text
    assert f'data-figure="ikm">{number(skm["ikm"], "id")}<' in page.text
    for element in skm["per_unsur"]:
        assert f'data-nrr="{element["unsur"]}">{number(element["nrr"], "id")}<' in page.text
    assert f'href="/admin/skm/laporan.pdf?from={first}&amp;to={last}"' in page.text


def test_an_agency_bound_supervisor_sees_only_their_agency_in_reports(
    served: HallClient,
) -> None:
    first, last = days(served)
    query = f"from={first}&to={last}&group_by=agency"
    whole = served.get(f"/api/v1/reports/summary?{query}", "supervisor").json()
    mine = whole["rows"][0]
    browse_as(served, "kepala-reports")
    conn = sqlite3.connect(served.db)
    with conn:
        conn.execute(
            "UPDATE users SET agency_id = ? WHERE username = 'kepala-reports'", (mine["key"],)
        )
    conn.close()
    page = served.client.get(f"/admin/reports?{query}").text
    shown = table_rows(page)
    assert set(shown) == {mine["key"], ""}
    assert shown[""]["issued"] == str(mine["issued"]) != str(whole["totals"]["issued"])
    assert f"jumlah semua sel {mine['issued']} tiket" in page
    text = served.client.get(f"/admin/reports/summary.csv?{query}").text
    assert str(whole["rows"][1]["key"]) not in text and mine["key"] in text
    skm = served.get(
        f"/api/v1/reports/skm?from={first}&to={last}&agency_id={mine['key']}", "supervisor"
    ).json()
    whole_skm = served.get(f"/api/v1/reports/skm?from={first}&to={last}", "supervisor").json()
    assert skm["population"] < whole_skm["population"]
    page = served.client.get(f"/admin/skm?from={first}&to={last}").text
    assert f"(dari {skm['population']} kunjungan)" in page
