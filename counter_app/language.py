"""The ID/EN switch: which language the window speaks, remembered by the PC.

A QObject without widgets: the window's pages connect to `changed` and read their texts
again (see words.py for why the choice itself is one for the whole app)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from counter_app import words
from counter_app.remembered import Remembered


class Language(QObject):
    changed = Signal(str)
    """The new language code."""

    def __init__(self, remembered: Remembered, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._remembered = remembered
        words.use(remembered.language)

    @property
    def code(self) -> str:
        return words.language()

    def choose(self, code: str) -> None:
        if code == words.language():
            return
        words.use(code)
        self._remembered.language = words.language()
        self._remembered.sync()  # a power cut must not forget it either
        self.changed.emit(words.language())

    def toggle(self) -> None:
        self.choose("id" if words.english() else "en")
