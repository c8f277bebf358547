"""What the citizen reads: booking messages in Indonesian and English.

No name and no NIK in a message: it travels through third-party gateways, and its text
is shown to staff in the outbox list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

_DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


@dataclass(frozen=True)
class BookingFacts:
    hall: str
    service: str
    service_en: str
    day: date
    start: str
    code: str
    manage_url: str


def day_id(day: date) -> str:
    return f"{_DAYS_ID[day.weekday()]}, {day.day} {_MONTHS_ID[day.month - 1]} {day.year}"


def day_en(day: date) -> str:
    return day.strftime("%A, %d %B %Y").replace(" 0", " ")


def confirmation(b: BookingFacts) -> tuple[str, str]:
    return (
        f"Booking {b.service} di {b.hall}: {day_id(b.day)} pukul {b.start}. Kode {b.code}. "
        f"Datang paling lambat pada jam itu, bawa KTP-el dan persyaratan. "
        f"Ubah/batal: {b.manage_url}",
        f"Booking {b.service_en} at {b.hall}: {day_en(b.day)} at {b.start}. Code {b.code}. "
        f"Arrive by that time with your KTP-el (e-KTP) ID card and the required documents. "
        f"Change/cancel: {b.manage_url}",
    )


def reminder(b: BookingFacts) -> tuple[str, str]:
    return (
        f"Pengingat: {b.service} di {b.hall}, {day_id(b.day)} pukul {b.start}. "
        f"Kode {b.code}. Tunjukkan QR atau ketik kode di kiosk. {b.manage_url}",
        f"Reminder: {b.service_en} at {b.hall}, {day_en(b.day)} at {b.start}. "
        f"Code {b.code}. Show the QR or type the code at the kiosk. {b.manage_url}",
    )


def cancelled(b: BookingFacts) -> tuple[str, str]:
    return (
        f"Booking {b.code} ({b.service}, {day_id(b.day)} pukul {b.start}) dibatalkan.",
        f"Booking {b.code} ({b.service_en}, {day_en(b.day)} at {b.start}) is cancelled.",
    )


def test_message(hall: str) -> tuple[str, str]:
    return (
        f"Pesan uji dari {hall}: saluran notifikasi berfungsi.",
        f"Test message from {hall}: the notification channel works.",
    )
