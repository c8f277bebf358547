"""Every route refuses anonymous callers and the wrong roles (table-driven)."""

from __future__ import annotations

import pytest
from inprocess import HallClient
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.testclient import WebSocketDenialResponse

STAFF = {"admin", "supervisor", "operator"}
ALL = STAFF | {"kiosk", "display"}
EVERY = ALL | {"integration"}
"""`integration` (another system pushing dossier status) may call only its own route."""

# (method, path, who may call it). "public" routes need no token at all.
TABLE: list[tuple[str, str, set[str] | str]] = [
    ("POST", "/api/v1/auth/login", "public"),
    ("GET", "/api/v1/hall", "public"),
    ("GET", "/api/v1/services", "public"),
    ("GET", "/api/v1/counters", "public"),
    ("GET", "/api/v1/health", "public"),
    ("GET", "/api/v1/track/{token}", "public"),
    ("GET", "/api/v1/track/{token}/stream", "public"),
    ("GET", "/t/{token:path}", "public"),
    ("GET", "/", "public"),
    ("POST", "/api/v1/tickets", STAFF | {"kiosk"}),
    ("GET", "/api/v1/tickets", STAFF | {"display"}),
    ("GET", "/api/v1/tickets/{ticket_id}", STAFF),
    ("POST", "/api/v1/tickets/{ticket_id}/recall", STAFF),
    ("POST", "/api/v1/tickets/{ticket_id}/start", STAFF),
    ("POST", "/api/v1/tickets/{ticket_id}/finish", STAFF),
    ("POST", "/api/v1/tickets/{ticket_id}/no-show", STAFF),
    ("POST", "/api/v1/tickets/{ticket_id}/requeue", STAFF),
    ("POST", "/api/v1/tickets/{ticket_id}/cancel", STAFF),
    ("POST", "/api/v1/tickets/{ticket_id}/transfer", STAFF),
    ("POST", "/api/v1/counters/{counter_id}/open", STAFF),
    ("POST", "/api/v1/counters/{counter_id}/pause", STAFF),
    ("POST", "/api/v1/counters/{counter_id}/close", STAFF),
    ("POST", "/api/v1/counters/{counter_id}/call-next", STAFF),
    ("POST", "/api/v1/counters/{counter_id}/call", STAFF),
    ("GET", "/api/v1/counters/{counter_id}/queue", STAFF | {"display"}),
    ("GET", "/api/v1/events", STAFF | {"display", "kiosk"}),
    ("WS", "/api/v1/events/ws", STAFF | {"display", "kiosk"}),
    ("POST", "/api/v1/announcements", {"admin", "supervisor"}),
    ("GET", "/api/v1/auth/me", ALL),
    ("POST", "/api/v1/auth/logout", STAFF),
    ("GET", "/api/v1/users", {"admin"}),
    ("POST", "/api/v1/users", {"admin"}),
    ("PATCH", "/api/v1/users/{name}", {"admin"}),
    ("DELETE", "/api/v1/users/{name}", {"admin"}),
    ("GET", "/api/v1/devices", {"admin"}),
    ("POST", "/api/v1/devices", {"admin"}),
    ("POST", "/api/v1/devices/{name}/revoke", {"admin"}),
    ("POST", "/api/v1/devices/{name}/rotate", {"admin"}),
    ("GET", "/api/v1/announcements/phrase", STAFF | {"display"}),
    # The hall's configuration (docs/hall-admin.md): admins only.
    ("GET", "/api/v1/hall/config", {"admin"}),
    ("PUT", "/api/v1/hall/config", {"admin"}),
    ("PATCH", "/api/v1/hall/settings", {"admin"}),
    ("POST", "/api/v1/hall/services", {"admin"}),
    ("PATCH", "/api/v1/hall/services/{service_id}", {"admin"}),
    ("DELETE", "/api/v1/hall/services/{service_id}", {"admin"}),
    ("POST", "/api/v1/hall/agencies", {"admin"}),
    ("PATCH", "/api/v1/hall/agencies/{agency_id}", {"admin"}),
    ("POST", "/api/v1/hall/counters", {"admin"}),
    ("PATCH", "/api/v1/hall/counters/{counter_id}", {"admin"}),
    ("DELETE", "/api/v1/hall/counters/{counter_id}", {"admin"}),
    ("POST", "/api/v1/hall/holidays", {"admin"}),
    ("DELETE", "/api/v1/hall/holidays/{day}", {"admin"}),
    # The web board takes its token in the query (a TV browser cannot send a header) and
    # answers refusals as an HTML page: tests/e2e/test_web_board.py checks them.
    ("GET", "/display", "public"),
    # The hall's logo and pictures: posters on its wall, images from one folder only
    # (tests/queue_server/test_display_media.py).
    ("GET", "/display/logo", "public"),
    ("GET", "/display/media", "public"),
    ("GET", "/display/media/{name}", "public"),
    # SKM (tests/queue_server/test_survey_routes.py): the citizen's survey is public; the
    # counter tablet's page takes its display token in the query, like the web board.
    ("GET", "/api/v1/survey/{token}", "public"),
    ("POST", "/api/v1/survey/{token}", "public"),
    ("POST", "/t/{token}/survey", "public"),
    ("GET", "/survey/counter/{counter_id}", "public"),
    ("GET", "/api/v1/survey/counter/{counter_id}", {"display"}),
    ("POST", "/api/v1/survey/counter/{counter_id}", {"display"}),
    ("GET", "/api/v1/reports/skm", {"admin", "supervisor"}),
    ("GET", "/api/v1/reports/skm.xlsx", {"admin", "supervisor"}),
    ("GET", "/api/v1/reports/skm.pdf", {"admin", "supervisor"}),
    ("GET", "/api/v1/reports/summary", {"admin", "supervisor"}),
    ("GET", "/api/v1/reports/summary.csv", {"admin", "supervisor"}),
    ("GET", "/api/v1/reports/summary.xlsx", {"admin", "supervisor"}),
    ("GET", "/api/v1/reports/monthly.pdf", {"admin", "supervisor"}),
    ("GET", "/api/v1/audit", {"admin"}),
    # Bookings: the citizen's side is public (by the manage token's secret);
    # tests/queue_server/test_booking_api.py holds the rate limit and the rules.
    ("GET", "/api/v1/services/{service_id}/days", "public"),
    ("GET", "/api/v1/services/{service_id}/slots", "public"),
    ("POST", "/api/v1/bookings", "public"),
    ("GET", "/api/v1/bookings/by-token/{manage_token}", "public"),
    ("POST", "/api/v1/bookings/by-token/{manage_token}/cancel", "public"),
    ("POST", "/api/v1/bookings/by-token/{manage_token}/move", "public"),
    ("GET", "/api/v1/bookings", STAFF),
    # Booking pages (public, by the manage token) and the notification outbox (notify).
    ("GET", "/booking", "public"),
    ("POST", "/booking", "public"),
    ("GET", "/b/{token}", "public"),
    ("GET", "/b/{token}/booking.ics", "public"),
    ("GET", "/b/{token}/cancel", "public"),
    ("POST", "/b/{token}/cancel", "public"),
    ("GET", "/b/{token}/move", "public"),
    ("POST", "/b/{token}/move", "public"),
    ("GET", "/api/v1/notifications", {"admin", "supervisor"}),
    ("POST", "/api/v1/notifications/test", {"admin", "supervisor"}),
    # Complaints (tests/queue_server/test_complaint_api.py): filing and the citizen's
    # side are public (by the manage token); staff steps are operator+ (agency-bound).
    ("POST", "/api/v1/complaints", "public"),
    ("GET", "/api/v1/complaints", STAFF),
    ("GET", "/api/v1/complaints/{complaint_id}", STAFF),
    ("POST", "/api/v1/complaints/{complaint_id}/verify", STAFF),
    ("POST", "/api/v1/complaints/{complaint_id}/start", STAFF),
    ("POST", "/api/v1/complaints/{complaint_id}/answer", STAFF),
    ("POST", "/api/v1/complaints/{complaint_id}/hold", STAFF),
    ("POST", "/api/v1/complaints/{complaint_id}/reject", STAFF),
    ("POST", "/api/v1/complaints/{complaint_id}/close", STAFF),
    ("GET", "/api/v1/complaints/{complaint_id}/lapor", STAFF),
    ("POST", "/api/v1/complaints/{complaint_id}/lapor", STAFF),
    ("GET", "/api/v1/complaints/track/{manage_token}", "public"),
    ("POST", "/api/v1/complaints/track/{manage_token}/reply", "public"),
    ("POST", "/api/v1/complaints/track/{manage_token}/confirm", "public"),
    ("POST", "/api/v1/complaints/track/{manage_token}/reopen", "public"),
    ("GET", "/pengaduan", "public"),
    ("POST", "/pengaduan", "public"),
    ("GET", "/c/{token}", "public"),
    ("POST", "/c/{token}/{action}", "public"),
    ("POST", "/api/v1/tickets/{ticket_id}/dossier", STAFF),
    ("GET", "/api/v1/dossiers", STAFF),
    ("GET", "/api/v1/dossiers/{dossier_id}", STAFF),
    ("POST", "/api/v1/dossiers/{dossier_id}/process", STAFF),
    ("POST", "/api/v1/dossiers/{dossier_id}/need", STAFF),
    ("POST", "/api/v1/dossiers/{dossier_id}/resume", STAFF),
    ("POST", "/api/v1/dossiers/{dossier_id}/ready", STAFF),
    ("POST", "/api/v1/dossiers/{dossier_id}/collect", STAFF),
    ("POST", "/api/v1/dossiers/{dossier_id}/reject", STAFF),
    ("POST", "/api/v1/dossiers/{dossier_id}/external", {"integration"}),
    # The boards' "Berkas siap diambil" panel (tests/queue_server/test_pickup.py).
    ("GET", "/api/v1/dossiers/ready", STAFF | {"display"}),
]

