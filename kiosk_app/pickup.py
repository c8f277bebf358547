"""Collecting a finished dossier: the visit's ticket QR, scanned at the kiosk.

Part of `KioskFlow` (a mixin, as `CheckIn` and `Issuing` are). A citizen whose dossier
is ready holds the ticket of the visit that left it (or its page on their phone); its
QR holds the tracking URL `…/t/<token>`. The same 2D scanner that reads a booking's QR
(`…/b/<token>`) reads it: the two are told apart by the URL's path, `/t/` for a ticket,
`/b/` for a booking, so neither needs a button first.

The scan is the request: the server (pickup_actions) gives a ticket of the agency's
pickup line when the dossier is ready, or says why not ("not ready yet: follow it on your
phone", "already collected", "no dossier for this QR"), and the kiosk shows its words.
It goes through the same send, retry and print path as any number (kiosk_app/issuing.py),
with its own Idempotency-Key; a second scan of the same QR gets the same ticket back,
printed again, never a second number.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from kiosk_app.steps import Screen
from queue_client import TicketRequest

if TYPE_CHECKING:
    from queue_client.models import Service

log = logging.getLogger(__name__)

TICKET_URL = re.compile(r"/t/([A-Za-z0-9_-]{16,64})(?:[/?#]|$)")
"""A ticket's tracking URL (api.md: `tracking_url` = base + `/t/<token>`)."""
SCANNABLE = (Screen.ATTRACT, Screen.AGENCY, Screen.SERVICE, Screen.BOOKING_CODE)
"""Where a scanned ticket QR is taken: anywhere a citizen is still choosing, as nothing
of theirs (no NIK, no choice made) is lost by starting a pickup instead."""


class Pickup:
    """The pickup half of KioskFlow (see the module docstring)."""

    if TYPE_CHECKING:
        screen: Screen
        lang: str
        services: list[Service]
        _draft: TicketRequest | None

        def _send_draft(self) -> None: ...
        def _forget_nik(self) -> None: ...

    collecting: bool = False
    """This visit is a pickup (the notice screen's way back is the start)."""

    def offers_pickup(self) -> bool:
        """The hall has a pickup line: the first screen then says a ticket QR works."""
        return any(s.pickup for s in self.services)

    def ticket_scanned(self, text: str) -> bool:
        """A reading from a wedge or serial source: True when it was a ticket's QR, taken
        as a pickup request on a screen where the citizen is still choosing."""
        match = TICKET_URL.search(text.strip())
        if match is None:
            return False
        if self.screen not in SCANNABLE:
            log.info("a ticket QR scanned on the %s screen: ignored", self.screen)
            return True  # a ticket's QR is never a NIK: taken, and dropped
        log.info("ticket QR scanned: asking for a pickup")
        self._forget_nik()
        self.collecting = True
        self._draft = TicketRequest("", tracking_token=match[1], lang=self.lang)
        self._send_draft()
        return True

    def forget_pickup(self) -> None:
        self.collecting = False
