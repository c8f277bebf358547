"""Every text the counter app shows, in Bahasa Indonesia and in English.

Indonesian is the hall's language and the default; English is a toggle on the window
(remembered by the PC). The language is one choice for the whole app, like an installed
Qt translator: `use()` sets it, the window's views re-read their texts when it changes,
and models say things in the language chosen at the moment they say them.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from queue_client.models import Ticket
from queue_core.counter import CounterStatus
from queue_core.ticket import Priority, TicketStatus

LANGUAGES = ("id", "en")
_chosen = ["id"]


def use(language: str) -> None:
    _chosen[0] = language if language in LANGUAGES else "id"


def language() -> str:
    return _chosen[0]


def english() -> bool:
    return _chosen[0] == "en"


def pick(indonesian: str, english_text: str) -> str:
    return english_text if english() else indonesian


TEXT: dict[str, tuple[str, str]] = {
    # the window and signing in
    "window.title": ("Antre — Petugas Loket", "Antre — Counter Staff"),
    "signin.title": ("Aplikasi Petugas Loket", "Counter Staff App"),
    "signin.subtitle": ("Masuk dengan akun petugas Anda.", "Sign in with your staff account."),
    "signin.server": ("Alamat server", "Server address"),
    "signin.server_hint": ("mis. 192.168.1.10:8000", "e.g. 192.168.1.10:8000"),
    "signin.username": ("Nama pengguna", "User name"),
    "signin.password": ("Kata sandi", "Password"),
    "signin.submit": ("Masuk (Enter)", "Sign in (Enter)"),
    "signin.busy": ("Menghubungkan…", "Connecting…"),
    "signin.missing": (
        "Isi alamat server, nama pengguna dan kata sandi.",
        "Fill in the server address, user name and password.",
    ),
    "signin.wrong": ("Nama pengguna atau kata sandi salah.", "Wrong user name or password."),
    "error.refused": ("Server menolak permintaan ({code}).", "The server refused ({code})."),
    "error.unreachable": (
        "Server{where} tidak dapat dihubungi. Periksa alamat server dan jaringan.",
        "Cannot reach the server{where}. Check the server address and the network.",
    ),
    "error.where": (" di {url}", " at {url}"),
    "error.other": ("Terjadi kesalahan: {error}", "Something went wrong: {error}"),
    "language.switch": ("English", "Bahasa Indonesia"),
    "language.hint": ("Tampilkan dalam bahasa Inggris", "Show in Bahasa Indonesia"),
    # choosing the counter
    "choose.title": ("Pilih loket", "Choose your counter"),
    "choose.subtitle": (
        "{hall} · masuk sebagai {user}. Semua loket ditampilkan, dikelompokkan per instansi.",
        "{hall} · signed in as {user}. Every counter is listed, grouped by agency.",
    ),
    "choose.subtitle_agency": (
        "{hall} · masuk sebagai {user}. Loket {agency} ditampilkan.",
        "{hall} · signed in as {user}. The counters of {agency} are listed.",
    ),
    "choose.held_by": ("dibuka oleh {user}", "opened by {user}"),
    "choose.held_by_other": (
        "Loket ini dibuka oleh {user}; pilih loket lain atau minta {user} menutupnya.",
        "{user} has this counter open; choose another or ask {user} to close it.",
    ),
    "choose.columns": ("Loket|Layanan|Keadaan", "Counter|Services|State"),
    "choose.open": ("Buka loket (Enter)", "Open counter (Enter)"),
    "choose.reload": ("Muat ulang", "Reload"),
    "choose.other": ("Lainnya", "Other"),
    "choose.serving": ("dilayani", "serving"),
    "choose.called": ("dipanggil", "called"),
    # the header and the banner
    "header.zone": (" · Zona {zone}", " · Zone {zone}"),
    "header.down": ("● Terputus", "● Disconnected"),
    "header.syncing": ("● Menyinkronkan…", "● Syncing…"),
    "header.connected": ("● Tersambung", "● Connected"),
    "header.sign_out": ("Keluar", "Sign out"),
    "header.sign_out_hint": (
        "Keluar dari aplikasi (tutup loket dulu dengan F9)",
        "Sign out (close the counter with F9 first)",
    ),
    "banner.down_title": (
        "TERPUTUS DARI SERVER — semua tombol dinonaktifkan",
        "DISCONNECTED FROM THE SERVER — every key is disabled",
    ),
    "banner.down_text": (
        "Layar ini mungkin tidak sesuai keadaan sebenarnya. Aplikasi terus mencoba menyambung "
        "kembali; begitu tersambung, layar diperbarui otomatis. Jangan tutup aplikasi.",
        "This screen may not show the true state. The app keeps reconnecting; once "
        "connected it updates itself. Do not close the app.",
    ),
    "banner.sync_title": ("Menyinkronkan data dengan server…", "Syncing with the server…"),
    "banner.sync_text": ("Tombol aktif kembali sesaat lagi.", "The keys come back in a moment."),
    # the ticket card
    "card.waited": ("Lama menunggu", "Waited"),
    "card.since_called": ("Sejak dipanggil", "Since called"),
    "card.serving_for": ("Lama dilayani", "Serving for"),
    "card.recalls": ("Dipanggil ulang", "Recalled"),
    "card.recall_count": ("{n} kali", "{n} times"),
    "card.nik": ("NIK", "NIK"),
    "card.no_nik": ("tidak ada", "none"),
    "card.paused_chip": (" · LOKET ISTIRAHAT", " · COUNTER PAUSED"),
    "card.serving_hint": (
        "Warga sedang dilayani. Tekan F4 bila selesai.",
        "Serving. Press F4 when done.",
    ),
    "card.called_hint": (
        "Menunggu warga datang ke loket. F3 bila sudah datang, F5 bila tidak hadir.",
        "Waiting for the citizen. F3 when they arrive, F5 if they do not come.",
    ),
    "card.closed_chip": ("LOKET TUTUP", "COUNTER CLOSED"),
    "card.closed": ("Loket tutup", "Counter closed"),
    "card.closed_hint": (
        "Loket tidak memanggil. Tekan F9 untuk membuka loket.",
        "The counter calls no one. Press F9 to open it.",
    ),
    "card.paused_chip_idle": ("ISTIRAHAT", "ON A BREAK"),
    "card.paused": ("Sedang istirahat", "On a break"),
    "card.paused_hint": (
        "Loket tidak memanggil. Tekan F8 untuk lanjut melayani.",
        "The counter calls no one. Press F8 to resume.",
    ),
    "card.ready_chip": ("SIAP MEMANGGIL", "READY TO CALL"),
    "card.no_ticket": ("Tidak ada nomor aktif", "No number at the counter"),
    "card.next_hint": (
        "{n} orang menunggu. Tekan F1 untuk memanggil {number} ({service}{mark}).",
        "{n} waiting. Press F1 to call {number} ({service}{mark}).",
    ),
    "card.nobody": ("Belum ada yang menunggu", "Nobody is waiting"),
    "card.nobody_hint": (
        "Nomor baru muncul di daftar kanan begitu diambil di mesin antrean.",
        "New numbers appear in the list on the right as soon as they are taken.",
    ),
    # the note and the dialogs
    "note.label": ("Catatan untuk Selesai (opsional):", "Note for Done (optional):"),
    "note.hint": (
        "mis. berkas kurang, diminta kembali besok",
        "e.g. documents missing, asked to come back tomorrow",
    ),
    "dialog.cancel": ("Batal (Esc)", "Cancel (Esc)"),
    "transfer.title": ("Alihkan", "Transfer"),
    "transfer.title_number": ("Alihkan nomor {number}", "Transfer number {number}"),
    "transfer.explain": (
        "Nomor dan kode pelacakan warga tetap sama. Pilih layanan tujuan, lalu loket "
        "bila warga harus ke loket tertentu.",
        "The number and tracking code stay the same. Choose the service, then a counter "
        "if the citizen must go to one in particular.",
    ),
    "transfer.service": ("Layanan tujuan", "To service"),
    "transfer.counter": ("Loket tujuan (opsional)", "To counter (optional)"),
    "transfer.any": (
        "Loket mana saja yang melayani (antre di belakang)",
        "Any counter serving it (back of the queue)",
    ),
    "transfer.ok": ("Alihkan (Enter)", "Transfer (Enter)"),
    "pick.call_title": ("Panggil nomor tertentu", "Call a particular number"),
    "pick.call_ok": ("Panggil (Enter)", "Call (Enter)"),
    "pick.requeue_title": (
        "Warga tidak hadir yang datang kembali",
        "A no-show who came back",
    ),
    "pick.requeue_ok": ("Masukkan ke antrean (Enter)", "Back into the queue (Enter)"),
    # the side panel
    "panel.waiting": ("Menunggu: {n} orang", "Waiting: {n}"),
    "panel.count": ("{n} menunggu", "{n} waiting"),
    "panel.note": (
        "Urutan panggilan F1, dari server. Huruf depan nomor = layanan (lihat di atas).",
        "The order F1 calls, from the server. A number's letter = its service (see above).",
    ),
    "panel.columns": ("#|Nomor|Prioritas|Menunggu", "#|Number|Priority|Waited"),
    "panel.regular": ("umum", "regular"),
    "panel.today": ("Hari ini di {counter}", "Today at {counter}"),
    "figure.served": ("dilayani", "served"),
    "figure.no_shows": ("tidak hadir", "no-shows"),
    "figure.service": ("rata-rata layanan", "mean service"),
    "figure.service_n": ("rata-rata layanan ({n} warga)", "mean service ({n} citizens)"),
    "figure.wait": ("rata-rata tunggu", "mean wait"),
    "figure.wait_n": ("rata-rata tunggu ({n} warga)", "mean wait ({n} citizens)"),
    # what the session says
    "say.unreachable": (
        "Server belum merespons. Tindakan tadi mungkin sudah atau belum tercatat; "
        "layar diperbarui begitu server merespons.",
        "The server does not answer. The last action may or may not have been recorded; "
        "the screen updates as soon as the server answers.",
    ),
    "say.open_unreachable": (
        "Server belum merespons. Loket dibuka begitu server merespons; mencoba lagi…",
        "The server does not answer. The counter opens as soon as it does; retrying…",
    ),
    "say.session_ended": (
        "Sesi Anda berakhir. Silakan masuk kembali.",
        "Your session has ended. Please sign in again.",
    ),
    "say.nobody_waiting": ("Tidak ada antrean yang menunggu.", "Nobody is waiting."),
}


def say(key: str, **values: object) -> str:
    """The text `key` in the chosen language, with `values` filled in."""
    indonesian, english_text = TEXT[key]
    return pick(indonesian, english_text).format(**values)


def indonesian(key: str) -> str:
    return TEXT[key][0]


_PRIORITY = {
    Priority.REGULAR: ("Umum", "Regular"),
    Priority.ELDERLY: ("Lansia", "Elderly"),
    Priority.DISABILITY: ("Disabilitas", "Disability"),
    Priority.PREGNANT: ("Ibu Hamil", "Pregnant"),
    Priority.CHILD: ("Anak/Balita", "Child/Toddler"),
    Priority.APPOINTMENT: ("Janji Temu", "Appointment"),
}

_TICKET_STATUS = {
    TicketStatus.WAITING: ("Menunggu", "Waiting"),
    TicketStatus.CALLED: ("Dipanggil", "Called"),
    TicketStatus.SERVING: ("Sedang Dilayani", "Serving"),
    TicketStatus.DONE: ("Selesai", "Done"),
    TicketStatus.NO_SHOW: ("Tidak Hadir", "No-show"),
    TicketStatus.CANCELLED: ("Dibatalkan", "Cancelled"),
    TicketStatus.EXPIRED: ("Kedaluwarsa", "Expired"),
}

_COUNTER_STATUS = {
    CounterStatus.OPEN: ("Buka", "Open"),
    CounterStatus.PAUSED: ("Istirahat", "On a break"),
    CounterStatus.CLOSED: ("Tutup", "Closed"),
}


_ROLES = {
    "operator": ("petugas", "operator"),
    "supervisor": ("supervisor", "supervisor"),
    "admin": ("pengelola sistem", "administrator"),
}


def role(name: str) -> str:
    """A staff role in the chosen language: "siti (petugas)", not "siti (operator)"."""
    return pick(*_ROLES.get(name, (name, name)))


def priority(value: Priority) -> str:
    return pick(*_PRIORITY[value])


def ticket_priority(ticket: Ticket, timezone: str) -> str:
    """The priority as the counter shows it; a booking's check-in with its slot, in the
    hall's time ("Janji Temu 08:00"), so the operator sees why it jumped the queue."""
    text = priority(ticket.priority)
    if ticket.priority is Priority.APPOINTMENT and ticket.appointment_at is not None:
        text += " " + ticket.appointment_at.astimezone(ZoneInfo(timezone)).strftime("%H:%M")
    return text


