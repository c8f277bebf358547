"""How a print ended, in words the kiosk can show and a technician can act on.

A print never raises to its caller: every way it can end is one of a few outcomes. The
ticket itself is already issued and valid whatever the outcome; the messages say so,
because the citizen at the kiosk needs that sentence most.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from printer.status import PrinterStatus


class Outcome(StrEnum):
    PRINTED = "printed"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    PRINTER_ERROR = "printer_error"
    """The printer reports itself offline or in error (cutter jam, overheated head)."""
    UNREACHABLE = "unreachable"
    """Refused, not found, no permission, or the connection broke."""
    TIMEOUT = "timeout"
    """The printer did not connect, take the ticket or answer within the time allowed."""
    MISSING_DEPENDENCY = "missing_dependency"
    """The backend needs a package this installation lacks (pyusb, pyserial, libusb)."""
    BAD_CONFIG = "bad_config"
    """The printer URL (or an option in it) is wrong."""


STILL_VALID_ID = "Nomor Anda tetap berlaku."
STILL_VALID_EN = "Your number is still valid."
NEXT_STEP_ID = "Silakan foto layar ini atau minta bantuan petugas."
NEXT_STEP_EN = "Please take a photo of this screen or ask the staff for help."
"""The one thing the citizen can do; the kiosk shows it under the message."""

_MESSAGES = {
    Outcome.PRINTED: (
        "Tiket Anda sudah dicetak. Silakan ambil.",
        "Your ticket has been printed. Please take it.",
    ),
    Outcome.PAPER_OUT: ("kertas printer habis.", "the printer is out of paper."),
    Outcome.COVER_OPEN: ("penutup printer terbuka.", "the printer's cover is open."),
    Outcome.PRINTER_ERROR: ("printer sedang bermasalah.", "the printer has a fault."),
    Outcome.UNREACHABLE: ("printer tidak terhubung.", "the printer is not connected."),
    Outcome.TIMEOUT: ("printer belum merespons.", "the printer is not responding."),
    Outcome.MISSING_DEPENDENCY: (
        "printer belum diatur dengan benar.",
        "the printer is not set up correctly.",
    ),
    Outcome.BAD_CONFIG: (
        "printer belum diatur dengan benar.",
        "the printer is not set up correctly.",
    ),
}


@dataclass(frozen=True)
class PrintResult:
    outcome: Outcome
    detail: str
    """For the technician and the log, in English: what happened, where, and the fix."""
    printer: str
    """The printer URL as configured."""
    status: PrinterStatus | None = None
    """The printer's last answer to a status query; None if it was not asked or is mute."""
    sent: int = 0
    """Bytes the printer accepted."""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.PRINTED

    @property
    def paper_near_end(self) -> bool:
        """Printed, but staff should bring a new roll soon."""
        return bool(self.status and self.status.paper_near_end)

    @property
    def message_id(self) -> str:
        """For the citizen at the kiosk, in Indonesian."""
        text = _MESSAGES[self.outcome][0]
        return text if self.ok else f"Mohon maaf, {text} {STILL_VALID_ID}"

    @property
    def message_en(self) -> str:
        text = _MESSAGES[self.outcome][1]
        return text if self.ok else f"Sorry, {text} {STILL_VALID_EN}"
