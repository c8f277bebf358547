"""The SKM index against worksheets computed by hand.

Every expected figure below was worked out on paper from the answers (the sums are in
the comments), never by the code under test. Answers are data: small fixtures list each
respondent's row; large ones give each element's answer counts, the way a tabulation
sheet does.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from queue_core import survey
from queue_core.survey import Tally, grade_of, index_of, sample_target


def tally_of_counts(counts: dict[str, dict[int, int]]) -> Tally:
    """Each element's {answer: how many respondents gave it} → the sums the index needs."""
    respondents = {sum(c.values()) for c in counts.values()}
    assert len(respondents) == 1, "every respondent answers every element"
    return Tally(
        respondents.pop(), tuple(sum(v * k for v, k in counts[u].items()) for u in survey.UNSUR)
    )


# Fixture 1: four respondents, a plain Baik.
#        u1 u2 u3 u4 u5 u6 u7 u8 u9   row sum
ROWS_1 = [
    (4, 4, 3, 4, 3, 4, 4, 3, 4),  # 33
    (3, 3, 3, 4, 3, 3, 4, 2, 3),  # 28
    (4, 3, 2, 4, 4, 3, 4, 3, 3),  # 30
    (3, 4, 3, 4, 3, 4, 3, 3, 4),  # 31
]
# Element sums: 14 14 11 16 13 14 15 11 14 = 122 (= 33+28+30+31).
# NRR: 3.5 3.5 2.75 4 3.25 3.5 3.75 2.75 3.5.
# IKM exact   = 25 × 122 / (9 × 4) = 3050 / 36 = 84.7222… → 84.72 → B Baik.
# Worksheet   = 0.111 × 25 × 122 / 4 = 2.775 × 30.5 = 84.6375 → 84.64 → B.
# Lowest: u3 (2.75), u8 (2.75, later in order), u5 (3.25).

# Fixture 2: ten respondents; the worksheet's 0.111 drops an A to a B.
ROWS_2 = [(4, 4, 4, 4, 4, 3, 3, 3, 3)] * 8 + [(4, 4, 4, 4, 3, 3, 3, 3, 3)] * 2
# Row sums 8 × 32 + 2 × 31 = 318. Element sums: u1–u4 40, u5 38, u6–u9 30 (= 318).
# IKM exact   = 25 × 318 / 90 = 88.3333… → 88.33 → A Sangat Baik.
# Worksheet   = 2.775 × 318 / 10 = 88.245 → 88.25 → B Baik.
# Lowest: u6, u7, u8 (all 3.0; element order breaks the tie).

# Fixture 3: 5,000 respondents whose exact index lands on the tie 88.305.
COUNTS_3 = {u: {4: 2661, 3: 2339} for u in survey.UNSUR} | {
    "u4": {4: 5000},  # free service: everyone says gratis
    "u8": {4: 1000, 3: 3322, 2: 678},
}
# Sums: seven elements 4×2661 + 3×2339 = 10644 + 7017 = 17661; u4 20000;
# u8 4000 + 9966 + 1356 = 15322. Total 7 × 17661 + 20000 + 15322 = 158949.
# IKM exact = 25 × 158949 / (9 × 5000) = 3973725 / 45000 = 88.305 exactly.
#   Half up (the regulation's tables) → 88.31 → A Sangat Baik.
#   Banker's rounding would give 88.30 → B; so would a worksheet that rounds each NRR
#   to 3 decimals first: 7 × 3.532 + 4.000 + 3.064 = 31.788; 31.788 × 25/9 = 88.30 → B.
# Worksheet = 2.775 × 158949 / 5000 = 441083.475 / 5000 = 88.216695 → 88.22 → B.

# Fixture 4: 555 respondents; the worksheet variant lands on the tie 88.305.
COUNTS_4 = {u: {4: 297, 3: 258} for u in survey.UNSUR} | {"u9": {4: 300, 3: 255}}
# Sums: u1–u8 4×297 + 3×258 = 1188 + 774 = 1962; u9 1200 + 765 = 1965.
# Total 8 × 1962 + 1965 = 17661.
# Worksheet = 2.775 × 17661 / 555 = 49009.275 / 555 = 88.305 exactly → 88.31 → A.
# IKM exact = 25 × 17661 / 4995 = 441525 / 4995 = 88.3934… → 88.39 → A.


def rows(table: list[tuple[int, ...]]) -> list[dict[str, int]]:
    return [dict(zip(survey.UNSUR, row, strict=True)) for row in table]


