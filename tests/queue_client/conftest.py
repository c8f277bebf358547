"""Fixtures for queue_client: signed-in clients on a real server, and two faulty middlemen.

`LossyProxy` stands between a client and the server at the TCP level and can lose one
answer after the server sent it (the request committed; the kiosk never heard). `Relay`
stands between a live stream and the server at the WebSocket level and can drop,
duplicate or cut events, the way a buggy proxy or a flaky link would.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Literal

import httpx
import pytest
from click.testing import CliRunner
from support import Server
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve
from websockets.http11 import Request, Response

from queue_client import HallClient
from queue_server.cli import main as antre_main

# Before any QApplication exists: Qt tests run without a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def antre_here(*args: str, stdin: str | None = None) -> str:
    """`antre …` run in this process: the same command as a user types, minus the 0.3 s
    of a new interpreter, which adds up over a suite that makes a token per test."""
    result = CliRunner().invoke(antre_main, list(args), input=stdin)
    assert result.exit_code == 0, result.output
    return result.output


Device = Callable[[str, str], str]


@pytest.fixture
def device(server: Server) -> Device:
    """Makes a device (`antre device add NAME --role ROLE`) and returns its token."""

    def add(name: str, role: str) -> str:
        printed = antre_here("device", "add", name, "--role", role, "--db", str(server.db))
        return printed.strip().splitlines()[-1]  # the token is the last line

    return add


@pytest.fixture
def staff(server: Server) -> Iterator[HallClient]:
    """An admin signed in through the client itself (admin ⊇ supervisor ⊇ operator)."""
    password = "admin-password-123"
    antre_here(
        "user", "add", "admin", "--role", "admin", "--password-stdin", "--db", str(server.db),
        stdin=password + "\n",
    )  # fmt: skip
    with HallClient(server.url) as client:
        client.login("admin", password)
        yield client


@pytest.fixture
def kiosk(server: Server, device: Device) -> Iterator[HallClient]:
    with HallClient(server.url, device("kiosk-1", "kiosk")) as client:
        yield client


# --- losing an answer at the TCP level ---------------------------------------------


class LossyProxy:
    """Forwards TCP to the server. `lose_next_answer` makes it swallow the next bytes the
    server sends back: "hold" keeps the connection open (the client times out), "cut"
    closes it (the client sees the connection drop)."""

    def __init__(self, upstream_port: int) -> None:
        self._upstream_port = upstream_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._lock = threading.Lock()
        self._armed: str | None = None
        self._sockets: list[socket.socket] = []
        self.lost = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def lose_next_answer(self, how: Literal["hold", "cut"]) -> None:
        with self._lock:
            self._armed = how

    def close(self) -> None:
        self._listener.close()
        with self._lock:
            for s in self._sockets:
                with contextlib.suppress(OSError):
                    s.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            upstream = socket.create_connection(("127.0.0.1", self._upstream_port))
            with self._lock:
                self._sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._answers, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    def _answers(self, upstream: socket.socket, client: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := upstream.recv(65536):
                with self._lock:
                    how, self._armed = self._armed, None
                    self.lost += how is not None
                if how == "cut":
                    client.close()
                    upstream.close()
                    return
                if how == "hold":
                    while upstream.recv(65536):  # the answer goes nowhere, ever
                        pass
                    return
                client.sendall(data)
        with contextlib.suppress(OSError):
            client.shutdown(socket.SHUT_WR)


@pytest.fixture
def proxy(server: Server) -> Iterator[LossyProxy]:
    p = LossyProxy(server.port)
    try:
        yield p
    finally:
        p.close()


# --- tampering with live events at the WebSocket level -----------------------------


@dataclass
class Relay:
    """A WebSocket middleman for /api/v1/events/ws. On the first connection only, it
    drops the events in `drop`, sends those in `duplicate` twice, and after the event
    `cut_after` closes the client's socket with `cut_code`. Later connections pass
    everything through, so a stream that resumes sees the truth."""

    upstream: str
    drop: set[int] = field(default_factory=set)
    duplicate: set[int] = field(default_factory=set)
    cut_after: int | None = None
    cut_code: int = 4008
    paths: list[str] = field(default_factory=list)
    """The request path (with ?since=) of every connection, in order."""
    pages: list[str] = field(default_factory=list)
    """Plain GETs (the event log's pages), passed through untouched."""
    url: str = ""
    _loop: asyncio.AbstractEventLoop | None = None
    _stop: asyncio.Event | None = None
    _thread: threading.Thread | None = None

    def start(self) -> Relay:
        ready: Future[int] = Future()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._main(ready)), daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{ready.result(timeout=10)}"
        return self

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(timeout=10)

    async def _main(self, ready: Future[int]) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        async with serve(
            self._relay, "127.0.0.1", 0, compression=None, process_request=self._plain_get
        ) as server:
            ready.set_result(next(iter(server.sockets)).getsockname()[1])
            await self._stop.wait()

    async def _plain_get(self, client: ServerConnection, request: Request) -> Response | None:
        """The stream reads gaps from the same address it streams from: pass GETs on."""
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return None
        self.pages.append(request.path)
        async with httpx.AsyncClient(base_url=self.upstream, trust_env=False) as http:
            answer = await http.get(
                request.path, headers={"Authorization": request.headers.get("Authorization", "")}
            )
        response = client.respond(answer.status_code, answer.text)
        response.headers["Content-Type"] = "application/json"
        return response

    async def _relay(self, client: ServerConnection) -> None:
        assert client.request is not None
        self.paths.append(client.request.path)
        forward = asyncio.create_task(self._forward(client, first=len(self.paths) == 1))
        gone = asyncio.create_task(client.wait_closed())
        await asyncio.wait({forward, gone}, return_when=asyncio.FIRST_COMPLETED)
        for task in (forward, gone):
            task.cancel()
            with contextlib.suppress(BaseException):
                await task

    async def _forward(self, client: ServerConnection, first: bool) -> None:
        assert client.request is not None
        headers = {"Authorization": client.request.headers.get("Authorization", "")}
        ws_url = self.upstream.replace("http://", "ws://") + client.request.path
        async with connect(ws_url, additional_headers=headers, proxy=None) as upstream:
            async for text in upstream:
                seq = json.loads(text)["seq"]
                if first and seq in self.drop:
                    continue
                await client.send(text)
                if first and seq in self.duplicate:
                    await client.send(text)
                if first and seq == self.cut_after:
                    await client.close(self.cut_code, "cut by the relay")
                    return


@pytest.fixture
def relay(server: Server) -> Iterator[Relay]:
    r = Relay(server.url)
    yield r
    r.stop()
