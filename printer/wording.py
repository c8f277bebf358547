"""What the ticket says, in Indonesian.

Dates follow Indonesian usage (PUEBI): "Kamis, 28 Mei 2026", the time with a full stop,
"09.15 WIB", in the hall's own zone (WIB, WITA, WIT), never the server's.
"""

from __future__ import annotations

from datetime import datetime

from queue_core.numbering import zone
from queue_core.ticket import Priority

PRIORITY_LABELS = {
    Priority.ELDERLY: "Lansia",
    Priority.DISABILITY: "Disabilitas",
    Priority.PREGNANT: "Ibu Hamil",
    Priority.CHILD: "Anak/Balita",
    Priority.APPOINTMENT: "Janji Temu",
}
"""The label a counter officer and the citizen read; a regular ticket has none."""

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
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
)
ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}

NUMBER_HEADING = "NOMOR ANTREAN"
SCAN_INVITATION = "Pindai untuk memantau antrean"
DEFAULT_FOOTER = "Simpan tiket sampai dilayani"  # 28: a margin on 58 mm (32)
TEST_MARK = "TIKET UJI - TIDAK BERLAKU"
PICKUP_MARK = "AMBIL BERKAS"
"""The band of a pickup ticket: this number collects a finished dossier."""
DOSSIER_HEADING = "Nomor berkas"


def priority_label(priority: Priority) -> str | None:
    """The band a priority ticket carries: "PRIORITAS: LANSIA", "JANJI TEMU"; None
    for a regular ticket."""
    label = PRIORITY_LABELS.get(priority)
    if label is None:
        return None
    if priority is Priority.APPOINTMENT:
        return label.upper()  # a booking, not one of the groups the law favours
    return f"PRIORITAS: {label.upper()}"


def people_ahead(position: int) -> str:
    return "Giliran Anda berikutnya" if position == 0 else f"{position} orang di depan Anda"


def estimated_wait(
    minutes: int, low: int | None = None, high: int | None = None
) -> tuple[str, str] | None:
    """("Perkiraan waktu tunggu", "sekitar 12 menit"): two parts, so a narrow ticket breaks the
    line between them, never inside "1 jam 35 menit". None when there is no wait.
    A wide range (more than 6 minutes, docs/eta.md) is printed as the range:
    ("Perkiraan waktu tunggu", "20–35 menit"), never a precise-looking number."""
    if minutes <= 0:
        return None
    if low is not None and high is not None and high - low > 6:
        return "Perkiraan waktu tunggu", f"{low}–{high} menit"
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        span = f"{rest} menit"
    elif rest == 0:
        span = f"{hours} jam"
    else:
        span = f"{hours} jam {rest} menit"
    return "Perkiraan waktu tunggu", f"sekitar {span}"


def local_date(moment: datetime, timezone: str) -> str:
    local = moment.astimezone(zone(timezone))
    return f"{DAYS[local.weekday()]}, {local.day} {MONTHS[local.month - 1]} {local.year}"


def local_time(moment: datetime, timezone: str) -> str:
    local = moment.astimezone(zone(timezone))
    name = ZONE_NAMES.get(timezone) or local.tzname() or ""
    return f"Pukul {local:%H.%M} {name}".rstrip()
