"""The hall's live events: every event exactly once, in order, across any disconnect.

A `LiveStream` runs in its own thread with its own asyncio loop, so Qt apps and plain
blocking code can both use it. It connects to `WS /api/v1/events/ws?since=N`, hands each
event to `on_event` and remembers the last `seq` it handed over. On any disconnect (the
server restarting, Wi-Fi dropping, close 4008 "too far behind") it reconnects with
back-off and jitter and resumes with `since=last_seq`; the server replays what was
missed. An event at or below `last_seq` is dropped; one that skips ahead makes it fetch
the missing range from `GET /api/v1/events` first. A refused token (HTTP 403 handshake,
close 4401/4403) stops it: retrying cannot help until someone signs in again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import Callable
from enum import StrEnum
from types import TracebackType

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException

from queue_client.backoff import Backoff, Delays
from queue_client.models import Event, EventPage

log = logging.getLogger(__name__)

CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_TOO_FAR_BEHIND = 4008


class ConnectionState(StrEnum):
    CONNECTING = "connecting"
    """First attempt after start()."""
    CONNECTED = "connected"
    """The socket is open: replay, then live events, flow."""
    RECONNECTING = "reconnecting"
    """Lost the server; trying again with back-off. Events are not lost meanwhile."""
    AUTH_FAILED = "auth_failed"
    """The server refused the token (detail: unauthorized or forbidden). Stopped."""
    STOPPED = "stopped"


EventHandler = Callable[[Event], None]
StateHandler = Callable[[ConnectionState, str], None]
"""(new state, detail: why, in English, for logs and tooltips; may be empty)."""


class AuthFailed(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class _Resume(Exception):
    """Drop this socket and reconnect from last_seq (the server's replay fills in)."""


class LiveStream:
    """Delivers the hall's events to `on_event`, in `seq` order, each exactly once.

    Both callbacks run on the stream's own thread, one at a time: keep them short (the Qt
    bridge only posts to the GUI thread). An exception from `on_event` is logged and the
    event counts as applied: a broken handler must not replay the same event forever.
    """

    def __init__(
        self,
        server_url: str,
        token: str,
        on_event: EventHandler,
        *,
        since: int = 0,
        on_state: StateHandler | None = None,
        backoff: Backoff | None = None,
        ping_interval: float = 10.0,
        open_timeout: float = 5.0,
        page_size: int = 500,
    ) -> None:
        self.server_url = server_url.rstrip("/")
        self.token = token
        """Settable: after AUTH_FAILED, sign in again, set it, and start() again."""
        self._on_event = on_event
        self._on_state = on_state
        self._backoff = backoff or Backoff(first=0.2, cap=5.0)
        self._ping_interval = ping_interval
        self._open_timeout = open_timeout
        self._page_size = page_size
        self._last_seq = since
        self._state = ConnectionState.STOPPED
        self._detail = ""
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = threading.Event()

    @property
    def last_seq(self) -> int:
        """The seq of the last event handed to on_event (or `since` before any)."""
        return self._last_seq

    @property
    def state(self) -> ConnectionState:
        return self._state

    @property
    def detail(self) -> str:
        return self._detail

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- lifecycle (any thread) -----------------------------------------------------

    def start(self) -> LiveStream:
        """Start (or, after stop() or AUTH_FAILED, start again from last_seq)."""
        if self.running:
            raise RuntimeError("the live stream is already running")
        self._stopping.clear()
        self._task = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="antre-live", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Close the socket and end the thread; no callback runs after this returns
        (unless called from a callback, which cannot wait for itself)."""
        self._stopping.set()
        loop, thread = self._loop, self._thread
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop already finished
                loop.call_soon_threadsafe(self._cancel)
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def __enter__(self) -> LiveStream:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _run(self) -> None:
        assert self._loop is not None
        try:
            self._loop.run_until_complete(self._main())
        finally:
            self._loop.close()

    # --- the stream's own thread ----------------------------------------------------

    def _set_state(self, state: ConnectionState, detail: str = "") -> None:
        self._detail = detail
        if state is self._state:
            return  # one "reconnecting" per outage, however many tries it takes
        self._state = state
        log.info("live events: %s %s", state.value, detail)
        if self._on_state is not None:
            try:
                self._on_state(state, detail)
            except Exception:
                log.exception("live events: the state handler failed")

    async def _main(self) -> None:
        self._task = asyncio.current_task()
        delays = self._backoff.delays()
        try:
            async with httpx.AsyncClient(
                base_url=self.server_url, timeout=self._open_timeout, trust_env=False
            ) as http:
                self._set_state(ConnectionState.CONNECTING)
                while not self._stopping.is_set():
                    try:
                        await self._session(http, delays)
                    except AuthFailed as exc:
                        self._set_state(ConnectionState.AUTH_FAILED, exc.code)
                        return
                    except (_Resume, OSError, TimeoutError, WebSocketException) as exc:
                        self._set_state(ConnectionState.RECONNECTING, _describe(exc))
                    except Exception as exc:
                        # A bug or a malformed message: a board must not go quietly dead.
                        log.exception("live events: unexpected failure; reconnecting")
                        self._set_state(ConnectionState.RECONNECTING, _describe(exc))
                    await asyncio.sleep(delays.next())
        except asyncio.CancelledError:
            pass  # stop()
        finally:
            if self._state is not ConnectionState.AUTH_FAILED:
                self._set_state(ConnectionState.STOPPED)

    def _ws_url(self) -> str:
        base = self.server_url.replace("https://", "wss://", 1).replace("http://", "ws://", 1)
        return f"{base}/api/v1/events/ws?since={self._last_seq}"

    def _auth(self) -> dict[str, str]:
        # The header, not ?token=: a query string ends up in logs along the way.
        return {"Authorization": f"Bearer {self.token}"}

    async def _session(self, http: httpx.AsyncClient, delays: Delays) -> None:
        """One connection, from the handshake to its end; always ends in an exception."""
        try:
            ws = await connect(
                self._ws_url(),
                additional_headers=self._auth(),
                proxy=None,
                compression=None,  # the server does not deflate: small events, many screens
                open_timeout=self._open_timeout,
                # Our own pings: a pulled cable sends no FIN, so only a missing pong tells
                # a board its server is gone (within two intervals).
                ping_interval=self._ping_interval,
                ping_timeout=self._ping_interval,
                close_timeout=1.0,
            )
        except InvalidStatus as exc:
            if exc.response.status_code in (401, 403):
                raise AuthFailed(await self._why_refused(http)) from exc
            raise
        async with ws:
            self._set_state(ConnectionState.CONNECTED)
            delays.reset()
            await self._pump(ws, http)
        code = ws.close_code
        if code == CLOSE_UNAUTHORIZED:
            raise AuthFailed("unauthorized")
        if code == CLOSE_FORBIDDEN:
            raise AuthFailed("forbidden")
        raise _Resume(f"closed by the server ({code})")

    async def _pump(self, ws: ClientConnection, http: httpx.AsyncClient) -> None:
        try:
            async for text in ws:
                await self._receive(Event.from_json(json.loads(text)), http)
        except ConnectionClosed:
            pass  # the close code tells the caller what to do

    async def _why_refused(self, http: httpx.AsyncClient) -> str:
        """The WebSocket refusal is a bare HTTP 403 whatever the reason; the same token
        on a plain request says whether it is unknown (401) or only lacks the role."""
        try:
            response = await http.get(
                "/api/v1/events", params={"since": 0, "limit": 1}, headers=self._auth()
            )
        except httpx.HTTPError:
            return "forbidden"
        return "unauthorized" if response.status_code == 401 else "forbidden"

    async def _receive(self, event: Event, http: httpx.AsyncClient) -> None:
        if event.seq <= self._last_seq:
            return  # already applied: a replay overlapping live events, or a duplicate
        if event.seq > self._last_seq + 1:
            await self._fill_gap(http, event.seq)
        self._apply(event)

    async def _fill_gap(self, http: httpx.AsyncClient, upto: int) -> None:
        """Apply the events between last_seq and `upto` (exclusive) from the log."""
        log.warning("live events: gap %d..%d, fetching it", self._last_seq + 1, upto - 1)
        while self._last_seq < upto - 1:
            limit = min(self._page_size, upto - 1 - self._last_seq)
            try:
                response = await http.get(
                    "/api/v1/events",
                    params={"since": self._last_seq, "limit": limit},
                    headers=self._auth(),
                )
            except httpx.HTTPError as exc:
                raise _Resume(f"could not fetch the gap: {exc!r}") from exc
            if not response.is_success:
                # A kiosk token may stream but not read pages: a new socket's replay
                # from last_seq delivers the same events.
                raise _Resume(f"could not fetch the gap: HTTP {response.status_code}")
            page = [e for e in EventPage.from_json(response.json()).events if e.seq < upto]
            if not page:
                log.error("live events: the log holds nothing before %d; going on", upto)
                return
            for event in page:
                if event.seq > self._last_seq:
                    self._apply(event)

    def _apply(self, event: Event) -> None:
        try:
            self._on_event(event)
        except Exception:
            log.exception("live events: the handler failed on seq %d", event.seq)
        self._last_seq = event.seq


def _describe(exc: BaseException) -> str:
    if isinstance(exc, _Resume):
        return str(exc)
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
