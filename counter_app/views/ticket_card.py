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

        self.waited = Fact("Lama menunggu", self)
        self.since_called = Fact("Sejak dipanggil", self)
        self.recalls = Fact("Panggil ulang", self)
        self.nik = Fact("NIK", self)

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
        if ticket is None:
            self._show_idle(status)
            return
        serving = ticket.status is TicketStatus.SERVING
        tone = "serving" if serving else "called"
        chip = words.TICKET_STATUS[ticket.status].upper()
        if status is CounterStatus.PAUSED:
            chip += " · LOKET ISTIRAHAT"
        self._tone(tone, chip)
        self.number.setText(ticket.number)
        self.number.show()
        self.idle.hide()
        self.service.setText(self.session.service_name(ticket.service_id))
        self.service.show()
        if ticket.priority is Priority.REGULAR:
            self.priority_badge.hide()
        else:
            self.priority_badge.setText("★ " + words.PRIORITY[ticket.priority].upper())
            self.priority_badge.show()
        self.hint.setText(
            "Warga sedang dilayani. F4 bila selesai."
            if serving
            else "Menunggu warga datang ke loket. F3 bila sudah datang, F5 bila tidak hadir."
        )
        now = self.session.now()
        waited_until = ticket.called_at or now
        self.waited.value.setText(words.minutes(waited_until - ticket.issued_at))
        if serving:
            # How long this citizen has been at the desk; the call time no longer matters.
            started = self.session.serving_since()
            self.since_called.caption.setText("Lama dilayani")
            self.since_called.value.setText(words.clock(now - started) if started else "–")
        else:
            self.since_called.caption.setText("Sejak dipanggil")
            self.since_called.value.setText(
                words.clock(now - ticket.called_at) if ticket.called_at else "–"
            )
        self.recalls.value.setText(f"{ticket.recalls}×")
        self.nik.value.setText(ticket.nik_masked or "tidak ada")
        self.facts.show()

    def _show_idle(self, status: CounterStatus) -> None:
        waiting = self.session.waiting
        if status is CounterStatus.CLOSED:
            self._tone("closed", "LOKET TUTUP")
            idle = "Loket tutup"
            hint = "Loket tidak memanggil. Tekan F9 untuk membuka loket."
        elif status is CounterStatus.PAUSED:
            self._tone("paused", "ISTIRAHAT")
            idle = "Sedang istirahat"
            hint = "Loket tidak memanggil. Tekan F8 untuk lanjut melayani."
        elif waiting:
            self._tone("idle", "SIAP MEMANGGIL")
            idle = "Tidak ada nomor aktif"
            first = waiting[0]
            mark = (
                "" if first.priority is Priority.REGULAR else f", {words.PRIORITY[first.priority]}"
            )
            hint = (
                f"{len(waiting)} orang menunggu. Tekan F1 untuk memanggil; "
                f"berikutnya kemungkinan {first.number} "
                f"({self.session.service_name(first.service_id)}{mark})."
            )
        else:
            self._tone("idle", "SIAP MEMANGGIL")
            idle = "Belum ada yang menunggu"
            hint = "Nomor baru muncul di daftar kanan begitu diambil di kios."
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
