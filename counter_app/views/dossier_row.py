"""Beside Selesai: "Buka berkas (F11)" with an optional title, offered while a citizen of
a service with `dossier_days` is served; the reference of the dossier just opened (to
tell the citizen); and the Berkas view's button (F12) with how many are overdue."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app import dossier_words as dw
from counter_app.model import CounterSession
from counter_app.views.style import set_look
from queue_client.dossiers import Dossier
from queue_core.dossier import NOTE_MAX
from queue_core.ticket import TicketStatus


class DossierRow(QFrame):
    viewRequested = Signal()

    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("dossierRow")
        self.toggle = QCheckBox(self)
        self.toggle.setObjectName("dossierToggle")
        # F11 drives it; a click must not take the focus from the note field.
        self.toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.title = QLineEdit(self)
        self.title.setMaxLength(NOTE_MAX)
        self.days = QLabel(self)
        self.days.setObjectName("dossierDays")
        self.retry = QLabel(self)
        self.retry.setObjectName("dossierRetry")
        self.view_button = QPushButton(self)
        self.view_button.setObjectName("dossierButton")
        self.view_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view_button.clicked.connect(self.viewRequested)
        self.opened = QLabel(self)
        self.opened.setObjectName("dossierOpened")
        self.opened.setWordWrap(True)
        self.opened.setTextFormat(Qt.TextFormat.RichText)
        self.opened.hide()
        self._opened: tuple[Dossier, str] | None = None
        self._ticket: int | None = None

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        row.addWidget(self.toggle)
        row.addWidget(self.title, 1)
        row.addWidget(self.days)
        row.addWidget(self.retry, 1)
        row.addStretch(0)
        row.addWidget(self.view_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(row)
        layout.addWidget(self.opened)

        session.changed.connect(self.refresh)
        session.dossiers.changed.connect(self.refresh)
        session.dossierOpened.connect(self.show_opened)
        self.toggle.toggled.connect(lambda _on: self.refresh())
        self.retranslate()

    @property
    def offered(self) -> bool:
        """A citizen of a dossier service is being served: F11 applies to them."""
        current = self.session.current
        return (
            current is not None
            and current.status is TicketStatus.SERVING
            and self.session.takes_dossiers(current.service_id) is not None
        )

    @property
    def wanted(self) -> bool:
        return self.offered and self.toggle.isChecked()

    def press_f11(self) -> None:
        """Tick/untick "open dossier"; with no one served and a dossier that did not open,
        try it again."""
        if self.offered:
            if self.session.ready:
                self.toggle.toggle()
        elif self.session.unopened_dossier is not None:
            self.session.retry_dossier()

    def show_opened(self, dossier: Dossier, number: str) -> None:
        self._opened = (dossier, number)
        self.refresh()

    def retranslate(self) -> None:
        self.toggle.setText(dw.say("open.toggle"))
        self.toggle.setToolTip(dw.say("open.hint"))
        self.title.setPlaceholderText(dw.say("open.title_hint"))
        self.title.setToolTip(dw.say("open.title"))
        self.refresh()

    def refresh(self) -> None:
        session = self.session
        current = session.current
        ticket_id = current.id if current is not None else None
        if ticket_id != self._ticket:
            # Another citizen: the choice and the title belonged to the previous one.
            self._ticket = ticket_id
            self.toggle.setChecked(False)
            self.title.clear()
            if current is not None and current.status is TicketStatus.CALLED:
                self._opened = None  # the next citizen is up: the last reference is told
        offered = self.offered
        days = session.takes_dossiers(current.service_id) if current is not None else None
        self.toggle.setVisible(offered)
        self.toggle.setEnabled(offered and session.ready)
        self.title.setVisible(offered)
        self.title.setEnabled(offered and self.toggle.isChecked() and session.ready)
        self.days.setVisible(offered)
        self.days.setText(dw.say("open.days", days=days) if days else "")
        unopened = session.unopened_dossier
        self.retry.setVisible(not offered and unopened is not None)
        if unopened is not None:
            self.retry.setText(dw.say("open_retry", number=unopened.number))
        self.view_button.setVisible(session.keeps_dossiers)
        late = session.dossiers.overdue_count
        self.view_button.setText(
            dw.say("view.button_count", n=late) if late else dw.say("view.button")
        )
        set_look(self.view_button, "late", "yes" if late else "no")
        if self._opened is not None:
            dossier, number = self._opened
            due = dw.day(dossier.due_date) if dossier.due_date else "–"
            # The reference large: the operator reads it out or the citizen copies it.
            reference = f'<span style="font-size:26px">{escape(dossier.reference)}</span>'
            self.opened.setText(
                dw.say("opened", number=escape(number), reference=reference)
                + "<br>"
                + escape(dw.say("opened_more", due=due))
            )
        self.opened.setVisible(self._opened is not None)
