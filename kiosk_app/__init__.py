"""The touchscreen kiosk where citizens take a queue number (see docs/kiosk.md).

`flow.KioskFlow` is the model: every screen, choice and timer, testable without a window.
`views/` draws it; `app.main` wires the server, the printer and the NIK readers.
"""
