"""What goes on a ticket: the contract's ticket fields plus the names a citizen reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from queue_core.ticket import Priority


@dataclass(frozen=True)
class TicketContent:
    """One issued ticket as the hall prints it.

    `position` and `eta_minutes` are the contract's: the tickets called before this one
    at its service, and the estimated wait. Either may be unknown (None); the ticket then
    leaves that line out rather than guess.
    """

    number: str
    issued_at: datetime
    tracking_url: str
    hall_name: str
    agency_name: str
    service_name: str
    timezone: str = "Asia/Jakarta"
    priority: Priority = Priority.REGULAR
    position: int | None = None
    eta_minutes: int | None = None
    eta_low: int | None = None
    eta_high: int | None = None
    """The range the wait most likely falls in (docs/eta.md); printed when wide."""
    dossier_reference: str | None = None
    """A pickup ticket's dossier ("BRK-20261206-0042"): printed under the number, so the
    counter sees at a glance which file to fetch (docs/dossiers.md, "Pickup")."""

    def __post_init__(self) -> None:
        if not self.number.strip():
            raise ValueError("a ticket needs its number")
        if self.issued_at.tzinfo is None:
            raise ValueError("issued_at must carry its offset (the contract's ISO 8601)")
        if self.position is not None and self.position < 0:
            raise ValueError("position counts tickets ahead: 0 or more")

    @classmethod
    def from_api(
        cls,
        ticket: Mapping[str, Any],
        *,
        hall_name: str,
        agency_name: str,
        service_name: str,
        timezone: str,
    ) -> TicketContent:
        """From the ticket object of `POST /api/v1/tickets` and the hall's catalogue."""
        return cls(
            number=str(ticket["number"]),
            issued_at=datetime.fromisoformat(str(ticket["issued_at"])),
            tracking_url=str(ticket["tracking_url"]),
            hall_name=hall_name,
            agency_name=agency_name,
            service_name=service_name,
            timezone=timezone,
            priority=Priority(ticket.get("priority") or Priority.REGULAR),
            position=_count(ticket.get("position")),
            eta_minutes=_count(ticket.get("eta_minutes")),
            eta_low=_count(ticket.get("eta_low")),
            eta_high=_count(ticket.get("eta_high")),
            dossier_reference=ticket.get("dossier_reference") or None,
        )


def _count(value: Any) -> int | None:
    return None if value is None else max(0, round(float(value)))
