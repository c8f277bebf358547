"""The SKM report: the contract's JSON, and the Laporan SKM as .xlsx and .pdf holding the
same figures. Expected figures are worked out by hand in the comments."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from inprocess import HallClient
from openpyxl import load_workbook

from queue_core.survey import UNSUR

#        u1 u2 u3 u4 u5 u6 u7 u8 u9     (fixture 1 of tests/queue_core/test_survey_index.py)
DUKCAPIL_ROWS = [
    ((4, 4, 3, 4, 3, 4, 4, 3, 4), {"gender": "L", "age_band": "30-39"}),
    ((3, 3, 3, 4, 3, 3, 4, 2, 3), {"gender": "P", "education": "s1"}),
    ((4, 3, 2, 4, 4, 3, 4, 3, 3), {"gender": "P", "occupation": "swasta"}),
    ((3, 4, 3, 4, 3, 4, 3, 3, 4), {}),
]
# Dukcapil: 4 respondents, sums 14 14 11 16 13 14 15 11 14 = 122.
#   IKM = 25 × 122 / 36 = 84.722… → 84.72 (B Baik); worksheet 2.775 × 122 / 4 = 84.6375 → 84.64.
#   Population: 5 tickets done (one did not answer); a no-show does not count.
#   Sample target (Krejcie–Morgan, N = 5): 3.841·5·0.25 / (0.0025·4 + 0.96025)
#     = 4.80125 / 0.97025 = 4.948… → 5; 4 respondents: not met.
# Whole hall: plus one Samsat visit answered all 1s: n = 5, total 122 + 9 = 131.
#   IKM = 25 × 131 / 45 = 72.777… → 72.78 (C Kurang Baik);
#   worksheet 2.775 × 131 / 5 = 72.705 exactly → 72.71 (half up).
#   Population 6 → 3.841·6·0.25 / (0.0025·5 + 0.96025) = 5.7615 / 0.97275 = 5.92… → 6.


def visit(hall: HallClient, service: str, counter: int, who: str) -> dict[str, Any]:
    ticket = hall.issue(service)
    hall.post(f"/api/v1/counters/{counter}/open", who)
    hall.post(f"/api/v1/counters/{counter}/call", who, json={"ticket_id": ticket["id"]})
    hall.post(f"/api/v1/tickets/{ticket['id']}/start", who).raise_for_status()
    hall.post(f"/api/v1/tickets/{ticket['id']}/finish", who).raise_for_status()
    return ticket


@pytest.fixture
def surveyed(hall: HallClient) -> HallClient:
    for answers, respondent in DUKCAPIL_ROWS:
        token = visit(hall, "kk", 1, "operator")["tracking_token"]
        body = {"answers": dict(zip(UNSUR, answers, strict=True)), "respondent": respondent}
        reply = hall.client.post(f"/api/v1/survey/{token}", json=body)
        assert reply.status_code == 201, reply.text
    visit(hall, "kk", 1, "operator")  # done, did not answer
    missed = hall.issue("kk")
    hall.post("/api/v1/counters/1/call", "operator", json={"ticket_id": missed["id"]})
    hall.post(f"/api/v1/tickets/{missed['id']}/no-show", "operator").raise_for_status()
    samsat = visit(hall, "pkb", 3, "operator2")["tracking_token"]
    poor = {
        "answers": {u: 1 for u in UNSUR},
        "suggestion": "Loket <b>Samsat</b> terlalu lama & panas",
    }
    assert hall.client.post(f"/api/v1/survey/{samsat}", json=poor).status_code == 201
    return hall


def report(hall: HallClient, query: str = "", suffix: str = "") -> Any:
    reply = hall.get(
        f"/api/v1/reports/skm{suffix}?from=2026-11-01&to=2026-11-30{query}", "supervisor"
    )
    assert reply.status_code == 200, reply.text
    return reply


def test_report_has_exactly_the_contracts_fields_and_the_hand_figures(surveyed: HallClient) -> None:
    body = report(surveyed, "&agency_id=dukcapil").json()
    assert set(body) == {
        "respondents", "population", "sample_target", "per_unsur", "ikm", "ikm_worksheet",
        "grade", "grade_label", "lowest_unsur", "respondents_by",
    }  # fmt: skip
    assert (body["respondents"], body["population"], body["sample_target"]) == (4, 5, 5)
    assert (body["ikm"], body["ikm_worksheet"]) == (84.72, 84.64)
    assert (body["grade"], body["grade_label"]) == ("B", "Baik")
    assert body["lowest_unsur"] == ["u3", "u8", "u5"]
    assert [p["nrr"] for p in body["per_unsur"]] == [
        3.5,
        3.5,
        2.75,
        4.0,
        3.25,
        3.5,
        3.75,
        2.75,
        3.5,
    ]
    # 3.5/9 = 0.3888… → 0.389; 2.75/9 = 0.3055… → 0.306; 4/9 → 0.444; 3.25/9 → 0.361
    assert [p["nrr_weighted"] for p in body["per_unsur"]][:5] == [0.389, 0.389, 0.306, 0.444, 0.361]
    assert body["respondents_by"]["gender"] == {"L": 1, "P": 2, "unknown": 1}
    assert body["respondents_by"]["education"]["s1"] == 1


def closed(node: Any) -> None:
    """As the schemathesis run does: an object refuses fields its schema does not name."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            closed(value)
    elif isinstance(node, list):
        for value in node:
            closed(value)


