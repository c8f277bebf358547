"""The Berkas view (F12): the agency's open dossiers, overdue first, and one F-key per
step (F1–F6 in the order of a dossier's life). A window-modal dialog over the counter, so
the counter's own F1–F10 cannot fire while it is up; Esc goes back to the counter."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app import dossier_words as dw
from counter_app import words
from counter_app.dossier_desk import DossierDesk, steps_for
from counter_app.dossier_table import DUE, NOTE, REFERENCE, SERVICE, DossierTableModel
from counter_app.signin import Workplace
from counter_app.views.key_button import KeyButton
from counter_app.views.style import set_look
from queue_client.dossiers import Dossier, DossierStep
from queue_core.dossier import NOTE_MAX

NOTE_STEPS = {
    # step: (the dialog's words, whether the note is required)
    DossierStep.NEED: ("need", True),
    DossierStep.READY: ("ready", False),
    DossierStep.REJECT: ("reject", True),
}


class NoteDialog(QDialog):
    """What is missing (need), where/when to collect (ready), or why (reject)."""

    def __init__(self, kind: str, required: bool, reference: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.required = required
        self.setWindowTitle(reference)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        heading = QLabel(f"{reference} · {dw.say(kind + '.title')}", self)
        heading.setObjectName("dialogTitle")
        heading.setWordWrap(True)
        explain = QLabel(dw.say(kind + ".explain"), self)
        explain.setWordWrap(True)
        self.note = QLineEdit(self)
        self.note.setMaxLength(NOTE_MAX)
        self.note.setPlaceholderText(dw.say(kind + ".hint"))
        self.missing = QLabel(dw.say("note.required"), self)
        self.missing.setObjectName("fieldError")
        self.missing.hide()
        box = QDialogButtonBox(self)
        ok = box.addButton(dw.say("note.ok"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        box.addButton(words.say("dialog.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addWidget(self.note)
        layout.addWidget(self.missing)
        layout.addWidget(box)
        self.resize(620, 250)
        self.note.setFocus()

    @property
    def text(self) -> str:
        return self.note.text().strip()

    def accept(self) -> None:
        if self.required and not self.text:
            self.missing.show()  # the citizen reads this note: an empty one says nothing
            self.note.setFocus()
            return
        super().accept()


TRAIL_LINES = 4


def detail(dossier: Dossier, service: str, timezone: str) -> str:
    """The chosen dossier in full (the table cuts long notes): what it is, then its
    latest steps, newest first, with their notes."""
    head = " · ".join(x for x in (dossier.reference, dossier.ticket_number, dossier.title) if x)
    lines = [f"{head} — {service}"]
    for entry in list(reversed(dossier.timeline))[:TRAIL_LINES]:
        local = entry.at.astimezone(ZoneInfo(timezone))
        line = f"{dw.day(local.date())} {local:%H:%M}: {dw.status(entry.status)}"
        if entry.code:
            line += f" ({entry.system} {entry.code})"
        if entry.note:
            line += f" — {entry.note}"
        lines.append(line)
    return "\n".join(lines)


class DossierView(QDialog):
    def __init__(
        self, desk: DossierDesk, workplace: Workplace, agency: str, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.agency = agency
        self.timezone = workplace.hall.timezone
        self.note_dialog: NoteDialog | None = None
        self.setObjectName("dossierView")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.title = QLabel(self)
        self.title.setObjectName("dialogTitle")
        self.summary = QLabel(self)
        self.summary.setObjectName("dossierSummary")
        self.help = QLabel(self)
        self.help.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("problem")
        self.message.setWordWrap(True)
        self.message.hide()

        self.model = DossierTableModel(desk, workplace, self)
        self.table = table = QTableView(self)
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = table.horizontalHeader()
        for column in range(NOTE + 1):
            mode = QHeaderView.ResizeMode.ResizeToContents
            if column in (SERVICE, NOTE):
                mode = QHeaderView.ResizeMode.Stretch
            header.setSectionResizeMode(column, mode)
        header.setSectionResizeMode(REFERENCE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DUE, QHeaderView.ResizeMode.ResizeToContents)
        table.selectionModel().currentRowChanged.connect(lambda *_: self.refresh_keys())
        # A re-read (an event, the timer) must not move the operator's choice.
        self._keep: int | None = None
        self.model.modelAboutToBeReset.connect(self._remember)
        self.model.modelReset.connect(self._restore)

        self.buttons: dict[DossierStep, KeyButton] = {}
        keys = QHBoxLayout()
        keys.setSpacing(10)
        for step in DossierStep:
            button = KeyButton(self)
            button.setMinimumHeight(72)
            button.clicked.connect(lambda _=False, s=step: self.trigger(s))
            keys.addWidget(button, 1)
            self.buttons[step] = button
            shortcut = QShortcut(QKeySequence(dw.step_key(step)), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda s=step: self.trigger(s))
        self.detail = QLabel(self)
        self.detail.setObjectName("dossierDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)  # staff notes are text, never markup
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("dossierButton")
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.help)
        layout.addWidget(self.message)
        layout.addWidget(table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(keys)

        desk.changed.connect(self._changed)
        desk.problem.connect(lambda text: self.show_message(text, "error"))
        desk.notice.connect(lambda text: self.show_message(text, "info"))
        self.retranslate()
        self._changed()
        table.setFocus()

    # --- what is shown ----------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(dw.say("view.title", agency=self.agency))
        self.help.setText(dw.say("view.help"))
        self.close_button.setText(dw.say("view.close"))
        self.model.retranslate()
        self._changed()

    def show_message(self, text: str, tone: str) -> None:
        self.message.setText(text)
        set_look(self.message, "tone", tone)
        self.message.show()

    @property
    def selected(self) -> Dossier | None:
        return self.model.dossier(self.table.currentIndex().row())

    def select(self, dossier_id: int) -> None:
        row = self.model.row_of(dossier_id)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.selectionModel().select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _remember(self) -> None:
        chosen = self.selected
        self._keep = chosen.id if chosen is not None else None

    def _restore(self) -> None:
        if self._keep is not None:
            self.select(self._keep)

    def _changed(self) -> None:
        items = self.desk.items
        if not self.desk.loaded:
            self.summary.setText(dw.say("view.loading"))
        elif not items:
            self.summary.setText(dw.say("view.empty"))
        else:
            ready = sum(1 for d in items if d.status.value == "ready")
            self.summary.setText(
                dw.say("view.summary", n=len(items), late=self.desk.overdue_count, ready=ready)
            )
        if self.selected is None and items:
            self.select(items[0].id)
        self.refresh_keys()

    def refresh_keys(self) -> None:
        chosen = self.selected
        self.detail.setText(
            detail(chosen, self.model.service(chosen), self.timezone) if chosen else ""
        )
        self.detail.setVisible(chosen is not None)
        allowed = steps_for(chosen.status) if chosen is not None else ()
        for step, button in self.buttons.items():
            button.show_action(dw.step_key(step), dw.step_label(step), dw.step_label(step))
            button.setEnabled(step in allowed and self.desk.busy is None)

    # --- the keys ---------------------------------------------------------------------

    def trigger(self, step: DossierStep) -> None:
        chosen = self.selected
        if chosen is None or step not in steps_for(chosen.status) or self.desk.busy is not None:
            return  # a disabled key does nothing, as at the counter
        self.message.hide()
        if step not in NOTE_STEPS:
            self.desk.step(chosen.id, step)
            return
        kind, required = NOTE_STEPS[step]
        dialog = NoteDialog(kind, required, chosen.reference, self)
        self.note_dialog = dialog
        dossier_id = chosen.id

        def send() -> None:
            self.desk.step(dossier_id, step, dialog.text or None)

        def closed(_result: int) -> None:
            if self.note_dialog is dialog:
                self.note_dialog = None
            dialog.deleteLater()
            self.activateWindow()  # the F-keys are this window's shortcuts

        dialog.accepted.connect(send)
        dialog.finished.connect(closed)
        dialog.open()
