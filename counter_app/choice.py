"""Choosing the counter to work: the hall's counters, grouped by agency, with their state.

A user created with an agency (`antre user add --agency`) is offered only that agency's
counters, and the server refuses the others. A user without one (supervisors, small
halls) sees every counter, grouped by agency so they find theirs at a glance. The server
also refuses a counter another operator has opened ("Loket ini dibuka oleh petugas lain").
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from counter_app import words
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
        agency = self.workplace.agency_id
        if agency is None:
            return self.workplace.counters
        return tuple(c for c in self.workplace.counters if c.agency_id == agency)

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
            groups.append((words.say("choose.other"), sorted(stray, key=lambda c: c.id)))
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

    def held_by_other(self, counter: Counter) -> str | None:
        """The operator who holds this counter open, when it is someone else: it is not
        offered (the server would refuse it: "dibuka oleh petugas lain")."""
        if counter.opened_by and counter.opened_by != self.workplace.username:
            return counter.opened_by
        return None

    def choose(self, counter_id: int) -> None:
        counter = next((c for c in self.counters if c.id == counter_id), None)
        if counter is None:
            return
        other = self.held_by_other(counter)
        if other is not None:
            self.failed.emit(words.say("choose.held_by_other", user=other))
            return
        self.last_counter = counter_id
        self.chosen.emit(counter_id)

    def close(self) -> None:
        self._runner.close()
