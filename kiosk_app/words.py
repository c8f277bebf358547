"""Every sentence the kiosk shows, in Bahasa Indonesia and English.

Short sentences, everyday words: many citizens are elderly or read slowly.
"""

from __future__ import annotations

from queue_core.ticket import Priority

WORDS: dict[str, tuple[str, str]] = {
    "touch_to_start": ("Sentuh layar untuk mulai", "Touch the screen to start"),
    "take_number": ("Ambil nomor antrean", "Take a queue number"),
    "have_booking": ("Sudah booking?", "Have a booking?"),
    "booking_code_title": ("Masukkan kode pemesanan", "Enter your booking code"),
    "booking_code_hint": (
        "Pindai QR dari HP Anda pada pemindai, atau ketik 8 huruf/angka kodenya.",
        "Scan the QR on your phone at the scanner, or type the code's 8 letters and digits.",
    ),
    "booking_digits_title": ("4 angka terakhir NIK", "Last 4 digits of your NIK"),
    "booking_digits_hint": (
        "Ketik 4 angka terakhir NIK, atau tempelkan KTP-el (e-KTP) pada pembaca kartu.",
        "Type the last 4 digits of your NIK, or hold your KTP-el (e-KTP) ID card to the card reader.",
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
    "waiting_none": ("Belum ada antrean", "Nobody is waiting yet"),
    "waiting_one": ("{n} orang menunggu", "{n} person waiting"),
    "eta": ("sekitar {m} menit", "about {m} min"),
    "eta_range": ("{lo}–{hi} menit", "{lo}–{hi} min"),
    "closed": ("Tutup", "Closed"),
    "open_at": ("Buka pukul {a}–{b}", "Open {a}–{b}"),
    "quota_out": ("Kuota hari ini habis", "Today's quota is used up"),
    "requirements": ("Persyaratan", "Requirements"),
    "hours": ("Jam layanan", "Service hours"),
    "hours_all_day": ("Sepanjang jam buka mal", "All the hall's opening hours"),
    "nik_needed": ("Layanan ini memerlukan NIK", "This service needs your NIK"),
    "use_nik": ("Masukkan NIK (tidak wajib)", "Enter NIK (optional)"),
    "i_am_priority": ("Saya prioritas", "I am a priority visitor"),
    "enter_nik": ("Masukkan NIK Anda", "Enter your NIK"),
    "nik_hint": (
        "Tempelkan KTP-el (e-KTP) pada pembaca kartu, atau ketik 16 angka NIK.",
        "Hold your KTP-el (e-KTP) to the card reader, or type the 16\u2011digit NIK.",
    ),
    "digits_typed": ("{n} dari 16 angka", "{n} of 16 digits"),
    "nik_ok": ("NIK dapat dipakai", "NIK looks right"),
    "erase": ("Hapus", "Delete"),
    "clear": ("Ulang", "Clear"),
    "next": ("Lanjut", "Next"),
    "priority_question": ("Apakah Anda termasuk prioritas?", "Are you a priority visitor?"),
    "priority_note": (
        "Layanan prioritas sesuai Pasal 29 UU Nomor 25 Tahun 2009.",
        "Priority service as Article 29 of Law No. 25 of 2009 provides.",
    ),
    "elderly_suggested": (
        "Menurut NIK, Anda berusia {age} tahun. Kami sarankan antrean Lansia.",
        "Your NIK says you are {age}. We suggest the elderly queue.",
    ),
    "nik_masked": ("NIK: {nik}", "NIK: {nik}"),
    "issuing": ("Mengambil nomor…", "Getting your number…"),
    "trouble_title": (
        "Mohon maaf, sistem antrean sedang terganggu",
        "Sorry, the queue system has a problem",
    ),
    "trouble_body": (
        "Sistem antrean belum merespons. Silakan tunggu di sini, kami mencoba lagi otomatis.",
        "The queue system is not responding. Please wait here while we try again.",
    ),
    "trouble_tries": ("Percobaan ke-{n}", "Attempt {n}"),
    "not_ready": (
        "Mohon maaf, mesin antrean ini belum dapat memberi nomor. Silakan minta bantuan petugas.",
        "Sorry, this queue machine cannot give numbers now. Please ask the staff for help.",
    ),
    "trouble_cancel": ("Batalkan", "Cancel"),
    "trouble_kept": (
        "Permintaan Anda mungkin sudah tercatat. Silakan tunggu di sini sampai nomor keluar.",
        "Your request may already be recorded. Please stay here until your number appears.",
    ),
    "trouble_leave": ("Saya tidak bisa menunggu", "I cannot wait"),
    "trouble_leave_note": (
        "Jika permintaan sudah tercatat, nomornya dicetak di mesin ini begitu sistem pulih. "
        "Tanyakan petugas.",
        "If the request was recorded, its number is printed at this machine once the system "
        "is back. Ask the staff.",
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
    "ahead_none": ("Giliran Anda berikutnya", "You are next"),
    "eta_long": ("Perkiraan waktu tunggu sekitar {m} menit", "Estimated wait about {m} minutes"),
    "eta_range_long": (
        "Perkiraan waktu tunggu {lo}–{hi} menit",
        "Estimated wait {lo}–{hi} minutes",
    ),
    "scan_qr": ("Pindai untuk memantau antrean", "Scan to follow your queue"),
    "printing": ("Mencetak tiket…", "Printing your ticket…"),
    "no_printer": (
        "Mohon maaf, mesin ini tidak mencetak tiket. Silakan foto layar ini atau pindai kode QR.",
        "Sorry, this machine does not print tickets. Please take a photo of this screen or "
        "scan the QR code.",
    ),
    "photo_hint": (
        "Silakan foto layar ini atau minta bantuan petugas.",
        "Please take a photo of this screen or ask the staff for help.",
    ),  # printer.outcome.NEXT_STEP_*: the kiosk shows it under a failed print
    "done": ("Selesai", "Done"),
    "notice_title": ("Nomor belum dapat diambil", "No number could be issued"),
    # Collecting a finished dossier (kiosk_app/pickup.py): the visit's ticket QR, scanned.
    "pickup_invite": (
        "Berkas Anda sudah siap? Pindai QR pada tiket antrean Anda di pemindai.",
        "Is your dossier ready? Scan the QR on your queue ticket at the scanner.",
    ),
    "pickup_ready": ("Berkas {ref} siap diambil", "Dossier {ref} is ready for collection"),
    "pickup_wait": (
        "Tunggu nomor ini dipanggil, lalu bawa tiket dan KTP-el ke loket.",
        "Wait for this number to be called, then bring this ticket and your KTP-el to the counter.",
    ),
    "pickup_notice_title": ("Pengambilan berkas", "Collecting a dossier"),
    "language": ("English", "Bahasa Indonesia"),
    "loading": ("Memuat layanan…", "Loading services…"),
}

PRIORITY_WORDS: dict[Priority, tuple[str, str]] = {
    Priority.REGULAR: ("Umum", "Regular"),
    Priority.ELDERLY: ("Lansia (60+)", "Elderly (60+)"),
    Priority.DISABILITY: ("Penyandang disabilitas", "Disability"),
    Priority.PREGNANT: ("Ibu hamil", "Pregnant"),
    Priority.CHILD: ("Membawa anak/balita", "With a child/toddler"),
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
    # "Belum ada antrean", not "0 orang menunggu".
    if values.get("n") == 0 and f"{key}_none" in WORDS:
        key = f"{key}_none"
    indonesian, english = WORDS[key]
    return (english if lang == "en" else indonesian).format(**values)


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]
