"""The check-in screens: the booking code (scanned or typed on a big keypad of the code's
32 characters) and the NIK's last 4 digits (or the e-KTP)."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk_app.checkin import KEYS
from kiosk_app.flow import KioskFlow
from kiosk_app.views.parts import button, label, spacer
from kiosk_app.views.screens import _key, _page


def booking_code(m: KioskFlow, portrait: bool) -> QWidget:
    page, box = _page(
        label(m.say("booking_code_title"), "title"), label(m.say("booking_code_hint"), "lead")
    )
    box.setSpacing(14)
    shown = label(m.shown_code(), "nikDigits", wrap=False, center=True)
    keys = QGridLayout()
    keys.setSpacing(10)
    columns = 6 if portrait else 8
    for i, key in enumerate(KEYS):
        row, column = divmod(i, columns)
        keys.addWidget(button(key, partial(m.press_code_key, key), "key", height=92), row, column)
    # Delete takes the rest of the last row (or a row of its own when that is full).
    row, column = divmod(len(KEYS), columns)
    erase = button("⌫ " + m.say("erase"), m.erase_code_key, "keyWord", height=92)
    keys.addWidget(erase, row, column, 1, columns - column)
    for column in range(columns):
        keys.setColumnStretch(column, 1)
    go = button(m.say("next"), m.confirm_code, "primary", enabled=m.can_confirm_code(), height=120)
    back = button(m.say("back"), m.back)
    _arrange(box, portrait, shown, keys, go, back)
    return page


def _arrange(
    box: QVBoxLayout, portrait: bool, shown: QWidget, keys: QGridLayout, go: QWidget, back: QWidget
) -> None:
    """Portrait: one column; landscape: what was typed and the buttons left, keys right
    (as the NIK screen), so a 1080-pixel-high screen holds it all."""
    if portrait:
        box.addWidget(shown)
        box.addLayout(keys, 1)
        box.addWidget(go)
        box.addWidget(back)
        return
    row = QHBoxLayout()
    row.setSpacing(48)
    left = QVBoxLayout()
    for widget in (shown, spacer(), go, back):
        left.addWidget(widget)
    row.addLayout(left, 2)
    row.addLayout(keys, 3)
    box.addLayout(row, 1)


def booking_digits(m: KioskFlow, portrait: bool) -> QWidget:
    page, box = _page(
        label(m.say("booking_digits_title"), "title"),
        label(m.shown_booking_code(), "lead", center=True),
        label(m.say("booking_digits_hint"), "lead"),
    )
    box.setSpacing(14)
    typed = (m.booking_digits + "····")[:4]
    shown = label(" ".join(typed), "nikDigits", wrap=False, center=True)
    keys = QGridLayout()
    keys.setSpacing(16)
    for i, digit in enumerate("123456789"):
        keys.addWidget(_key(digit, partial(m.press_booking_digit, digit)), i // 3, i % 3)
    keys.addWidget(_key("0", lambda: m.press_booking_digit("0")), 3, 1)
    keys.addWidget(
        button("⌫ " + m.say("erase"), m.erase_booking_digit, "keyWord", height=120), 3, 2
    )
    for column in range(3):
        keys.setColumnStretch(column, 1)
    ready = len(m.booking_digits) == 4
    go = button(m.say("check_in"), m.confirm_booking_digits, "primary", enabled=ready, height=120)
    _arrange(box, portrait, shown, keys, go, button(m.say("back"), m.back))
    return page
