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

from counter_app.signin import SignIn


class SignInPage(QWidget):
    def __init__(self, signin: SignIn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.signin = signin
        self.setObjectName("page")

        card = QFrame(self)
        card.setObjectName("formCard")
        card.setFixedWidth(560)
        title = QLabel("Aplikasi Petugas Loket", card)
        title.setObjectName("formTitle")
        subtitle = QLabel("Masuk dengan akun petugas Anda.", card)
        subtitle.setObjectName("formSubtitle")

        remembered = signin.remembered
        self.server = QLineEdit(remembered.server_url, card)
        self.server.setPlaceholderText("mis. 192.168.1.10:8000")
        self.username = QLineEdit(remembered.username, card)
        self.password = QLineEdit(card)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(card)
        self.error.setObjectName("formError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.submit = QPushButton("Masuk (Enter)", card)
        self.submit.setObjectName("primary")
        self.submit.setDefault(True)
        self.submit.clicked.connect(self.send)
        for field in (self.server, self.username, self.password):
            field.returnPressed.connect(self.send)

        form = QFormLayout()
        form.setVerticalSpacing(12)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow("Alamat server", self.server)
        form.addRow("Nama pengguna", self.username)
        form.addRow("Kata sandi", self.password)

        inner = QVBoxLayout(card)
        inner.setContentsMargins(36, 30, 36, 30)
        inner.setSpacing(14)
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
        self.submit.setEnabled(not busy)
        self.submit.setText("Menghubungkan…" if busy else "Masuk (Enter)")
