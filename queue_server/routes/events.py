"""The event log: a page at a time, or live over a WebSocket with replay from `since`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, WebSocket

from queue_core.errors import DomainError
from queue_server import auth, shapes
from queue_server.deps import Listener, Runtime, bearer_token, identify
from queue_server.edge import error_response
from queue_server.hub import Subscriber
from queue_server.openapi import answers
from queue_server.runtime import HallRuntime
from queue_server.socket_pump import pump
from queue_server.store import events as event_log

router = APIRouter(prefix="/api/v1/events", tags=["events"])

Since = Annotated[int, Query(ge=0, le=2**53 - 1)]
REPLAY_PAGE = 500
TOO_FAR_BEHIND = 4008
"""Close code for a client that fell behind: it reconnects with `since` and loses nothing."""
TOKEN_REVOKED = 4401
"""Close code once the token the client connected with stops working (revoked, disabled,
logged out, rotated): reconnecting with it is refused; the app shows its setup screen."""


@router.get("", responses=answers(shapes.EventPage))
async def events_page(
    runtime: Runtime,
    caller: Listener,
    since: Since = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    return {
        "events": event_log.since(runtime.reader, since, limit),
        "last_seq": event_log.last_seq(runtime.reader),
    }


@router.websocket("/ws")
async def events_ws(websocket: WebSocket, since: Since = 0, token: str | None = None) -> None:
    runtime: HallRuntime = websocket.app.state.runtime
    credential = token or bearer_token(websocket)
    try:
        identify(runtime, credential, auth.OPERATOR | auth.DISPLAY | auth.KIOSK)
    except DomainError as exc:
        if "websocket.http.response" in websocket.scope.get("extensions", {}):
            # Refuse the handshake with the real status and the contract's error body, so a
            # client can tell "sign in again" (401) from "wrong role" (403).
            await websocket.send_denial_response(
                error_response(exc.status, exc.code, exc.message, exc.message_en)
            )
        else:  # servers without the extension turn a close before accept into a 403
            await websocket.close(code=4401 if exc.status == 401 else 4403, reason=exc.code)
        return
    await websocket.accept()
    # Subscribe before reading the log: whatever commits meanwhile is queued, and the
    # seq check below drops what the replay already sent.
    sub = runtime.hub.subscribe(credential=credential)
    await pump(websocket, runtime.hub, sub, _send(websocket, runtime, sub, since))


async def _send(websocket: WebSocket, runtime: HallRuntime, sub: Subscriber, since: int) -> None:
    last = since
    while True:
        page = event_log.since(runtime.reader, last, REPLAY_PAGE)
        for event in page:
            await websocket.send_json(event)
            last = event["seq"]
        if len(page) < REPLAY_PAGE:
            break
    while True:
        batch = await sub.next_batch()
        if batch is None:
            if sub.revoked:
                await websocket.close(code=TOKEN_REVOKED, reason="unauthorized")
            else:
                await websocket.close(code=TOO_FAR_BEHIND, reason="resume with since")
            return
        for event, text in batch:
            if event["seq"] > last:
                await websocket.send_text(text)
                last = event["seq"]
