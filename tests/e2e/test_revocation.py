"""A credential taken away is refused at once: on the next REST request, and an open
WebSocket held with it is closed with 4401 (a real `antre serve` process)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest
import websockets
from support import Server, antre, bearer

pytestmark = pytest.mark.e2e


def _stream_closes_on(server: Server, token: str, take_away: Callable[[], None]) -> int:
    """Open the event stream with `token`, take the credential away, return the close code."""

    async def scenario() -> int:
        url = server.url.replace("http", "ws") + f"/api/v1/events/ws?since=0&token={token}"
        async with websockets.connect(url) as ws:
            await asyncio.to_thread(take_away)
            with pytest.raises(websockets.exceptions.ConnectionClosed) as closed:
                while True:  # the replay may still be sending: read until the close
                    await asyncio.wait_for(ws.recv(), 10)
            assert closed.value.rcvd is not None
            return closed.value.rcvd.code

    return asyncio.run(scenario())


def test_revoked_device_is_refused_at_once_and_its_stream_closed(server: Server) -> None:
    admin = bearer(server.staff_token())
    board = server.device_token("board-1", "display")
    assert httpx.get(f"{server.url}/api/v1/auth/me", headers=bearer(board)).json() == {
        "kind": "device",
        "name": "board-1",
        "role": "display",
        "agency_id": None,
    }

    def revoke() -> None:
        reply = httpx.post(f"{server.url}/api/v1/devices/board-1/revoke", headers=admin)
        assert reply.status_code == 200 and reply.json()["revoked"] is True
        # The very next request with the token, no waiting.
        assert httpx.get(f"{server.url}/api/v1/tickets", headers=bearer(board)).status_code == 401

    assert _stream_closes_on(server, board, revoke) == 4401


def test_device_revoked_from_the_command_line_beside_the_server(server: Server) -> None:
    kiosk = server.device_token("kiosk-1", "kiosk")
    assert httpx.get(f"{server.url}/api/v1/auth/me", headers=bearer(kiosk)).status_code == 200

    def revoke() -> None:
        result = antre("device", "revoke", "kiosk-1", "--db", str(server.db))
        assert result.returncode == 0, result.stderr
        me = httpx.get(f"{server.url}/api/v1/auth/me", headers=bearer(kiosk))
        assert me.status_code == 401 and me.json()["error"]["code"] == "unauthorized"

    assert _stream_closes_on(server, kiosk, revoke) == 4401
    rotated = antre("device", "rotate", "kiosk-1", "--db", str(server.db))
    new_token = rotated.stdout.strip().splitlines()[-1]
    assert httpx.get(f"{server.url}/api/v1/auth/me", headers=bearer(new_token)).status_code == 200
    assert httpx.get(f"{server.url}/api/v1/auth/me", headers=bearer(kiosk)).status_code == 401


def test_disabled_user_is_refused_at_once_and_their_stream_closed(server: Server) -> None:
    admin = bearer(server.staff_token())
    operator = server.staff_token("budi", "operator")

    def disable() -> None:
        reply = httpx.patch(
            f"{server.url}/api/v1/users/budi", json={"disabled": True}, headers=admin
        )
        assert reply.status_code == 200 and reply.json()["disabled"] is True
        me = httpx.get(f"{server.url}/api/v1/auth/me", headers=bearer(operator))
        assert me.status_code == 401

    assert _stream_closes_on(server, operator, disable) == 4401
    login = httpx.post(
        f"{server.url}/api/v1/auth/login",
        json={"username": "budi", "password": "budi-password-123"},
    )
    assert login.status_code == 401


def test_logout_ends_the_session_and_its_stream(server: Server) -> None:
    operator = server.staff_token("sari", "operator")

    def logout() -> None:
        reply = httpx.post(f"{server.url}/api/v1/auth/logout", headers=bearer(operator))
        assert reply.status_code == 204
        me = httpx.get(f"{server.url}/api/v1/auth/me", headers=bearer(operator))
        assert me.status_code == 401

    assert _stream_closes_on(server, operator, logout) == 4401
