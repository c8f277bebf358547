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
from queue_core.survey_questions import ELEMENTS as ELEMENTS
from queue_core.survey_questions import RESPONDENT_FIELDS as RESPONDENT_FIELDS
from queue_core.survey_questions import UNKNOWN as UNKNOWN
from queue_core.survey_questions import UNSUR as UNSUR
from queue_core.survey_questions import VALUES as VALUES
from queue_core.survey_questions import Element as Element
from queue_core.survey_questions import element as element
from queue_core.survey_questions import questions as questions

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
            "Mohon maaf, survei untuk kunjungan ini sudah diisi. Silakan isi lagi pada "
            "kunjungan berikutnya.",
            "Sorry, the survey for this visit has already been answered. Please answer again "
            "on your next visit.",
        )
    if state == "not_yet":
        return SurveyNotOpen(
            "Mohon maaf, survei belum dibuka. Silakan isi setelah layanan Anda selesai.",
            "Sorry, the survey is not open yet. Please answer it once your service is finished.",
        )
    return SurveyNotOpen(
        f"Mohon maaf, survei ini sudah ditutup {SURVEY_DAYS} hari setelah layanan. "
        "Silakan isi lagi pada kunjungan berikutnya.",
        f"Sorry, this survey closed {SURVEY_DAYS} days after the visit. "
        "Please answer it on your next visit.",
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
            f"Mohon maaf, jawaban {names} belum diisi. Silakan pilih satu jawaban di setiap "
            "pertanyaan.",
            f"Sorry, answers {names} are missing. Please choose one answer for every question.",
        )
    kept: dict[str, str] = {}
    for name, value in respondent.items():
        if name not in RESPONDENT_FIELDS or (
            value not in (None, "") and value not in RESPONDENT_FIELDS[name]
        ):
            raise ValidationFailed(
                f"Mohon maaf, isian {name} tidak sesuai. Silakan pilih dari pilihan yang ada.",
                f"Sorry, the answer for {name} is not right. Please pick one of the choices given.",
            )
        if isinstance(value, str) and value:
            kept[name] = value
    text = (suggestion or "").strip() or None
    if text is not None and len(text) > SUGGESTION_MAX:
        raise ValidationFailed(
            f"Mohon maaf, saran paling banyak {SUGGESTION_MAX:,} karakter. Silakan persingkat "
            "saran Anda.".replace(",", "."),
            f"Sorry, a suggestion may have at most {SUGGESTION_MAX:,} characters. "
            "Please shorten it.",
        )
    # The value VALUES holds, not int(str(…)): JSON's 4.0 is the integer 4 (a JSON Schema
    # `integer`), and str() of it is "4.0".
    return {u: VALUES[VALUES.index(answers[u])] for u in UNSUR}, kept, text