def ticket_status(value: TicketStatus) -> str:
    return pick(*_TICKET_STATUS[value])


def counter_status(value: CounterStatus) -> str:
    return pick(*_COUNTER_STATUS[value])


def service_name(indonesian_name: str, english_name: str) -> str:
    return pick(indonesian_name, english_name or indonesian_name)


def server_message(message: str, message_en: str) -> str:
    """A refusal in the server's own words (the error body carries both languages)."""
    return pick(message, message_en or message)


def minutes(span: timedelta | None) -> str:
    """'7 mnt', '1 j 05 mnt' ('7 min', '1 h 05 min'); '–' when nothing is measured yet."""
    if span is None:
        return "–"
    total = max(0, round(span.total_seconds() / 60))
    unit, hour = pick("mnt", "min"), pick("j", "h")
    if total < 60:
        return f"{total} {unit}"
    return f"{total // 60} {hour} {total % 60:02d} {unit}"


def clock(span: timedelta) -> str:
    """'0:45', '12:03': how long ago a number was called, to judge a no-show."""
    seconds = max(0, int(span.total_seconds()))
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"{seconds // 60}:{seconds % 60:02d}"


def decimal_minutes(span: timedelta | None) -> str:
    """'7,5 mnt' (Indonesian decimal comma) or '7.5 min' for means."""
    if span is None:
        return "–"
    value = f"{span.total_seconds() / 60:.1f}"
    return pick(value.replace(".", ",") + " mnt", value + " min")


def local_clock(moment: datetime, timezone: str) -> str:
    """'14:05' in the hall's own time (WIB, WITA or WIT), whatever the PC's zone."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%H:%M")
