"""The one protocol every NIK source speaks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

OnRead = Callable[[str], None]
"""Receives one raw NIK string as the reader produced it (still unchecked). It may be
called on the source's own thread: a GUI must hop to its own thread before acting."""

OnState = Callable[[str, str], None]
"""Receives (state, detail): "ready", "reading", "unplugged", "unavailable", "stopped".
Staff read it on the kiosk's status line; the keypad keeps working whatever it says."""


class NikSource(Protocol):
    name: str
    """Short and stable, for logs and the status line: "wedge", "serial", "pcsc"."""

    def start(self, on_read: OnRead, on_state: OnState | None = None) -> None:
        """Begin delivering NIK strings to `on_read` until `stop()`."""

    def stop(self) -> None:
        """Stop and release the device; safe to call twice."""