UNDOCUMENTED_OK = {
    "/openapi.json",
    "/docs",
    "/docs/oauth2-redirect",
    "/redoc",
    "/static",
    "/static/swagger-ui",
    "/voice",
}


def test_the_table_covers_every_route(hall: HallClient) -> None:
    routes = set()
    for route in hall.app.routes:
        if isinstance(route, Route):
            routes |= {(m, route.path) for m in route.methods or () if m != "HEAD"}
        elif isinstance(route, WebSocketRoute):
            routes.add(("WS", route.path))
        elif isinstance(route, Mount):
            routes.add(("GET", route.path))
    listed = {(m, p) for m, p, _ in TABLE}
    # The console's pages have their own table: tests/queue_server/test_console_roles.py.
    missing = {
        r
        for r in routes
        if r not in listed and r[1] not in UNDOCUMENTED_OK and not r[1].startswith("/admin")
    }
    assert not missing, f"add these routes to the roles table: {sorted(missing)}"


def concrete(path: str) -> str:
    return (
        path.replace("{ticket_id}", "1")
        .replace("{counter_id}", "1")
        .replace("{token}", "x" * 32)
        .replace("{name}", "nobody")
    )


PROTECTED = [(m, p, who) for m, p, who in TABLE if who != "public"]


@pytest.mark.parametrize(
    ("method", "path", "allowed"), PROTECTED, ids=[f"{m} {p}" for m, p, _ in PROTECTED]
)
def test_route_refuses_anonymous_invalid_and_wrong_roles(
    hall: HallClient, method: str, path: str, allowed: set[str]
) -> None:
    url = concrete(path)
    callers: list[tuple[dict[str, str], int]] = [
        ({}, 401),
        ({"Authorization": "Bearer not-a-real-token"}, 401),
    ]
    callers += [(hall.headers(role, role), 403) for role in sorted(EVERY - allowed)]
    for headers, expected in callers:
        if method == "WS":
            # Refused at the handshake with the real status and the contract's error body.
            with (
                pytest.raises(WebSocketDenialResponse) as denied,
                hall.client.websocket_connect(url, headers=headers),
            ):
                pass
            assert denied.value.status_code == expected
            assert denied.value.json()["error"]["code"] == (
                "unauthorized" if expected == 401 else "forbidden"
            )
            continue
        reply = hall.client.request(method, url, headers=headers, json={})
        assert reply.status_code == expected, (headers, reply.text)
        assert reply.json()["error"]["code"] == ("unauthorized" if expected == 401 else "forbidden")
    for role in sorted(allowed):
        if method == "WS":
            continue
        reply = hall.client.request(method, url, headers=hall.headers(role, role), json={})
        assert reply.status_code not in (401, 403) or "counter" in reply.text, (role, reply.text)


def test_operator_may_not_work_a_counter_another_operator_opened(hall: HallClient) -> None:
    hall.issue("kk")
    assert hall.post("/api/v1/counters/1/open", "operator").status_code == 200
    for action in ("call-next", "pause", "close"):
        reply = hall.post(f"/api/v1/counters/1/{action}", "operator2")
        assert reply.status_code == 403 and reply.json()["error"]["code"] == "forbidden"
    called = hall.post("/api/v1/counters/1/call-next", "operator").json()
    assert hall.post(f"/api/v1/tickets/{called['id']}/start", "operator2").status_code == 403
    assert hall.post(f"/api/v1/tickets/{called['id']}/start", "supervisor").status_code == 200
