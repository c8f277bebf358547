"""The console's menu: one line per section, shown to the roles that may open it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    path: str
    id: str
    en: str
    about_id: str
    about_en: str
    admin_only: bool = False


SECTIONS: tuple[Section, ...] = (
    # Sections add themselves here as they are built (queue_server/console/__init__.py).
    Section(
        "/admin/floor",
        "Lantai layanan",
        "Live floor",
        "Loket dan antrean saat ini, dengan peringatan.",
        "Counters and queues now, with alerts.",
    ),
    Section(
        "/admin/reports",
        "Laporan",
        "Reports",
        "Angka dan grafik periode, unduh CSV, Excel, PDF.",
        "Figures and charts of a period; CSV, Excel, PDF.",
    ),
    Section(
        "/admin/skm",
        "SKM",
        "SKM survey",
        "Indeks kepuasan, unsur, saran, Laporan SKM.",
        "Satisfaction index, elements, suggestions.",
    ),
    Section(
        "/admin/complaints",
        "Pengaduan",
        "Complaints",
        "Kotak masuk, yang terlambat dulu; tangani kasus.",
        "Inbox, late cases first; work a case.",
    ),
    Section(
        "/admin/dossiers",
        "Berkas",
        "Dossiers",
        "Berkas per instansi dan status.",
        "Dossiers by agency and status.",
    ),
    Section(
        "/admin/bookings",
        "Booking",
        "Bookings",
        "Booking per hari dan layanan.",
        "Bookings of a day and service.",
    ),
    Section(
        "/admin/announcements",
        "Pengumuman",
        "Announcements",
        "Kirim kalimat ke teks berjalan semua papan.",
        "Send a line to every board's running text.",
    ),
    Section(
        "/admin/users",
        "Pengguna",
        "Users",
        "Akun petugas: peran, instansi, kata sandi.",
        "Staff accounts: role, agency, password.",
        admin_only=True,
    ),
    Section(
        "/admin/devices",
        "Perangkat",
        "Devices",
        "Token mesin antrean, papan dan integrasi.",
        "Kiosk, board and integration tokens.",
        admin_only=True,
    ),
    Section(
        "/admin/hall",
        "Konfigurasi mal",
        "Hall setup",
        "Layanan, kuota, jam, loket, hari libur; langsung ke semua aplikasi.",
        "Services, quotas, hours, counters, holidays; live in every app.",
        admin_only=True,
    ),
    Section(
        "/admin/audit",
        "Log audit",
        "Audit log",
        "Siapa mengubah apa, kapan; rantai hash.",
        "Who changed what, when; the hash chain.",
        admin_only=True,
    ),
)


def sections_for(is_admin: bool) -> tuple[Section, ...]:
    return tuple(s for s in SECTIONS if is_admin or not s.admin_only)
