"""The Laporan SKM as a printable PDF (ReportLab), in the shape PermenPANRB 14/2017 asks."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from queue_core import survey as skm
from queue_server.laporan_skm.common import (
    GROUP_NAMES,
    element_rows,
    group_label,
    id_number,
    long_date,
)

if TYPE_CHECKING:
    from queue_server.routes.survey_report import SkmReport

PDF_SUGGESTIONS = 200
"""Suggestions printed in the PDF; the workbook holds them all (up to the store's 1,000)."""

INK = colors.HexColor("#0f2427")
ACCENT = colors.HexColor("#00585e")
SOFT = colors.HexColor("#e1efef")


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "body",
        parent=base["Normal"],
        fontName="Helvetica",
        fontSize=9.5,
        leading=12.5,
        textColor=INK,
    )
    return {
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=14,
            leading=18,
            alignment=TA_CENTER,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, fontSize=10.5, leading=14, alignment=TA_CENTER
        ),
        "h": ParagraphStyle(
            "h",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=11,
            leading=14,
            spaceBefore=10,
            spaceAfter=4,
            textColor=ACCENT,
        ),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11),
        "big": ParagraphStyle(
            "big",
            parent=body,
            fontName="Helvetica-Bold",
            fontSize=20,
            leading=24,
            alignment=TA_CENTER,
            textColor=ACCENT,
        ),
    }


