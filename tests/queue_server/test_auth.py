"""Sign-in: argon2 passwords, bearer sessions, the same answer for unknown users, throttling."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from inprocess import PASSWORD, FakeClock, HallClient

from queue_server import auth
from queue_server.store import connect, staff


def add_user(hall: HallClient, name: str, role: str = "operator") -> None:
    db = connect(hall.db)
    staff.add_user(db.conn, name, auth.hash_password(PASSWORD), role, datetime.now(UTC))
    db.conn.close()


def login(hall: HallClient, name: str, password: str = PASSWORD):
    return hall.client.post("/api/v1/auth/login", json={"username": name, "password": password})


def test_login_gives_a_bearer_token_that_works(hall: HallClient) -> None:
    add_user(hall, "sari", "supervisor")
    reply = login(hall, "sari")
    body = reply.json()
    assert (
        reply.status_code == 200 and body["token_type"] == "bearer" and body["role"] == "supervisor"
    )
    assert datetime.fromisoformat(body["expires_at"]) > hall.clock()
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    assert hall.client.post("/api/v1/counters/1/open", headers=headers).status_code == 200


def test_wrong_password_and_unknown_user_get_the_same_answer(hall: HallClient) -> None:
    add_user(hall, "budi")
    wrong = login(hall, "budi", "salah-sekali")
    nobody = login(hall, "tidak-ada", "salah-sekali")
    assert wrong.status_code == nobody.status_code == 401
    assert wrong.json() == nobody.json()


def test_repeated_failures_are_slowed_down(tmp_path: Path, clock: FakeClock) -> None:
    hall = HallClient(tmp_path / "antre.db", clock)
    hall.app.state.runtime.throttle.attempts = 3
    with hall:
        add_user(hall, "budi")
        for _ in range(3):
            assert login(hall, "budi", "tebak-tebak").status_code == 401
        blocked = login(hall, "budi")  # even the right password waits now
        assert blocked.status_code == 429 and blocked.json()["error"]["code"] == "rate_limited"


def test_session_expires(hall: HallClient, clock: FakeClock) -> None:
    add_user(hall, "budi")
    token = login(hall, "budi").json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert hall.client.get("/api/v1/tickets", headers=headers).status_code == 200
    clock.advance(hours=13)
    hall.app.state.runtime.tokens._cache.clear()
    assert hall.client.get("/api/v1/tickets", headers=headers).status_code == 401


def test_tokens_are_stored_only_as_hashes(hall: HallClient) -> None:
    add_user(hall, "budi")
    token = login(hall, "budi").json()["access_token"]
    device = hall.token("kiosk", "kiosk")
    hall.client.__exit__(None, None, None)
    data = b"".join(p.read_bytes() for p in hall.db.parent.glob("antre.db*"))
    assert token.encode() not in data and device.encode() not in data
    assert PASSWORD.encode() not in data


@pytest.mark.parametrize(
    "body",
    [{}, {"username": "x"}, {"username": "", "password": "y"}, {"username": "x", "password": 5}],
)
def test_login_validates_its_body(hall: HallClient, body) -> None:
    reply = hall.client.post("/api/v1/auth/login", json=body)
    assert reply.status_code == 422 and reply.json()["error"]["code"] == "validation_error"
