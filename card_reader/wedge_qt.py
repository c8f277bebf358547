"""The Qt side of a keyboard-wedge reader: an application-wide event filter.

The only module of card_reader that imports Qt (an import-linter contract says so). It
takes the keys a reader types (a NIK's digits, or a QR's URL from a 2D scanner) and Enter
from whatever widget has focus, feeds them with their arrival time to `WedgeDecoder`, and
swallows them: the kiosk has no text field a reader's keys should land in. Keys typed by
hand come back through `typed`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent

from card_reader.wedge import DEFAULT_MAX_GAP, ENTER, WedgeDecoder

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_QR_TEXT = frozenset(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-._~:/?#[]@!$&'()*+,;=%"
)
"""What a 2D scanner types for a QR holding a URL (RFC 3986's characters): a booking's
`…/b/<token>` or a ticket's `…/t/<token>`, read in one burst like a NIK. The kiosk has
no text field such keys should land in, and a person's letters come back as typed keys,
which the keypad ignores."""


class WedgeReader(QObject):
    """A `NikSource` fed by key events. `start` installs it on the object whose keys it
    should watch (by default the application)."""

    name = "wedge"
    typed = Signal(str)
    """A key a person typed (a digit, or "\\n" for Enter)."""

    def __init__(
        self,
        watched: QObject,
        *,
        max_gap: float = DEFAULT_MAX_GAP,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._watched = watched
        self._clock = clock
        self._decoder: WedgeDecoder | None = None
        self._max_gap = max_gap
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(int(max_gap * 2000))
        self._flush.timeout.connect(self._tick)

    def start(self, on_read: Callable[[str], None], on_state: object = None) -> None:
        self._decoder = WedgeDecoder(on_read, self.typed.emit, max_gap=self._max_gap)
        self._watched.installEventFilter(self)
        if callable(on_state):
            on_state("ready", "")

    def stop(self) -> None:
        self._watched.removeEventFilter(self)
        self._flush.stop()
        self._decoder = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._decoder is None or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        text = event.text()
        if event.key() in _ENTER_KEYS:
            char = ENTER
        elif len(text) == 1 and text in _QR_TEXT:
            char = text
        else:
            return False
        self._decoder.key(char, self._clock())
        self._flush.start()
        return True

    def _tick(self) -> None:
        if self._decoder is not None:
            self._decoder.tick(self._clock())
