"""ID | EN: two small buttons, the active language pressed. Kept out of the keyboard's
way (no focus): F-keys and Enter belong to the counter's work."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QWidget

from counter_app import words
from counter_app.language import Language

# Its own look (the app's style sheet has none for it): readable on the dark header and
# on the light sign-in page alike.
LOOK = """
QPushButton { min-width: 44px; min-height: 30px; padding: 2px 10px; font-weight: 600;
  border: 1px solid #9ca3af; background: #ffffff; color: #374151; border-radius: 0; }
QPushButton:checked { background: #1d4ed8; border-color: #1d4ed8; color: #ffffff; }
"""


class LanguageSwitch(QWidget):
    def __init__(self, language: Language, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.setObjectName("languageSwitch")
        self.setStyleSheet(LOOK)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        for code in words.LANGUAGES:
            button = QPushButton(code.upper(), self)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip("Bahasa Indonesia" if code == "id" else "English")
            button.clicked.connect(lambda _=False, c=code: language.choose(c))
            self._group.addButton(button)
            layout.addWidget(button)
            self.buttons[code] = button
        language.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.buttons[self.language.code].setChecked(True)
