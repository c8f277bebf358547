"""Behaviour of NIK reading at the kiosk: what is accepted, what is refused and why."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import traceback

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from queue_core.errors import DomainError, InvalidNik
from queue_core.nik import PROVINCES, age_on, mask_nik, normalize_nik, parse_nik

TODAY = datetime.date(2025, 6, 15)
# A Bandung man born 1 January 1990, the example used throughout.
MAN = "3273010101900001"

# The property tests build their own data; no example database is left in the work tree.
PROPERTY = settings(database=None, deadline=None, max_examples=300)


def make_nik(
    *,
    province: str = "32",
    regency: str = "73",
    district: str = "01",
    day: int = 1,
    month: int = 1,
    yy: int = 90,
    female: bool = False,
    serial: str = "0001",
) -> str:
    encoded_day = day + 40 if female else day
    return f"{province}{regency}{district}{encoded_day:02d}{month:02d}{yy:02d}{serial}"


def reason_of(text: str, today: datetime.date = TODAY) -> str:
    with pytest.raises(InvalidNik) as caught:
        parse_nik(text, today)
    return caught.value.reason


# --- valid NIKs -----------------------------------------------------------------------


def test_man_nik_reads_region_birth_date_and_sex() -> None:
    info = parse_nik(MAN, TODAY)

    assert info.province_code == "32"
    assert info.province_name == "Jawa Barat"
    assert info.regency_code == "3273"
    assert info.district_code == "327301"
    assert info.is_city
    assert info.birth_date == datetime.date(1990, 1, 1)
    assert not info.female
    assert info.masked == "************0001"
    assert info.warnings == ()


def test_woman_birth_day_is_day_minus_forty() -> None:
    info = parse_nik("3273015708850002", TODAY)

    assert info.female
    assert info.birth_date == datetime.date(1985, 8, 17)


@pytest.mark.parametrize(("digits", "day"), [("41", 1), ("71", 31)])
def test_woman_day_range_is_41_to_71(digits: str, day: int) -> None:
    info = parse_nik(f"327301{digits}0190" + "0001", TODAY)

    assert info.female
    assert info.birth_date == datetime.date(1990, 1, day)


@pytest.mark.parametrize("day", [1, 31])
def test_man_day_range_is_1_to_31(day: int) -> None:
    info = parse_nik(make_nik(day=day), TODAY)

    assert not info.female
    assert info.birth_date.day == day


@pytest.mark.parametrize(
    ("regency", "is_city"), [("01", False), ("69", False), ("71", True), ("99", True)]
)
def test_regency_71_and_above_is_a_kota(regency: str, is_city: bool) -> None:
    info = parse_nik(make_nik(regency=regency), TODAY)

    assert info.is_city is is_city
    assert info.warnings == ()


def test_regency_70_is_accepted_with_a_warning() -> None:
    info = parse_nik(make_nik(regency="70"), TODAY)

    assert info.warnings == ("unusual_regency_code",)
    assert not info.is_city


def test_region_codes_the_core_cannot_check_are_accepted() -> None:
    info = parse_nik(make_nik(province="11", regency="68", district="99"), TODAY)

    assert info.district_code == "116899"


@pytest.mark.parametrize(("province", "name"), [("92", "Papua Barat"), ("96", "Papua Barat Daya")])
def test_kota_sorong_parses_under_its_old_and_new_province(province: str, name: str) -> None:
    # 92.71 became 96.71 in 2022; NIKs issued before keep the old prefix for life.
    info = parse_nik(make_nik(province=province, regency="71"), TODAY)

    assert info.province_name == name
    assert info.regency_code == f"{province}71"
    assert info.is_city


# --- the province list ----------------------------------------------------------------


def test_all_38_provinces_are_known() -> None:
    assert len(PROVINCES) == 38
    assert PROVINCES["11"] == "Aceh"
    assert PROVINCES["96"] == "Papua Barat Daya"


def test_papua_provinces_use_kemendagri_codes_not_bps_codes() -> None:
    assert {code: PROVINCES[code] for code in ("91", "92", "93", "94", "95", "96")} == {
        "91": "Papua",
        "92": "Papua Barat",
        "93": "Papua Selatan",
        "94": "Papua Tengah",
        "95": "Papua Pegunungan",
        "96": "Papua Barat Daya",
    }


def test_province_codes_are_two_digit_strings() -> None:
    assert all(len(code) == 2 and code.isdigit() and code.isascii() for code in PROVINCES)


def test_province_list_cannot_be_changed_by_callers() -> None:
    with pytest.raises(TypeError):
        PROVINCES["99"] = "Atlantis"  # type: ignore[index]


def test_every_province_code_parses() -> None:
    for code, name in PROVINCES.items():
        assert parse_nik(make_nik(province=code), TODAY).province_name == name


# --- century and age limit ------------------------------------------------------------


def test_two_digit_year_after_this_years_is_last_century() -> None:
    assert parse_nik(make_nik(yy=30), TODAY).birth_date == datetime.date(1930, 1, 1)


def test_two_digit_year_before_this_years_is_this_century() -> None:
    assert parse_nik(make_nik(yy=10), TODAY).birth_date == datetime.date(2010, 1, 1)


def test_this_years_digits_with_a_later_birthday_is_last_century() -> None:
    nik = make_nik(day=16, month=6, yy=25)

    assert parse_nik(nik, TODAY).birth_date == datetime.date(1925, 6, 16)


def test_this_years_digits_with_birthday_today_is_a_newborn() -> None:
    info = parse_nik(make_nik(day=15, month=6, yy=25, female=True), TODAY)

    assert info.birth_date == TODAY
    assert age_on(info, TODAY) == 0


def test_this_years_digits_with_a_passed_birthday_is_this_century() -> None:
    assert parse_nik(make_nik(day=14, month=6, yy=25), TODAY).birth_date == datetime.date(
        2025, 6, 14
    )


def test_century_follows_today_past_2100() -> None:
    today = datetime.date(2101, 3, 1)

    assert parse_nik(make_nik(yy=0), today).birth_date == datetime.date(2100, 1, 1)
    assert parse_nik(make_nik(yy=2), today).birth_date == datetime.date(2002, 1, 1)


def test_oldest_readable_age_is_99() -> None:
    info = parse_nik(make_nik(day=16, month=6, yy=25), TODAY)

    assert age_on(info, TODAY) == 99


def test_a_centenarian_reads_as_a_child_because_the_century_is_not_in_the_nik() -> None:
    # Documented limitation: born 1 Jan 1920, but the digits say "20".
    info = parse_nik(make_nik(yy=20), TODAY)

    assert info.birth_date == datetime.date(2020, 1, 1)


# --- leap days ------------------------------------------------------------------------


@pytest.mark.parametrize("female", [False, True])
def test_feb_29_in_a_leap_year_is_accepted(female: bool) -> None:
    info = parse_nik(make_nik(day=29, month=2, yy=24, female=female), TODAY)

    assert info.birth_date == datetime.date(2024, 2, 29)


@pytest.mark.parametrize("yy", [23, 25, 99])
def test_feb_29_in_a_common_year_is_impossible(yy: int) -> None:
    assert reason_of(make_nik(day=29, month=2, yy=yy)) == "impossible_birth_date"


def test_feb_29_00_is_accepted_when_it_resolves_to_2000() -> None:
    info = parse_nik(make_nik(day=29, month=2, yy=0), TODAY)

    assert info.birth_date == datetime.date(2000, 2, 29)


def test_feb_29_00_is_impossible_when_it_resolves_to_1900() -> None:
    # On 10 Jan 2000 a 29 Feb "00" birthday is still ahead, so the year is 1900: no leap day.
    nik = make_nik(day=29, month=2, yy=0)

    assert reason_of(nik, datetime.date(2000, 1, 10)) == "impossible_birth_date"


# --- rejections -----------------------------------------------------------------------


@pytest.mark.parametrize("text", [MAN[:15], MAN + "1", "", "   ", "1" * 32])
def test_wrong_number_of_characters_is_wrong_length(text: str) -> None:
    assert reason_of(text) == "wrong_length"


def test_wrong_length_message_says_how_many_were_typed() -> None:
    with pytest.raises(InvalidNik) as caught:
        parse_nik(MAN[:15], TODAY)

    assert "15" in caught.value.detail
    assert "15" in caught.value.detail_en
    assert caught.value.message.startswith("Mohon maaf, NIK tidak sesuai.")


@pytest.mark.parametrize(
    "text",
    [
        "3273O10101900001",  # letter O for zero
        "32730101019000l1",  # letter l for one
        "ABCDEFGHIJKLMNOP",
        "3273/01/01900001",
        "+327301010190001",
        "٣٢٧٣٠١٠١٠١٩٠٠٠٠١",  # Arabic-Indic digits: isdigit() but not a NIK
        "327301010190000²",  # superscript two
        "３２７３０１０１０１９００００１",  # full-width digits
    ],
)
def test_anything_but_ascii_digits_is_not_digits(text: str) -> None:
    assert reason_of(text) == "not_digits"


@pytest.mark.parametrize("province", ["00", "10", "20", "22", "37", "50", "90", "97", "99"])
def test_unlisted_province_code_is_unknown_province(province: str) -> None:
    assert reason_of(make_nik(province=province)) == "unknown_province"


def test_regency_00_is_unknown_regency() -> None:
    assert reason_of(make_nik(regency="00")) == "unknown_regency"


def test_district_00_is_unknown_district() -> None:
    assert reason_of(make_nik(district="00")) == "unknown_district"


def test_day_00_is_impossible() -> None:
    assert reason_of("3273010001900001") == "impossible_birth_date"


@pytest.mark.parametrize("day", range(32, 41))
def test_day_32_to_40_is_impossible(day: int) -> None:
    assert reason_of(make_nik(day=day)) == "impossible_birth_date"


@pytest.mark.parametrize("encoded_day", [72, 80, 99])
def test_day_above_71_is_impossible(encoded_day: int) -> None:
    assert reason_of(f"327301{encoded_day}0190" + "0001") == "impossible_birth_date"


@pytest.mark.parametrize("month", [0, 13, 20, 99])
def test_month_outside_1_to_12_is_impossible(month: int) -> None:
    assert reason_of(make_nik(month=month)) == "impossible_birth_date"


@pytest.mark.parametrize(
    ("day", "month", "female"),
    [(30, 2, False), (31, 2, False), (31, 2, True), (30, 2, True), (31, 4, False), (31, 6, True)],
)
def test_day_past_the_end_of_the_month_is_impossible(day: int, month: int, female: bool) -> None:
    assert reason_of(make_nik(day=day, month=month, female=female)) == "impossible_birth_date"


def test_serial_0000_is_zero_serial() -> None:
    assert reason_of(make_nik(serial="0000")) == "zero_serial"


def test_length_is_checked_before_characters() -> None:
    assert reason_of("abc") == "wrong_length"


def test_invalid_nik_is_a_422_domain_error_with_both_languages() -> None:
    with pytest.raises(InvalidNik) as caught:
        parse_nik(make_nik(serial="0000"), TODAY)

    error = caught.value
    assert isinstance(error, DomainError)
    assert error.code == "invalid_nik"
    assert error.status == 422
    assert error.message.endswith(".")
    assert error.message_en.endswith(".")
    assert error.message != error.message_en


# --- normalization and masking --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("3273 0101 9000 0001", "3273010190000001"),
        ("32.73.01-010190-0001", "3273010101900001"),
        ("  3273010101900001\r\n", "3273010101900001"),
        ("3273\t0101\u00a00190\u20130001", "3273010101900001"),  # tab, no-break space, en dash
    ],
)
def test_grouped_input_normalizes_to_the_bare_digits(text: str, digits: str) -> None:
    assert normalize_nik(text) == digits


@pytest.mark.parametrize(
    "text", ["3273 0101 0190 0001", "32.73.01-010190-0001", " 3273-0101-0190-0001 "]
)
def test_grouped_input_parses_like_the_bare_digits(text: str) -> None:
    assert parse_nik(text, TODAY) == parse_nik(MAN, TODAY)


def test_normalize_keeps_characters_it_does_not_know() -> None:
    assert normalize_nik(" 32a-7 ") == "32a7"


def test_mask_shows_only_the_last_four_digits() -> None:
    assert mask_nik(MAN) == "************0001"
    assert mask_nik("3273 0101 9000 0001") == "************0001"


@pytest.mark.parametrize("text", ["", "1234", MAN[:15], MAN + "9"])
def test_mask_of_wrong_length_input_hides_everything(text: str) -> None:
    assert mask_nik(text) == "*" * 16


def test_parsed_masked_form_matches_mask_nik() -> None:
    assert parse_nik("32.73.01-010190-0001", TODAY).masked == mask_nik(MAN)


# --- age ------------------------------------------------------------------------------


def test_age_turns_on_the_birthday() -> None:
    info = parse_nik(MAN, TODAY)

    assert age_on(info, datetime.date(2025, 1, 1)) == 35


def test_age_is_one_less_the_day_before_the_birthday() -> None:
    info = parse_nik(MAN, TODAY)

    assert age_on(info, datetime.date(2024, 12, 31)) == 34


def test_leap_day_birthday_counts_from_march_1_in_common_years() -> None:
    info = parse_nik(make_nik(day=29, month=2, yy=64), TODAY)

    assert age_on(info, datetime.date(2025, 2, 28)) == 60
    assert age_on(info, datetime.date(2025, 3, 1)) == 61
    assert age_on(info, datetime.date(2028, 2, 29)) == 64


def test_age_before_birth_is_refused() -> None:
    info = parse_nik(MAN, TODAY)

    with pytest.raises(ValueError, match="before the birth date"):
        age_on(info, datetime.date(1989, 12, 31))


# --- privacy --------------------------------------------------------------------------


def test_repr_and_str_of_parsed_nik_never_reveal_it() -> None:
    nik = "3273015708850002"
    info = parse_nik(nik, TODAY)

    for text in (repr(info), str(info)):
        assert nik not in text
        # District and birth date plus the masked digits would rebuild the NIK.
        assert "327301" not in text
        assert "1985" not in text


def test_no_field_of_nik_info_holds_the_full_nik() -> None:
    info = parse_nik(MAN, TODAY)

    assert all(MAN not in str(value) for value in dataclasses.astuple(info))
    assert not hasattr(info, "nik")


def test_nik_info_is_immutable() -> None:
    info = parse_nik(MAN, TODAY)

    with pytest.raises(dataclasses.FrozenInstanceError):
        info.masked = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("nik", "reason"),
    [
        ("3273 0101 9000 00011", "wrong_length"),
        ("3273O10101900001", "not_digits"),
        ("1073010101900001", "unknown_province"),
        ("3200010101900001", "unknown_regency"),
        ("3273000101900001", "unknown_district"),
        ("3273013502900001", "impossible_birth_date"),
        ("3273010101900000", "zero_serial"),
    ],
)
def test_error_text_never_contains_the_nik(nik: str, reason: str) -> None:
    with pytest.raises(InvalidNik) as caught:
        parse_nik(nik, TODAY)

    error = caught.value
    assert error.reason == reason
    texts = [
        str(error),
        repr(error),
        error.message,
        error.message_en,
        error.detail,
        error.detail_en,
        repr(error.args),
        "".join(traceback.format_exception(error)),
    ]
    for text in texts:
        assert nik not in text
        assert normalize_nik(nik) not in text


def test_each_reason_has_its_own_message() -> None:
    cases = [
        "327301010190000",
        "3273O10101900001",
        "1073010101900001",
        "3200010101900001",
        "3273000101900001",
        "3273013502900001",
        "3273010101900000",
    ]
    errors = []
    for nik in cases:
        with pytest.raises(InvalidNik) as caught:
            parse_nik(nik, TODAY)
        errors.append(caught.value)

    assert len({error.reason for error in errors}) == len(cases)
    assert len({error.detail for error in errors}) == len(cases)
    assert len({error.detail_en for error in errors}) == len(cases)


# --- properties -----------------------------------------------------------------------

SIXTEEN_DIGITS = st.text(alphabet="0123456789", min_size=16, max_size=16)
TODAYS = st.dates(min_value=datetime.date(1950, 1, 1), max_value=datetime.date(2150, 12, 31))


@PROPERTY
@given(nik=SIXTEEN_DIGITS, today=TODAYS)
def test_any_16_digits_either_parse_or_raise_invalid_nik(nik: str, today: datetime.date) -> None:
    try:
        info = parse_nik(nik, today)
    except InvalidNik as error:
        assert nik not in str(error)
        return
    assert info.birth_date <= today
    assert 0 <= age_on(info, today) <= 99
    assert info.masked == "*" * 12 + nik[-4:]
    assert info.district_code == nik[:6]
    assert nik not in repr(info)


@PROPERTY
@given(text=st.text(max_size=40), today=TODAYS)
def test_any_text_either_parses_or_raises_invalid_nik(text: str, today: datetime.date) -> None:
    with contextlib.suppress(InvalidNik):
        parse_nik(text, today)
    assert len(mask_nik(text)) == 16


@st.composite
def today_and_birth(draw: st.DrawFn) -> tuple[datetime.date, datetime.date]:
    today = draw(TODAYS)
    born = draw(st.dates(min_value=datetime.date(today.year - 99, 1, 1), max_value=today))
    return today, born


@PROPERTY
@given(dates=today_and_birth(), female=st.booleans())
def test_birth_date_within_the_last_99_years_round_trips(
    dates: tuple[datetime.date, datetime.date], female: bool
) -> None:
    today, born = dates
    nik = make_nik(day=born.day, month=born.month, yy=born.year % 100, female=female)

    info = parse_nik(nik, today)

    assert info.birth_date == born
    assert info.female is female