def mismatches(hall: HallClient, model: str, answer: Any) -> list[str]:
    components = hall.client.get("/openapi.json").json()["components"]
    closed(components)
    schema = {"$ref": f"#/components/schemas/{model}", "components": components}
    return [str(e) for e in jsonschema_rs.validator_for(schema).iter_errors(answer)]


def test_answers_with_real_figures_match_the_published_openapi(surveyed: HallClient) -> None:
    # The schemathesis run (tests/e2e) meets these routes on a hall with no responses: an
    # empty report, a tablet with nothing to offer. Here with figures, grades and a ticket.
    assert mismatches(surveyed, "SkmReport", report(surveyed).json()) == []
    ticket = visit(surveyed, "kk", 1, "operator")
    tablet = surveyed.get("/api/v1/survey/counter/1", "display").json()
    assert tablet["ticket"]["number"] == ticket["number"]
    assert mismatches(surveyed, "TabletSurvey", tablet) == []
    survey = surveyed.client.get(f"/api/v1/survey/{ticket['tracking_token']}").json()
    assert survey["state"] == "open"
    assert mismatches(surveyed, "Survey", survey) == []


def test_the_whole_hall_and_one_service(surveyed: HallClient) -> None:
    whole = report(surveyed).json()
    assert (whole["respondents"], whole["population"], whole["sample_target"]) == (5, 6, 6)
    assert (whole["ikm"], whole["ikm_worksheet"], whole["grade"]) == (72.78, 72.71, "C")
    pkb = report(surveyed, "&service_id=pkb").json()
    assert (pkb["respondents"], pkb["population"], pkb["ikm"], pkb["grade"]) == (1, 1, 25.0, "D")
    empty = report(surveyed, "&service_id=akta").json()
    assert empty["respondents"] == 0 and empty["ikm"] is None and empty["grade"] is None


def test_a_period_outside_the_visits_is_empty(surveyed: HallClient) -> None:
    reply = surveyed.get("/api/v1/reports/skm?from=2026-12-01&to=2026-12-31", "supervisor")
    assert reply.json()["respondents"] == 0 and reply.json()["population"] == 0


