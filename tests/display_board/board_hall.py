"""The test hall through its REST API and a recording player, for the Qt board's tests
(imported by name: conftest.py puts this folder on the path)."""

from __future__ import annotations

from collections.abc import Callable

from hall_driver import HallDriver
from PySide6.QtCore import QTimer

from display_board.announcer import Announcement
from display_board.board_model import BoardModel
from display_board.snapshot import ShownCall
from queue_client import Backoff

WAIT_MS = 15_000
FAST = Backoff(first=0.05, cap=0.3)


class Hall(HallDriver):
    def calls_since(self, seq: int) -> list[tuple[int, str, int]]:  # type: ignore[override]
        """The calls after `seq` as (seq, number, counter), the shape the board's calls have."""
        return [(c["seq"], c["number"], c["counter_id"]) for c in super().calls_since(seq)]


class Recorder:
    """A player that records each announcement and ends it on the next turn of the loop,
    as a real output's `finished` signal would."""

    def __init__(self) -> None:
        self.played: list[Announcement] = []

    def __call__(self, announcement: Announcement, done: Callable[[], None]) -> None:
        self.played.append(announcement)
        QTimer.singleShot(0, done)

    def seqs(self) -> list[int]:
        return [a.call.seq for a in self.played]


Board = tuple[BoardModel, Recorder, list[ShownCall]]
