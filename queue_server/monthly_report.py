"""The monthly report as a printable PDF: the month's figures, a chart of tickets per day,
the figures per service, the SKM index, and the complaints and dossiers of the month
(docs/reports.md).

The chart is drawn with ReportLab's own graphics (already the PDF library here): it
renders offline, into the same vector PDF, with no second plotting stack (matplotlib
would add ~40 MB and a font cache for one bar chart)."""

from __future__ import annotations

import io
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from queue_core import complaint, dossier

ACCENT = colors.HexColor("#00585e")
SOFT = colors.HexColor("#e1efef")
COLUMNS = (
    ("label", "Layanan"),
    ("issued", "Tiket"),
    ("served", "Dilayani"),
    ("no_show", "Tidak hadir"),
    ("wait_p50", "Tunggu p50"),
    ("wait_p90", "Tunggu p90"),
    ("service_mean", "Layan rata2"),
    ("within_target_pct", "% sesuai target"),
)


def _cell(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def _chart(by_day: list[dict[str, Any]]) -> Drawing:
    drawing = Drawing(170 * mm, 60 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = round(12 * mm), round(10 * mm)
    chart.width, chart.height = round(150 * mm), round(45 * mm)
    chart.data = [[r["issued"] for r in by_day] or [0], [r["served"] for r in by_day] or [0]]
    chart.categoryAxis.categoryNames = [r["key"][-2:] for r in by_day] or [""]
    chart.categoryAxis.labels.fontSize = 6
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = SOFT
    chart.bars[1].fillColor = ACCENT
    drawing.add(chart)
    return drawing


CaseCounts = tuple[dict[str, int], int]
"""Cases of the month by their status now, and how many of them are late now."""


def _cases(counts: CaseCounts, labels: dict[Any, tuple[str, str]], what: str) -> str:
    by_status, late = counts
    total = sum(by_status.values())
    if not total:
        return f"Tidak ada {what} bulan ini."
    parts = [
        f"{labels[s][0].lower()} {by_status[s.value]}" for s in labels if by_status.get(s.value)
    ]
    return f"{total} {what} ({', '.join(parts)}); terlambat saat laporan dibuat: {late}."


def pdf(
    hall: str,
    month: str,
    by_day: dict[str, Any],
    by_service: dict[str, Any],
    ikm: float | None,
    respondents: int,
    complaints: CaseCounts = ({}, 0),
    dossiers: CaseCounts = ({}, 0),
) -> bytes:
    """The month on A4: totals, tickets (light) and served (dark) per day, per service."""
    styles = getSampleStyleSheet()
    totals = by_day["totals"]
    story: list[Any] = [
        Paragraph(f"Laporan Bulanan {month} · {hall}", styles["Title"]),
        Paragraph(
            f"Tiket {totals['issued']}, dilayani {totals['served']}, tidak hadir "
            f"{totals['no_show']}, batal {totals['cancelled']}, kedaluwarsa "
            f"{totals['expired']}. Tunggu median {_cell(totals['wait_p50'])} menit "
            f"(p90 {_cell(totals['wait_p90'])}); {_cell(totals['within_target_pct'])} % "
            f"dipanggil sesuai target. Booking {totals['bookings']} "
            f"(hadir {totals['bookings_checked_in']}).",
            styles["Normal"],
        ),
        Spacer(1, 4 * mm),
        Paragraph("Tiket (terang) dan dilayani (gelap) per hari", styles["Heading3"]),
        _chart(by_day["rows"]),
        Paragraph("Per layanan", styles["Heading3"]),
    ]
    rows = [[title for _, title in COLUMNS]]
    rows += [[_cell(r[k]) for k, _ in COLUMNS] for r in by_service["rows"]]
    table = Table(rows, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 7.5),
                ("BACKGROUND", (0, 0), (-1, 0), SOFT),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ]
        )
    )
    story += [table, Spacer(1, 4 * mm), Paragraph("Survei Kepuasan (SKM)", styles["Heading3"])]
    story.append(
        Paragraph(
            f"IKM {_cell(ikm)} dari {respondents} responden."
            if ikm is not None
            else "Belum ada responden SKM bulan ini.",
            styles["Normal"],
        )
    )
    story += [
        Paragraph("Pengaduan dan konsultasi", styles["Heading3"]),
        Paragraph(_cases(complaints, complaint.STATUS_LABELS, "kasus masuk"), styles["Normal"]),
        Paragraph("Berkas (dokumen yang diproses)", styles["Heading3"]),
        Paragraph(_cases(dossiers, dossier.STATUS_LABELS, "berkas dibuka"), styles["Normal"]),
    ]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=f"Laporan Bulanan {month}").build(story)
    return out.getvalue()
