"""The live-event hub: fans committed events out to every connected screen.

Publishing never waits on a client: each subscriber has its own bounded backlog and its
own sender task. A screen that falls too far behind (a frozen smart-TV browser, a stalled
Wi-Fi link) is cut off and resumes later with `since`; it does not slow the other 999.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import Any

from queue_core.events import compact_json

BACKLOG = 4096
"""Events a subscriber may have unsent before it is disconnected."""

Item = tuple[dict[str, Any], str]


class Subscriber:
    def __init__(
        self, want: Callable[[dict[str, Any]], bool] | None, credential: str | None = None
    ) -> None:
        self.want = want
        self.credential = credential
        """The token the client connected with: checked again whenever credentials change."""
        self.dropped = False
        """Fell too far behind (or the server is stopping): the client must resume."""
        self.revoked = False
        """Its token no longer works: the client must sign in again (close 4401)."""
        self._items: deque[Item] = deque()
        self._ready = asyncio.Event()

    def push(self, item: Item) -> bool:
        if len(self._items) >= BACKLOG:
            self.drop()
            return False
        self._items.append(item)
        self._ready.set()
        return True

    def drop(self) -> None:
        self.dropped = True
        self._items.clear()
        self._ready.set()

    async def next_batch(self) -> list[Item] | None:
        """Everything pending, oldest first; None once dropped."""
        await self._ready.wait()
        if self.dropped:
            return None
        items = list(self._items)
        self._items.clear()
        self._ready.clear()
        return items


class Hub:
    def __init__(self) -> None:
        self._subscribers: set[Subscriber] = set()

    def subscribe(
        self, want: Callable[[dict[str, Any]], bool] | None = None, credential: str | None = None
    ) -> Subscriber:
        sub = Subscriber(want, credential)
        self._subscribers.add(sub)
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        self._subscribers.discard(sub)

    @property
    def count(self) -> int:
        return len(self._subscribers)

    def publish(self, events: list[dict[str, Any]]) -> None:
        """Runs on the event loop (the writer hands each committed batch over)."""
        if not self._subscribers:
            return
        # Serialize once per event, not once per screen.
        encoded = [(e, compact_json(e)) for e in events]
        for sub in list(self._subscribers):
            for item in encoded:
                if (sub.want is None or sub.want(item[0])) and not sub.push(item):
                    self._subscribers.discard(sub)
                    break

    def revoke(self, still_valid: Callable[[str], bool]) -> int:
        """Cut off every subscriber whose token `still_valid` refuses; how many were."""
        cut = 0
        for sub in list(self._subscribers):
            if sub.credential is not None and not still_valid(sub.credential):
                sub.revoked = True
                sub.drop()
                self._subscribers.discard(sub)
                cut += 1
        return cut

    def close_all(self) -> None:
        for sub in self._subscribers:
            sub.drop()
        self._subscribers.clear()
