"""The connection banner: impossible to miss while the counter cannot trust its screen."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from counter_app import words
from counter_app.model import CounterSession
from counter_app.views.style import set_look
from queue_client import ConnectionState

DOWN = frozenset({ConnectionState.RECONNECTING, ConnectionState.AUTH_FAILED})
SYNC_GRACE_MS = 700
"""A normal re-read takes a few milliseconds: only one that lingers is worth a banner
(a flash of amber at every start would teach operators to ignore it)."""


class ConnectionBanner(QFrame):
    def __init__(self, session: CounterSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("banner")
        self.title = QLabel(self)
        self.title.setObjectName("bannerTitle")
        self.text = QLabel(self)
        self.text.setObjectName("bannerText")
        self.text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 10, 20, 10)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        self._grace = QTimer(self)
        self._grace.setSingleShot(True)
        self._grace.setInterval(SYNC_GRACE_MS)
        self._grace.timeout.connect(self._grace_over)
        self.hide()
        session.changed.connect(self.refresh)
        self.refresh()

    @property
    def down(self) -> bool:
        return self.session.connection in DOWN

    def refresh(self) -> None:
        if self.down:
            self._grace.stop()
            set_look(self, "tone", "down")
            self.title.setText(words.say("banner.down_title"))
            self.text.setText(words.say("banner.down_text"))
            self.show()
        elif not self.session.connected or self.session.stale:
            if self.isHidden() and not self._grace.isActive():
                self._grace.start()
            elif not self.isHidden():
                self._show_syncing()
        else:
            self._grace.stop()
            self.hide()

    def _grace_over(self) -> None:
        if not self.down and (not self.session.connected or self.session.stale):
            self._show_syncing()

    def _show_syncing(self) -> None:
        set_look(self, "tone", "syncing")
        self.title.setText(words.say("banner.sync_title"))
        self.text.setText(words.say("banner.sync_text"))
        self.show()
