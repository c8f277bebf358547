"""The console's Reports and a complaint's case page in Debian's Chromium, against a real
`antre serve` holding two simulated days of the sample hall: sign in through the form,
open the period, download the CSV, the workbook and the monthly PDF and find the JSON's
figures in each, then answer a complaint from its case page; at 1366×768 and 1920×1080."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page
from support import SAMPLE_HALL, Server, antre, bearer

PASSWORD = "kepala-password-123"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = tmp_path_factory.mktemp("console-e2e") / "antre.db"
    simulated = antre(
        "simulate", "--days", "2", "--visitors", "120", "--counters", "6", "--seed", "3",
        "--hall", str(SAMPLE_HALL), "--db", str(db),
    )  # fmt: skip
    assert simulated.returncode == 0, simulated.stderr
    made = antre(
        "user", "add", "kepala", "--role", "supervisor", "--password-stdin", "--db", str(db),
        stdin=f"{PASSWORD}\n",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    srv = Server(db, hall=SAMPLE_HALL).start()
    try:
        yield srv
    finally:
        srv.stop()


def rest(server: Server) -> dict[str, Any]:
    login = httpx.post(
        f"{server.url}/api/v1/auth/login", json={"username": "kepala", "password": PASSWORD}
    )
    assert login.status_code == 200, login.text
    return bearer(login.json()["access_token"])


def download(page: Page, link: str, into: Path) -> bytes:
    with page.expect_download() as caught:
        page.get_by_role("link", name=link).click()
    path = into / caught.value.suggested_filename
    caught.value.save_as(path)
    return path.read_bytes()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366x768", "1920x1080"])
def test_a_hall_manager_reads_the_period_downloads_it_and_answers_a_complaint(
    server: Server, browser: Browser, tmp_path: Path, size: tuple[int, int]
) -> None:
    staff = rest(server)
    by_day = httpx.get(
        f"{server.url}/api/v1/reports/summary?from=2000-01-01&to=2100-12-31&group_by=day",
        headers=staff,
    ).json()["rows"]
    first, last = by_day[0]["key"], by_day[-1]["key"]
    query = f"from={first}&to={last}&group_by=service"
    summary = httpx.get(f"{server.url}/api/v1/reports/summary?{query}", headers=staff).json()
    filed = httpx.post(
        f"{server.url}/api/v1/complaints",
        json={"kind": "pengaduan", "text": "Loket SKCK kosong <b>sejak pagi</b>, mohon dicek."},
    )
    assert filed.status_code == 201, filed.text
    reference = filed.json()["reference"]

    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, accept_downloads=True
    )
    page = context.new_page()
    page.goto(f"{server.url}/admin/reports?{query}")
    page.get_by_label("Nama pengguna").fill("kepala")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: url.endswith(f"/admin/reports?{query}"))
    totals = summary["totals"]
    assert page.locator('[data-total="issued"]').inner_text() == str(totals["issued"])
    assert page.locator("figure.chart svg").count() == 4
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    text = download(page, "CSV", tmp_path).decode("utf-8")
    lines = list(csv.DictReader(io.StringIO(text)))
    assert [line["key"] for line in lines[:-1]] == [r["key"] for r in summary["rows"]]
    assert lines[-1]["issued"] == str(totals["issued"])

    book = load_workbook(io.BytesIO(download(page, "Excel (.xlsx)", tmp_path))).active
    assert book is not None
    cells = list(book.iter_rows(min_row=2, values_only=True))
    header = list(cells[0])
    assert dict(zip(header, cells[-1], strict=True)) == totals

    month = last[:7]
    pdf = download(page, f"Laporan bulanan {month} (PDF)", tmp_path)
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        whole = httpx.get(
            f"{server.url}/api/v1/reports/summary?from={month}-01&to={last}&group_by=day",
            headers=staff,
        ).json()["totals"]
        (tmp_path / "m.pdf").write_bytes(pdf)
        words = subprocess.run(
            ["pdftotext", str(tmp_path / "m.pdf"), "-"], capture_output=True, text=True
        ).stdout
        assert f"Tiket {whole['issued']}, dilayani {whole['served']}" in words

    page.get_by_role("link", name="Pengaduan", exact=True).click()
    page.get_by_role("link", name=reference).click()
    assert "<b>sejak pagi</b>" in page.locator("#case-text").inner_text()
    page.get_by_label("Instansi", exact=True).select_option("polres")
    page.get_by_role("button", name="Verifikasi").click()
    page.get_by_role("button", name="Mulai", exact=True).click()
    page.get_by_label("Jawaban yang akan dibaca warga").fill("Petugas SKCK sudah kembali.")
    page.get_by_role("button", name="Kirim jawaban").click()
    page.get_by_role("status").wait_for()
    assert page.locator("[data-status]").get_attribute("data-status") == "answered"
    items = httpx.get(f"{server.url}/api/v1/complaints", headers=staff).json()["items"]
    case = next(c for c in items if c["reference"] == reference)
    assert case["status"] == "answered" and case["answer"] == "Petugas SKCK sudah kembali."
    context.close()
