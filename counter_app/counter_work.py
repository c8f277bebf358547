"""The operator's work at the counter: the actions behind F1–F10, sent one at a time.

A mixin of `CounterSession` (model.py): it uses the session's client, state and signals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from counter_app import dossier_words as dw
from counter_app import words
from counter_app.actions import Action
from counter_app.dossier_desk import open_for_ticket
from counter_app.session_parts import SessionParts
from counter_app.signin import explain
from counter_app.snapshot import Snapshot, take_snapshot
from queue_client.dossiers import Dossier
from queue_client.errors import ApiError, Unauthorized
from queue_client.models import Ticket


@dataclass(frozen=True)
class Unopened:
    """A ticket finished with "open dossier" whose dossier did not open (yet)."""

    ticket_id: int
    number: str
    title: str | None


@dataclass(frozen=True)
class Finished:
    """What F4 with "open dossier" got: the ticket done, then its dossier or why not."""

    ticket: Ticket
    dossier: Dossier | None = None
    dossier_error: BaseException | None = None


class CounterWork(SessionParts):
    def call_next(self) -> bool:
        def nobody(ticket: Any) -> None:
            if ticket is None:
                self.notice.emit(words.say("say.nobody_waiting"))

        return self._act(
            Action.CALL_NEXT, lambda: self.client.call_next(self.counter_id), after=nobody
        )

    def recall(self) -> bool:
        return self._act_on_current(Action.RECALL, self.client.recall)

    def start(self) -> bool:
        return self._act_on_current(Action.START, self.client.start)

    def finish(
        self, note: str | None = None, *, dossier: bool = False, title: str | None = None
    ) -> bool:
        """Selesai; with `dossier`, then open the ticket's dossier in the same step (the
        keys stay disabled until both are answered)."""
        note = (note or "").strip() or None
        title = (title or "").strip() or None
        current = self._state.current
        if not dossier or current is None:
            return self._act_on_current(Action.FINISH, lambda tid: self.client.finish(tid, note))
        number = current.number
        agency_id = self.dossiers.agency_id

        def finish_then_open(ticket_id: int) -> Finished:
            # The finish is sent once (like every counter action); only the dossier is
            # repeated on no answer, which the server makes safe (one per ticket).
            done = self.client.finish(ticket_id, note)
            try:
                opened = open_for_ticket(self.client, ticket_id, title, agency_id)
            except Exception as exc:  # said to the operator; F11 tries again
                return Finished(done, dossier_error=exc)
            return Finished(done, opened)

        def after(outcome: Any) -> None:
            if isinstance(outcome, Finished):
                self._dossier_outcome(Unopened(outcome.ticket.id, number, title), outcome)

        return self._act_on_current(Action.FINISH, finish_then_open, after=after)

    def retry_dossier(self) -> bool:
        """F11 after a dossier did not open: try that ticket's dossier again."""
        wish = self._unopened
        if wish is None or self._busy is not None or not self.ready:
            return False
        self._set_busy(Action.FINISH)
        agency_id = self.dossiers.agency_id

        def work() -> Finished:
            ticket = self.client.ticket(wish.ticket_id)
            try:
                opened = open_for_ticket(self.client, wish.ticket_id, wish.title, agency_id)
            except Exception as exc:
                return Finished(ticket, dossier_error=exc)
            return Finished(ticket, opened)

        def done(outcome: Finished) -> None:
            self._busy = None
            self._dossier_outcome(wish, outcome)
            self._update()

        self._runner.run(work, done, self._failed)
        return True

    def _dossier_outcome(self, wish: Unopened, outcome: Finished) -> None:
        if outcome.dossier is not None:
            self._unopened = None
            self.dossiers.want()
            self.dossierOpened.emit(outcome.dossier, wish.number)
            return
        self._unopened = wish
        error = outcome.dossier_error
        why = explain(error) if isinstance(error, ApiError) else words.say("say.unreachable")
        self.problem.emit(dw.say("open_failed", number=wish.number, why=why))
        self._update()

    def no_show(self) -> bool:
        return self._act_on_current(Action.NO_SHOW, self.client.no_show)

    def transfer(self, service_id: str, counter_id: int | None = None) -> bool:
        return self._act_on_current(
            Action.TRANSFER, lambda tid: self.client.transfer(tid, service_id, counter_id)
        )

    def call_ticket(self, ticket_id: int) -> bool:
        return self._act(
            Action.CALL_TICKET, lambda: self.client.call_ticket(self.counter_id, ticket_id)
        )

    def requeue(self, ticket_id: int) -> bool:
        return self._act(Action.REQUEUE, lambda: self.client.requeue(ticket_id))

    def pause(self) -> bool:
        return self._act(Action.PAUSE, lambda: self.client.pause_counter(self.counter_id))

    def resume(self) -> bool:
        return self._act(Action.RESUME, lambda: self.client.open_counter(self.counter_id))

    def close(self) -> bool:
        return self._act(Action.CLOSE, lambda: self.client.close_counter(self.counter_id))

    def reopen(self) -> bool:
        return self._act(Action.OPEN, lambda: self.client.open_counter(self.counter_id))

    def _act_on_current(
        self,
        action: Action,
        call: Callable[[int], object],
        after: Callable[[Any], None] | None = None,
    ) -> bool:
        current = self._state.current
        if current is None:
            return False
        ticket_id = current.id  # the ticket shown when the key was pressed
        return bool(self._act(action, lambda: call(ticket_id), after=after))

    def _act(
        self,
        action: Action,
        call: Callable[[], object],
        after: Callable[[Any], None] | None = None,
    ) -> bool:
        """Send one action; until the server has answered and the state after it is read,
        no other key is accepted (a double press must not call two citizens).

        Never repeated on no answer: a repeated call-next would call a second citizen.
        """
        if action not in self._allowed:
            return False
        self._set_busy(action)
        epoch = self._epoch

        def work() -> tuple[object, ApiError | None, Snapshot]:
            outcome, error = None, None
            try:
                outcome = call()
            except ApiError as exc:
                error = exc  # refused, nothing changed: read the truth and say why
            return outcome, error, take_snapshot(self.client, self.counter_id)

        def done(answer: tuple[object, ApiError | None, Snapshot]) -> None:
            outcome, error, snapshot = answer
            self._busy = None
            self._apply_snapshot(snapshot, epoch)
            if error is not None:
                self._refused(error)
            elif after is not None:
                after(outcome)

        self._runner.run(work, done, self._failed)
        return True

    def _refused(self, error: ApiError) -> None:
        if isinstance(error, Unauthorized):
            self.ended.emit(words.say("say.session_ended"))
        else:
            self.problem.emit(explain(error))

    def _failed(self, error: BaseException) -> None:
        """No answer (or an answer, then no snapshot): the state is unknown until read."""
        self._busy = None
        if isinstance(error, Unauthorized):
            self.ended.emit(words.say("say.session_ended"))
            return
        self._stale = True
        self.problem.emit(
            words.say("say.unreachable") if not isinstance(error, ApiError) else explain(error)
        )
        self._update()
        self._request_sync()

    def _set_busy(self, action: Action) -> None:
        self._busy = action
        self._update()
