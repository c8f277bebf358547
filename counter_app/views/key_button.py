"""A big button that shows its keyboard key: operators learn the keys by seeing them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class KeyButton(QPushButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionKey")
        # Keys, not focus, drive the counter: a clicked button must not keep the focus
        # (and with it Space/Enter) from the note field.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(100)
        self.key_badge = QLabel(self)
        self.key_badge.setObjectName("keyBadge")
        self.caption = QLabel(self)
        self.caption.setObjectName("actionLabel")
        self.caption.setWordWrap(True)
        for label in (self.key_badge, self.caption):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.key_badge)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 8, 8)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.caption, 1)

    def show_action(self, key: str, caption: str, hint: str) -> None:
        self.key_badge.setText(key)
        self.caption.setText(caption)
        self.setToolTip(f"{hint} ({key})")
        self.setAccessibleName(f"{caption} ({key})")
