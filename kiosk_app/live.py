"""Live waiting counts: the hall's ticket events, coalesced into few refetches.

The service and agency tiles show people waiting and the ETA, which only the server
computes (GET /api/v1/services). Every ticket event may change them, but a busy hall
issues and calls several tickets a second: one refetch per event would put the load of
every kiosk × every event on the server for figures nobody reads that fast. So an event
only starts a short timer; whatever else arrives before it fires rides along, and one
refetch follows. The kiosk role may watch the events WebSocket (shared/design/api.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot

from queue_client import Backoff
from queue_client.live import ConnectionState
from queue_client.qt import LiveEvents

log = logging.getLogger(__name__)


class LiveCounts(QObject):
    def __init__(
        self,
        server_url: str,
        token: str,
        refetch: Callable[[], None],
        *,
        refused: Callable[[], None] | None = None,
        settle: float,
        backoff: Backoff | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._refetch = refetch
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(settle * 1000))
        self._timer.timeout.connect(self._refetch)
        # since=0: the kiosk may not read GET /events (the head), so its first connection
        # replays the log once; that burst, like any other, costs a single refetch.
        self._live = LiveEvents(server_url, token, backoff=backoff, parent=self)
        self._live.ticketEvent.connect(self._changed)
        # The hall's configuration changed (a quota, a name, hours): the same refetch
        # brings the new tiles (docs/hall-admin.md).
        self._live.hallChanged.connect(self._changed)
        self._live.connectionChanged.connect(self._connection)
        self._refused = refused
        self._live.authFailed.connect(self._auth_failed)

    def start(self) -> None:
        self._live.start()

    @Slot(str)
    def _auth_failed(self, why: str) -> None:
        log.warning("live counts refused: %s", why)
        if self._refused is not None:
            self._refused()  # the kiosk checks its token: revoked while running?

    def stop(self) -> None:
        self._timer.stop()
        self._live.stop()

    @Slot(object)
    def _changed(self, _event: object) -> None:
        if not self._timer.isActive():
            self._timer.start()  # not restarted by later events: a steady stream still refreshes

    @Slot(str)
    def _connection(self, state: str) -> None:
        if state == ConnectionState.CONNECTED.value:
            self._changed(None)  # back after a gap: what we show may be stale
