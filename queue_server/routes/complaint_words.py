"""The complaint pages' words in Indonesian and English, and times in the hall's zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}

MONTHS = {
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
    "en": "January February March April May June July August September October November December",
}

WORDS: dict[str, dict[str, str]] = {
    "id": {
        "switch_lang": "en",
        "switch": "English",
        "title": "Pengaduan dan konsultasi",
        "intro": "Sampaikan pengaduan, saran, permintaan informasi, atau pertanyaan Anda. "
        "Kami menjawab dalam hari kerja sesuai ketentuan pelayanan publik.",
        "kind": "Jenis",
        "text": "Isi pesan Anda",
        "text_help": "Minimal {min} dan maksimal {max} karakter. Jangan tulis NIK atau data rahasia.",
        "agency": "Instansi yang dituju",
        "agency_any": "Tidak tahu / umum",
        "optional": "tidak wajib",
        "required": "wajib",
        "contact": "Kontak untuk kabar",
        "contact_help": "Kami kabari lewat kontak ini bila ada jawaban atau pertanyaan. "
        "Disimpan terenkripsi dan dihapus setelah pengaduan selesai.",
        "name": "Nama",
        "phone": "Nomor HP / WhatsApp",
        "email": "Email",
        "anonymous": "Kirim tanpa nama (anonim): tidak ada kontak yang disimpan",
        "confidential": "Rahasiakan nama saya dari petugas instansi",
        "send": "Kirim",
        "bad_form": "Mohon maaf, isian Anda belum lengkap. Silakan pilih jenis dan tulis "
        "pesan 10 sampai 4.000 karakter.",
        "error": "Belum terkirim",
        "filed": "Terkirim. Simpan halaman ini (tandai atau foto nomor rujukan) untuk "
        "melihat jawabannya.",
        "reference": "Nomor rujukan",
        "status": "Status",
        "due": "Batas waktu",
        "overdue": "melewati batas waktu",
        "your_text": "Pesan Anda",
        "answer": "Jawaban",
        "question": "Pertanyaan petugas",
        "rejected": "Alasan",
        "forwarded": "Diteruskan ke",
        "timeline": "Riwayat",
        "reply": "Jawab pertanyaan",
        "reply_label": "Jawaban Anda",
        "send_reply": "Kirim jawaban",
        "confirm": "Jawaban sudah sesuai, selesai",
        "reopen": "Belum puas, minta ditinjau lagi",
        "reopen_label": "Apa yang belum terjawab? (tidak wajib)",
        "confirm_by": "Bila tidak ada tanggapan, pengaduan selesai otomatis pada {when}.",
        "done_reply": "Jawaban Anda terkirim; petugas melanjutkan penanganan.",
        "done_confirm": "Terima kasih. Pengaduan ini selesai.",
        "done_reopen": "Pengaduan dibuka kembali dan ditangani lagi.",
        "done_refused": "Mohon maaf, langkah itu tidak bisa dilakukan pada status sekarang. "
        "Silakan muat ulang halaman ini.",
        "done_empty": "Mohon maaf, jawaban Anda masih kosong. Silakan tulis jawaban Anda dulu.",
        "not_found": "Pengaduan tidak ditemukan",
        "not_found_text": "Mohon maaf, tautan ini tidak dikenal. Periksa kembali tautan dari "
        "halaman konfirmasi Anda.",
        "new": "Kirim pengaduan lain",
        "by_citizen": "Anda",
        "by_system": "Sistem",
        "by_staff": "Petugas",
    },
    "en": {
        "switch_lang": "id",
        "switch": "Bahasa Indonesia",
        "title": "Complaints and questions",
        "intro": "Send a complaint, a suggestion, a request for information or a question. "
        "We answer within working days, as public service rules require.",
        "kind": "Type",
        "text": "Your message",
        "text_help": "At least {min} and at most {max} characters. Do not write your NIK or secrets.",
        "agency": "Agency it concerns",
        "agency_any": "Don't know / general",
        "optional": "optional",
        "required": "required",
        "contact": "Contact for news",
        "contact_help": "We tell you here when there is an answer or a question. Stored "
        "encrypted and deleted after the case is closed.",
        "name": "Name",
        "phone": "Mobile / WhatsApp number",
        "email": "Email",
        "anonymous": "Send without a name (anonymous): no contact is kept",
        "confidential": "Keep my name from the agency's staff",
        "send": "Send",
        "bad_form": "Sorry, the form is not complete yet. Please choose a type and write "
        "a message of 10 to 4,000 characters.",
        "error": "Not sent yet",
        "filed": "Sent. Keep this page (bookmark it or photograph the reference) to see "
        "the answer.",
        "reference": "Reference",
        "status": "Status",
        "due": "Due by",
        "overdue": "overdue",
        "your_text": "Your message",
        "answer": "Answer",
        "question": "Staff's question",
        "rejected": "Reason",
        "forwarded": "Forwarded to",
        "timeline": "History",
        "reply": "Answer the question",
        "reply_label": "Your answer",
        "send_reply": "Send answer",
        "confirm": "The answer is fine, close it",
        "reopen": "Not satisfied, review it again",
        "reopen_label": "What is still unanswered? (optional)",
        "confirm_by": "Without a reply, the case closes by itself on {when}.",
        "done_reply": "Your answer was sent; staff carry on with the case.",
        "done_confirm": "Thank you. This case is closed.",
        "done_reopen": "The case is open again and being handled.",
        "done_refused": "Sorry, that step is not possible in the case's current state. "
        "Please reload this page.",
        "done_empty": "Sorry, your answer is empty. Please write your answer first.",
        "not_found": "Case not found",
        "not_found_text": "Sorry, this link is unknown. Check the link from your confirmation page.",
        "new": "Send another complaint",
        "by_citizen": "You",
        "by_system": "System",
        "by_staff": "Staff",
    },
}


def local_time(moment: datetime | str | None, timezone: str, lang: str) -> str:
    """`8 Desember 2026, 15.00 WIB` / `8 December 2026, 15:00 WIB`."""
    if moment is None:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    local = moment.astimezone(ZoneInfo(timezone))
    month = MONTHS[lang].split()[local.month - 1]
    clock = f"{local:%H.%M}" if lang == "id" else f"{local:%H:%M}"
    return f"{local.day} {month} {local.year}, {clock} {ZONE_NAMES.get(timezone, '')}".strip()
