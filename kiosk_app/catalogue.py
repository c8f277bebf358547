"""The hall's services as the kiosk offers them: which tiles, in which state, and why.

Plain Python over queue_client's models, so the rules are tested without Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk_app.words import say
from queue_client.models import Agency, Hall, Service

DIRECT_SERVICES_MAX = 8
"""Up to this many services the kiosk skips the agency step: one tap saved for everyone."""


@dataclass(frozen=True)
class Tile:
    service: Service
    agency: Agency | None
    enabled: bool
    reason: str
    """Why a disabled tile cannot be chosen: "closed" or "quota"; "" when enabled."""

    def label(self, lang: str) -> str:
        return self.service.name_en if lang == "en" else self.service.name

    def status(self, lang: str) -> str:
        """One line: people waiting and the wait, or why it is closed."""
        return " · ".join(self.status_lines(lang))

    def status_lines(self, lang: str) -> list[str]:
        """The same facts one per line, as the tile shows them (none split mid-phrase)."""
        if self.reason == "quota":
            return [say("quota_out", lang)]
        if self.reason == "closed":
            if self.service.hours:
                return [
                    say("closed", lang),
                    # PUEBI writes a time in text with a full stop: "pukul 08.00".
                    say(
                        "open_at",
                        lang,
                        a=_dotted(self.service.hours[0], lang),
                        b=_dotted(self.service.hours[1], lang),
                    ),
                ]
            return [say("closed", lang)]
        lines = [say("waiting", lang, n=self.service.waiting)]
        if self.service.eta_wide:
            lo, hi = self.service.eta_low, self.service.eta_high
            lines.append(say("eta_range", lang, lo=lo, hi=hi))
        elif self.service.eta_minutes is not None:
            lines.append(say("eta", lang, m=self.service.eta_minutes))
        return lines


@dataclass(frozen=True)
class AgencyTile:
    id: str
    name: str
    short: str
    """What the hall's signs say ("Samsat", "Imigrasi"): the tile's title."""
    services: int
    """Services it offers today (listed, open or not)."""
    waiting: int
    """People waiting at all its services: live, like the service tiles."""

    def status(self, lang: str) -> str:
        return say("waiting", lang, n=self.waiting)


def offered(services: list[Service]) -> list[Service]:
    """The services a citizen chooses from: not the pickup lines, whose tickets come from
    scanning a ready dossier's visit QR (kiosk_app/pickup.py), tied to that dossier."""
    return [s for s in services if not s.pickup]


def agency_tiles(hall: Hall | None, services: list[Service]) -> list[AgencyTile]:
    """The agencies that offer something, in the hall file's order."""
    if hall is None:
        return []
    found = []
    for agency in hall.agencies:
        own = [s for s in offered(services) if s.agency_id == agency.id]
        if own:
            waiting = sum(s.waiting for s in own)
            found.append(AgencyTile(agency.id, agency.name, agency.short, len(own), waiting))
    return found


def closed_reason(service: Service) -> str:
    if service.open:
        return ""
    # The server says only "not open"; a used-up quota is the one cause it also counts.
    if service.quota_per_day is not None and service.remaining_today == 0:
        return "quota"
    return "closed"


def tiles(hall: Hall | None, services: list[Service], agency_id: str | None) -> list[Tile]:
    agencies = {a.id: a for a in hall.agencies} if hall else {}
    return [
        Tile(s, agencies.get(s.agency_id), not closed_reason(s), closed_reason(s))
        for s in offered(services)
        if agency_id is None or s.agency_id == agency_id
    ]


def shows_services_directly(hall: Hall | None, services: list[Service]) -> bool:
    services = offered(services)
    agencies = {s.agency_id for s in services}
    return len(services) <= DIRECT_SERVICES_MAX or len(agencies) <= 1 or hall is None


def _dotted(clock: str, lang: str) -> str:
    """A clock in an Indonesian sentence, "08.00" (PUEBI); English keeps "08:00"."""
    return clock if lang == "en" else clock.replace(":", ".")
