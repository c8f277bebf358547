"""Staying in step with the server: the live events, the snapshots read after actions and
reconnects, and the counter's queue read after the events that change it.

A mixin of `CounterSession` (model.py): it uses the session's client, state and signals.
"""

from __future__ import annotations

from PySide6.QtCore import Slot

from counter_app import words
from counter_app.queue_line import QueueAnswer
from counter_app.session_parts import SessionParts
from counter_app.snapshot import Snapshot, take_snapshot
from queue_client import ConnectionState
from queue_client.errors import Unauthorized
from queue_client.models import Event
from queue_core import events as ev
from queue_core.dossier import DossierChanged

# Events after which the REST view knows more than the event: a recall count.
_NEEDS_SNAPSHOT = frozenset({ev.TicketRecalled.type})
_RECENT_LIMIT = 2000


class InStep(SessionParts):
    @Slot(str)
    def set_connection(self, state: str) -> None:
        self._connection = ConnectionState(state)
        self._epoch += 1
        # Whatever the change, what the view shows must be re-read before it is trusted.
        self._stale = True
        if self.connected:
            self._request_sync()
        self._update()

    @Slot(object)
    def apply_event(self, event: Event) -> None:
        if event.type == DossierChanged.type:
            self.dossiers.want()  # someone moved a dossier: the Berkas view reads again
            return
        if not self._state.concerns(event):
            return
        self._recent.append(event)
        if len(self._recent) > _RECENT_LIMIT:
            del self._recent[: len(self._recent) - _RECENT_LIMIT]
        self._state.fold(event, queue_knows=event.seq <= self._state.queue.head)
        self._update()
        # Any change at the counter's services (or to the counter's streak) may reorder
        # its queue: ask the server's dispatch again, once for a whole burst.
        self._queue_line.want()
        if event.type in _NEEDS_SNAPSHOT:
            self._request_sync()

    # --- snapshots and queue answers ------------------------------------------------------

    @Slot()
    def _request_sync(self) -> None:
        if self._syncing:
            self._sync_again = True  # one read in flight at a time; one more after it
            return
        self._syncing = True
        epoch = self._epoch

        def done(snapshot: Snapshot) -> None:
            self._syncing = False
            self._apply_snapshot(snapshot, epoch)
            if self._sync_again:
                self._sync_again = False
                self._request_sync()

        def failed(error: BaseException) -> None:
            self._syncing = False
            if isinstance(error, Unauthorized):
                self.ended.emit(words.say("say.session_ended"))
                return
            # While the stream is down its reconnect asks again; if only REST failed, retry.
            if self.connected:
                self._retry.start()

        self._runner.run(lambda: take_snapshot(self.client, self.counter_id), done, failed)

    def _apply_snapshot(self, snapshot: Snapshot, epoch: int) -> None:
        if snapshot.head < self._snapshot_head:
            self._update()  # an older read finishing late: what is shown is newer
            return
        self._snapshot_head = snapshot.head
        newer_queue = self._state.queue if self._state.queue.head > snapshot.queue.head else None
        self._state.replace_with(snapshot)
        if newer_queue is not None:
            self._state.replace_queue(newer_queue)
        self._refold()
        if epoch == self._epoch and self.connected:
            self._stale = False
        elif self.connected:
            self._request_sync()  # read across a reconnect: read once more
        self._update()

    def _apply_queue(self, answer: QueueAnswer) -> None:
        if answer.head < self._state.queue.head:
            return  # an older read finishing late
        self._state.replace_queue(answer)
        self._refold()
        self._update()

    def _refold(self) -> None:
        """Apply again the events newer than what was read (harmless: folding is
        idempotent), so a read that left before an event does not undo it."""
        oldest = min(self._snapshot_head, self._state.queue.head)
        self._recent = [e for e in self._recent if e.seq > oldest]
        for event in self._recent:
            self._state.fold(event, queue_knows=event.seq <= self._state.queue.head)
