"""The one window: sign in → choose the counter → work it; back to sign in when the
server ends the session or the operator leaves."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from counter_app import words
from counter_app.choice import CounterChoice
from counter_app.language import Language
from counter_app.model import CounterSession
from counter_app.signin import SignIn, Workplace
from counter_app.views.chooser_page import ChooserPage
from counter_app.views.counter_page import CounterPage
from counter_app.views.signin_page import SignInPage

SessionFactory = Callable[[Workplace, int, QObject], CounterSession]


def new_session(workplace: Workplace, counter_id: int, parent: QObject) -> CounterSession:
    return CounterSession(workplace, counter_id, parent=parent)


class CounterWindow(QMainWindow):
    def __init__(
        self,
        signin: SignIn,
        session_factory: SessionFactory = new_session,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.signin = signin
        self._new_session = session_factory
        self.language = Language(signin.remembered, self)
        self.language.changed.connect(self.retranslate)
        self.setWindowTitle(words.say("window.title"))
        self.setMinimumSize(1280, 720)
        self.pages = QStackedWidget(self)
        self.setCentralWidget(self.pages)
        self.signin_page = SignInPage(signin, self.language, self)
        self.pages.addWidget(self.signin_page)
        self.chooser: ChooserPage | None = None
        self.counter: CounterPage | None = None
        self.workplace: Workplace | None = None
        signin.signedIn.connect(self.choose_counter)

    @property
    def session(self) -> CounterSession | None:
        return self.counter.session if self.counter is not None else None

    def choose_counter(self, workplace: Workplace) -> None:
        self.workplace = workplace
        choice = CounterChoice(workplace, self.signin.remembered.last_counter, parent=self)
        choice.chosen.connect(lambda counter_id: self.open_counter(workplace, counter_id))
        self._replace_chooser(ChooserPage(choice, self))

    def retranslate(self) -> None:
        """The ID/EN switch was pressed: every page says its texts again."""
        self.setWindowTitle(words.say("window.title"))
        self.signin_page.retranslate()
        if self.chooser is not None:
            self.chooser.retranslate()
        # The counter page follows the language itself (it connects to it).

    def open_counter(self, workplace: Workplace, counter_id: int) -> None:
        remembered = self.signin.remembered
        remembered.last_counter = counter_id
        remembered.sync()
        session = self._new_session(workplace, counter_id, self)
        page = CounterPage(session, self.language, self)
        page.signOut.connect(self.sign_out)
        page.sessionEnded.connect(self.sign_out)
        self._drop_counter()
        self.counter = page
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)
        session.open()

    def sign_out(self, reason: str = "") -> None:
        self._drop_counter()
        if self.chooser is not None:
            self.pages.removeWidget(self.chooser)
            self.chooser.choice.close()
            self.chooser.deleteLater()
            self.chooser = None
        self._drop_workplace()
        self.signin_page.password.clear()
        if reason:
            self.signin_page.show_error(reason)
        self.pages.setCurrentWidget(self.signin_page)

    def _replace_chooser(self, page: ChooserPage) -> None:
        if self.chooser is not None:
            self.pages.removeWidget(self.chooser)
            self.chooser.deleteLater()
        self.chooser = page
        self.pages.addWidget(page)
        self.pages.setCurrentWidget(page)

    def _drop_counter(self) -> None:
        if self.counter is not None:
            self.counter.session.shutdown()
            self.pages.removeWidget(self.counter)
            self.counter.deleteLater()
            self.counter = None

    def _drop_workplace(self) -> None:
        if self.workplace is not None:
            self.workplace.client.close()
            self.workplace = None

    def shutdown(self) -> None:
        """Stop the live stream, wait for requests in flight, close the connections."""
        self._drop_counter()
        if self.chooser is not None:
            self.chooser.choice.close()
        self.signin.close()
        self._drop_workplace()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
