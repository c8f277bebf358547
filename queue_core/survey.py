"""SKM: the community satisfaction survey of PermenPANRB 14/2017, and its index (IKM).

Nine fixed elements (unsur), each answered 1–4. The index is computed in decimal
arithmetic from the answers' sums, so it is the exact figure the regulation's formula
gives (weight 1/9, no rounding before the end), not the one a spreadsheet gets after
rounding NRRs on the way. Many offices' worksheets use the weight 0.111 instead; that
variant is computed too, because halls compare against last year's worksheet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from queue_core.errors import DomainError, ValidationFailed

UNSUR = ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")
VALUES = (1, 2, 3, 4)
SUGGESTION_MAX = 1000
SURVEY_DAYS = 7
"""A visit may be rated for this many days after the ticket was finished."""

WORKSHEET_WEIGHT = Decimal("0.111")
CONVERSION = Decimal(25)
_CENT = Decimal("0.01")
_MILLI = Decimal("0.001")
# Enough digits that a quotient with a terminating expansion (the only kind that can
# land exactly on a rounding tie) is computed exactly.
_PRECISION = Context(prec=60)


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


@dataclass(frozen=True)
class Grade:
    letter: str
    label: str
    label_en: str
    floor: Decimal
    """The lowest converted value (rounded to 2 decimals) that earns this grade."""


GRADES = (
    Grade("A", "Sangat Baik", "Very good", Decimal("88.31")),
    Grade("B", "Baik", "Good", Decimal("76.61")),
    Grade("C", "Kurang Baik", "Poor", Decimal("65.00")),
    Grade("D", "Tidak Baik", "Very poor", Decimal("25.00")),
)


def round2(value: Decimal) -> Decimal:
    """Half up, the way the regulation's tables and every Indonesian worksheet round
    (88.305 → 88.31). Binary floats and banker's rounding both give 88.30 here."""
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def grade_of(value: Decimal) -> Grade:
    """The grade of a converted value; the value is rounded to 2 decimals first."""
    rounded = round2(value)
    for grade in GRADES:
        if rounded >= grade.floor:
            return grade
    return GRADES[-1]  # below 25 cannot come from answers 1–4; keep the lowest grade


def validate_answers(answers: Mapping[str, object]) -> list[str]:
    """The elements missing or answered outside 1–4 (empty when the answers are whole)."""
    wrong = []
    for unsur in UNSUR:
        value = answers.get(unsur)
        if isinstance(value, bool) or value not in VALUES:
            wrong.append(unsur)
    return wrong


@dataclass(frozen=True)
class Tally:
    """What the index needs of a set of responses: how many, and each element's sum."""

    respondents: int
    sums: tuple[int, ...]

    @classmethod
    def of(cls, responses: Iterable[Mapping[str, int]]) -> Tally:
        n, sums = 0, [0] * len(UNSUR)
        for answers in responses:
            n += 1
            for i, unsur in enumerate(UNSUR):
                sums[i] += answers[unsur]
        return cls(n, tuple(sums))

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.respondents + other.respondents,
            tuple(a + b for a, b in zip(self.sums, other.sums, strict=True)),
        )


@dataclass(frozen=True)
class ElementScore:
    unsur: str
    nrr: Decimal
    """Exact mean answer (Decimal at 60 digits); shown to 3 decimals, never fed back."""
    nrr_weighted: Decimal
    """nrr × 1/9, the element's share of the index before conversion."""


@dataclass(frozen=True)
class Index:
    respondents: int
    elements: tuple[ElementScore, ...]
    ikm: Decimal | None
    """The exact index, rounded to 2 decimals at the end; None without respondents."""
    ikm_worksheet: Decimal | None
    """The same answers with the worksheet's weight 0.111."""
    grade: Grade | None

    def lowest(self, count: int = 3) -> list[str]:
        """The elements to improve first: lowest exact NRR, ties in element order."""
        if not self.respondents:
            return []
        ranked = sorted(self.elements, key=lambda e: (e.nrr, UNSUR.index(e.unsur)))
        return [e.unsur for e in ranked[:count]]


def index_of(tally: Tally) -> Index:
    n = tally.respondents
    if n == 0:
        zero = Decimal(0)
        return Index(0, tuple(ElementScore(u, zero, zero) for u in UNSUR), None, None, None)
    with localcontext(_PRECISION):
        elements = tuple(
            ElementScore(u, Decimal(s) / n, Decimal(s) / (9 * n))
            for u, s in zip(UNSUR, tally.sums, strict=True)
        )
        total = sum(tally.sums)
        # Σ(NRRᵢ × 1/9) × 25 = 25·Σsums / (9n): one division, so a value that lands on a
        # rounding tie is held exactly and rounds the way the regulation's table does.
        exact = CONVERSION * total / (9 * n)
        worksheet = WORKSHEET_WEIGHT * CONVERSION * total / n
    ikm = round2(exact)
    return Index(n, elements, ikm, round2(worksheet), grade_of(ikm))


