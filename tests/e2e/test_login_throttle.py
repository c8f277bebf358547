"""200 concurrent wrong passwords at a real server: at most the allowed number are even
checked (one `password checked` line per argon2 verify in the server's log); the rest are
refused with 429 rate_limited and a Retry-After in whole seconds."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from support import Server, antre, wait_until

pytestmark = pytest.mark.e2e

ATTEMPTS = 5


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A real server with the contract's default limit, set explicitly."""
    srv = Server(tmp_path / "antre.db", env={"ANTRE_LOGIN_ATTEMPTS": str(ATTEMPTS)}).start()
    try:
        yield srv
    finally:
        srv.stop()


def checked(server: Server) -> int:
    return server.log.read_text().count("antre.auth password checked")


def test_two_hundred_concurrent_wrong_passwords_check_at_most_the_limit(server: Server) -> None:
    made = antre(
        "user",
        "add",
        "budi",
        "--role",
        "operator",
        "--password-stdin",
        "--db",
        str(server.db),
        stdin="budi-password-123\n",
    )
    assert made.returncode == 0, made.stderr

    async def storm() -> list[httpx.Response]:
        limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
        async with httpx.AsyncClient(base_url=server.url, limits=limits, timeout=60) as client:
            body = {"username": "budi", "password": "tebak-tebakan"}
            return await asyncio.gather(
                *(client.post("/api/v1/auth/login", json=body) for _ in range(200))
            )

    replies = asyncio.run(storm())
    statuses = Counter(r.status_code for r in replies)
    assert set(statuses) <= {401, 429}, statuses
    assert 1 <= statuses[401] <= ATTEMPTS
    refused = [r for r in replies if r.status_code == 429]
    assert len(refused) == 200 - statuses[401]
    for reply in refused:
        assert reply.json()["error"]["code"] == "rate_limited"
        assert reply.headers["Retry-After"].isdigit() and int(reply.headers["Retry-After"]) >= 1
    # Every checked password wrote its line before its answer went out.
    assert checked(server) == statuses[401] <= ATTEMPTS
    # And even the right password now waits: the address is blocked.
    right = httpx.post(
        f"{server.url}/api/v1/auth/login",
        json={"username": "budi", "password": "budi-password-123"},
    )
    assert right.status_code == 429 and int(right.headers["Retry-After"]) > 1
    wait_until(lambda: checked(server) == statuses[401], timeout=2, what="no late checks")
