"""The monthly PDF names the month's complaints and dossiers (api.md: "figures, charts,
SKM, complaints, dossiers"), by their status now and how many are late, and an
agency-bound supervisor's PDF counts only their agency's."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from inprocess import HallClient


def pdf_text(hall: HallClient, who: str, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        message = "pdftotext not found: apt-get install poppler-utils"
        if os.environ.get("ANTRE_REQUIRE_BROWSER"):  # set by .ci/run: CI has every tool
            pytest.fail(message)
        pytest.skip(message)
    reply = hall.get("/api/v1/reports/monthly.pdf?month=2026-11", who)
    assert reply.status_code == 200, reply.text
    path = tmp_path / f"{who}.pdf"
    path.write_bytes(reply.content)
    return " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split()
    )


def file_complaint(hall: HallClient, agency: str) -> None:
    body = {"kind": "pengaduan", "text": "Antrean terlalu lama hari ini.", "agency_id": agency}
    assert hall.client.post("/api/v1/complaints", json=body).status_code == 201


def open_dossier(hall: HallClient) -> None:
    ticket = hall.issue("kk")
    hall.post("/api/v1/counters/1/open", "operator").raise_for_status()
    hall.post("/api/v1/counters/1/call", "operator", json={"ticket_id": ticket["id"]})
    for step in ("start", "finish"):
        hall.post(f"/api/v1/tickets/{ticket['id']}/{step}", "operator").raise_for_status()
    opened = hall.post(f"/api/v1/tickets/{ticket['id']}/dossier", "supervisor", json={})
    assert opened.status_code == 201, opened.text


def test_the_monthly_pdf_counts_the_months_complaints_and_dossiers(
    hall: HallClient, tmp_path: Path
) -> None:
    assert "Tidak ada kasus masuk bulan ini." in pdf_text(hall, "supervisor", tmp_path)
    file_complaint(hall, "dukcapil")
    file_complaint(hall, "samsat")
    open_dossier(hall)  # a Disdukcapil "kk" visit
    text = pdf_text(hall, "supervisor", tmp_path)
    assert "2 kasus masuk (diterima 2); terlambat saat laporan dibuat: 0." in text
    assert "1 berkas dibuka (berkas diterima 1); terlambat saat laporan dibuat: 0." in text

    hall.clock.advance(days=30)  # the cases' and the dossier's deadlines have passed
    assert "terlambat saat laporan dibuat: 2." in pdf_text(hall, "supervisor", tmp_path)

    hall.token("koordinator", "supervisor")
    conn = sqlite3.connect(hall.db)
    with conn:
        conn.execute("UPDATE users SET agency_id = 'samsat' WHERE username = 'koordinator'")
    conn.close()
    theirs = pdf_text(hall, "koordinator", tmp_path)
    assert "1 kasus masuk (diterima 1)" in theirs
    assert "Tidak ada berkas dibuka bulan ini." in theirs
