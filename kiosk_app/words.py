"""Every sentence the kiosk shows, in Bahasa Indonesia and English.

Short sentences, everyday words: many citizens are elderly or read slowly.
"""

from __future__ import annotations

from queue_core.ticket import Priority

WORDS: dict[str, tuple[str, str]] = {
    "touch_to_start": ("Sentuh layar untuk mulai", "Touch the screen to start"),
    "take_number": ("Ambil nomor antrean", "Take a queue number"),
    "have_booking": ("Sudah booking?", "Have a booking?"),
    "booking_code_title": ("Masukkan kode booking", "Enter your booking code"),
    "booking_code_hint": (
        "Pindai QR dari HP Anda pada pemindai, atau ketik 8 huruf/angka kodenya.",
        "Scan the QR on your phone at the scanner, or type the code's 8 letters and digits.",
    ),
    "booking_digits_title": ("4 angka terakhir NIK", "Last 4 digits of your NIK"),
    "booking_digits_hint": (
        "Ketik 4 angka terakhir NIK, atau tempelkan e-KTP pada pembaca kartu.",
        "Type the last 4 digits of your NIK, or hold your e-KTP to the card reader.",
    ),
    "check_in": ("Check-in", "Check in"),
    "choose_agency": ("Pilih instansi", "Choose an agency"),
    "choose_service": ("Pilih layanan", "Choose a service"),
    "back": ("Kembali", "Back"),
    "previous_page": ("◀ Sebelumnya", "◀ Previous"),
    "next_page": ("Berikutnya ▶", "Next ▶"),
    "page_of": ("Halaman {n} dari {count}", "Page {n} of {count}"),
    "home": ("Ke awal", "Start over"),
    "waiting": ("{n} orang menunggu", "{n} people waiting"),
    "waiting_one": ("{n} orang menunggu", "{n} person waiting"),
    "eta": ("± {m} menit", "± {m} min"),
    "eta_range": ("{lo}–{hi} menit", "{lo}–{hi} min"),
    "closed": ("Tutup", "Closed"),
    "open_at": ("Buka {a}–{b}", "Open {a}–{b}"),
    "quota_out": ("Kuota hari ini habis", "Today's quota is used up"),
    "requirements": ("Persyaratan", "Requirements"),
    "hours": ("Jam layanan", "Service hours"),
    "hours_all_day": ("Sepanjang jam buka mal", "All the hall's opening hours"),
    "nik_needed": ("Layanan ini memerlukan NIK", "This service needs your NIK"),
    "use_nik": ("Masukkan NIK (tidak wajib)", "Enter NIK (optional)"),
    "i_am_priority": ("Saya prioritas", "I am a priority visitor"),
    "enter_nik": ("Masukkan NIK Anda", "Enter your NIK"),
    "nik_hint": (
        "Tempelkan e-KTP pada pembaca kartu, atau ketik 16 digit NIK.",
        "Hold your e-KTP to the card reader, or type the 16\u2011digit NIK.",
    ),
    "digits_typed": ("{n} dari 16 digit", "{n} of 16 digits"),
    "nik_ok": ("NIK dapat dipakai", "NIK looks right"),
    "erase": ("Hapus", "Delete"),
    "clear": ("Ulang", "Clear"),
    "next": ("Lanjut", "Next"),
    "priority_question": ("Apakah Anda termasuk prioritas?", "Are you a priority visitor?"),
    "priority_note": (
        "Layanan prioritas sesuai UU 25/2009 pasal 29.",
        "Priority service as the law (UU 25/2009 art. 29) provides.",
    ),
    "elderly_suggested": (
        "Menurut NIK, Anda berusia {age} tahun: kami sarankan antrean lansia.",
        "Your NIK says you are {age}: we suggest the elderly queue.",
    ),
    "nik_masked": ("NIK: {nik}", "NIK: {nik}"),
    "issuing": ("Mengambil nomor…", "Getting your number…"),
    "trouble_title": ("Sedang gangguan", "Temporary problem"),
    "trouble_body": (
        "Sistem antrean belum menjawab. Kami mencoba lagi otomatis — mohon tunggu di sini.",
        "The queue system is not answering. We keep trying — please wait here.",
    ),
    "trouble_tries": ("Percobaan ke-{n}", "Attempt {n}"),
    "not_ready": (
        "Kios ini sedang tidak dapat memberi nomor. Silakan minta bantuan petugas.",
        "This kiosk cannot give numbers right now. Please ask a member of staff.",
    ),
    "trouble_cancel": ("Batalkan", "Cancel"),
    "trouble_kept": (
        "Permintaan Anda mungkin sudah tercatat, jadi nomor Anda tidak akan hilang: "
        "tetap di sini sampai nomor keluar.",
        "Your request may already be recorded, so your number will not be lost: "
        "stay here until it appears.",
    ),
    "trouble_leave": ("Saya tidak bisa menunggu", "I cannot wait"),
    "trouble_leave_note": (
        "Jika Anda pergi, nomor Anda dicetak di kios ini begitu sistem kembali. Tanyakan petugas.",
        "If you leave, your number is printed at this kiosk as soon as the system is back. "
        "Ask the staff.",
    ),
    "settled_notice": (
        "Nomor {numbers} dicetak setelah gangguan untuk pengunjung yang tadi menunggu. "
        "Milik Anda? Ambil di printer atau tanyakan petugas.",
        "Number {numbers} was printed after the outage for a visitor who had been waiting. "
        "Yours? Take it from the printer or ask the staff.",
    ),
    "welcome": ("Selamat datang di {hall}", "Welcome to {hall}"),
    "your_number": ("Nomor antrean Anda", "Your queue number"),
    "ahead": ("{n} orang di depan Anda", "{n} people ahead of you"),
    "ahead_one": ("{n} orang di depan Anda", "{n} person ahead of you"),
    "ahead_none": ("Anda berikutnya", "You are next"),
    "eta_long": ("Perkiraan menunggu ± {m} menit", "Estimated wait ± {m} minutes"),
    "eta_range_long": (
        "Perkiraan waktu tunggu {lo}–{hi} menit",
        "Estimated wait {lo}–{hi} minutes",
    ),
    "scan_qr": ("Pindai untuk memantau antrean", "Scan to follow your queue"),
    "printing": ("Mencetak tiket…", "Printing your ticket…"),
    "no_printer": (
        "Kios ini tidak mencetak tiket: foto layar ini atau pindai kode QR.",
        "This kiosk does not print: take a photo of this screen or scan the QR code.",
    ),
    "photo_hint": (
        "Foto layar ini atau minta bantuan petugas.",
        "Take a photo of this screen or ask staff for help.",
    ),
    "done": ("Selesai", "Done"),
    "notice_title": ("Nomor belum dapat diambil", "No number could be issued"),
    "language": ("English", "Bahasa Indonesia"),
    "loading": ("Memuat layanan…", "Loading services…"),
}

