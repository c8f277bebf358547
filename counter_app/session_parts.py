"""What the parts of a counter session share, for the type checker.

`CounterSession` (model.py) is one QObject built from mixins (counter_work.py,
in_step.py), each in its own module to stay readable. Each mixin uses the session's
client, state, timers and signals; they are declared here, under TYPE_CHECKING, so mypy
checks every use against the types the session gives them. At run time this class is
empty: the session sets each attribute in its __init__.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QTimer, SignalInstance

    from counter_app.actions import Action
    from counter_app.counter_work import Unopened
    from counter_app.dossier_desk import DossierDesk
    from counter_app.queue_line import QueueLine
    from counter_app.snapshot import Snapshot
    from counter_app.state import CounterState
    from queue_client import ConnectionState, HallClient
    from queue_client.models import Event
    from queue_client.qt_jobs import Runner


class SessionParts:
    if TYPE_CHECKING:
        problem: SignalInstance
        notice: SignalInstance
        ended: SignalInstance
        dossierOpened: SignalInstance
        dossiers: DossierDesk
        _unopened: Unopened | None
        client: HallClient
        counter_id: int
        _runner: Runner
        _state: CounterState
        _allowed: frozenset[Action]
        _busy: Action | None
        _connection: ConnectionState
        _epoch: int
        _stale: bool
        _syncing: bool
        _sync_again: bool
        _retry: QTimer
        _queue_line: QueueLine
        _recent: list[Event]
        _snapshot_head: int

        @property
        def connected(self) -> bool: ...
        @property
        def ready(self) -> bool: ...
        def _update(self) -> None: ...
        def _request_sync(self) -> None: ...
        def _apply_snapshot(self, snapshot: Snapshot, epoch: int) -> None: ...
