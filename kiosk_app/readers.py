"""The kiosk's NIK readers, brought onto the GUI thread.

Sources call back on their own threads (serial, PC/SC); `ReaderHub` turns each reading
into a queued signal so `KioskFlow.nik_read` always runs on the GUI thread. A reader
that cannot start is reported and skipped: the keypad works whatever the readers do.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from card_reader.errors import ReaderUnavailable
from card_reader.source import NikSource

if TYPE_CHECKING:
    from kiosk_app.flow import KioskFlow

log = logging.getLogger(__name__)


def reader_hub(flow: KioskFlow, parent: QObject | None = None) -> ReaderHub:
    """The kiosk's hub: readings to `nik_read`, keyboard typing to the keypad."""
    hub = ReaderHub(parent)
    hub.read.connect(flow.nik_read)
    hub.typed.connect(flow.key_typed)
    return hub


class ReaderHub(QObject):
    read = Signal(str, str)
    """(raw NIK string, source name)."""
    state = Signal(str, str)
    """(source name, state): "ready", "reading", "unplugged", "unavailable", "stopped"."""
    typed = Signal(str)
    """A key a person typed on a keyboard (a digit, or "\\n" for Enter): sources that
    watch the keyboard (the wedge reader) hand typing back, for the keypad."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sources: list[NikSource] = []

    def add(self, source: NikSource) -> None:
        name = source.name
        try:
            source.start(
                lambda text: self.read.emit(text, name),
                lambda state, _detail: self.state.emit(name, state),
            )
        except ReaderUnavailable as exc:
            log.warning("NIK reader %s unavailable: %s", name, exc)
            self.state.emit(name, "unavailable")
            return
        self._sources.append(source)
        typed = getattr(source, "typed", None)
        if typed is not None:
            typed.connect(self.typed)

    def stop(self) -> None:
        for source in self._sources:
            source.stop()
        self._sources.clear()