def show3(value: Decimal) -> Decimal:
    """An NRR as reports show it (3 decimals)."""
    return value.quantize(_MILLI, rounding=ROUND_HALF_UP)


# Krejcie & Morgan (1970): sample size for a finite population at 95 % confidence
# (χ² for one degree of freedom = 3.841), P = 0.5 and a ±5 % margin.
CHI_SQUARE = Decimal("3.841")
PROPORTION = Decimal("0.5")
MARGIN = Decimal("0.05")


def sample_target(population: int) -> int:
    """How many respondents a period with `population` finished visits needs."""
    if population <= 0:
        return 0
    n = Decimal(population)
    pq = PROPORTION * (1 - PROPORTION)
    with localcontext(_PRECISION):
        s = CHI_SQUARE * n * pq / (MARGIN * MARGIN * (n - 1) + CHI_SQUARE * pq)
    return int(s.quantize(Decimal(1), rounding=ROUND_HALF_UP))


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


def group_counts(rows: Sequence[tuple[str, str | None, int]]) -> dict[str, dict[str, int]]:
    """(field, value, count) rows → {field: {value: count}} in the form's order, every
    known value present (0 when nobody chose it) and `unknown` for the empty field."""
    out: dict[str, dict[str, int]] = {
        name: {value: 0 for value in values} | {UNKNOWN: 0}
        for name, values in RESPONDENT_FIELDS.items()
    }
    for name, value, count in rows:
        key = value if value in RESPONDENT_FIELDS[name] else UNKNOWN
        out[name][key] += count
    return out


LIVE_STATUSES = frozenset({"waiting", "called", "serving", "no_show"})
"""A ticket in one of these may still be served today: its survey is not yet open."""


def survey_state(status: str, finished_at: datetime | None, now: datetime, answered: bool) -> str:
    """`not_yet`, `open`, `answered` or `closed` for a ticket's survey.

    Open once the visit is done, for SURVEY_DAYS after it; a cancelled or expired ticket
    was never served, so there is nothing to rate."""
    if answered:
        return "answered"
    if status in LIVE_STATUSES:
        return "not_yet"
    if status != "done" or finished_at is None:
        return "closed"
    return "open" if now <= finished_at + timedelta(days=SURVEY_DAYS) else "closed"


class AlreadyAnswered(DomainError):
    code = "already_answered"


class SurveyNotOpen(DomainError):
    code = "survey_not_open"


def refusal(state: str) -> DomainError:
    """Why a response cannot be taken in `state` (never called with `open`)."""
    if state == "answered":
        return AlreadyAnswered(
            "Survei untuk kunjungan ini sudah diisi. Terima kasih.",
            "The survey for this visit has already been answered. Thank you.",
        )
    if state == "not_yet":
        return SurveyNotOpen(
            "Survei dibuka setelah layanan Anda selesai.",
            "The survey opens once your service is finished.",
        )
    return SurveyNotOpen(
        f"Survei untuk kunjungan ini sudah ditutup (dibuka {SURVEY_DAYS} hari setelah layanan).",
        f"The survey for this visit is closed (it is open for {SURVEY_DAYS} days after the visit).",
    )


def check_response(
    answers: Mapping[str, object], respondent: Mapping[str, object], suggestion: str | None
) -> tuple[dict[str, int], dict[str, str], str | None]:
    """A response as given → the parts to store, or ValidationFailed naming what is wrong."""
    wrong = validate_answers(answers)
    extra = sorted(k for k in answers if k not in UNSUR)
    if wrong or extra:
        names = ", ".join(u.upper() for u in wrong + extra)
        raise ValidationFailed(
            f"Jawaban belum diisi atau tidak valid (harus 1–4) untuk: {names}.",
            f"Answer missing or not between 1 and 4 for: {names}.",
        )
    kept: dict[str, str] = {}
    for name, value in respondent.items():
        if name not in RESPONDENT_FIELDS or (
            value not in (None, "") and value not in RESPONDENT_FIELDS[name]
        ):
            raise ValidationFailed(
                f"Data responden tidak valid: {name}.", f"Invalid respondent field: {name}."
            )
        if isinstance(value, str) and value:
            kept[name] = value
    text = (suggestion or "").strip() or None
    if text is not None and len(text) > SUGGESTION_MAX:
        raise ValidationFailed(
            f"Saran paling banyak {SUGGESTION_MAX:,} karakter.".replace(",", "."),
            f"A suggestion may have at most {SUGGESTION_MAX:,} characters.",
        )
    return {u: int(str(answers[u])) for u in UNSUR}, kept, text
