"""Every console route (/admin…) refuses who may not see it: no session → the sign-in page
and back; an operator or a device → a 403 page; a supervisor on an admin page → 403; a
change without its form field (CSRF) or from another site → 403 (table-driven)."""

from __future__ import annotations

import re

import pytest
from inprocess import HallClient
from starlette.routing import Route, WebSocketRoute

from queue_server.console.session import COOKIE

# (method, path, who may open it): "public" | "supervisor" (supervisor and admin) | "admin".
TABLE: list[tuple[str, str, str]] = [
    ("GET", "/admin", "supervisor"),
    ("GET", "/admin/login", "public"),
    ("POST", "/admin/login", "public"),
    ("POST", "/admin/logout", "public"),
    ("GET", "/admin/floor", "supervisor"),
    ("GET", "/admin/floor.json", "supervisor"),
    ("WS", "/admin/floor/ws", "supervisor"),
    ("GET", "/admin/announcements", "supervisor"),
    ("POST", "/admin/announcements", "supervisor"),
    ("GET", "/admin/users", "admin"),
    ("POST", "/admin/users", "admin"),
    ("POST", "/admin/users/{name}", "admin"),
    ("GET", "/admin/devices", "admin"),
    ("POST", "/admin/devices", "admin"),
    ("POST", "/admin/devices/{name}/revoke", "admin"),
    ("POST", "/admin/devices/{name}/rotate", "admin"),
    ("GET", "/admin/audit", "admin"),
    ("GET", "/admin/hall", "admin"),
    ("POST", "/admin/hall/settings", "admin"),
    ("GET", "/admin/hall/services/{service_id}", "admin"),
    ("POST", "/admin/hall/services/{service_id}", "admin"),
    ("POST", "/admin/hall/counters/{counter_id}", "admin"),
    ("POST", "/admin/hall/counters", "admin"),
    ("POST", "/admin/hall/agencies", "admin"),
    ("POST", "/admin/hall/agencies/{agency_id}", "admin"),
    ("POST", "/admin/hall/holidays", "admin"),
    ("POST", "/admin/hall/holidays/{day}/remove", "admin"),
    ("POST", "/admin/hall/services", "admin"),
    ("GET", "/admin/hall/services/{service_id}/remove", "admin"),
    ("POST", "/admin/hall/services/{service_id}/remove", "admin"),
    ("GET", "/admin/hall/counters/{counter_id}/remove", "admin"),
    ("POST", "/admin/hall/counters/{counter_id}/remove", "admin"),
    ("POST", "/admin/hall/services/{service_id}/booking", "admin"),
    ("POST", "/admin/hall/services/{service_id}/booking/off", "admin"),
    ("POST", "/admin/hall/services/{service_id}/sessions", "admin"),
    ("POST", "/admin/hall/services/{service_id}/sessions/{number}", "admin"),
    ("POST", "/admin/hall/services/{service_id}/sessions/{number}/remove", "admin"),
    ("GET", "/admin/reports", "supervisor"),
    ("GET", "/admin/reports/summary.csv", "supervisor"),
    ("GET", "/admin/reports/summary.xlsx", "supervisor"),
    ("GET", "/admin/reports/monthly.pdf", "supervisor"),
    ("GET", "/admin/skm", "supervisor"),
    ("GET", "/admin/skm/laporan.xlsx", "supervisor"),
    ("GET", "/admin/skm/laporan.pdf", "supervisor"),
    ("GET", "/admin/complaints", "supervisor"),
    ("GET", "/admin/complaints/{complaint_id}", "supervisor"),
    ("POST", "/admin/complaints/{complaint_id}", "supervisor"),
    ("GET", "/admin/dossiers", "supervisor"),
    ("GET", "/admin/bookings", "supervisor"),
]

SAMPLE_PARAMS = {"{counter_id}": "1", "{complaint_id}": "1", "{dossier_id}": "1", "{number}": "1"}


def concrete(path: str) -> str:
    for name, value in SAMPLE_PARAMS.items():
        path = path.replace(name, value)
    return re.sub(r"\{[^}]+\}", "x", path)


def console_routes(hall: HallClient) -> set[tuple[str, str]]:
    found = set()
    for route in hall.app.routes:
        if isinstance(route, Route) and route.path.startswith("/admin"):
            found |= {(m, route.path) for m in route.methods or () if m != "HEAD"}
        elif isinstance(route, WebSocketRoute) and route.path.startswith("/admin"):
            found.add(("WS", route.path))
    return found


def test_the_table_covers_every_console_route(hall: HallClient) -> None:
    listed = {(m, p) for m, p, _ in TABLE}
    missing = console_routes(hall) - listed
    assert not missing, f"add these console routes to the table: {sorted(missing)}"
    assert listed <= console_routes(hall), "the table lists routes that do not exist"


def browse_as(hall: HallClient, role: str | None) -> None:
    hall.client.cookies.clear()
    if role is not None:
        hall.client.cookies.set(COOKIE, hall.token(role, role))


PROTECTED = [(m, p, who) for m, p, who in TABLE if who != "public"]


@pytest.mark.parametrize(
    ("method", "path", "who"), PROTECTED, ids=[f"{m} {p}" for m, p, _ in PROTECTED]
)
def test_console_route_refuses_who_may_not_see_it(
    hall: HallClient, method: str, path: str, who: str
) -> None:
    url = concrete(path)
    if method == "WS":
        for role in (None, "operator", "kiosk", "display"):
            browse_as(hall, role)
            with pytest.raises(Exception), hall.client.websocket_connect(url) as ws:  # noqa: B017
                ws.receive_json()
        return
    browse_as(hall, None)
    away = hall.client.request(method, url, follow_redirects=False)
    assert away.status_code == 303, away.text
    assert away.headers["location"].startswith("/admin/login?next=")
    hall.client.cookies.set(COOKIE, "not-a-real-session")
    assert hall.client.request(method, url, follow_redirects=False).status_code == 303
    # A device token is no console session, whatever its role.
    for device in ("kiosk", "display"):
        browse_as(hall, device)
        assert hall.client.request(method, url, follow_redirects=False).status_code == 303
    refused = ["operator"] + (["supervisor"] if who == "admin" else [])
    for role in refused:
        browse_as(hall, role)
        page = hall.client.request(method, url, follow_redirects=False)
        assert page.status_code == 403, (role, page.text)
        assert "bukan untuk peran Anda" in page.text
    allowed = ["admin"] + (["supervisor"] if who == "supervisor" else [])
    for role in allowed:
        browse_as(hall, role)
        page = hall.client.request(method, url, follow_redirects=False)
        if method == "GET":
            assert page.status_code in (200, 404), (role, page.text)
        else:  # no CSRF field: nothing done
            assert page.status_code == 403, (role, page.text)
            assert "kedaluwarsa" in page.text


def test_an_agency_bound_supervisor_is_told_their_agency(hall: HallClient) -> None:
    hall.token("coordinator", "supervisor")
    agency = hall.get("/api/v1/hall", None).json()["agencies"][0]["id"]
    bound = hall.client.patch(
        "/api/v1/users/coordinator", headers=hall.headers("admin"), json={"agency_id": agency}
    )
    assert bound.status_code == 200, bound.text
    browse_as(hall, "coordinator")
    page = hall.client.get("/admin")
    assert page.status_code == 200
    assert f"Hanya instansi {agency}" in page.text