@pytest.mark.parametrize(
    ("tally", "ikm", "worksheet", "grade", "worksheet_grade", "lowest"),
    [
        (Tally.of(rows(ROWS_1)), "84.72", "84.64", "B", "B", ["u3", "u8", "u5"]),
        (Tally.of(rows(ROWS_2)), "88.33", "88.25", "A", "B", ["u6", "u7", "u8"]),
        (tally_of_counts(COUNTS_3), "88.31", "88.22", "A", "B", ["u8", "u1", "u2"]),
        (tally_of_counts(COUNTS_4), "88.39", "88.31", "A", "A", ["u1", "u2", "u3"]),
    ],
    ids=["plain-baik", "weight-0111-drops-a-grade", "exact-tie-88305", "worksheet-tie-88305"],
)
def test_index_equals_the_hand_worksheet(
    tally: Tally, ikm: str, worksheet: str, grade: str, worksheet_grade: str, lowest: list[str]
) -> None:
    index = index_of(tally)
    assert index.ikm == Decimal(ikm)
    assert index.ikm_worksheet == Decimal(worksheet)
    assert index.grade is not None and index.grade.letter == grade
    assert grade_of(Decimal(worksheet)).letter == worksheet_grade
    assert index.lowest() == lowest


def test_nrr_per_element_matches_the_hand_sums() -> None:
    index = index_of(Tally.of(rows(ROWS_1)))
    shown = [str(survey.show3(e.nrr)) for e in index.elements]
    assert shown == [
        "3.500",
        "3.500",
        "2.750",
        "4.000",
        "3.250",
        "3.500",
        "3.750",
        "2.750",
        "3.500",
    ]
    # NRR × 1/9: 3.5/9 = 0.3888… → 0.389; 2.75/9 = 0.30555… → 0.306
    assert str(survey.show3(index.elements[0].nrr_weighted)) == "0.389"
    assert str(survey.show3(index.elements[2].nrr_weighted)) == "0.306"


@pytest.mark.parametrize(
    ("value", "letter", "label"),
    [
        ("100", "A", "Sangat Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("88.305", "A", "Sangat Baik"),  # rounds half up to 88.31
        ("88.3049", "B", "Baik"),
        ("88.30", "B", "Baik"),
        ("76.61", "B", "Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("64.995", "C", "Kurang Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("25", "D", "Tidak Baik"),
    ],
)
def test_grade_edges_follow_the_regulation(value: str, letter: str, label: str) -> None:
    grade = grade_of(Decimal(value))
    assert (grade.letter, grade.label) == (letter, label)


# Krejcie & Morgan (1970), Table 1 (and the regulation's annex that reprints it).
@pytest.mark.parametrize(
    ("population", "sample"),
    [(10, 10), (100, 80), (1_000, 278), (10_000, 370), (100_000, 383), (0, 0)],
)
def test_sample_target_matches_the_published_table(population: int, sample: int) -> None:
    # By hand for 1,000: 3.841 × 1000 × 0.25 / (0.0025 × 999 + 3.841 × 0.25)
    #   = 960.25 / (2.4975 + 0.96025) = 960.25 / 3.45775 = 277.7… → 278.
    assert sample_target(population) == sample


def test_no_respondents_gives_no_index() -> None:
    index = index_of(Tally(0, (0,) * 9))
    assert index.ikm is None and index.grade is None and index.lowest() == []


def test_answers_missing_or_out_of_range_are_named() -> None:
    whole = {u: 3 for u in survey.UNSUR}
    assert survey.validate_answers(whole) == []
    assert survey.validate_answers({**whole, "u2": 5, "u7": 0}) == ["u2", "u7"]
    assert survey.validate_answers({k: v for k, v in whole.items() if k != "u9"}) == ["u9"]
    assert survey.validate_answers({**whole, "u1": True, "u3": "4", "u4": 2.5}) == [
        "u1",
        "u3",
        "u4",
    ]


def test_every_element_has_the_regulations_four_labels_in_both_languages() -> None:
    assert [e.unsur for e in survey.ELEMENTS] == list(survey.UNSUR)
    for e in survey.ELEMENTS:
        assert len(e.labels) == len(e.labels_en) == 4 and all(e.labels + e.labels_en)
    assert survey.element("u4").labels == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")
    assert survey.element("u8").labels[3] == "Dikelola dengan baik"
