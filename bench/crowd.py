"""A fixed crowd of HTTP requests, all at once over a set of keep-alive connections, from a
client cheap enough not to be what is measured.

A rush is N people pressing "book" at the same moment, not a stream, so wrk (which
measures a stream for a duration) does not fit; httpx does, but it spends about a
millisecond of CPU per request, on the same two cores as the server it measures, so the
crowd measured its own client. This one writes each request's pre-built bytes and reads
the answer's status line, headers and body by Content-Length: tens of microseconds.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Answer:
    status: int
    ms: float
    body: bytes


def post(path: str, body: object, headers: dict[str, str], host: str) -> bytes:
    """One HTTP/1.1 POST with a JSON body, as bytes ready to write."""
    data = json.dumps(body, separators=(",", ":")).encode()
    head = [f"POST {path} HTTP/1.1", f"Host: {host}", "Content-Type: application/json",
            f"Content-Length: {len(data)}"]  # fmt: skip
    head += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + data


async def _answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return status, await reader.readexactly(length) if length else b""


async def _crowd(
    url: str, requests: Sequence[bytes], connections: int
) -> tuple[list[Answer], float]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    answers: list[Answer | None] = [None] * len(requests)
    links = [await asyncio.open_connection(host, port) for _ in range(connections)]
    queue = iter(range(len(requests)))

    async def worker(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for index in queue:  # shared: each index goes to exactly one connection
            started = time.perf_counter()
            writer.write(requests[index])
            status, body = await _answer(reader)
            answers[index] = Answer(status, (time.perf_counter() - started) * 1000, body)

    began = time.perf_counter()
    await asyncio.gather(*(worker(r, w) for r, w in links))
    took = time.perf_counter() - began
    for _, writer in links:
        writer.close()
    return [a for a in answers if a is not None], took


def crowd(url: str, requests: Sequence[bytes], connections: int = 32) -> tuple[list[Answer], float]:
    """Every request sent at once over `connections` connections (each takes the next
    request as soon as its answer is in); the answers in request order and the wall time
    of the whole crowd, in seconds."""
    return asyncio.run(_crowd(url, requests, connections))
