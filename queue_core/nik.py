"""Reading a NIK (Nomor Induk Kependudukan) the way a kiosk must.

A NIK is ``PP RR DD ddmmyy SSSS``: province, regency/city (01-69 kabupaten, 71-99 kota),
district, birth date (women: day + 40) and a serial. Only the structure can be checked
here; whether Dukcapil ever issued the number is beyond the hall's reach. Rules:

* Reject what cannot be a NIK at all (wrong length, non-digits, unknown province,
  regency or district 00, impossible date, serial 0000), each with its own ``reason``.
* Accept odd but well-formed region codes with a warning: regions split and codes move
  (92.71 became 96.71), and a NIK keeps the code it was issued with for life.
* Century: the date digits carry no century, so the birth year is the latest one whose
  birthday is not after ``today``.
* Age limit: that century rule is the whole rule. It places every birth date in the 100
  years ending on ``today``, so a parsed age is always 0-99 and nobody can come out
  older than 130 (or in the future). The price is that a centenarian's NIK reads as a
  child's; the citizen can still choose the elderly priority by hand, and guessing the
  other way would misread every child.

Privacy (UU 27/2022): the full NIK never leaves this module in an object, a repr or an
error message. ``NikInfo`` keeps only the parts the hall uses plus the masked form, and
its repr leaves out the district and the birth date, which together with the masked
digits would spell the NIK out again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from queue_core.errors import InvalidNik
from queue_core.provinces import PROVINCES

__all__ = ["PROVINCES", "NikInfo", "age_on", "mask_nik", "normalize_nik", "parse_nik"]

_NIK_LENGTH = 16
_VISIBLE_DIGITS = 4
_FEMALE_DAY_OFFSET = 40
_LAST_KABUPATEN = 69
_FIRST_KOTA = 71
_ASCII_DIGITS = frozenset("0123456789")
# People group the digits with spaces, dots and hyphens; copy-paste and card readers add
# line ends, non-breaking spaces and typographic dashes.
_SEPARATORS = frozenset(".-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")


@dataclass(frozen=True)
class NikInfo:
    """What the hall may know from a valid NIK. Holds no full NIK, by design."""

    province_code: str
    province_name: str
    regency_code: str
    district_code: str = field(repr=False)
    is_city: bool
    birth_date: datetime.date = field(repr=False)
    female: bool
    masked: str
    warnings: tuple[str, ...] = ()


def normalize_nik(text: str) -> str:
    """Drop the whitespace, dots and hyphens people and readers add; nothing else changes.

    The result may still be invalid: only `parse_nik` judges it.
    """
    return "".join(ch for ch in text if not ch.isspace() and ch not in _SEPARATORS)


def mask_nik(text: str) -> str:
    """The NIK as it may be shown or stored: ``************1234``.

    Input that is not 16 characters long comes back fully starred, so even a typo or a
    stray keypress never reaches a log unmasked.
    """
    nik = normalize_nik(text)
    if len(nik) != _NIK_LENGTH:
        return "*" * _NIK_LENGTH
    return "*" * (_NIK_LENGTH - _VISIBLE_DIGITS) + nik[-_VISIBLE_DIGITS:]


def parse_nik(text: str, today: datetime.date) -> NikInfo:
    """Check a NIK's structure and read what it encodes; raise `InvalidNik` if it cannot be one.

    ``today`` is the hall's local date; it is passed in so the core never reads a clock.
    """
    nik = normalize_nik(text)
    if len(nik) != _NIK_LENGTH:
        raise InvalidNik(
            "wrong_length",
            f"NIK terdiri dari 16 angka, yang dimasukkan {len(nik)}.",
            f"A NIK has 16 digits, {len(nik)} were entered.",
        )
    # str.isdigit() would let Arabic-Indic and superscript digits through.
    if not set(nik) <= _ASCII_DIGITS:
        raise InvalidNik(
            "not_digits",
            "NIK hanya boleh berisi angka.",
            "The NIK may contain digits only.",
        )
    province, regency, district = nik[0:2], nik[2:4], nik[4:6]
    if province not in PROVINCES:
        raise InvalidNik(
            "unknown_province",
            "Dua digit pertama NIK bukan kode provinsi yang berlaku.",
            "The first two digits of the NIK are not a valid province code.",
        )
    if regency == "00":
        raise InvalidNik(
            "unknown_regency",
            "Kode kabupaten/kota pada NIK (digit ke-3 dan ke-4) tidak boleh 00.",
            "The regency/city code in the NIK (digits 3 and 4) cannot be 00.",
        )
    if district == "00":
        raise InvalidNik(
            "unknown_district",
            "Kode kecamatan pada NIK (digit ke-5 dan ke-6) tidak boleh 00.",
            "The district code in the NIK (digits 5 and 6) cannot be 00.",
        )
    birth_date, female = _read_birth_date(nik[6:12], today)
    if nik[12:] == "0000":
        raise InvalidNik(
            "zero_serial",
            "Empat digit terakhir NIK tidak boleh 0000.",
            "The last four digits of the NIK cannot be 0000.",
        )

    regency_number = int(regency)
    warnings: list[str] = []
    if _LAST_KABUPATEN < regency_number < _FIRST_KOTA:
        # 70 is neither a kabupaten nor a kota; a future numbering might still use it.
        warnings.append("unusual_regency_code")
    return NikInfo(
        province_code=province,
        province_name=PROVINCES[province],
        regency_code=province + regency,
        district_code=province + regency + district,
        is_city=regency_number >= _FIRST_KOTA,
        birth_date=birth_date,
        female=female,
        masked=mask_nik(nik),
        warnings=tuple(warnings),
    )


def age_on(info: NikInfo, day: datetime.date) -> int:
    """Completed years on ``day``. Someone born on 29 February turns a year older on 1 March
    in common years."""
    born = info.birth_date
    if day < born:
        raise ValueError("the day is before the birth date")
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _read_birth_date(ddmmyy: str, today: datetime.date) -> tuple[datetime.date, bool]:
    day, month, yy = int(ddmmyy[0:2]), int(ddmmyy[2:4]), int(ddmmyy[4:6])
    female = day > _FEMALE_DAY_OFFSET
    if female:
        day -= _FEMALE_DAY_OFFSET
    # Days 32-40 and 72-99 fall out here, as do day 00 and month 00.
    if not (1 <= day <= 31 and 1 <= month <= 12):
        raise _impossible_birth_date()
    year = today.year - today.year % 100 + yy
    # Compared as tuples so a 29 February is placed before we know its year exists.
    if (year, month, day) > (today.year, today.month, today.day):
        year -= 100
    try:
        return datetime.date(year, month, day), female
    except ValueError:
        # The resolved century decides: 29 Feb 00 exists in 2000 but not in 1900.
        raise _impossible_birth_date() from None


def _impossible_birth_date() -> InvalidNik:
    return InvalidNik(
        "impossible_birth_date",
        "Tanggal lahir pada NIK (digit ke-7 sampai ke-12) bukan tanggal yang mungkin.",
        "The birth date in the NIK (digits 7 to 12) is not a possible date.",
    )
