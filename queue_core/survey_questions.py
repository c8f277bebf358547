"""The SKM questionnaire of PermenPANRB 14/2017: the nine elements (unsur) with the
regulation's words in Indonesian and a faithful English, and the optional respondent
fields the report counts by."""

from __future__ import annotations

from dataclasses import dataclass

UNSUR = ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")
VALUES = (1, 2, 3, 4)


@dataclass(frozen=True)
class Element:
    unsur: str
    name: str
    name_en: str
    text: str
    """The question as the regulation's sample questionnaire asks it."""
    text_en: str
    labels: tuple[str, str, str, str]
    """Answers 1…4 in the regulation's words."""
    labels_en: tuple[str, str, str, str]


ELEMENTS: tuple[Element, ...] = (
    Element(
        "u1",
        "Persyaratan",
        "Requirements",
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        "How well did the service's requirements fit the kind of service?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        ("Not appropriate", "Less appropriate", "Appropriate", "Very appropriate"),
    ),
    Element(
        "u2",
        "Sistem, mekanisme, dan prosedur",
        "Systems, mechanisms and procedures",
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
        "How easy was the service procedure at this unit?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
        ("Not easy", "Less easy", "Easy", "Very easy"),
    ),
    Element(
        "u3",
        "Waktu penyelesaian",
        "Completion time",
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
        "How fast was the service delivered?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
        ("Not fast", "Less fast", "Fast", "Very fast"),
    ),
    Element(
        "u4",
        "Biaya/tarif",
        "Cost/tariff",
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
        "How fair was the cost or tariff of the service?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
        ("Very expensive", "Fairly expensive", "Cheap", "Free"),
    ),
    Element(
        "u5",
        "Produk spesifikasi jenis pelayanan",
        "Product specification of the service",
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum"
        " dalam standar pelayanan dengan hasil yang diberikan?",
        "How well did what you received match the product stated in the service standard?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        ("Not appropriate", "Less appropriate", "Appropriate", "Very appropriate"),
    ),
    Element(
        "u6",
        "Kompetensi pelaksana",
        "Staff competence",
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
        "How competent or capable were the staff who served you?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
        ("Not competent", "Less competent", "Competent", "Very competent"),
    ),
    Element(
        "u7",
        "Perilaku pelaksana",
        "Staff behaviour",
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait"
        " kesopanan dan keramahan?",
        "How polite and friendly were the staff who served you?",
        (
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ),
        (
            "Not polite and friendly",
            "Less polite and friendly",
            "Polite and friendly",
            "Very polite and friendly",
        ),
    ),
    Element(
        "u8",
        "Penanganan pengaduan, saran dan masukan",
        "Handling of complaints, suggestions and feedback",
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
        "How are service users' complaints handled?",
        (
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ),
        (
            "None",
            "Exists but does not work",
            "Works, but not fully",
            "Well managed",
        ),
    ),
    Element(
        "u9",
        "Sarana dan prasarana",
        "Facilities and infrastructure",
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
        "How good were the facilities and infrastructure?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
        ("Poor", "Adequate", "Good", "Very good"),
    ),
)

# Optional respondent fields: the groups the Laporan SKM counts respondents by.
# Value → (Indonesian label, English label); order is the form's and the report's order.
RESPONDENT_FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "gender": {"L": ("Laki-laki", "Male"), "P": ("Perempuan", "Female")},
    "age_band": {
        "<20": ("Di bawah 20 tahun", "Under 20"),
        "20-29": ("20–29 tahun", "20–29"),
        "30-39": ("30–39 tahun", "30–39"),
        "40-49": ("40–49 tahun", "40–49"),
        "50-59": ("50–59 tahun", "50–59"),
        "60+": ("60 tahun ke atas", "60 and over"),
    },
    "education": {
        "sd": ("SD ke bawah", "Primary school or less"),
        "smp": ("SMP", "Junior high school"),
        "sma": ("SMA/SMK", "Senior high school"),
        "diploma": ("D1–D3", "Diploma (D1–D3)"),
        "s1": ("D4/S1", "Bachelor (D4/S1)"),
        "s2": ("S2 ke atas", "Master's or higher"),
    },
    "occupation": {
        "pns": ("PNS/ASN", "Civil servant"),
        "tni_polri": ("TNI/Polri", "Armed forces/police"),
        "swasta": ("Pegawai swasta", "Private employee"),
        "wirausaha": ("Wirausaha", "Self-employed"),
        "pelajar": ("Pelajar/mahasiswa", "Student"),
        "lainnya": ("Lainnya", "Other"),
    },
}
UNKNOWN = "unknown"
"""The group of respondents who left an optional field empty."""


def element(unsur: str) -> Element:
    return ELEMENTS[UNSUR.index(unsur)]


def questions() -> list[dict[str, object]]:
    """The questionnaire in the contract's JSON shape."""
    return [
        {
            "unsur": e.unsur,
            "name": e.name,
            "name_en": e.name_en,
            "text": e.text,
            "text_en": e.text_en,
            "choices": [
                {"value": v, "label": label, "label_en": label_en}
                for v, label, label_en in zip(VALUES, e.labels, e.labels_en, strict=True)
            ],
        }
        for e in ELEMENTS
    ]
