"""The counter's dossier texts (berkas), in Bahasa Indonesia and English: the "open a
dossier" row by Selesai and the Berkas view. Kept beside words.py, which holds the rest."""

from __future__ import annotations

from datetime import date

from counter_app.words import pick
from queue_client.dossiers import DossierStatus, DossierStep

TEXT: dict[str, tuple[str, str]] = {
    # the row by Selesai
    "open.toggle": ("Buka berkas (F11)", "Open dossier (F11)"),
    "open.hint": (
        "Warga meninggalkan berkas: Selesai (F4) sekaligus membuka berkas yang dapat "
        "dipantau warga lewat QR tiketnya.",
        "The citizen leaves documents with us: Done (F4) also opens a dossier they follow "
        "on their ticket's QR.",
    ),
    "open.title": ("Judul (opsional)", "Title (optional)"),
    "open.title_hint": ("mis. KK baru, 2 anggota", "e.g. new family card, 2 members"),
    "open.days": ("{days} hari kerja", "{days} working days"),
    "opened": (
        "Berkas {number} dibuka: {reference}",
        "Dossier of {number} opened: {reference}",
    ),
    "opened_more": (
        "Selesai paling lambat {due}. Sampaikan nomor berkas kepada warga; warga "
        "memantaunya lewat QR tiket.",
        "Due {due}. Tell the citizen the dossier number; they follow it on their ticket's QR.",
    ),
    "open_failed": (
        "{number} selesai, tetapi berkasnya belum dibuka: {why} Tekan F11 untuk mencoba lagi.",
        "{number} is done, but its dossier was not opened: {why} Press F11 to try again.",
    ),
    "open_retry": (
        "Berkas untuk {number} belum dibuka — F11: coba lagi",
        "Dossier for {number} not opened — F11: try again",
    ),
    # the Berkas view
    "view.button": ("Berkas (F12)", "Dossiers (F12)"),
    "view.button_count": ("Berkas (F12) · {n} terlambat", "Dossiers (F12) · {n} overdue"),
    "view.title": ("Berkas {agency}", "Dossiers of {agency}"),
    "view.summary": (
        "{n} berkas belum selesai · {late} terlambat · {ready} siap diambil",
        "{n} open dossiers · {late} overdue · {ready} ready to collect",
    ),
    "view.empty": ("Tidak ada berkas yang terbuka.", "No open dossiers."),
    "view.help": (
        "↑↓ pilih berkas · tombol F di bawah mengubah keadaannya · Esc kembali ke loket. "
        "Terlambat di atas, lalu menurut batas waktu.",
        "↑↓ choose a dossier · the F keys below change its state · Esc back to the counter. "
        "Overdue first, then by due date.",
    ),
    "view.columns": (
        "Berkas|Nomor|Layanan|Keadaan|Selesai paling lambat|Catatan terakhir",
        "Dossier|Number|Service|State|Due|Last note",
    ),
    "view.close": ("Kembali ke loket (Esc)", "Back to the counter (Esc)"),
    "view.loading": ("Memuat berkas…", "Loading dossiers…"),
    "due.late": ("⚠ TERLAMBAT · {date}", "⚠ OVERDUE · {date}"),
    "due.paused": ("jeda (menunggu kelengkapan)", "paused (awaiting documents)"),
    "due.none": ("–", "–"),
    # step dialogs
    "need.title": ("Berkas kurang: apa yang harus dilengkapi?", "What is missing?"),
    "need.explain": (
        "Catatan ini ditampilkan kepada warga di halaman tiketnya. Batas waktu berhenti "
        "sampai berkas dilengkapi (F3 Lanjutkan).",
        "The citizen sees this note on their ticket page. The deadline pauses until the "
        "documents are complete (F3 Resume).",
    ),
    "need.hint": ("mis. fotokopi akta nikah", "e.g. a copy of the marriage certificate"),
    "ready.title": ("Siap diambil: di mana dan kapan?", "Ready: where and when to collect?"),
    "ready.explain": (
        "Opsional. Warga melihatnya di halaman tiket, di atas jam layanan loket.",
        "Optional. The citizen sees it on the ticket page, above the counters' hours.",
    ),
    "ready.hint": ("mis. Loket 1, mulai pukul 13.00", "e.g. Loket 1, from 13:00"),
    "reject.title": ("Tolak berkas: alasannya?", "Reject the dossier: why?"),
    "reject.explain": (
        "Alasan ditampilkan kepada warga. Berkas yang ditolak tidak dapat dibuka lagi.",
        "The citizen sees the reason. A rejected dossier cannot be reopened.",
    ),
    "reject.hint": ("mis. persyaratan tidak sesuai", "e.g. the requirements are not met"),
    "note.required": ("Isi catatannya dulu.", "Write the note first."),
    "note.ok": ("Simpan (Enter)", "Save (Enter)"),
    # what a step answers
    "done": ("{reference}: {status}.", "{reference}: {status}."),
    "refused_state": (
        "{why} Keadaan berkas berubah di tempat lain; daftar sudah dimuat ulang — periksa "
        "keadaannya lalu pilih langkah yang tersedia.",
        "{why} The dossier changed elsewhere; the list has been reloaded — check its state "
        "and choose a step that is offered.",
    ),
    "refused_agency": (
        "{why} Berkas ini bukan milik instansi Anda (atau sudah tidak ada), jadi tidak dapat "
        "diubah dari loket ini. Hubungi petugas instansi pemiliknya atau supervisor.",
        "{why} This dossier is not your agency's (or no longer exists), so it cannot be "
        "changed from this counter. Ask the owning agency's staff or a supervisor.",
    ),
    "unreachable": (
        "Server belum merespons. Langkah tadi mungkin sudah atau belum tercatat; daftar "
        "dimuat ulang begitu server merespons, lalu periksa keadaannya.",
        "The server does not answer. The step may or may not have been recorded; the list "
        "reloads once the server answers — then check the dossier's state.",
    ),
    "read_failed": (
        "Daftar berkas belum dapat dimuat: {why} Mencoba lagi sebentar lagi.",
        "The dossier list could not be loaded: {why} Trying again shortly.",
    ),
}

