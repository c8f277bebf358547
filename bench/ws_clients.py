"""The board side of bench/ws_fanout.py: one process holding many live-event WebSockets.

It runs in its own process (started by multiprocessing), so the clients never share an
event loop with the server or with the conductor that calls tickets. It talks to the
conductor over a pipe:

  child → parent  ("ready", n_connected)            once every client is connected
  child → parent  ("all", event_type, ticket_id)     when every client here got that event
  parent → child  "stop"                             close the sockets, then
  child → parent  ("done", [ClientLog, ...])
  child → parent  ("error", text)                   when anything failed

Receive times are `time.monotonic()`: CLOCK_MONOTONIC is one clock for every process on
a Linux machine, so they compare directly with the conductor's t0.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import Coroutine
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from harness import raise_fd_limit

CONNECTING_AT_ONCE = 50
"""Handshakes in flight per process: a burst of 500 SYNs at once only measures the backlog."""


@dataclass
class ClientLog:
    """What one client received: the seqs in arrival order, and when each call arrived."""

    seqs: list[int] = field(default_factory=list)
    called: dict[int, list[float]] = field(default_factory=dict)
    """ticket id → receive times of its `ticket.called` events (exactly one expected)."""


class Tracker:
    def __init__(self, clients: int, pipe: Connection) -> None:
        self.logs = [ClientLog() for _ in range(clients)]
        self.clients, self.pipe = clients, pipe
        self._seen: Counter[tuple[str, int | None]] = Counter()

    def received(self, client: int, text: str | bytes) -> None:
        at = time.monotonic()  # first: parsing is the client's cost, not the delivery's
        event: dict[str, Any] = json.loads(text)
        key = (event["type"], event["data"].get("ticket_id"))
        log = self.logs[client]
        log.seqs.append(event["seq"])
        if key[0] == "ticket.called" and key[1] is not None:
            log.called.setdefault(key[1], []).append(at)
        self._seen[key] += 1
        if self._seen[key] == self.clients:
            self.pipe.send(("all", *key))


async def _connect(url: str, gate: asyncio.Semaphore) -> ClientConnection:
    async with gate:
        # ping_interval=None: the server pings (every 20 s) and websockets answers it;
        # compression stays on as in the browsers of smart TVs, which all offer it.
        return await connect(url, ping_interval=None, open_timeout=60, max_queue=None)


async def _read(ws: ClientConnection, client: int, tracker: Tracker) -> None:
    async for message in ws:
        tracker.received(client, message)


async def _serve(url: str, clients: int, pipe: Connection) -> None:
    gate = asyncio.Semaphore(CONNECTING_AT_ONCE)
    sockets = await asyncio.gather(*(_connect(url, gate) for _ in range(clients)))
    tracker = Tracker(clients, pipe)
    readers = [asyncio.create_task(_read(ws, i, tracker)) for i, ws in enumerate(sockets)]
    pipe.send(("ready", len(sockets)))
    # A thread waits for "stop": loop.add_reader would make the pipe non-blocking, and
    # sending the logs through it could then fail half-way (EAGAIN).
    await asyncio.to_thread(pipe.recv)
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    await asyncio.gather(*readers, return_exceptions=True)
    pipe.send(("done", tracker.logs))


def run_clients(url: str, clients: int, pipe: Connection) -> None:
    """The child process's entry point."""
    raise_fd_limit()
    try:
        _run(_serve(url, clients, pipe))
    except Exception as exc:  # tell the conductor why, rather than leave it waiting
        pipe.send(("error", repr(exc)))


def _run(main: Coroutine[Any, Any, None]) -> None:
    try:
        import uvloop  # the lighter loop keeps the clients' own overhead out of the figure
    except ImportError:
        asyncio.run(main)
    else:
        uvloop.run(main)
