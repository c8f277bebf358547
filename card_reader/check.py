"""Judging a string from any source with queue_core's NIK rules, before anyone uses it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from queue_core.errors import InvalidNik
from queue_core.nik import NikInfo, normalize_nik, parse_nik


@dataclass(frozen=True)
class NikCheck:
    """One verdict. `nik` is the normalized NIK, present only when valid; it never shows
    in a repr, so a check can be logged."""

    nik: str | None = field(repr=False)
    info: NikInfo | None
    error: InvalidNik | None

    @property
    def ok(self) -> bool:
        return self.info is not None


def check_nik(text: str, today: datetime.date) -> NikCheck:
    try:
        info = parse_nik(text, today)
    except InvalidNik as error:
        return NikCheck(None, None, error)
    return NikCheck(normalize_nik(text), info, None)