STATUS: dict[DossierStatus, tuple[str, str]] = {
    DossierStatus.RECEIVED: ("Diterima", "Received"),
    DossierStatus.IN_PROCESS: ("Diproses", "In process"),
    DossierStatus.NEEDS_COMPLETION: ("Perlu dilengkapi", "Needs documents"),
    DossierStatus.READY: ("Siap diambil", "Ready to collect"),
    DossierStatus.COLLECTED: ("Sudah diambil", "Collected"),
    DossierStatus.REJECTED: ("Ditolak", "Rejected"),
}

STEP: dict[DossierStep, tuple[str, str, str]] = {
    # key, Indonesian, English: F-keys in the order of a dossier's life, like F1–F10
    DossierStep.PROCESS: ("F1", "Proses", "Process"),
    DossierStep.NEED: ("F2", "Kurang Berkas", "Needs Documents"),
    DossierStep.RESUME: ("F3", "Lanjutkan", "Resume"),
    DossierStep.READY: ("F4", "Siap Diambil", "Ready"),
    DossierStep.COLLECT: ("F5", "Sudah Diambil", "Collected"),
    DossierStep.REJECT: ("F6", "Tolak", "Reject"),
}

_DAYS = (
    ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"),
    ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
)
_MONTHS = (
    ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
)


def say(key: str, **values: object) -> str:
    indonesian, english = TEXT[key]
    return pick(indonesian, english).format(**values)


def status(value: DossierStatus) -> str:
    return pick(*STATUS[value])


def step_key(step: DossierStep) -> str:
    return STEP[step][0]


def step_label(step: DossierStep) -> str:
    _key, indonesian, english = STEP[step]
    return pick(indonesian, english)


def day(value: date) -> str:
    """'Sen 7 Des 2026' / 'Mon 7 Dec 2026': the weekday matters to someone planning a
    return visit."""
    lang = 1 if pick("id", "en") == "en" else 0
    weekday = _DAYS[lang][value.weekday()]
    return f"{weekday} {value.day} {_MONTHS[lang][value.month - 1]} {value.year}"
