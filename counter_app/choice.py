"""Choosing the counter to work: the hall's counters, grouped by agency, with their state.

The API does not link a staff user to an agency yet, so every counter is offered; the
list is grouped by agency so an operator finds theirs at a glance. The server still
refuses a counter another operator has opened (403 "Loket ini dibuka oleh petugas lain").
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from counter_app.signin import Workplace, explain
from queue_client.models import Counter
from queue_client.qt_jobs import Runner


class CounterChoice(QObject):
    changed = Signal()
    failed = Signal(str)
    chosen = Signal(int)
    """The counter to open."""

    def __init__(
        self,
        workplace: Workplace,
        last_counter: int | None = None,
        runner: Runner | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.workplace = workplace
        self.last_counter = last_counter
        self._runner = runner if runner is not None else Runner(self)

    @property
    def counters(self) -> tuple[Counter, ...]:
        return self.workplace.counters

    def grouped(self) -> list[tuple[str, list[Counter]]]:
        """(agency short name, its counters by id), agencies in the hall's order."""
        groups: list[tuple[str, list[Counter]]] = []
        for agency in self.workplace.hall.agencies:
            mine = sorted(
                (c for c in self.counters if c.agency_id == agency.id), key=lambda c: c.id
            )
            if mine:
                groups.append((agency.short, mine))
        known = {a.id for a in self.workplace.hall.agencies}
        stray = [c for c in self.counters if c.agency_id not in known]
        if stray:
            groups.append(("Lainnya", sorted(stray, key=lambda c: c.id)))
        return groups

    def reload(self) -> None:
        """Read the counters' states again (someone may have opened one meanwhile)."""
        client = self.workplace.client

        def done(counters: list[Counter]) -> None:
            self.workplace = replace(self.workplace, counters=tuple(counters))
            self.changed.emit()

        self._runner.run(
            client.counters, done, lambda e: self.failed.emit(explain(e, client.server_url))
        )

    def choose(self, counter_id: int) -> None:
        if self.workplace.counter(counter_id) is not None:
            self.last_counter = counter_id
            self.chosen.emit(counter_id)

    def close(self) -> None:
        self._runner.close()
