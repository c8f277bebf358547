"""'Sudah booking? / Have a booking?': a booking's check-in at the kiosk.

Part of `KioskFlow` (a mixin, as `Issuing` is). The citizen gives the booking's code —
its QR read by a 2D scanner that types like a keyboard (the same wedge source as NIK
readers: the QR holds the manage URL, whose booking the server names), or the 8
characters typed on a big keypad — then the last 4 NIK digits, or the e-KTP read. The
check-in is a ticket issue (`TicketRequest` with `booking_code`), so it goes through the
same send, retry and print path as a walk-in's number. What goes wrong (too early,
expired, cancelled, unknown code or wrong digits — the same words for those two) is the
server's own message in both languages, on the notice screen.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from card_reader.check import check_nik
from kiosk_app.steps import Screen
from queue_client import TicketRequest
from queue_client.errors import ApiError
from queue_core.booking import CODE_ALPHABET, CODE_LENGTH, read_code, show_code

if TYPE_CHECKING:
    import datetime

    from PySide6.QtCore import SignalInstance

    from queue_client import HallClient
    from queue_client.qt_jobs import Runner

log = logging.getLogger(__name__)
KEYS = CODE_ALPHABET
"""The code keypad: Crockford base32 (no I, L, O or U, so nothing to confuse)."""
_MANAGE = re.compile(r"/b/([A-Za-z0-9_-]{16,64})(?:[/?#]|$)")


class CheckIn:
    """The check-in half of KioskFlow (see the module docstring)."""

    if TYPE_CHECKING:
        changed: SignalInstance
        screen: Screen
        lang: str
        notice: tuple[str, str] | None
        _client: HallClient
        _runner: Runner
        _draft: TicketRequest | None
        _visit: int

        def _show(self, screen: Screen) -> None: ...
        def _send_draft(self) -> None: ...
        def today(self) -> datetime.date: ...

    booking_code_typed: str = ""
    booking_digits: str = ""
    checking_in: bool = False
    """This visit is a booking's check-in (the notice screen's way back is the start)."""

    # --- the code -----------------------------------------------------------------------

    def have_booking(self) -> None:
        """The first screen's second button."""
        self.checking_in = True
        self.booking_code_typed = ""
        self.booking_digits = ""
        self._show(Screen.BOOKING_CODE)

    def press_code_key(self, key: str) -> None:
        if key in KEYS and len(self.booking_code_typed) < CODE_LENGTH:
            self.booking_code_typed += key
            self._show(Screen.BOOKING_CODE)

    def erase_code_key(self) -> None:
        self.booking_code_typed = self.booking_code_typed[:-1]
        self._show(Screen.BOOKING_CODE)

    def shown_code(self) -> str:
        typed = self.booking_code_typed.ljust(CODE_LENGTH, "·")
        return f"{typed[:4]}-{typed[4:]}"

    def can_confirm_code(self) -> bool:
        return read_code(self.booking_code_typed) is not None

    def confirm_code(self) -> None:
        if self.can_confirm_code():
            self.booking_digits = ""
            self._show(Screen.BOOKING_DIGITS)

    def booking_scanned(self, text: str) -> bool:
        """A reading from a wedge or serial source: True when it was a booking's QR (its
        manage URL) or a code, taken on the first screen or the code screen."""
        if self.screen not in (Screen.ATTRACT, Screen.BOOKING_CODE):
            return False
        match = _MANAGE.search(text.strip())
        code = read_code(text) if match is None else None
        if match is None and code is None:
            return False
        self.checking_in = True
        self.booking_digits = ""
        if code is not None:
            self.booking_code_typed = code
            self._show(Screen.BOOKING_DIGITS)
            return True
        assert match is not None
        token, visit = match[1], self._visit
        log.info("booking QR scanned")
        self._runner.run(
            lambda: self._client.booking_code(token),
            lambda shown: self._scanned_code(visit, shown),
            lambda error: self._scan_failed(visit, error),
        )
        return True

    def _scanned_code(self, visit: int, shown: str) -> None:
        if visit != self._visit:
            return
        self.booking_code_typed = read_code(shown) or ""
        self._show(Screen.BOOKING_DIGITS)

    def _scan_failed(self, visit: int, error: BaseException) -> None:
        if visit != self._visit:
            return
        if isinstance(error, ApiError):
            self.notice = (error.message, error.message_en or error.message)
        else:
            log.warning("looking up a scanned booking failed: %s", error)
            self.notice = (
                "Kode pemesanan tidak dapat diperiksa sekarang. Ketik kodenya.",
                "The booking cannot be checked now. Type its code.",
            )
        self._show(Screen.NOTICE)

    # --- the last 4 digits, or the e-KTP ------------------------------------------------

    def press_booking_digit(self, digit: str) -> None:
        if digit.isdigit() and len(digit) == 1 and len(self.booking_digits) < 4:
            self.booking_digits += digit
            self._show(Screen.BOOKING_DIGITS)

    def erase_booking_digit(self) -> None:
        self.booking_digits = self.booking_digits[:-1]
        self._show(Screen.BOOKING_DIGITS)

    def shown_booking_code(self) -> str:
        code = read_code(self.booking_code_typed)
        return show_code(code) if code else self.shown_code()

    def confirm_booking_digits(self) -> None:
        code = read_code(self.booking_code_typed)
        if code is None or len(self.booking_digits) != 4:
            return
        self._check_in(TicketRequest("", booking_code=code, nik_last4=self.booking_digits))

    def booking_card_read(self, text: str) -> bool:
        """An e-KTP (or a typed NIK burst) on the digits screen: the whole NIK checks in."""
        if self.screen is not Screen.BOOKING_DIGITS:
            return False
        code = read_code(self.booking_code_typed)
        verdict = check_nik(text, self.today())
        if code is None or not verdict.ok or verdict.nik is None:
            return True  # not a NIK: ignored here, nothing kept
        self._check_in(TicketRequest("", booking_code=code, nik=verdict.nik))
        return True

    def _check_in(self, request: TicketRequest) -> None:
        self.booking_digits = ""
        self._draft = TicketRequest(
            "",
            booking_code=request.booking_code,
            nik=request.nik,
            nik_last4=request.nik_last4,
            lang=self.lang,
        )
        self._send_draft()

    def forget_booking(self) -> None:
        self.booking_code_typed = ""
        self.booking_digits = ""
        self.checking_in = False
