"""Answers leave in one socket write per loop turn; closing sends what is held first."""

from __future__ import annotations

import asyncio

from queue_server.http_writes import _GatheredWrites


class RecordingTransport(asyncio.Transport):
    """The socket's side of a transport: what was written, in which calls."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed_after: int | None = None

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed_after = len(self.writes)

    def is_closing(self) -> bool:
        return self.closed_after is not None


def test_writes_of_one_loop_turn_leave_in_one_call() -> None:
    async def scenario() -> RecordingTransport:
        socket_side = RecordingTransport()
        gathered = _GatheredWrites(socket_side, asyncio.get_running_loop())
        gathered.write(b"HTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\n")
        gathered.write(b"{}")
        assert socket_side.writes == [], "nothing leaves before the turn ends"
        await asyncio.sleep(0)
        gathered.write(b"next")
        await asyncio.sleep(0)
        return socket_side

    socket_side = asyncio.run(scenario())
    assert socket_side.writes == [
        b"HTTP/1.1 201 Created\r\ncontent-length: 2\r\n\r\n{}",
        b"next",
    ]


def test_closing_sends_what_is_held_first() -> None:
    async def scenario() -> RecordingTransport:
        socket_side = RecordingTransport()
        gathered = _GatheredWrites(socket_side, asyncio.get_running_loop())
        gathered.write(b"last answer")
        gathered.close()
        assert gathered.is_closing()  # the transport's own answer
        await asyncio.sleep(0)
        return socket_side

    socket_side = asyncio.run(scenario())
    assert socket_side.writes == [b"last answer"] and socket_side.closed_after == 1
