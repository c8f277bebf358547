"""The board's announcer: which calls are spoken, in what order, and never two at once.

Plain Python with no Qt and no audio device: the playing side is a callable handed in,
so the Qt board plays through its own audio output and the tests through a fake.

Rules (issue 6, "never miss, never repeat"):
- every `ticket.called` and `ticket.recalled` event is queued once, in event order; a
  recall is a new event, so it is spoken again;
- an event is judged once by its `seq`: a replay after a reconnect brings nothing that
  was already heard;
- a call older than `max_age` when it arrives (it happened while the board was cut
  off) is shown by the board but not spoken: the citizen has already gone, or is
  long gone;
- one announcement plays at a time; the next starts only when the player says the
  current one is done;
- a clip that cannot be read degrades the call to the chime alone, a chime that cannot
  be read to silence, and a player that fails to nothing worse than a notice.
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from display_board.voice import CHIME, Voice, VoiceError, assemble_wav
from queue_core.spoken_call import phrase_for

__all__ = [
    "Announcement",
    "Announcer",
    "Call",
    "Offer",
    "assemble_wav",
    "phrase_for",
]

CALL_TYPES = {"ticket.called": False, "ticket.recalled": True}
MAX_AGE = timedelta(seconds=60)
"""A call that reaches the board later than this (a replay after a long disconnect) is
shown but not spoken."""


@dataclass(frozen=True)
class Call:
    """One call (or recall) of a ticket to a counter, as an event announced it."""

    seq: int
    ticket_id: int
    number: str
    counter_id: int
    at: datetime
    recall: bool = False

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> Call | None:
        """The call in a wire event `{seq, type, at, data}`; None for any other event."""
        if event.get("type") not in CALL_TYPES:
            return None
        data = event["data"]
        if data.get("counter_id") is None:
            return None
        return cls(
            seq=int(event["seq"]),
            ticket_id=int(data["ticket_id"]),
            number=str(data["number"]),
            counter_id=int(data["counter_id"]),
            at=datetime.fromisoformat(str(event["at"])),
            recall=CALL_TYPES[event["type"]],
        )


@dataclass(frozen=True)
class Announcement:
    """What the player gets: the call, its clip keys and the assembled WAV. The WAV is
    empty when the announcer has no `Voice` (the player works from the keys) and when
    even the chime could not be read (the player stays silent for this one)."""

    call: Call
    keys: tuple[str, ...]
    wav: bytes


class Offer(enum.Enum):
    """What `Announcer.offer` did with an event."""

    QUEUED = "queued"  # a call, to be spoken
    STALE = "stale"  # a call too old to speak: show it, say nothing
    SEEN = "seen"  # seq already judged (a replay): do nothing again
    IGNORED = "ignored"  # not a call, or not for this board


Player = Callable[[Announcement, Callable[[], None]], None]
"""Starts playing an announcement and calls `done()` once it has ended (or failed). It
may call `done` before it returns (a blocking player) or later from the same thread (a
Qt player on its `finished` signal). A player that raises is treated as done."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Announcer:
    """The queue of calls waiting to be spoken, fed with live events in `seq` order."""

    def __init__(
        self,
        player: Player,
        *,
        voice: Voice | None = None,
        counters: Collection[int] | None = None,
        last_seq: int = 0,
        max_age: timedelta = MAX_AGE,
        clock: Callable[[], datetime] = _utc_now,
        on_notice: Callable[[str | None], None] | None = None,
    ) -> None:
        """`counters`: speak only calls to these counters (a zone's board); None: all.
        `last_seq`: events up to it count as already heard (a board that starts at the
        head of the log). `clock` should be the server's time where the two differ: a
        wrong clock on the board must not silence (or replay) calls."""
        self._player = player
        self._voice = voice
        self._counters = None if counters is None else frozenset(counters)
        self._last_seq = last_seq
        self._max_age = max_age
        self._clock = clock
        self._on_notice = on_notice
        self._queue: deque[Call] = deque()
        self._playing: Announcement | None = None
        self._starting = False
        self.notice: str | None = None
        """Why the board is quieter than it should be (shown on screen), or None."""

    @property
    def last_seq(self) -> int:
        """The newest event seq judged: reconnect with `since=last_seq`."""
        return self._last_seq

    @property
    def playing(self) -> Call | None:
        return self._playing.call if self._playing else None

    @property
    def waiting(self) -> tuple[Call, ...]:
        return tuple(self._queue)

    @property
    def idle(self) -> bool:
        return self._playing is None and not self._queue

    def set_counters(self, counters: Collection[int]) -> None:
        """The counters this board speaks for changed (hall.changed: a counter added)."""
        self._counters = frozenset(counters)

    def offer(self, event: Mapping[str, Any]) -> Offer:
        """Judge one live event (in `seq` order); queue it when it is a call to speak."""
        seq = int(event["seq"])
        if seq <= self._last_seq:
            return Offer.SEEN
        self._last_seq = seq
        call = Call.from_event(event)
        if call is None or (self._counters is not None and call.counter_id not in self._counters):
            return Offer.IGNORED
        if self._clock() - call.at > self._max_age:
            return Offer.STALE
        self._queue.append(call)
        self._start_next()
        return Offer.QUEUED

    def _start_next(self) -> None:
        # A player that finishes inside play() calls back into here; the flag turns that
        # recursion into this loop, so a burst of 500 calls cannot overflow the stack.
        if self._starting:
            return
        self._starting = True
        try:
            while self._playing is None and self._queue:
                announcement = self._prepare(self._queue.popleft())
                self._playing = announcement
                try:
                    self._player(announcement, partial(self._done, announcement))
                except Exception as exc:  # a broken output must not stop the board
                    self._set_notice(f"Suara tidak dapat diputar ({exc})")
                    self._playing = None
        finally:
            self._starting = False

    def _done(self, announcement: Announcement) -> None:
        if self._playing is not announcement:
            return  # a late or second `done` for an announcement already over
        self._playing = None
        self._start_next()

    def _prepare(self, call: Call) -> Announcement:
        keys = tuple(phrase_for(call.number, call.counter_id, recall=call.recall))
        if self._voice is None:
            return Announcement(call, keys, b"")
        try:
            wav = self._voice.assemble(list(keys))
            self._set_notice(None)
            return Announcement(call, keys, wav)
        except VoiceError as exc:
            problem = str(exc)
        try:
            wav = self._voice.assemble([CHIME])
            self._set_notice(f"Suara panggilan tidak lengkap; hanya bel ({problem})")
            return Announcement(call, (CHIME,), wav)
        except VoiceError as exc:
            self._set_notice(f"Suara panggilan tidak tersedia ({exc})")
            return Announcement(call, (), b"")

    def _set_notice(self, notice: str | None) -> None:
        if notice != self.notice:
            self.notice = notice
            if self._on_notice is not None:
                self._on_notice(notice)