PRIORITY_WORDS: dict[Priority, tuple[str, str]] = {
    Priority.REGULAR: ("Umum", "Regular"),
    Priority.ELDERLY: ("Lansia (60+)", "Elderly (60+)"),
    Priority.DISABILITY: ("Disabilitas", "Disability"),
    Priority.PREGNANT: ("Ibu hamil", "Pregnant"),
    Priority.CHILD: ("Membawa anak / bayi", "With a child / baby"),
}

PRIORITY_SYMBOLS: dict[Priority, str] = {
    # DejaVu Sans has all of these; each is a picture a non-reader can match.
    Priority.REGULAR: "\N{BUSTS IN SILHOUETTE}",
    Priority.ELDERLY: "\N{OLDER MAN}",
    Priority.DISABILITY: "\N{WHEELCHAIR SYMBOL}",
    Priority.PREGNANT: "\N{PREGNANT WOMAN}",
    Priority.CHILD: "\N{BABY}",
}


def say(key: str, lang: str, **values: object) -> str:
    # English counts one apart ("1 person"); Indonesian "orang" has no plural form.
    if values.get("n") == 1 and f"{key}_one" in WORDS:
        key = f"{key}_one"
    indonesian, english = WORDS[key]
    return (english if lang == "en" else indonesian).format(**values)


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]
