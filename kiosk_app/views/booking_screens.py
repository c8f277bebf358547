"""The check-in screens: the booking code (scanned or typed on a big keypad of the code's
32 characters) and the NIK's last 4 digits (or the e-KTP)."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk_app.checkin import KEYS
from kiosk_app.flow import KioskFlow
from kiosk_app.views.parts import button, label
from kiosk_app.views.screens import _key, _page


def booking_code(m: KioskFlow, portrait: bool) -> QWidget:
    page, box = _page(
        label(m.say("booking_code_title"), "title"), label(m.say("booking_code_hint"), "lead")
    )
    box.setSpacing(14)
    box.addWidget(label(m.shown_code(), "nikDigits", wrap=False, center=True))
    keys = QGridLayout()
    keys.setSpacing(10)
    columns = 6 if portrait else 8
    for i, key in enumerate(KEYS):
        keys.addWidget(
            button(key, partial(m.press_code_key, key), "key", height=92), *divmod(i, columns)
        )
    rows = (len(KEYS) + columns - 1) // columns
    keys.addWidget(
        button("⌫ " + m.say("erase"), m.erase_code_key, "keyWord", height=92), rows, 0, 1, 2
    )
    for column in range(columns):
        keys.setColumnStretch(column, 1)
    box.addLayout(keys, 1)
    box.addWidget(
        button(m.say("next"), m.confirm_code, "primary", enabled=m.can_confirm_code(), height=120)
    )
    box.addWidget(button(m.say("back"), m.back))
    return page


def booking_digits(m: KioskFlow, portrait: bool) -> QWidget:
    page, box = _page(
        label(m.say("booking_digits_title"), "title"),
        label(m.shown_booking_code(), "lead", center=True),
        label(m.say("booking_digits_hint"), "lead"),
    )
    box.setSpacing(14)
    typed = (m.booking_digits + "····")[:4]
    box.addWidget(label(" ".join(typed), "nikDigits", wrap=False, center=True))
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
    box.addLayout(keys, 1)
    ready = len(m.booking_digits) == 4
    box.addWidget(
        button(m.say("check_in"), m.confirm_booking_digits, "primary", enabled=ready, height=120)
    )
    box.addWidget(button(m.say("back"), m.back))
    return page
