"""The server's edge as a client meets it: error headers, unreadable bodies, the request
log, and the published OpenAPI's own promises (schemathesis checks the answers against it
in tests/e2e/test_openapi_conformance.py)."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from inprocess import PASSWORD, FakeClock, HallClient

from queue_server import auth
from queue_server.edge import Edge
from queue_server.store import connect, staff


def add_user(hall: HallClient, name: str) -> None:
    db = connect(hall.db)
    staff.add_user(db.conn, name, auth.hash_password(PASSWORD), "operator", datetime.now(UTC))
    db.conn.close()


def login(hall: HallClient, name: str, password: str = PASSWORD) -> httpx.Response:
    return hall.client.post("/api/v1/auth/login", json={"username": name, "password": password})


def test_a_refused_login_says_when_to_try_again(tmp_path: Path, clock: FakeClock) -> None:
    hall = HallClient(tmp_path / "antre.db", clock)
    hall.app.state.runtime.throttle.attempts = 2
    with hall:
        add_user(hall, "budi")
        for _ in range(2):
            assert login(hall, "budi", "tebak-tebak").status_code == 401
        blocked = login(hall, "budi")
        assert blocked.status_code == 429
        seconds = int(blocked.headers["Retry-After"])
        assert 1 <= seconds <= hall.app.state.runtime.throttle.window + 1
        assert f"{seconds} detik" in blocked.json()["error"]["message"]


def test_a_wrong_method_names_every_method_the_path_answers(hall: HallClient) -> None:
    answer = hall.client.delete("/api/v1/tickets")  # GET and POST are separate routes
    assert answer.status_code == 405
    assert answer.headers["Allow"] == "GET, POST"
    assert answer.json()["error"]["code"] == "method_not_allowed"
    assert hall.client.put("/api/v1/hall").headers["Allow"] == "GET"


@pytest.mark.parametrize("body", [b'{"service_id": "ktp"', b"not json", b"[1, 2"])
@pytest.mark.parametrize("path", ["/api/v1/tickets", "/api/v1/tickets/1/transfer"])
def test_malformed_json_is_told_in_both_languages(hall: HallClient, body: bytes, path: str) -> None:
    headers = {**hall.headers("kiosk" if path == "/api/v1/tickets" else "admin")}
    headers["Content-Type"] = "application/json"
    answer = hall.client.post(path, content=body, headers=headers)
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "validation_error"
    assert "bukan JSON" in error["message"] and "not JSON" in error["message_en"]


def test_a_body_that_is_not_text_is_told_too(hall: HallClient) -> None:
    headers = {**hall.headers("admin"), "Content-Type": "application/json"}
    answer = hall.client.post("/api/v1/tickets/1/transfer", content=b"\xc3\x28", headers=headers)
    assert answer.status_code == 400
    assert "JSON" in answer.json()["error"]["message"]
    assert "JSON" in answer.json()["error"]["message_en"]


def log_line_of(scope: dict[str, Any]) -> str:
    """What Edge writes for one request with this scope (the app answers 204)."""

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: Any) -> None:
        pass

    stream = io.StringIO()
    base = {"type": "http", "headers": [], "query_string": b"", "method": "GET"}
    asyncio.run(Edge(app, body_limit=1000, stream=stream)({**base, **scope}, receive, send))
    return stream.getvalue()


def test_no_logged_field_can_start_a_line_or_send_terminal_codes() -> None:
    line = log_line_of(
        {
            "path": "/a\n2026-01-01 00:00:00,000 antre.access 1.2.3.4 GET /fake 200\x1b[2J",
            "query_string": b"x=\r\n\x1b]0;title\x07",
            "client": ("evil\nhost\x1b", 1),
            "method": "GE\nT",
        }
    )
    assert line.count("\n") == 1 and line.endswith("\n")
    assert "\x1b" not in line and "\r" not in line and "\x07" not in line
    assert "/a\\n2026-01-01" in line and "\\x1b[2J" in line
    assert "evil\\nhost\\x1b" in line and "GE\\nT" in line


def test_the_log_shows_the_path_as_it_was_sent() -> None:
    line = log_line_of({"path": "/api/v1/track/x\ny", "raw_path": b"/api/v1/track/x%0Ay"})
    assert "/api/v1/track/x%0Ay 204" in line


def walk(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def test_every_reference_in_the_openapi_resolves(hall: HallClient) -> None:
    document = hall.client.get("/openapi.json").json()
    schemas = document["components"]["schemas"]
    refs = {node["$ref"] for node in walk(document) if isinstance(node.get("$ref"), str)}
    assert refs, "the document uses components"
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.removeprefix("#/components/schemas/") in schemas, ref


def test_every_operation_publishes_its_answer_and_its_errors(hall: HallClient) -> None:
    document = hall.client.get("/openapi.json").json()
    error = {"$ref": "#/components/schemas/ErrorBody"}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            where = f"{method.upper()} {path}"
            responses = operation["responses"]
            for status, response in responses.items():
                content = response.get("content", {})
                if status == "204":
                    assert not content, where
                    continue
                schemas = [
                    media.get("schema") or media.get("itemSchema") for media in content.values()
                ]
                assert schemas and all(schemas), f"{where} {status}: no schema"
                if status.startswith(("4", "5")):
                    assert content["application/json"]["schema"] == error, (where, status)
                else:
                    assert {} not in schemas, f"{where} {status} is published as {{}}"
            assert "500" in responses, where
            if operation.get("security"):
                assert "401" in responses, where
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in responses, where
