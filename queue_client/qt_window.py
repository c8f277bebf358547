"""Putting a desktop app's window on the whole screen, with or without a window manager.

`showFullScreen()` and `showMaximized()` are requests to a window manager. Hall PCs often
run bare X (an `xinit` session with the app alone, docs/install-pc.md): there is no window
manager to honour them, and the window came up at its default 640×480 in a corner. So the
geometry is set to the screen's first, which bare X obeys, and the request is still made,
for a desktop whose window manager then hides its panels too.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def _screen_of(window: QWidget) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.geometry()


def fill_screen(window: QWidget) -> None:
    """Full screen: the primary screen's whole geometry (kiosk, hall board)."""
    window.setGeometry(_screen_of(window))
    window.showFullScreen()


def fill_work_area(window: QWidget) -> None:
    """Maximized: the screen minus a desktop's panels, or all of it on bare X (counter)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    window.setGeometry(screen.availableGeometry())
    window.showMaximized()
