"""The short way to the busiest endpoints answers exactly as the router's way would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from dossier_visit import dossier_of_visit
from inprocess import SMALL_HALL, FakeClock, HallClient
from support import ROOT

from queue_server import hot_paths

Ask = Callable[[HallClient, dict[str, Any]], Any]


def _issue(body: Any, key: str | None = None, who: str = "kiosk", raw: bool = False) -> Ask:
    def ask(hall: HallClient, seen: dict[str, Any]) -> Any:
        headers = {"Idempotency-Key": key} if key is not None else {}
        if raw:
            headers["Content-Type"] = "application/json"
            sent: dict[str, Any] = {"content": body}
        else:
            sent = {"json": body}
        reply = hall.post("/api/v1/tickets", who, headers=headers, **sent)
        if reply.status_code == 201:
            seen["token"] = reply.json()["tracking_token"]
        return reply

    return ask


def _raw(method: str, path: str, **kw: Any) -> Ask:
    return lambda hall, seen: hall.client.request(method, path.format(**seen), **kw)


NOPE = {"Authorization": "Bearer nope"}
ASKS: list[tuple[str, Ask]] = [
    ("issued", _issue({"service_id": "kk"}, key="k-1")),
    ("replayed", _issue({"service_id": "kk"}, key="k-1")),
    ("key reused for another body", _issue({"service_id": "pkb"}, key="k-1")),
    ("key too long", _issue({"service_id": "kk"}, key="k" * 129)),
    ("malformed JSON", _issue(b'{"service_id": ', raw=True)),
    ("unknown field", _issue({"service_id": "kk", "colour": "red"})),
    ("missing field", _issue({})),
    ("unknown service", _issue({"service_id": "nope"})),
    ("NIK required", _issue({"service_id": "ktp"})),
    ("display may not issue", _issue({"service_id": "kk"}, who="display")),
    ("no token", _raw("POST", "/api/v1/tickets", json={"service_id": "kk"})),
    ("unknown token", _raw("POST", "/api/v1/tickets", json={"service_id": "kk"}, headers=NOPE)),
    ("too large", _issue({"service_id": "kk", "nik": "1" * 70_000})),
    ("tracked", _raw("GET", "/api/v1/track/{token}")),
    ("tracked twice (cached)", _raw("GET", "/api/v1/track/{token}")),
    ("unknown tracking token", _raw("GET", "/api/v1/track/AAAAAAAAAAAAAAAAAAAAAAAA")),
    ("malformed tracking token", _raw("GET", "/api/v1/track/a.b")),
    ("tracking with a slash after", _raw("GET", "/api/v1/track/{token}/")),
    ("tracking by POST", _raw("POST", "/api/v1/track/{token}")),
    ("tickets with a slash after", _raw("POST", "/api/v1/tickets/", json={"service_id": "kk"})),
    ("HEAD of tracking", _raw("HEAD", "/api/v1/track/{token}")),
    ("booking days", _raw("GET", "/api/v1/services/kk/days")),
    ("booking days again (kept)", _raw("GET", "/api/v1/services/kk/days")),
    ("days of a service taking no bookings", _raw("GET", "/api/v1/services/pkb/days")),
    ("days of an unknown service", _raw("GET", "/api/v1/services/nope/days")),
    ("days of an overlong id", _raw("GET", "/api/v1/services/" + "x" * 300 + "/days")),
    ("days with an empty id", _raw("GET", "/api/v1/services//days")),
    ("days with a slash after", _raw("GET", "/api/v1/services/kk/days/")),
    ("days of a nested path", _raw("GET", "/api/v1/services/kk/x/days")),
    ("days by POST", _raw("POST", "/api/v1/services/kk/days")),
]

_RANDOM = ("tracking_token", "tracking_url")
"""Fields that differ between two halls by design (random tracking tokens)."""


def _answers(
    db: Path, clock: FakeClock, asks: list[tuple[str, Ask]] = ASKS, hall_file: Path = SMALL_HALL
) -> list[tuple[str, int, str, str | None, Any]]:
    seen: dict[str, Any] = {}
    answers = []
    with HallClient(db, clock, hall=hall_file) as hall:
        for what, ask in asks:
            reply = ask(hall, seen)
            try:
                body: Any = reply.json()
            except ValueError:
                body = reply.text
            if isinstance(body, dict):
                body = {k: v for k, v in body.items() if k not in _RANDOM}
            answers.append(
                (
                    what,
                    reply.status_code,
                    reply.headers.get("content-type", ""),
                    reply.headers.get("www-authenticate"),
                    body,
                )
            )
    return answers


def test_hot_paths_answer_as_the_router_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken: list[str] = []
    endpoint_for = hot_paths._endpoint

    def counting(scope: Any) -> Any:
        found = endpoint_for(scope)
        if found is not None:
            taken.append(scope["path"])
        return found

    monkeypatch.setattr(hot_paths, "_endpoint", counting)
    short = _answers(tmp_path / "short.db", FakeClock())
    assert len(taken) >= 12, "the short way was not taken: this test would prove nothing"

    monkeypatch.setattr(hot_paths, "_endpoint", lambda scope: None)
    routed = _answers(tmp_path / "routed.db", FakeClock())

    for mine, theirs in zip(short, routed, strict=True):
        assert mine == theirs
    statuses = {what: status for what, status, *_ in short}
    assert statuses["issued"] == 201 and statuses["replayed"] == 200
    assert statuses["tracked"] == 200 and statuses["unknown tracking token"] == 404
    assert statuses["booking days"] == 200 and statuses["days of an unknown service"] == 404
    assert "/api/v1/services/kk/days" in taken


def _ready_dossier(hall: HallClient, seen: dict[str, Any]) -> Any:
    """A "kk" visit's dossier made ready (the pickup test hall, tests/halls/pickup.toml)."""
    dossier = dossier_of_visit(hall, "process", "ready")
    seen["visit"] = dossier["_token"]
    return hall.get(f"/api/v1/dossiers/{dossier['id']}", "dk")


def _pickup(hall: HallClient, seen: dict[str, Any]) -> Any:
    reply = hall.post("/api/v1/tickets", "kiosk", json={"tracking_token": seen["visit"]})
    seen["token"] = reply.json()["tracking_token"]
    return reply


PICKUP_ASKS: list[tuple[str, Ask]] = [
    ("a ready dossier", _ready_dossier),
    ("the visit tracked", _raw("GET", "/api/v1/track/{visit}")),
    ("pickup issued", _pickup),
    ("pickup tracked", _raw("GET", "/api/v1/track/{token}")),
    ("pickup tracked again (cached)", _raw("GET", "/api/v1/track/{token}")),
]


def test_a_pickup_tickets_track_answers_as_the_router_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pickup ticket's track names its dossier, the short way as the routed one."""
    hall_file = ROOT / "tests" / "halls" / "pickup.toml"
    short = _answers(tmp_path / "short.db", FakeClock(), PICKUP_ASKS, hall_file)
    monkeypatch.setattr(hot_paths, "_endpoint", lambda scope: None)
    routed = _answers(tmp_path / "routed.db", FakeClock(), PICKUP_ASKS, hall_file)
    for mine, theirs in zip(short, routed, strict=True):
        assert mine == theirs
    answers = {what: body for what, _, _, _, body in short}
    reference = answers["a ready dossier"]["reference"]
    assert answers["pickup tracked"]["dossier_reference"] == reference
    assert answers["pickup tracked again (cached)"]["dossier_reference"] == reference
    assert answers["the visit tracked"]["dossier_reference"] is None