def test_report_is_for_supervisors_only(surveyed: HallClient) -> None:
    assert surveyed.get("/api/v1/reports/skm", "operator").status_code == 403
    assert surveyed.get("/api/v1/reports/skm.pdf", "display").status_code == 403
    assert surveyed.client.get("/api/v1/reports/skm.xlsx").status_code == 401
    bad = surveyed.get("/api/v1/reports/skm?from=2026-12-02&to=2026-12-01", "supervisor")
    assert bad.status_code == 422 and bad.json()["error"]["message_en"]
    unknown = surveyed.get("/api/v1/reports/skm?agency_id=pajak", "supervisor")
    assert unknown.status_code == 422


def test_workbook_holds_the_same_figures_as_the_json(surveyed: HallClient) -> None:
    body = report(surveyed, "&agency_id=dukcapil").json()
    xlsx = report(surveyed, "&agency_id=dukcapil", ".xlsx")
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(xlsx.content))
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(min_row=5, values_only=True)}
    assert summary["Jumlah responden"] == body["respondents"]
    assert summary["Populasi (kunjungan selesai)"] == body["population"]
    assert summary["Sampel minimum (Krejcie–Morgan, 95 %, ±5 %)"] == body["sample_target"]
    assert summary["Sampel terpenuhi"] == "Belum"
    assert summary["IKM (bobot 1/9)"] == body["ikm"]
    assert summary["IKM lembar kerja (bobot 0,111)"] == body["ikm_worksheet"]
    assert (summary["Mutu pelayanan"], summary["Kinerja unit pelayanan"]) == ("B", "Baik")
    elements = list(book["Per unsur"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2], r[3]) for r in elements] == [
        (p["unsur"].upper(), p["nrr"], p["nrr_weighted"]) for p in body["per_unsur"]
    ]
    groups = {(r[0], r[1]): r[3] for r in book["Responden"].iter_rows(min_row=2, values_only=True)}
    for field, counts in body["respondents_by"].items():
        for value, n in counts.items():
            assert groups[(field, value)] == n
    plan = list(book["Tindak lanjut"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in plan] == ["Waktu penyelesaian", "Penanganan pengaduan, saran dan masukan",
                                    "Produk spesifikasi jenis pelayanan"]  # fmt: skip


def pdf_text(data: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        message = "pdftotext not found: apt-get install poppler-utils"
        if os.environ.get("ANTRE_REQUIRE_BROWSER"):  # set by .ci/run: CI has every tool
            pytest.fail(message)
        pytest.skip(message)
    path = tmp_path / "laporan.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pdf_text_holds_the_index_and_the_grade(surveyed: HallClient, tmp_path: Path) -> None:
    pdf = report(surveyed, "&agency_id=dukcapil", ".pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    text = pdf_text(pdf.content, tmp_path)
    assert "IKM 84,72" in text and "B (Baik)" in text
    assert "LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT" in text
    assert "Rencana tindak lanjut" in text and "belum terpenuhi" in text
    whole = pdf_text(report(surveyed, suffix=".pdf").content, tmp_path)
    assert "IKM 72,78" in whole and "C (Kurang Baik)" in whole
    # A suggestion is printed as the citizen wrote it, markup and all, never interpreted.
    assert "Loket <b>Samsat</b> terlalu lama & panas" in " ".join(whole.split())


def test_running_totals_equal_the_answers(surveyed: HallClient) -> None:
    from datetime import date

    from queue_server.store import connect
    from queue_server.store import survey as survey_rows

    database = connect(surveyed.db)
    try:
        for agency in (None, "dukcapil", "samsat"):
            period = survey_rows.Period(date(2026, 1, 1), date(2026, 12, 31), agency)
            totals, _ = survey_rows.tally(database.conn, period)
            assert totals == survey_rows.tally_of_answers(database.conn, period)
            assert totals.respondents == {None: 5, "dukcapil": 4, "samsat": 1}[agency]
        # The totals cannot drift: answers are neither edited nor deleted.
        for change in ("UPDATE survey_responses SET u1 = 1", "DELETE FROM survey_responses"):
            with pytest.raises(Exception, match=r"not (edited|deleted)"):
                database.conn.execute(change)
    finally:
        database.conn.close()
