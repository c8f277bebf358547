"""A keyboard-wedge reader: it "types" the NIK as key presses, digits then Enter.

Told apart from a person by rhythm alone: a reader sends a whole burst within a few
milliseconds per key, while even a fast typist leaves 80 ms or more between keys. The
decoder holds keys while they come fast; a burst of at least `min_burst` keys ended by
Enter is a reading; anything slower is handed back, key by key, as typing (the kiosk puts
it on its keypad). Time comes in with each key, so this class needs no clock and no Qt.
"""

from __future__ import annotations

from collections.abc import Callable

from card_reader.source import OnRead

ENTER = "\n"
DEFAULT_MAX_GAP = 0.05
"""Seconds between two keys of one burst. Readers send at 1-10 ms a key; 50 ms leaves room
for a busy kiosk's event loop, and no human keeps under it for sixteen keys."""


class WedgeDecoder:
    name = "wedge"

    def __init__(
        self,
        on_read: OnRead,
        on_typed: Callable[[str], None] | None = None,
        *,
        max_gap: float = DEFAULT_MAX_GAP,
        min_burst: int = 8,
    ) -> None:
        self._on_read = on_read
        self._on_typed = on_typed
        self.max_gap = max_gap
        self.min_burst = min_burst
        self._held = ""
        self._last: float | None = None

    def key(self, char: str, at: float) -> None:
        """One key press at monotonic time `at` (seconds): a digit, or ENTER."""
        if self._last is not None and at - self._last > self.max_gap:
            self._release()
        self._last = at
        if char != ENTER:
            self._held += char
            return
        if len(self._held) >= self.min_burst:
            burst, self._held, self._last = self._held, "", None
            self._on_read(burst)
        else:
            self._release()
            self._typed(ENTER)
            self._last = None

    def tick(self, now: float) -> None:
        """Call soon after the last key: keys left waiting longer than a burst allows were
        typed by hand, so the keypad should get them now, not at the next key."""
        if self._last is not None and now - self._last > self.max_gap:
            self._release()
            self._last = None

    def pending(self) -> bool:
        return bool(self._held)

    def _release(self) -> None:
        held, self._held = self._held, ""
        for char in held:
            self._typed(char)

    def _typed(self, char: str) -> None:
        if self._on_typed is not None:
            self._on_typed(char)
