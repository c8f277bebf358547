"""What the workbook and the PDF share: words, dates and numbers the Indonesian way."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from queue_core import survey as skm

if TYPE_CHECKING:
    from queue_server.routes.survey_report import SkmReport

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
GROUP_NAMES = {
    "gender": "Jenis kelamin",
    "age_band": "Usia",
    "education": "Pendidikan",
    "occupation": "Pekerjaan",
}


def long_date(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def id_number(value: Decimal | None, places: int = 2) -> str:
    """88.31 → "88,31": Indonesian documents write the decimal comma."""
    if value is None:
        return "–"
    return f"{value:,.{places}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def group_label(field: str, value: str) -> str:
    if value == skm.UNKNOWN:
        return "Tidak diisi"
    return skm.RESPONDENT_FIELDS[field][value][0]


def element_rows(report: SkmReport) -> list[tuple[str, str, Decimal | None, Decimal | None, str]]:
    """(unsur, name, NRR, NRR × 1/9, grade of the element's own converted value)."""
    out = []
    answered = report.index.respondents > 0
    for e, score in zip(skm.ELEMENTS, report.index.elements, strict=True):
        grade = skm.grade_of(score.nrr * skm.CONVERSION).letter if answered else "–"
        out.append(
            (
                e.unsur.upper(),
                e.name,
                skm.show3(score.nrr) if answered else None,
                skm.show3(score.nrr_weighted) if answered else None,
                grade,
            )
        )
    return out
