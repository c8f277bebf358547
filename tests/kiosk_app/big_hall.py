"""A big hall for the kiosk's paging: 32 agencies with real MPP names and long official
names, one of them (Disdukcapil, 16th, so on the second agency page) with 18 services and
one (Samsat) with 8: one portrait screen, two landscape pages.

Open around the clock, so every service can be chosen at any hour. Written as hall-file
TOML, so `antre serve` validates it like any hall's. Standard library only: the test
conftest and scripts/render_kiosk_screens.py both load this file by path.
"""

from __future__ import annotations

import json
from itertools import product

BIG_AGENCY = "dukcapil"
WALK_IN = "dukcapil-legalisasi"
"""On the second page of the big agency's services (in both orientations); no NIK."""

AGENCIES: list[tuple[str, str, str]] = [
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP"),
    ("samsat", "Samsat (Bapenda, Ditlantas Polda, dan Jasa Raharja)", "Samsat"),
    ("polres", "Kepolisian Resor Kota Harapan Jaya", "Polres"),
    ("bpjs-kesehatan", "BPJS Kesehatan Kantor Cabang Harapan Jaya", "BPJS Kesehatan"),
    ("bpjs-tk", "BPJS Ketenagakerjaan Kantor Cabang Harapan Jaya", "BPJS Ketenagakerjaan"),
    ("kpp", "Kantor Pelayanan Pajak Pratama Harapan Jaya", "KPP Pratama"),
    ("imigrasi", "Kantor Imigrasi Kelas II Non TPI Harapan Jaya", "Imigrasi"),
    ("pdam", "Perumda Air Minum Tirta Harapan", "PDAM"),
    ("bpn", "Kantor Pertanahan Kota Harapan Jaya (Kementerian ATR/BPN)", "BPN"),
    ("kemenag", "Kantor Kementerian Agama Kota Harapan Jaya", "Kemenag"),
    ("bank-bjb", "PT Bank Pembangunan Daerah Jawa Barat dan Banten Tbk", "Bank BJB"),
    ("disnaker", "Dinas Tenaga Kerja Kota Harapan Jaya", "Disnaker"),
    ("pln", "PT PLN (Persero) UP3 Harapan Jaya", "PLN"),
    ("kejari", "Kejaksaan Negeri Kota Harapan Jaya", "Kejaksaan Negeri"),
    ("pengadilan-agama", "Pengadilan Agama Kota Harapan Jaya Kelas IA", "Pengadilan Agama"),
    ("dukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
    ("pengadilan-negeri", "Pengadilan Negeri Kota Harapan Jaya Kelas IB", "Pengadilan Negeri"),
    ("pos", "PT Pos Indonesia (Persero) Kantor Cabang Harapan Jaya", "Kantor Pos"),
    ("taspen", "PT Taspen (Persero) Kantor Cabang Harapan Jaya", "Taspen"),
    ("asabri", "PT Asabri (Persero) Kantor Cabang Harapan Jaya", "Asabri"),
    ("pegadaian", "PT Pegadaian Kantor Cabang Harapan Jaya", "Pegadaian"),
    ("bapenda", "Badan Pendapatan Daerah Kota Harapan Jaya", "Bapenda"),
    ("dinkes", "Dinas Kesehatan Kota Harapan Jaya", "Dinkes"),
    ("dishub", "Dinas Perhubungan Kota Harapan Jaya", "Dishub"),
    ("dinsos", "Dinas Sosial Kota Harapan Jaya", "Dinsos"),
    ("disdik", "Dinas Pendidikan Kota Harapan Jaya", "Disdik"),
    ("dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang Kota Harapan Jaya", "DPUPR"),
    ("dlh", "Dinas Lingkungan Hidup Kota Harapan Jaya", "DLH"),
    ("disperindag", "Dinas Perindustrian dan Perdagangan Kota Harapan Jaya", "Disperindag"),
    ("kemenkumham", "Kantor Wilayah Kementerian Hukum dan Hak Asasi Manusia", "Kemenkumham"),
    ("bnn", "Badan Narkotika Nasional Kota Harapan Jaya", "BNN Kota"),
    ("ombudsman", "Ombudsman Republik Indonesia Perwakilan Jawa Barat", "Ombudsman"),
]

BIG_SERVICES: list[tuple[str, str, str]] = [
    ("ktp-el", "Perekaman dan Pencetakan KTP-el", "Electronic ID card (KTP-el) recording and printing"),
    ("kk", "Penerbitan Kartu Keluarga (Baru, Perubahan, Hilang/Rusak)", "Family card (new, changed, lost or damaged)"),
    ("akta-lahir", "Penerbitan Akta Kelahiran dan Kartu Identitas Anak (KIA)", "Birth certificate and child ID card (KIA)"),
    ("akta-mati", "Penerbitan Akta Kematian", "Death certificate"),
    ("pindah", "Surat Keterangan Pindah dan Pendaftaran Kedatangan Penduduk", "Moving out and registering arrival"),
    ("ikd", "Aktivasi Identitas Kependudukan Digital (IKD)", "Digital ID (IKD) activation"),
    ("akta-kawin", "Penerbitan Akta Perkawinan (Non-Muslim)", "Marriage certificate (non-Muslim)"),
    ("akta-cerai", "Penerbitan Akta Perceraian (Non-Muslim)", "Divorce certificate (non-Muslim)"),
    ("ganti-nama", "Pencatatan Perubahan Nama dan Status Kewarganegaraan", "Recording a change of name or citizenship"),
    ("legalisasi", "Legalisasi Dokumen Kependudukan", "Legalising civil registration documents"),
    ("pengakuan-anak", "Pengakuan dan Pengesahan Anak", "Acknowledging and legitimising a child"),
    ("adopsi", "Pencatatan Pengangkatan Anak", "Recording an adoption"),
    ("biodata", "Perbaikan Data Kependudukan (Biodata)", "Correcting population data (biodata)"),
    ("skt-wna", "Surat Keterangan Tempat Tinggal bagi Orang Asing", "Residence certificate for foreigners"),
    ("ktp-hilang", "Penggantian KTP-el Rusak atau Hilang", "Replacing a damaged or lost KTP-el"),
    ("lahir-wna", "Pencatatan Kelahiran Anak dari Orang Tua Warga Negara Asing", "Birth registration for a child of foreign parents"),
    ("disabilitas", "Layanan Dokumen Kependudukan bagi Penyandang Disabilitas", "Civil documents for people with disabilities"),
    ("konsultasi", "Konsultasi dan Pengaduan Administrasi Kependudukan", "Civil registration advice and complaints"),
]  # fmt: skip

MIDDLE_SERVICES: list[tuple[str, str, str]] = [
    ("pkb", "Pembayaran Pajak Kendaraan Bermotor Tahunan", "Annual vehicle tax"),
    ("stnk", "Pengesahan dan Penggantian STNK Lima Tahunan", "Five-yearly vehicle registration (STNK)"),
    ("bbn", "Balik Nama Kendaraan Bermotor (BBNKB)", "Vehicle ownership transfer (BBNKB)"),
    ("mutasi", "Mutasi Kendaraan Keluar dan Masuk Daerah", "Moving a vehicle's registration between regions"),
    ("bpkb", "Penerbitan dan Penggantian BPKB Hilang", "Vehicle ownership book (BPKB), new or lost"),
    ("sim", "Perpanjangan Surat Izin Mengemudi (SIM)", "Driving licence (SIM) renewal"),
    ("jasa-raharja", "Santunan Kecelakaan Lalu Lintas Jasa Raharja", "Jasa Raharja road accident benefits"),
    ("blokir", "Pemblokiran dan Pembukaan Blokir Kendaraan", "Blocking and unblocking a vehicle's registration"),
]  # fmt: skip
MIDDLE_AGENCY = "samsat"

REQUIREMENTS = ["KTP-el asli", "Kartu Keluarga asli", "Formulir permohonan yang telah diisi"]


def _prefixes() -> list[str]:
    # Two letters, never I or O (citizens read them as 1 and 0; the hall file refuses them).
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return [a + b for a, b in product(letters, repeat=2)]


def big_hall_toml() -> str:
    """The hall file's text."""
    prefixes = iter(_prefixes())
    q = json.dumps  # a TOML basic string is a JSON string for these texts
    lines = [
        "[hall]",
        'name = "Mal Pelayanan Publik Kota Harapan Jaya"',
        'timezone = "Asia/Jakarta"',
        'opens = "00:00"',
        'closes = "24:00"',
        "",
    ]
    services: dict[str, list[str]] = {}
    for ident, name, short in AGENCIES:
        lines += ["[[agencies]]", f"id = {q(ident)}", f"name = {q(name)}", f"short = {q(short)}"]
        lines.append("")
        if ident in (BIG_AGENCY, MIDDLE_AGENCY):
            listed = BIG_SERVICES if ident == BIG_AGENCY else MIDDLE_SERVICES
            own = [(f"{ident}-{sid}", n, en) for sid, n, en in listed]
        else:
            own = [(f"{ident}-umum", f"Layanan Umum {short}", f"{short}: general services")]
        services[ident] = [sid for sid, _, _ in own]
        for sid, service_name, name_en in own:
            lines += [
                "[[services]]",
                f"id = {q(sid)}",
                f"agency = {q(ident)}",
                f"prefix = {q(next(prefixes))}",
                f"name = {q(service_name)}",
                f"name_en = {q(name_en)}",
                f"requirements = {json.dumps(REQUIREMENTS)}",
                "minutes = 10",
                "",
            ]
    for number, (ident, own_ids) in enumerate(services.items(), 1):
        lines += [
            "[[counters]]",
            f"id = {number}",
            f"agency = {q(ident)}",
            f"services = {json.dumps(own_ids)}",
            "",
        ]
    return "\n".join(lines)
