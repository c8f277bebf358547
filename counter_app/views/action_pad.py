"""The ten action keys, F1–F10, two rows of five, each enabled only when the state
machine allows it. Its own keyboard shortcuts live on the page (they must work whatever
has the focus)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from counter_app.actions import ACTIONS, PAD, Action
from counter_app.model import CounterSession
from counter_app.views.key_button import KeyButton
from counter_app.views.style import set_look
from queue_core.counter import CounterStatus
from queue_core.ticket import TicketStatus

PER_ROW = 5


class ActionPad(QWidget):
    triggered = Signal(object)
    """The `Action` a button was clicked for."""

    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._buttons: list[KeyButton] = []
        self._shown: list[Action] = []
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(10)
        for slot, actions in enumerate(PAD):
            button = KeyButton(self)
            button.clicked.connect(lambda _=False, s=slot: self.trigger_slot(s))
            grid.addWidget(button, slot // PER_ROW, slot % PER_ROW)
            self._buttons.append(button)
            self._shown.append(actions[0])
        for column in range(PER_ROW):
            grid.setColumnStretch(column, 1)
        session.changed.connect(self.refresh)
        self.refresh()

    def button(self, action: Action) -> KeyButton:
        """The button that carries `action` (Istirahat and Lanjut share one)."""
        slot = next(i for i, actions in enumerate(PAD) if action in actions)
        return self._buttons[slot]

    def shown(self, slot: int) -> Action:
        return self._shown[slot]

    def trigger_slot(self, slot: int) -> None:
        action = self._shown[slot]
        if action in self.session.allowed:
            self.triggered.emit(action)

    def refresh(self) -> None:
        allowed = self.session.allowed
        primary = self._next_step()
        for slot, actions in enumerate(PAD):
            action = next((a for a in actions if a in allowed), None) or self._default(actions)
            self._shown[slot] = action
            info = ACTIONS[action]
            button = self._buttons[slot]
            button.show_action(info.key, info.caption, info.tip)
            button.setEnabled(action in allowed)
            set_look(button, "role", "primary" if action is primary and action in allowed else "")

    def _default(self, actions: tuple[Action, ...]) -> Action:
        """Which of a shared key's actions to show while neither is allowed."""
        status = self.session.status
        if Action.RESUME in actions and status is CounterStatus.PAUSED:
            return Action.RESUME
        if Action.OPEN in actions and status is CounterStatus.CLOSED:
            return Action.OPEN
        return actions[0]

    def _next_step(self) -> Action:
        """The usual next key, drawn green so the eye finds it."""
        status = self.session.status
        current = self.session.current
        if status is CounterStatus.CLOSED:
            return Action.OPEN
        if current is not None:
            return Action.FINISH if current.status is TicketStatus.SERVING else Action.START
        if status is CounterStatus.PAUSED:
            return Action.RESUME
        return Action.CALL_NEXT
