"""The "Berkas siap diambil" panel's state: dossiers ready for collection, per agency.

Optional (`antre display --pickup-panel`, docs/display.md): a board near the counters of
agencies that hand over finished dossiers shows it; the entrance board usually need not.
What it shows is what the citizen holds: the number and day printed on the ticket of the
visit that left the dossier ("B017 · 30/11"), never a title, a note, a name or a NIK
(GET /api/v1/dossiers/ready gives a display token nothing more).

Live: every dossier step writes a `dossier.changed` event, which the board's live stream
hands here (`BoardModel.dossiersChanged`); a burst of them shares one fetch. A slow timer
refetches too, for a board whose stream was down while a dossier changed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from queue_client import HallClient
from queue_client.models import Hall, ReadyDossier
from queue_client.qt_jobs import Runner

log = logging.getLogger(__name__)

SETTLE_MS = 500
"""`dossier.changed` events within this share one fetch (a morning's batch of "ready")."""
REFRESH_MS = 60_000
"""The fallback refetch: a dossier changed while the stream was away is shown within it."""
SHOWN_PER_AGENCY = 12
"""More than a row can hold; the panel says "+N" for the rest."""


@dataclass(frozen=True)
class ReadyGroup:
    agency: str
    """The agency's short name, as the hall's signs say it."""
    labels: tuple[str, ...]
    """"B017 · 30/11": the visit's number and day, oldest ready first."""
    more: int = 0


def label_of(dossier: ReadyDossier) -> str:
    return f"{dossier.number} · {dossier.day:%d/%m}"


def group(
    hall: Hall | None, dossiers: Sequence[ReadyDossier], agencies: Sequence[str] = ()
) -> list[ReadyGroup]:
    """Per agency in the hall's order (only `agencies` when the board is for some)."""
    names = {a.id: a.short for a in hall.agencies} if hall else {}
    order = list(names) if names else sorted({d.agency_id for d in dossiers})
    groups = []
    for agency_id in order:
        if agencies and agency_id not in agencies:
            continue
        own = [d for d in dossiers if d.agency_id == agency_id]
        if own:
            shown = tuple(label_of(d) for d in own[:SHOWN_PER_AGENCY])
            groups.append(ReadyGroup(names.get(agency_id, agency_id), shown, len(own) - len(shown)))
    return groups


class ReadyDossiers(QObject):
    changed = Signal()

    def __init__(
        self,
        server_url: str,
        token: str,
        *,
        agencies: Sequence[str] = (),
        refresh_ms: int = REFRESH_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = HallClient(server_url, token)
        self._agencies = tuple(agencies)
        self._runner = Runner(self)
        self._hall: Hall | None = None
        self.groups: list[ReadyGroup] = []
        self.loaded = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.refresh)
        self._timer = QTimer(self)
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self.refresh()
        self._timer.start()

    def shutdown(self) -> None:
        self._settle.stop()
        self._timer.stop()
        self._runner.close()
        self._client.close()

    @Slot()
    def dossier_changed(self) -> None:
        """A `dossier.changed` event: refetch soon (once for a burst)."""
        if not self._settle.isActive():
            self._settle.start()

    @Slot()
    def refresh(self) -> None:
        client, hall = self._client, self._hall

        def load() -> tuple[Hall, list[ReadyDossier]]:
            return hall or client.hall(), client.ready_dossiers()

        self._runner.run(load, self._loaded, self._failed)

    def _loaded(self, answer: tuple[Hall, list[ReadyDossier]]) -> None:
        self._hall, dossiers = answer
        groups = group(self._hall, dossiers, self._agencies)
        if groups != self.groups or not self.loaded:
            self.groups = groups
            self.loaded = True
            self.changed.emit()

    def _failed(self, error: BaseException) -> None:
        # The board's own stream shows the connection trouble; the panel keeps what it
        # had and tries again on the next event or tick.
        log.warning("ready dossiers could not be fetched: %s", error)
