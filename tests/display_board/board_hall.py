"""The test hall through its REST API and a recording player, for the Qt board's tests
(imported by name: conftest.py puts this folder on the path)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from PySide6.QtCore import QTimer
from support import Server, bearer

from display_board.announcer import Announcement
from display_board.board_model import BoardModel
from display_board.snapshot import ShownCall
from queue_client import Backoff

WAIT_MS = 15_000
FAST = Backoff(first=0.05, cap=0.3)


class Hall:
    """The test hall through its REST API: a kiosk that issues, an admin at the counters."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.kiosk = bearer(server.device_token("kiosk-1", "kiosk"))
        self.admin = bearer(server.staff_token())
        self.display = server.device_token("layar-lobi", "display")

    def post(self, path: str, **kw: Any) -> dict[str, Any]:
        r = httpx.post(f"{self.server.url}{path}", headers=self.admin, **kw)
        assert r.status_code in (200, 201), r.text
        return dict(r.json())

    def issue(self, service: str = "kk") -> None:
        r = httpx.post(
            f"{self.server.url}/api/v1/tickets", json={"service_id": service}, headers=self.kiosk
        )
        assert r.status_code == 201, r.text

    def open(self, *counters: int) -> None:
        for counter in counters:
            self.post(f"/api/v1/counters/{counter}/open")

    def call_next(self, counter: int) -> dict[str, Any]:
        return self.post(f"/api/v1/counters/{counter}/call-next")

    def head(self) -> int:
        return int(httpx.get(f"{self.server.url}/api/v1/health").json()["last_seq"])

    def calls_since(self, seq: int) -> list[tuple[int, str, int]]:
        """The calls in the hall's event log after `seq`: the truth to compare to."""
        r = httpx.get(
            f"{self.server.url}/api/v1/events",
            params={"since": seq, "limit": 1000},
            headers=self.admin,
        )
        return [
            (e["seq"], e["data"]["number"], e["data"]["counter_id"])
            for e in r.json()["events"]
            if e["type"] in ("ticket.called", "ticket.recalled")
        ]


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
