"""The current ticket, large: number, service, priority, how long the citizen waited,
how long ago they were called, recalls, masked NIK. Without a ticket, what the counter
is doing and which key comes next."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from counter_app import words
from counter_app.model import CounterSession
from counter_app.views.style import set_look
from queue_core.counter import CounterStatus
from queue_core.ticket import Priority, TicketStatus


class Fact(QWidget):
    """A small caption over a bold value."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.caption = QLabel(name, self)
        self.caption.setObjectName("factName")
        self.value = QLabel("–", self)
        self.value.setObjectName("factValue")
        layout.addWidget(self.caption)
        layout.addWidget(self.value)


class TicketCard(QFrame):
    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("ticketCard")

        self.state_chip = QLabel(self)
        self.state_chip.setObjectName("stateChip")
        self.priority_badge = QLabel(self)
        self.priority_badge.setObjectName("priorityBadge")
        self.number = QLabel(self)
        self.number.setObjectName("ticketNumber")
        self.service = QLabel(self)
        self.service.setObjectName("ticketService")
        self.service.setWordWrap(True)
        self.idle = QLabel(self)
        self.idle.setObjectName("ticketIdle")
        self.idle.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("ticketHint")
        self.hint.setWordWrap(True)

        self.waited = Fact(words.say("card.waited"), self)
        self.since_called = Fact(words.say("card.since_called"), self)
        self.recalls = Fact(words.say("card.recalls"), self)
        self.nik = Fact(words.say("card.nik"), self)

        top = QHBoxLayout()
        top.addWidget(self.state_chip)
        top.addStretch(1)
        top.addWidget(self.priority_badge)
        facts = QGridLayout()
        facts.setHorizontalSpacing(28)
        for column, fact in enumerate((self.waited, self.since_called, self.recalls, self.nik)):
            facts.addWidget(fact, 0, column)
        facts.setColumnStretch(4, 1)
        self.facts = QWidget(self)
        self.facts.setLayout(facts)
        facts.setContentsMargins(0, 0, 0, 0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(26, 18, 22, 18)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.number)
        layout.addWidget(self.idle)
        layout.addWidget(self.service)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        layout.addWidget(self.facts)

        session.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Also called every second by the page: the durations move."""
        ticket = self.session.current
        status = self.session.status
        trusted = self.session.connected and not self.session.stale
        set_look(self, "stale", "no" if trusted else "yes")
        self.waited.caption.setText(words.say("card.waited"))
        self.recalls.caption.setText(words.say("card.recalls"))
        if ticket is None:
            self._show_idle(status)
            return
        serving = ticket.status is TicketStatus.SERVING
        tone = "serving" if serving else "called"
        chip = words.ticket_status(ticket.status).upper()
        if status is CounterStatus.PAUSED:
            chip += words.say("card.paused_chip")
        self._tone(tone, chip)
        self.number.setText(ticket.number)
        self.number.show()
        self.idle.hide()
        self.service.setText(self.session.service_name(ticket.service_id))
        self.service.show()
        if ticket.priority is Priority.REGULAR:
            self.priority_badge.hide()
        else:
            shown = words.ticket_priority(ticket, self.session.workplace.hall.timezone)
            self.priority_badge.setText("★ " + shown.upper())
            self.priority_badge.show()
        self.hint.setText(words.say("card.serving_hint" if serving else "card.called_hint"))
        now = self.session.now()
        waited_until = ticket.called_at or now
        self.waited.value.setText(words.minutes(waited_until - ticket.issued_at))
        if serving:
            # How long this citizen has been at the desk; the call time no longer matters.
            started = self.session.serving_since()
            self.since_called.caption.setText(words.say("card.serving_for"))
            self.since_called.value.setText(words.clock(now - started) if started else "–")
        else:
            self.since_called.caption.setText(words.say("card.since_called"))
            self.since_called.value.setText(
                words.clock(now - ticket.called_at) if ticket.called_at else "–"
            )
        self.recalls.value.setText(words.say("card.recall_count", n=ticket.recalls))
        self.nik.value.setText(ticket.nik_masked or words.say("card.no_nik"))
        self.facts.show()

    def _show_idle(self, status: CounterStatus) -> None:
        waiting = self.session.waiting
        if status is CounterStatus.CLOSED:
            self._tone("closed", words.say("card.closed_chip"))
            idle = words.say("card.closed")
            hint = words.say("card.closed_hint")
        elif status is CounterStatus.PAUSED:
            self._tone("paused", words.say("card.paused_chip_idle"))
            idle = words.say("card.paused")
            hint = words.say("card.paused_hint")
        elif waiting:
            self._tone("idle", words.say("card.ready_chip"))
            idle = words.say("card.no_ticket")
            first = waiting[0]
            mark = (
                "" if first.priority is Priority.REGULAR else f", {words.priority(first.priority)}"
            )
            hint = words.say(
                "card.next_hint",
                n=sum(self.session.counts.values()) or len(waiting),
                number=first.number,
                service=self.session.service_name(first.service_id),
                mark=mark,
            )
        else:
            self._tone("idle", words.say("card.ready_chip"))
            idle = words.say("card.nobody")
            hint = words.say("card.nobody_hint")
        self.number.hide()
        self.idle.setText(idle)
        self.idle.show()
        self.service.hide()
        self.priority_badge.hide()
        self.hint.setText(hint)
        self.facts.hide()

    def _tone(self, tone: str, chip: str) -> None:
        self.state_chip.setText(chip)
        set_look(self, "tone", tone)
        set_look(self.state_chip, "tone", tone)
