"""The steps of a visit (`Screen`) and how long the kiosk waits at each (`Timing`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from queue_client import Backoff


class Screen(StrEnum):
    ATTRACT = "attract"
    AGENCY = "agency"
    SERVICE = "service"
    INFO = "info"
    NIK = "nik"
    PRIORITY = "priority"
    ISSUING = "issuing"
    TROUBLE = "trouble"
    RESULT = "result"
    NOTICE = "notice"
    SETUP = "setup"
    """Staff-facing: the kiosk's device token is refused (kiosk_app/device_check.py)."""
    BOOKING_CODE = "booking_code"
    BOOKING_DIGITS = "booking_digits"


NOT_IDLE = {Screen.ATTRACT, Screen.ISSUING, Screen.RESULT, Screen.SETUP}
"""Screens the idle timer leaves alone: nothing to clear, or a number is on its way.
The trouble screen has its own, longer, idle time (`Timing.trouble_idle`)."""


@dataclass(frozen=True)
class Timing:
    idle: float = 60.0
    """Seconds without a touch before the kiosk starts over (clearing any NIK)."""
    result: float = 25.0
    """Seconds the number stays on screen after a good print."""
    result_unprinted: float = 60.0
    """Longer when the ticket was not printed: time to take a photo of it."""
    issue_deadline: float = 15.0
    """One round of `issue_ticket_with_retry`; then the trouble screen starts another."""
    retry_pause: float = 2.0
    catalogue_retry: float = 5.0
    trouble_idle: float = 180.0
    """Seconds without a touch on the trouble screen before the kiosk takes it that the
    citizen has gone: longer than `idle`, since they were told to wait there."""
    counts_settle: float = 0.5
    """Ticket events within this many seconds share one refetch of the services."""
    settled_notice: float = 600.0
    """How long the attract screen names a number settled after its citizen left."""
    backoff: Backoff | None = None
