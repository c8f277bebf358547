"""The hall's words for statuses, priorities and durations, in Bahasa Indonesia."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from queue_core.counter import CounterStatus
from queue_core.ticket import Priority, TicketStatus

PRIORITY = {
    Priority.REGULAR: "Reguler",
    Priority.ELDERLY: "Lansia",
    Priority.DISABILITY: "Disabilitas",
    Priority.PREGNANT: "Ibu Hamil",
    Priority.CHILD: "Anak/Balita",
    Priority.APPOINTMENT: "Janji Temu",
}

TICKET_STATUS = {
    TicketStatus.WAITING: "Menunggu",
    TicketStatus.CALLED: "Dipanggil",
    TicketStatus.SERVING: "Sedang Dilayani",
    TicketStatus.DONE: "Selesai",
    TicketStatus.NO_SHOW: "Tidak Hadir",
    TicketStatus.CANCELLED: "Dibatalkan",
    TicketStatus.EXPIRED: "Kedaluwarsa",
}

COUNTER_STATUS = {
    CounterStatus.OPEN: "Buka",
    CounterStatus.PAUSED: "Istirahat",
    CounterStatus.CLOSED: "Tutup",
}


def minutes(span: timedelta | None) -> str:
    """'7 mnt', '1 j 05 mnt'; '–' when there is nothing to measure yet."""
    if span is None:
        return "–"
    total = max(0, round(span.total_seconds() / 60))
    if total < 60:
        return f"{total} mnt"
    return f"{total // 60} j {total % 60:02d} mnt"


def clock(span: timedelta) -> str:
    """'0:45', '12:03': how long ago a number was called, to judge a no-show."""
    seconds = max(0, int(span.total_seconds()))
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"{seconds // 60}:{seconds % 60:02d}"


def decimal_minutes(span: timedelta | None) -> str:
    """'7,5 mnt' (Indonesian decimal comma) for means."""
    if span is None:
        return "–"
    return f"{span.total_seconds() / 60:.1f}".replace(".", ",") + " mnt"


def local_clock(moment: datetime, timezone: str) -> str:
    """'14:05' in the hall's own time (WIB, WITA or WIT), whatever the PC's zone."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%H:%M")
