"""The Laporan SKM as a workbook (openpyxl): the same figures as the JSON, as numbers."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from queue_core import survey as skm
from queue_server.laporan_skm.common import element_rows, group_label, long_date

if TYPE_CHECKING:
    from queue_server.routes.survey_report import SkmReport


def workbook(report: SkmReport) -> bytes:
    index = report.index
    book = Workbook()
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DCE9EA")

    summary = book.active
    assert summary is not None
    summary.title = "Ringkasan"
    summary.append(["Laporan Survei Kepuasan Masyarakat (PermenPANRB 14/2017)"])
    summary["A1"].font = Font(bold=True, size=13)
    summary.append([report.hall + (f" · {report.scope}" if report.scope else "")])
    summary.append([f"Periode {long_date(report.period.first)} – {long_date(report.period.last)}"])
    summary.append([])
    facts: list[tuple[str, Any, str | None]] = [
        ("Jumlah responden", index.respondents, "0"),
        ("Populasi (kunjungan selesai)", report.population, "0"),
        ("Sampel minimum (Krejcie–Morgan, 95 %, ±5 %)", report.sample_target, "0"),
        ("Sampel terpenuhi", "Ya" if report.sample_met else "Belum", None),
        ("IKM (bobot 1/9)", None if index.ikm is None else float(index.ikm), "0.00"),
        (
            "IKM lembar kerja (bobot 0,111)",
            None if index.ikm_worksheet is None else float(index.ikm_worksheet),
            "0.00",
        ),
        ("Mutu pelayanan", index.grade.letter if index.grade else None, None),
        ("Kinerja unit pelayanan", index.grade.label if index.grade else None, None),
        ("Unsur terendah", ", ".join(u.upper() for u in index.lowest()), None),
    ]
    for label, value, fmt in facts:
        summary.append([label, value])
        if fmt:
            summary.cell(summary.max_row, 2).number_format = fmt
    summary.column_dimensions["A"].width = 48
    summary.column_dimensions["B"].width = 18

    elements = book.create_sheet("Per unsur")
    elements.append(["Unsur", "Nama unsur", "NRR", "NRR tertimbang (×1/9)", "Mutu unsur"])
    for unsur, name, nrr, weighted, grade in element_rows(report):
        elements.append(
            [
                unsur,
                name,
                None if nrr is None else float(nrr),
                None if weighted is None else float(weighted),
                grade,
            ]
        )
        elements.cell(elements.max_row, 3).number_format = "0.000"
        elements.cell(elements.max_row, 4).number_format = "0.000"
    elements.column_dimensions["B"].width = 44
    elements.column_dimensions["D"].width = 22

    groups = book.create_sheet("Responden")
    groups.append(["Kelompok", "Nilai", "Keterangan", "Jumlah"])
    for field, counts in report.groups.items():
        for value, n in counts.items():
            groups.append([field, value, group_label(field, value), n])
    groups.column_dimensions["C"].width = 28

    notes = book.create_sheet("Saran")
    notes.append(["Tanggal", "Layanan", "Saran dan masukan"])
    for day, service_id, text in report.suggestions:
        notes.append([day, service_id, text])
        notes.cell(notes.max_row, 3).alignment = Alignment(wrap_text=True, vertical="top")
    notes.column_dimensions["C"].width = 90

    plan = book.create_sheet("Tindak lanjut")
    plan.append(["No", "Unsur", "Rencana tindak lanjut", "Waktu", "Penanggung jawab"])
    for i, unsur in enumerate(index.lowest() or [""], start=1):
        plan.append([i, skm.element(unsur).name if unsur else "", "", "", ""])
    plan.column_dimensions["B"].width = 40
    plan.column_dimensions["C"].width = 60

    for sheet in (elements, groups, notes, plan):
        for cell in sheet[1]:
            cell.font = bold
            cell.fill = head_fill
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
