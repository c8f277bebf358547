"""The counter at work: header, connection banner, message line, the current ticket,
the note for Selesai, the ten action keys and the live side panel."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app import words
from counter_app.actions import ACTIONS, PAD, Action
from counter_app.language import Language
from counter_app.model import CounterSession
from counter_app.remembered import Remembered
from counter_app.views.action_pad import ActionPad
from counter_app.views.banner import ConnectionBanner
from counter_app.views.dialogs import TicketPicker, TransferDialog
from counter_app.views.dossier_row import DossierRow
from counter_app.views.dossier_view import DossierView
from counter_app.views.language_switch import LanguageSwitch
from counter_app.views.side_panel import SidePanel
from counter_app.views.style import set_look
from counter_app.views.ticket_card import TicketCard
from queue_core.counter import CounterStatus

PROBLEM_MS = 20_000
"""How long a message stays (a new action clears it sooner): long enough to be read by
someone who was looking at the citizen."""


class CounterHeader(QFrame):
    signOut = Signal()

    def __init__(
        self, session: CounterSession, language: Language, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("header")
        workplace = session.workplace
        counter = workplace.counter(session.counter_id)
        agency = workplace.agency_name(counter.agency_id) if counter else ""
        name = QLabel(f"{session.counter_name} · {agency}", self)
        name.setObjectName("counterName")
        self._zone = counter.zone if counter is not None else ""
        self.place = services = QLabel(self)
        services.setObjectName("counterServices")
        self.connection = QLabel(self)
        self.connection.setObjectName("connection")
        self.user = user = QLabel(self)
        user.setObjectName("headerUser")
        self.clock = QLabel(self)
        self.clock.setObjectName("headerClock")
        self.sign_out = QPushButton(self)
        self.sign_out.setObjectName("link")
        self.sign_out.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.sign_out.clicked.connect(self.signOut)
        self.language = LanguageSwitch(language, self)

        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(name)
        titles.addWidget(services)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 6, 16, 6)
        layout.setSpacing(18)
        layout.addLayout(titles)
        layout.addStretch(1)
        layout.addWidget(self.connection)
        layout.addWidget(user)
        layout.addWidget(self.clock)
        layout.addWidget(self.language)
        layout.addWidget(self.sign_out)
        session.changed.connect(self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        zone = words.say("header.zone", zone=self._zone) if self._zone else ""
        self.place.setText(f"{self.session.workplace.hall.name}{zone}")
        self.sign_out.setText(words.say("header.sign_out"))
        self.sign_out.setToolTip(words.say("header.sign_out_hint"))
        workplace = self.session.workplace
        self.user.setText(f"{workplace.username} ({words.role(workplace.role)})")
        self.refresh()

    def refresh(self) -> None:
        session = self.session
        if not session.connected:
            self.connection.setText(words.say("header.down"))
            set_look(self.connection, "state", "down")
        elif session.stale:
            self.connection.setText(words.say("header.syncing"))
            set_look(self.connection, "state", "syncing")
        else:
            self.connection.setText(words.say("header.connected"))
            set_look(self.connection, "state", "connected")
        # Leaving an open counter would leave citizens queued for a loket nobody works.
        self.sign_out.setEnabled(session.status is CounterStatus.CLOSED or not session.connected)
        self.tick()

    def tick(self) -> None:
        zone = self.session.workplace.hall.timezone
        self.clock.setText(words.local_clock(self.session.now(), zone))


class CounterPage(QWidget):
    signOut = Signal()
    sessionEnded = Signal(str)

    def __init__(
        self,
        session: CounterSession,
        language: Language | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("page")
        # A page on its own (tests, a second window) follows what the PC remembers.
        language = language if language is not None else Language(Remembered(), self)
        self.language = language
        language.changed.connect(self.retranslate)
        self.dialog: QDialog | None = None
        """The transfer or picker dialog while one is open."""

        self.header = CounterHeader(session, language, self)
        self.header.signOut.connect(self.signOut)
        self.banner = ConnectionBanner(session, self)
        self.message = QLabel(self)
        self.message.setObjectName("problem")
        self.message.setWordWrap(True)
        self.message.hide()
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.setInterval(PROBLEM_MS)
        self._message_timer.timeout.connect(self.message.hide)

        self.card = TicketCard(session, self)
        self.note_label = note_label = QLabel(self)
        note_label.setObjectName("noteLabel")
        self.note = QLineEdit(self)
        self.note.setMaxLength(500)
        self.dossier_row = DossierRow(session, self)
        self.dossier_row.viewRequested.connect(self.show_dossiers)
        self.dossier_view: DossierView | None = None
        """The Berkas view (F12) while it is open."""
        self.pad = ActionPad(session, self)
        self.pad.triggered.connect(self.trigger)
        self.side = SidePanel(session, self)

        note_row = QHBoxLayout()
        note_row.addWidget(note_label)
        note_row.addWidget(self.note, 1)
        left = QVBoxLayout()
        left.setSpacing(10)
        left.addWidget(self.message)
        left.addWidget(self.card, 1)
        left.addLayout(note_row)
        left.addWidget(self.dossier_row)
        left.addWidget(self.pad)
        body = QHBoxLayout()
        body.setContentsMargins(14, 12, 14, 14)
        body.setSpacing(14)
        body.addLayout(left, 64)
        body.addWidget(self.side, 36)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)

        # Window-wide: the keys work wherever the focus is (the note field included).
        self.shortcuts: list[QShortcut] = []
        for slot, actions in enumerate(PAD):
            shortcut = QShortcut(QKeySequence(ACTIONS[actions[0]].key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda s=slot: self.pad.trigger_slot(s))
            self.shortcuts.append(shortcut)
        for key, press in (("F11", self.dossier_row.press_f11), ("F12", self.show_dossiers)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(press)
            self.shortcuts.append(shortcut)

        self._shown_ticket: int | None = None
        session.changed.connect(self._changed)
        session.problem.connect(lambda text: self.show_message(text, "error"))
        session.notice.connect(lambda text: self.show_message(text, "info"))
        session.ended.connect(self.sessionEnded)

        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self.tick)
        self._clock.start()
        self.retranslate()
        self._changed()

    def retranslate(self) -> None:
        """Every text again, in the language just chosen (the state is unchanged)."""
        self.note_label.setText(words.say("note.label"))
        self.note.setPlaceholderText(words.say("note.hint"))
        self.header.retranslate()
        self.dossier_row.retranslate()
        if self.dossier_view is not None:
            self.dossier_view.retranslate()
        self.banner.refresh()
        self.card.refresh()
        self.pad.refresh()
        self.side.retranslate()
        self.message.hide()  # it was said in the other language

    def tick(self) -> None:
        """Once a second: the clock and the durations move."""
        self.header.tick()
        self.card.refresh()
        self.side.tick()

    def show_message(self, text: str, tone: str) -> None:
        self.message.setText(text)
        set_look(self.message, "tone", tone)
        self.message.show()
        self._message_timer.start()

    def _changed(self) -> None:
        current = self.session.current
        ticket_id = current.id if current is not None else None
        if ticket_id != self._shown_ticket:
            # Another citizen (or none): the note belonged to the previous one.
            self._shown_ticket = ticket_id
            self.note.clear()
        self.note.setEnabled(current is not None)
        if self.dialog is not None and not self.session.ready:
            self.dialog.reject()  # what it offered may no longer be true

    def trigger(self, action: Action) -> None:
        """Do what a key or button asks; the ones that need a choice open a dialog."""
        if action not in self.session.allowed:
            return
        self.message.hide()
        session = self.session
        if action is Action.TRANSFER:
            transfer = TransferDialog(session, self)

            def send_transfer() -> None:
                if transfer.service_id is not None:
                    session.transfer(transfer.service_id, transfer.counter_id)

            transfer.accepted.connect(send_transfer)
            self._open(transfer)
        elif action in (Action.CALL_TICKET, Action.REQUEUE):
            calling = action is Action.CALL_TICKET
            pick = TicketPicker(
                session,
                session.waiting if calling else session.no_shows,
                words.say("pick.call_title" if calling else "pick.requeue_title"),
                words.say("pick.call_ok" if calling else "pick.requeue_ok"),
                self,
            )

            def send_pick() -> None:
                if pick.ticket_id is None:
                    return
                if calling:
                    session.call_ticket(pick.ticket_id)
                else:
                    session.requeue(pick.ticket_id)

            pick.accepted.connect(send_pick)
            self._open(pick)
        elif action is Action.FINISH:
            row = self.dossier_row
            session.finish(self.note.text(), dossier=row.wanted, title=row.title.text())
        else:
            {
                Action.CALL_NEXT: session.call_next,
                Action.RECALL: session.recall,
                Action.START: session.start,
                Action.NO_SHOW: session.no_show,
                Action.PAUSE: session.pause,
                Action.RESUME: session.resume,
                Action.CLOSE: session.close,
                Action.OPEN: session.reopen,
            }[action]()

    def show_dossiers(self) -> None:
        """F12: the agency's open dossiers over the counter; Esc comes back."""
        if self.dossier_view is not None or self.dialog is not None:
            return
        if not self.session.keeps_dossiers:
            return  # no service of this agency opens dossiers: nothing to list
        workplace = self.session.workplace
        counter = workplace.counter(self.session.counter_id)
        agency = workplace.agency_name(counter.agency_id) if counter else ""
        view = DossierView(self.session.dossiers, workplace, agency, self)
        self.dossier_view = view
        self.session.dossiers.want()  # fresh when opened, whatever the timer says

        def closed(_result: int) -> None:
            if self.dossier_view is view:
                self.dossier_view = None
            view.deleteLater()
            self.window().activateWindow()

        view.finished.connect(closed)
        view.resize(self.window().size() * 0.94)
        view.open()

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
        # The keys are window shortcuts: hand the keyboard back to the counter's window.
        self.window().activateWindow()