def _grid(data: list[list[Any]], widths: list[float], *, align_right: int = 99) -> Table:
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
                ("BACKGROUND", (0, 0), (-1, 0), SOFT),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#7f9a9c")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (align_right, 1), (-1, -1), "RIGHT"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def pdf(report: SkmReport) -> bytes:
    s = _styles()
    index = report.index
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title="Laporan Survei Kepuasan Masyarakat",
        author=report.hall,
        subject="SKM PermenPANRB 14/2017",
    )
    width = A4[0] - 40 * mm
    story: list[Any] = [
        Paragraph("LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT (SKM)", s["title"]),
        Paragraph(
            _escape(report.hall + (f" · {report.scope}" if report.scope else "")), s["subtitle"]
        ),
        Paragraph(
            f"Periode {long_date(report.period.first)} – {long_date(report.period.last)}",
            s["subtitle"],
        ),
        Paragraph("Berdasarkan Peraturan Menteri PANRB Nomor 14 Tahun 2017", s["subtitle"]),
        Spacer(1, 6 * mm),
    ]

    grade = f"{index.grade.letter} ({index.grade.label})" if index.grade else "–"
    headline = Table(
        [
            [
                Paragraph("Indeks Kepuasan Masyarakat", s["cell"]),
                Paragraph("Mutu pelayanan", s["cell"]),
                Paragraph("Responden / sampel minimum", s["cell"]),
            ],
            [
                Paragraph(f"IKM {id_number(index.ikm)}", s["big"]),
                Paragraph(grade, s["big"]),
                Paragraph(f"{index.respondents} / {report.sample_target}", s["big"]),
            ],
        ],
        colWidths=[width / 3] * 3,
    )
    headline.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1, ACCENT),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, ACCENT),
                ("BACKGROUND", (0, 0), (-1, 0), SOFT),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("TOPPADDING", (0, 1), (-1, 1), 6),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 8),
            ]
        )
    )
    story.append(headline)

    met = "terpenuhi" if report.sample_met else "belum terpenuhi"
    story += [
        Paragraph("1. Ringkasan", s["h"]),
        Paragraph(
            f"Survei diisi oleh <b>{index.respondents}</b> responden dari <b>{report.population}"
            f"</b> kunjungan yang selesai dilayani dalam periode ini. Sampel minimum menurut "
            f"Krejcie dan Morgan (tingkat kepercayaan 95 %, galat ±5 %) adalah "
            f"<b>{report.sample_target}</b> responden: <b>{met}</b>.",
            s["body"],
        ),
        Spacer(1, 2 * mm),
        Paragraph(
            f"IKM dihitung sebagai jumlah NRR tiap unsur dikali bobot 1/9, dikonversi dengan "
            f"faktor 25: <b>{id_number(index.ikm)}</b>, mutu pelayanan <b>{grade}</b>. Dengan "
            f"bobot 0,111 seperti pada lembar kerja yang lazim dipakai, nilainya "
            f"{id_number(index.ikm_worksheet)}.",
            s["body"],
        ),
        Paragraph("2. Nilai per unsur pelayanan", s["h"]),
    ]
    rows: list[list[Any]] = [["Unsur", "Nama unsur", "NRR", "NRR tertimbang", "Mutu"]]
    for unsur, name, nrr, weighted, letter in element_rows(report):
        rows.append(
            [unsur, Paragraph(name, s["cell"]), id_number(nrr, 3), id_number(weighted, 3), letter]
        )
    if index.respondents:
        weighted_sum = sum((e.nrr_weighted for e in index.elements), Decimal(0))
        rows.append(
            ["", Paragraph("Jumlah NRR tertimbang", s["cell"]), "", id_number(weighted_sum, 3), ""]
        )
    rows.append(
        [
            "",
            Paragraph("<b>IKM unit pelayanan (jumlah × 25)</b>", s["cell"]),
            "",
            id_number(index.ikm),
            index.grade.letter if index.grade else "–",
        ]
    )
    story.append(_grid(rows, [16 * mm, width - 82 * mm, 22 * mm, 28 * mm, 16 * mm], align_right=2))
    story.append(Spacer(1, 1 * mm))
    story.append(
        Paragraph(
            "Mutu: A Sangat Baik 88,31–100; B Baik 76,61–88,30; C Kurang Baik 65,00–76,60; "
            "D Tidak Baik 25,00–64,99 (nilai konversi dibulatkan 2 desimal).",
            s["cell"],
        )
    )

    story.append(Paragraph("3. Responden menurut kelompok", s["h"]))
    cells: list[Any] = []
    for field, counts in report.groups.items():
        data = [[GROUP_NAMES[field], "Jumlah"]] + [
            [group_label(field, value), str(n)] for value, n in counts.items()
        ]
        cells.append(_grid(data, [width / 2 - 26 * mm, 18 * mm], align_right=1))
    story.append(
        Table(
            [cells[:2], cells[2:]],
            colWidths=[width / 2] * 2,
            style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
        )
    )

    story.append(Paragraph("4. Unsur dengan nilai terendah", s["h"]))
    lowest = index.lowest()
    if lowest:
        story.append(
            Paragraph(
                "; ".join(
                    f"{u.upper()} {skm.element(u).name} (NRR {id_number(skm.show3(index.elements[skm.UNSUR.index(u)].nrr), 3)})"
                    for u in lowest
                )
                + ".",
                s["body"],
            )
        )
    else:
        story.append(Paragraph("Belum ada responden pada periode ini.", s["body"]))

    story.append(Paragraph("5. Saran dan masukan masyarakat", s["h"]))
    if report.suggestions:
        suggestion_rows: list[list[Any]] = [["Tanggal", "Layanan", "Saran"]]
        suggestion_rows += [
            [day, Paragraph(_escape(service), s["cell"]), Paragraph(_escape(text), s["cell"])]
            for day, service, text in report.suggestions[:PDF_SUGGESTIONS]
        ]
        story.append(_grid(suggestion_rows, [22 * mm, 36 * mm, width - 58 * mm]))
        if len(report.suggestions) > PDF_SUGGESTIONS:
            story.append(
                Paragraph(
                    f"… dan {len(report.suggestions) - PDF_SUGGESTIONS} saran lainnya "
                    "(lihat berkas .xlsx).",
                    s["cell"],
                )
            )
    else:
        story.append(Paragraph("Tidak ada saran tertulis pada periode ini.", s["body"]))

    plan: list[list[Any]] = [
        ["No", "Unsur / permasalahan", "Rencana tindak lanjut", "Waktu", "Penanggung jawab"]
    ]
    for i, unsur in enumerate(lowest or ["", "", ""], start=1):
        plan.append(
            [str(i), Paragraph(skm.element(unsur).name if unsur else "", s["cell"]), "", "", ""]
        )
    plan_table = _grid(plan, [10 * mm, 42 * mm, width - 112 * mm, 26 * mm, 34 * mm])
    plan_table.setStyle(
        TableStyle(
            [
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white]),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 22),
            ]
        )
    )
    story.append(
        KeepTogether(
            [
                Paragraph("6. Rencana tindak lanjut", s["h"]),
                Paragraph(
                    "Diisi oleh unit pelayanan untuk unsur dengan nilai terendah.", s["cell"]
                ),
                Spacer(1, 2 * mm),
                plan_table,
                Spacer(1, 10 * mm),
                Table(
                    [
                        [
                            "",
                            Paragraph(
                                f"{long_date(report.period.last)}<br/>Kepala Unit Pelayanan"
                                "<br/><br/><br/><br/>(..............................................)"
                                "<br/>NIP.",
                                s["body"],
                            ),
                        ]
                    ],
                    colWidths=[width - 70 * mm, 70 * mm],
                ),
            ]
        )
    )

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.HexColor("#45595d"))
        canvas.drawString(20 * mm, 10 * mm, f"Laporan SKM · {report.hall}")
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, f"Halaman {document.page}")
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
