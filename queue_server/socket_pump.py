"""A subscriber's events pumped to one WebSocket until either side stops: the event
stream (/api/v1/events/ws) and the console's live floor share it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Coroutine
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from queue_server.hub import Hub, Subscriber


async def pump(
    websocket: WebSocket, hub: Hub, sub: Subscriber, sender: Coroutine[Any, Any, None]
) -> None:
    """Run `sender` (it writes to the socket) while reading what the client sends, so a
    client that goes away is noticed even when no event comes; whichever ends first ends
    the other. Always unsubscribes and closes, so no subscriber outlives its socket."""
    try:
        writing = asyncio.create_task(sender)
        reading = asyncio.create_task(_drain(websocket))
        done, pending = await asyncio.wait({writing, reading}, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        for task in done:
            with contextlib.suppress(Exception):
                task.result()
    finally:
        hub.unsubscribe(sub)
        if websocket.application_state is WebSocketState.CONNECTED:
            with contextlib.suppress(Exception):
                await websocket.close()


async def _drain(websocket: WebSocket) -> None:
    """Read (and ignore) what the client sends, to notice when it goes away."""
    with contextlib.suppress(WebSocketDisconnect):
        while True:
            await websocket.receive_text()
