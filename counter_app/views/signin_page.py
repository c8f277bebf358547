"""Masuk: server address, user name, password. The server and user name are remembered,
so a normal morning is a password and Enter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app import words
from counter_app.language import Language
from counter_app.signin import SignIn
from counter_app.views.language_switch import LanguageSwitch


class SignInPage(QWidget):
    def __init__(self, signin: SignIn, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signin = signin
        self._busy_now = False
        self.setObjectName("page")

        card = QFrame(self)
        card.setObjectName("formCard")
        card.setFixedWidth(560)
        self.title = title = QLabel(card)
        title.setObjectName("formTitle")
        self.subtitle = subtitle = QLabel(card)
        subtitle.setObjectName("formSubtitle")
        self.language = LanguageSwitch(language, card)

        remembered = signin.remembered
        self.server = QLineEdit(remembered.server_url, card)
        self.username = QLineEdit(remembered.username, card)
        self.password = QLineEdit(card)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(card)
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.submit = QPushButton(card)
        self.submit.setObjectName("primary")
        self.submit.setDefault(True)
        self.submit.clicked.connect(self.send)
        for field in (self.server, self.username, self.password):
            field.returnPressed.connect(self.send)

        form = QFormLayout()
        form.setVerticalSpacing(12)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.field_names = [QLabel(card) for _ in range(3)]
        for name, field in zip(
            self.field_names, (self.server, self.username, self.password), strict=True
        ):
            form.addRow(name, field)

        inner = QVBoxLayout(card)
        inner.setContentsMargins(36, 30, 36, 30)
        inner.setSpacing(14)
        # The switch on a row of its own: beside the title it would cut the title short.
        inner.addWidget(self.language, 0, Qt.AlignmentFlag.AlignRight)
        inner.addWidget(title)
        inner.addWidget(subtitle)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addWidget(self.submit, 0, Qt.AlignmentFlag.AlignRight)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        signin.failed.connect(self.show_error)
        signin.busyChanged.connect(self._busy)
        self.retranslate()

    def retranslate(self) -> None:
        """Every text again, in the language just chosen."""
        self.title.setText(words.say("signin.title"))
        self.subtitle.setText(words.say("signin.subtitle"))
        self.server.setPlaceholderText(words.say("signin.server_hint"))
        for name, key in zip(
            self.field_names, ("signin.server", "signin.username", "signin.password"), strict=True
        ):
            name.setText(words.say(key))
        self.submit.setText(words.say("signin.busy" if self._busy_now else "signin.submit"))

    def showEvent(self, event: object) -> None:
        # The first empty field gets the cursor: usually the password.
        for field in (self.server, self.username, self.password):
            if not field.text():
                field.setFocus()
                break

    def send(self) -> None:
        self.error.hide()
        self.signin.sign_in(self.server.text(), self.username.text(), self.password.text())

    def show_error(self, text: str, /) -> None:
        self.error.setText(text)
        self.error.show()
        self.password.selectAll()
        self.password.setFocus()

    def _busy(self, busy: bool) -> None:
        self._busy_now = busy
        self.submit.setEnabled(not busy)
        self.submit.setText(words.say("signin.busy" if busy else "signin.submit"))
