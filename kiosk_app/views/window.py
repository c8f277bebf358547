"""The kiosk's one window: a top bar (hall, clock, language) over the current screen."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk_app.flow import KioskFlow, Screen
from kiosk_app.views.booking_screens import booking_code, booking_digits
from kiosk_app.views.parts import button, label
from kiosk_app.views.screens import SCREENS

_TOUCHES = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin}


CHECK_IN_SCREENS = {Screen.BOOKING_CODE: booking_code, Screen.BOOKING_DIGITS: booking_digits}


class KioskWindow(QWidget):
    def __init__(self, model: KioskFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName("kiosk")
        self._box = QVBoxLayout(self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(0)
        bar = QWidget()
        bar.setObjectName("topBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(32, 12, 32, 12)
        # Wrapped: an official hall name ("Mal Pelayanan Publik Kota …") on one line
        # pushed the portrait window wider than the screen.
        self._hall = label("", "barText")
        self._clock = label("", "barText", wrap=False)
        self._language = button("", model.toggle_language, "language", height=90)
        self._language.setMaximumWidth(360)
        row.addWidget(self._hall, 1)
        row.addWidget(self._clock)
        row.addSpacing(24)
        row.addWidget(self._language)
        self._box.addWidget(bar)
        self._page: QWidget | None = None
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._show_time)
        self._tick.start(10_000)
        model.changed.connect(self.redraw)
        self.redraw()

    def portrait(self) -> bool:
        return self.height() >= self.width()

    def redraw(self) -> None:
        m = self.model
        m.portrait = self.portrait()  # how many tiles a page holds depends on it
        # A 1366×768 kiosk: the result screen tightens so its every line fits.
        m.short_screen = not m.portrait and self.height() < SHORT_SCREEN
        self._hall.setText(m.hall.name if m.hall else "")
        self._language.setText(m.say("language"))
        self._show_time()
        page = (SCREENS.get(m.screen) or CHECK_IN_SCREENS[m.screen])(m, self.portrait())
        page.setObjectName(f"screen-{m.screen.value}")
        if self._page is not None:
            # Hidden at once: deleteLater alone leaves it drawn until the
            # event loop turns, under the new page.
            self._box.removeWidget(self._page)
            self._page.hide()
            self._page.deleteLater()
        self._page = page
        self._box.addWidget(page, 1)
        page.show()  # a child added to a window already shown stays hidden otherwise

    def _show_time(self) -> None:
        # The hall's own time, whatever zone the kiosk PC was installed with.
        hall = self.model.hall
        now = datetime.now(ZoneInfo(hall.timezone)) if hall else datetime.now().astimezone()
        self._clock.setText(now.strftime("%H:%M"))

    def resizeEvent(self, event: object) -> None:
        portrait = self.portrait()
        short = not portrait and self.height() < SHORT_SCREEN
        if getattr(self, "_was_shape", None) != (portrait, short):
            self._was_shape = (portrait, short)
            self.redraw()
        super().resizeEvent(event)  # type: ignore[arg-type]


SHORT_SCREEN = 900
"""Window heights below this (a 1366×768 landscape kiosk) get the compact result screen."""


class TouchWatcher(QObject):
    """Tells the model about every touch anywhere, to keep the idle timer honest."""

    def __init__(self, model: KioskFlow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _TOUCHES:
            self._model.touch()
        return False
