"""The console's staff and devices: users, passwords, removal, device tokens, and what a
display token may read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from inprocess import PASSWORD, FakeClock, HallClient
from starlette.websockets import WebSocketDisconnect

NEW_PASSWORD = "kata-sandi-baru-99"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def add_user(hall: HallClient, name: str, role: str = "operator", **extra: Any):
    body = {"name": name, "password": PASSWORD, "role": role, **extra}
    return hall.post("/api/v1/users", json=body)


def login(hall: HallClient, name: str, password: str = PASSWORD):
    return hall.client.post("/api/v1/auth/login", json={"username": name, "password": password})


def session(hall: HallClient, name: str) -> dict[str, str]:
    reply = login(hall, name)
    assert reply.status_code == 200, reply.text
    return bearer(reply.json()["access_token"])


def me(hall: HallClient, headers: dict[str, str]):
    return hall.client.get("/api/v1/auth/me", headers=headers)


def test_me_says_who_a_token_belongs_to(hall: HallClient) -> None:
    add_user(hall, "rina", agency_id="dukcapil")
    assert me(hall, session(hall, "rina")).json() == {
        "kind": "user",
        "name": "rina",
        "role": "operator",
        "agency_id": "dukcapil",
    }
    assert me(hall, hall.headers("kiosk")).json() == {
        "kind": "device",
        "name": "kiosk",
        "role": "kiosk",
        "agency_id": None,
    }
    assert me(hall, bearer("not-a-token")).status_code == 401


def test_users_are_listed_a_page_at_a_time(hall: HallClient) -> None:
    for name in ("andi", "budi", "citra"):
        assert add_user(hall, name).status_code == 201
    first = hall.get("/api/v1/users?limit=2").json()
    assert [u["name"] for u in first["items"]] == ["admin", "andi"]
    rest = hall.get(f"/api/v1/users?limit=2&after={first['next']}").json()
    assert [u["name"] for u in rest["items"]] == ["budi", "citra"] and rest["next"] is None
    assert rest["items"][0] == {
        "name": "budi",
        "role": "operator",
        "agency_id": None,
        "disabled": False,
        "created_at": rest["items"][0]["created_at"],
    }


def test_new_users_need_a_long_password_a_known_agency_and_a_free_name(hall: HallClient) -> None:
    short = hall.post("/api/v1/users", json={"name": "x", "password": "pendek", "role": "operator"})
    assert short.status_code == 422 and short.json()["error"]["code"] == "validation_error"
    unknown = add_user(hall, "yudi", agency_id="no-such-agency")
    assert unknown.status_code == 422
    assert add_user(hall, "yudi").status_code == 201
    again = add_user(hall, "yudi")
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_exists"


def test_a_new_password_ends_the_old_sessions(hall: HallClient) -> None:
    add_user(hall, "budi")
    old = session(hall, "budi")
    reply = hall.client.patch(
        "/api/v1/users/budi", json={"password": NEW_PASSWORD}, headers=hall.headers("admin")
    )
    assert reply.status_code == 200
    assert me(hall, old).status_code == 401
    assert login(hall, "budi").status_code == 401
    assert login(hall, "budi", NEW_PASSWORD).status_code == 200


def test_a_role_change_counts_from_the_next_request(hall: HallClient) -> None:
    add_user(hall, "sari", "supervisor")
    sari = session(hall, "sari")
    text = {"json": {"text": "Selamat pagi"}}
    assert hall.client.post("/api/v1/announcements", headers=sari, **text).status_code == 201
    hall.client.patch(
        "/api/v1/users/sari", json={"role": "operator"}, headers=hall.headers("admin")
    )
    assert hall.client.post("/api/v1/announcements", headers=sari, **text).status_code == 403
    assert me(hall, sari).json()["role"] == "operator"


def test_disabled_users_cannot_sign_in_until_enabled(hall: HallClient) -> None:
    add_user(hall, "budi")
    admin = hall.headers("admin")
    hall.client.patch("/api/v1/users/budi", json={"disabled": True}, headers=admin)
    assert login(hall, "budi").status_code == 401
    hall.client.patch("/api/v1/users/budi", json={"disabled": False}, headers=admin)
    assert login(hall, "budi").status_code == 200


def test_removing_a_user_who_holds_a_counter_is_refused_until_it_is_closed(
    hall: HallClient,
) -> None:
    add_user(hall, "budi")
    budi = session(hall, "budi")
    assert hall.client.post("/api/v1/counters/1/open", headers=budi).status_code == 200
    refused = hall.client.delete("/api/v1/users/budi", headers=hall.headers("admin"))
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "user_holds_counter"
    assert "counter 1" in refused.json()["error"]["message_en"]
    assert me(hall, budi).status_code == 200  # nothing changed
    assert hall.client.post("/api/v1/counters/1/close", headers=budi).status_code == 200
    assert (
        hall.client.delete("/api/v1/users/budi", headers=hall.headers("admin")).status_code == 204
    )
    assert me(hall, budi).status_code == 401
    assert login(hall, "budi").status_code == 401
    assert "budi" not in [u["name"] for u in hall.get("/api/v1/users").json()["items"]]
    reused = add_user(hall, "budi")
    assert reused.status_code == 409 and "not reused" in reused.json()["error"]["message_en"]


def test_the_last_admin_cannot_be_disabled_removed_or_demoted(hall: HallClient) -> None:
    admin = hall.headers("admin")
    for call in (
        lambda: hall.client.patch("/api/v1/users/admin", json={"disabled": True}, headers=admin),
        lambda: hall.client.patch("/api/v1/users/admin", json={"role": "operator"}, headers=admin),
        lambda: hall.client.delete("/api/v1/users/admin", headers=admin),
    ):
        reply = call()
        assert reply.status_code == 409 and reply.json()["error"]["code"] == "last_admin"
    add_user(hall, "kepala", "admin")
    assert hall.client.delete("/api/v1/users/admin", headers=admin).status_code == 204


def test_devices_are_added_rotated_and_revoked(hall: HallClient) -> None:
    made = hall.post("/api/v1/devices", json={"name": "kiosk-lobby", "role": "kiosk"})
    assert made.status_code == 201
    first = made.json()["token"]
    assert me(hall, bearer(first)).json()["name"] == "kiosk-lobby"
    rotated = hall.post("/api/v1/devices/kiosk-lobby/rotate").json()
    assert me(hall, bearer(first)).status_code == 401
    assert me(hall, bearer(rotated["token"])).status_code == 200
    revoked = hall.post("/api/v1/devices/kiosk-lobby/revoke").json()
    assert revoked["revoked"] is True and revoked["revoked_at"]
    assert me(hall, bearer(rotated["token"])).status_code == 401
    listed = hall.get("/api/v1/devices").json()
    assert listed["next"] is None
    assert [(d["name"], d["revoked"]) for d in listed["items"]] == [("kiosk-lobby", True)]
    assert "token" not in listed["items"][0]
    assert hall.post("/api/v1/devices/nope/revoke").status_code == 404


def test_logout_ends_only_the_callers_session(hall: HallClient) -> None:
    add_user(hall, "budi")
    desk, phone = session(hall, "budi"), session(hall, "budi")
    assert hall.client.post("/api/v1/auth/logout", headers=desk).status_code == 204
    assert me(hall, desk).status_code == 401
    assert me(hall, phone).status_code == 200


def test_a_display_token_reads_the_board_projection_only(hall: HallClient) -> None:
    issued = hall.issue("kk", nik="3273014101900001")
    hall.post("/api/v1/counters/1/open", "operator")
    secrets = ("tracking_token", "tracking_url", "nik_masked")
    staff_view = hall.get("/api/v1/tickets", "operator").json()[0]
    assert all(staff_view[k] for k in secrets)  # staff still see them
    for path in ("/api/v1/tickets", "/api/v1/counters/1/queue", "/api/v1/events"):
        reply = hall.get(path, "display")
        assert reply.status_code == 200, reply.text
        assert issued["tracking_token"] not in reply.text, path
        assert issued["nik_masked"] not in reply.text, path
        assert not any(k in reply.text for k in secrets), path
    board = hall.get("/api/v1/tickets", "display").json()[0]
    assert board["number"] == issued["number"] and board["status"] == "waiting"


def test_a_stream_is_closed_by_the_revoking_request_itself(
    tmp_path: Path, clock: FakeClock
) -> None:
    """No waiting for the once-a-second watch (set to an hour here): the route that commits
    the revocation closes the streams open with the token (4401)."""
    hall = HallClient(tmp_path / "antre.db", clock)
    hall.app.state.runtime.CREDENTIALS_POLL = 3600
    with hall:
        token = hall.token("tv-1", "display")
        with hall.client.websocket_connect(f"/api/v1/events/ws?since=0&token={token}") as ws:
            assert hall.post("/api/v1/devices/tv-1/revoke").status_code == 200
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_json()
            assert closed.value.code == 4401
