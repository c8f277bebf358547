"""The live floor (/admin/floor, supervisor+): the page, its JSON and its WebSocket.

The page is complete without JavaScript (the figures as of loading it). A small script
(static/console-floor.js) keeps it live: it reads /admin/floor.json, then opens
/admin/floor/ws?since=SEQ, which sends the floor again after every event that changes it
(and every half minute, for waits and pauses that grow without an event). Both are
authenticated by the console cookie, never a token in the page; the socket also checks
the Origin, because a browser sends cookies on a WebSocket from any site that opens one
(SameSite=Strict makes that moot in today's browsers; the check keeps it so elsewhere).
Every message carries the whole floor, so a console that missed events is true again
with the next one, and after a reconnect it re-reads the floor first (docs/console.md).
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Request, WebSocket
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.requests import HTTPConnection

from queue_server.console.floor import Floor, Snapshot, floor_of
from queue_server.console.render import HTML, render, templates
from queue_server.console.session import (
    CONSOLE_ROLES,
    LANG_COOKIE,
    PATH,
    ConsoleUser,
    same_origin,
    session_person,
)
from queue_server.console.words import WORDS
from queue_server.runtime import HallRuntime
from queue_server.socket_pump import pump

router = APIRouter(include_in_schema=False)

REFRESH_SECONDS = 30.0
"""With no event, the socket still sends the floor this often when it changed (a wait
passing its target, a pause growing long)."""
SIGN_IN_AGAIN = 4401
"""Close code: the session ended (signed out, disabled, expired): the page says so."""
RESUME = 4008
"""Close code: the console fell behind; it re-reads the floor and reconnects."""


def _lang(conn: HTTPConnection) -> str:
    asked = conn.query_params.get("lang")
    if asked in WORDS:
        return asked
    kept = conn.cookies.get(LANG_COOKIE)
    return kept if kept in WORDS else "id"


def _local(runtime: HallRuntime, stamp: str | None) -> str:
    if not stamp:
        return ""
    moment = datetime.fromisoformat(stamp).astimezone(ZoneInfo(runtime.hall.timezone))
    return f"{moment:%H:%M}"


def _live_html(runtime: HallRuntime, snapshot: Snapshot, lang: str) -> str:
    return templates.get_template("console/floor_live.html").render(
        _context(runtime, snapshot, lang)
    )


def _context(runtime: HallRuntime, snapshot: Snapshot, lang: str) -> dict[str, Any]:
    hall = runtime.hall
    return {
        "floor": snapshot.data,
        "en": lang == "en",
        "agencies": {a.id: a.short or a.name for a in hall.agencies},
        "counter_names": {c.id: c.name for c in hall.counters},
        "queue_names": {s.id: (s.name_en if lang == "en" else s.name) for s in hall.services},
        "at_local": _local(runtime, snapshot.data["at"]),
        "local": lambda stamp: _local(runtime, stamp),
    }


def _payload(runtime: HallRuntime, snapshot: Snapshot, lang: str) -> dict[str, Any]:
    return {**snapshot.data, "html": _live_html(runtime, snapshot, lang)}


def _message(runtime: HallRuntime, floor: Floor, agency: str | None, lang: str) -> tuple[str, str]:
    """(the live part, the message) of the floor now: fifty consoles woken by one call
    share one rendering and one JSON encoding (kept on the server's Floor)."""
    snapshot = floor.snapshot(agency)
    key = (snapshot.seq, snapshot.data["at"], agency, lang)
    hit = floor.messages.get(key)
    if hit is None:
        if len(floor.messages) > 64:
            floor.messages.clear()
        payload = _payload(runtime, snapshot, lang)
        hit = floor.messages[key] = (payload["html"], json.dumps(payload, ensure_ascii=False))
    return hit


@router.get(f"{PATH}/floor")
async def floor_page(request: Request, user: ConsoleUser) -> HTMLResponse:
    runtime: HallRuntime = request.app.state.runtime
    lang = _lang(request)
    snapshot = floor_of(runtime).snapshot(user.agency_id)
    return render(
        request,
        user,
        "console/floor.html",
        title="Live floor" if lang == "en" else "Lantai layanan",
        live_html=_live_html(runtime, snapshot, lang),
        seq=snapshot.seq,
    )


@router.get(f"{PATH}/floor.json")
async def floor_json(request: Request, user: ConsoleUser) -> JSONResponse:
    runtime: HallRuntime = request.app.state.runtime
    snapshot = floor_of(runtime).snapshot(user.agency_id)
    return JSONResponse(_payload(runtime, snapshot, _lang(request)), headers=HTML)


@router.websocket(f"{PATH}/floor/ws")
async def floor_ws(websocket: WebSocket, since: int = 0) -> None:
    runtime: HallRuntime = websocket.app.state.runtime
    person = session_person(websocket)
    if person is None or person.role not in CONSOLE_ROLES or not same_origin(websocket):
        # Refused before the handshake completes: the browser sees a failed connection, and
        # the page's re-read of floor.json then tells "sign in again" from a network fault.
        await websocket.close(code=SIGN_IN_AGAIN if person is None else 4403)
        return
    await websocket.accept()
    # Subscribed with the session's token: signing out, a disabled account or an expired
    # session cuts the stream off (hub.revoke), and the page asks to sign in again.
    sub = runtime.hub.subscribe(credential=person.token)
    floor, lang, agency = floor_of(runtime), _lang(websocket), person.agency_id
    await pump(
        websocket, runtime.hub, sub, _send(websocket, runtime, sub, floor, lang, agency, since)
    )


async def _send(
    websocket: WebSocket,
    runtime: HallRuntime,
    sub: Any,
    floor: Floor,
    lang: str,
    agency: str | None,
    since: int,
) -> None:
    last_html = ""
    last_seq = since

    async def send_if_changed(force: bool) -> None:
        nonlocal last_html, last_seq
        html, text = _message(runtime, floor, agency, lang)
        if force or html != last_html:
            await websocket.send_text(text)
            last_html, last_seq = html, floor.snapshot(agency).seq

    # What happened since the page's floor.json: the floor now, when anything did.
    if runtime.writer.head > since:
        await send_if_changed(force=True)
    while True:
        try:
            batch = await asyncio.wait_for(sub.next_batch(), REFRESH_SECONDS)
        except TimeoutError:
            await send_if_changed(force=False)
            continue
        if batch is None:
            code = SIGN_IN_AGAIN if sub.revoked else RESUME
            await websocket.close(code=code, reason="sign in again" if sub.revoked else "resume")
            return
        if max(event["seq"] for event, _ in batch) > last_seq:
            await send_if_changed(force=False)
