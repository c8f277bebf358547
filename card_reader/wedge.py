"""A keyboard-wedge reader: it "types" the NIK as key presses, digits then Enter.

Told apart from a person by rhythm alone: a reader sends a whole burst within a few
milliseconds per key, while even a fast typist leaves 80 ms or more between keys. Time
comes in with each key, so this class needs no clock and no Qt.

Two promises, and how they are kept:

- Nothing typed is lost or late. Held keys are handed back as typing (the kiosk puts them
  on its keypad) as soon as a gap longer than a burst allows shows they may be a person's.
- A reading is one NIK even when the kiosk is busy. A loaded machine (or a reader's own
  buffer) can stall a burst for 60-80 ms in the middle; the keys before the stall were
  already handed back as typing, but they stay in the *sequence*. When Enter closes a
  sequence of at least `min_burst` digits whose gaps were nearly all burst-fast (at most
  `max_stalls` slower ones, each under `stall_gap`), the whole sequence is the reading —
  the kiosk replaces whatever the keypad showed with it. No person keeps most of sixteen
  gaps under 50 ms, so typing never turns into a reading.
"""

from __future__ import annotations

from collections.abc import Callable

from card_reader.source import OnRead

ENTER = "\n"
DEFAULT_MAX_GAP = 0.05
"""Seconds between two keys of one burst. Readers send at 1-10 ms a key; 50 ms leaves room
for a busy kiosk's event loop, and no human keeps under it for sixteen keys."""
DEFAULT_STALL_GAP = 0.3
"""The longest stall a burst may have and still be one reading: a busy event loop or a
reader's USB buffer; longer, and whatever came before is taken as a person's typing."""
DEFAULT_MAX_STALLS = 2


class WedgeDecoder:
    name = "wedge"

    def __init__(
        self,
        on_read: OnRead,
        on_typed: Callable[[str], None] | None = None,
        *,
        max_gap: float = DEFAULT_MAX_GAP,
        min_burst: int = 8,
        stall_gap: float = DEFAULT_STALL_GAP,
        max_stalls: int = DEFAULT_MAX_STALLS,
    ) -> None:
        self._on_read = on_read
        self._on_typed = on_typed
        self.max_gap = max_gap
        self.min_burst = min_burst
        self.stall_gap = stall_gap
        self.max_stalls = max_stalls
        self._held = ""
        """Keys not yet handed back: they may still be the start of a reading."""
        self._sequence = ""
        """Digits since the last Enter or long pause: what a reading would be."""
        self._stalls = 0
        self._last: float | None = None

    def key(self, char: str, at: float) -> None:
        """One key press at monotonic time `at` (seconds): a digit, or ENTER."""
        if self._last is not None:
            gap = at - self._last
            if gap > self.max_gap:
                self._release()
                self._stalls += 1
            if gap > self.stall_gap:
                self._sequence, self._stalls = "", 0
        self._last = at
        if char != ENTER:
            self._held += char
            self._sequence += char
            return
        if len(self._sequence) >= self.min_burst and self._stalls <= self.max_stalls:
            reading = self._sequence
            self._reset()
            self._on_read(reading)
        else:
            self._release()
            self._reset()
            self._typed(ENTER)

    def tick(self, now: float) -> None:
        """Call soon after the last key: keys left waiting longer than a burst allows were
        typed by hand, so the keypad should get them now, not at the next key. They stay
        in the sequence: a stalled burst that goes on is still one reading."""
        if self._last is not None and now - self._last > self.max_gap:
            self._release()

    def pending(self) -> bool:
        return bool(self._held)

    def _reset(self) -> None:
        self._held, self._sequence, self._stalls, self._last = "", "", 0, None

    def _release(self) -> None:
        held, self._held = self._held, ""
        for char in held:
            self._typed(char)

    def _typed(self, char: str) -> None:
        if self._on_typed is not None:
            self._on_typed(char)
