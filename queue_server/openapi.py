"""The published OpenAPI: every answer's model, every error status with the error shape.

A route says what it answers and which errors of its own it can give:

    @router.get("/{ticket_id}", responses=answers(shapes.Ticket, 404))
    async def get_ticket(...) -> dict[str, Any]: ...

and `install` adds what follows from the route itself, so no route can forget it:
`401` (and `403` unless every role may call it) where it takes a bearer token
(`deps.Bearer`, or `secured(roles)` for a route that identifies its caller by hand), with
the roles in its `security`; `422` where it takes parameters or a body; `413` where it
takes a body; `500` everywhere. Every error answers `ErrorBody`.

The models are documentation only: routes keep building and encoding their own JSON, so
the hot paths pay nothing for them (the returned dict's inferred `dict[str, Any]` field is
replaced in the document, not on the wire).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from pydantic.json_schema import models_json_schema

from queue_server import auth
from queue_server.deps import Bearer

REF = "#/components/schemas/"


class ErrorDetail(BaseModel):
    code: str = Field(description="snake_case, e.g. not_found, invalid_transition.")
    message: str = Field(description="For people, in Indonesian.")
    message_en: str = Field(description="The same in English.")


class ErrorBody(BaseModel):
    """Every 4xx and 5xx answer."""

    error: ErrorDetail


MEANING = {
    400: "bad_request: the body could not be read as JSON (not UTF-8).",
    401: "unauthorized: no, unknown or expired bearer token.",
    403: "forbidden: the token's role may not do this, or another operator's counter.",
    404: "not_found.",
    409: "The hall's state does not allow it (invalid_transition, counter_busy, "
    "counter_closed, service_closed, quota_exhausted, nik_limit_reached, "
    "idempotency_conflict); nothing changed.",
    413: "payload_too_large: the body is over ANTRE_MAX_BODY_BYTES.",
    422: "validation_error (or invalid_nik): the message names the fields, never their "
    "values; a body that is not readable JSON says so.",
    429: "rate_limited: wait `Retry-After` seconds.",
    500: "internal_error: a bug, logged on the server.",
}
_RETRY_AFTER = {
    "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer", "minimum": 1}}
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` entries for error statuses, each with the error shape."""
    documented: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        documented[status] = {"model": ErrorBody, "description": MEANING[status]}
        if status == 429:
            documented[status]["headers"] = _RETRY_AFTER
    return documented


def answers(
    model: Any, *error_statuses: int, status: int = 200, description: str | None = None
) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route: `model` (a pydantic model or `list[Model]`) for its
    success `status`, and the error statuses of its own (the automatic ones are added by
    `install`)."""
    success: dict[str, Any] = {"model": model}
    if description:
        success["description"] = description
    return {status: success, **errors(*error_statuses)}


def secured(roles: Iterable[str]) -> dict[str, Any]:
    """`openapi_extra` of a route that identifies its caller itself (no `deps.Bearer`)."""
    return {"security": [{"bearer": _ordered(roles)}]}


def _ordered(roles: Iterable[str]) -> list[str]:
    return sorted(set(roles), key=auth.ROLES.index)


def install(app: FastAPI) -> None:
    """Replace the app's OpenAPI builder with one that completes it (built once)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def build(app: FastAPI) -> dict[str, Any]:
    document = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=app.description,
        routes=app.routes,
    )
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    _, defs = models_json_schema([(ErrorBody, "serialization")], ref_template=REF + "{model}")
    schemas.update(defs.get("$defs", {}))
    for route in app.routes:
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        for method in route.methods or ():
            operation = document["paths"][route.path_format][method.lower()]
            roles = _bearer_roles(route)
            if roles is not None:
                operation["security"] = [{"bearer": _ordered(roles)}]
            _complete(operation)
    _hoist_defs(document, schemas)
    _clean_refs(document["paths"])
    _link(document)
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    document["components"].setdefault("securitySchemes", {})["bearer"] = {
        "type": "http",
        "scheme": "bearer",
        "description": "A staff session (POST /api/v1/auth/login) or a device token "
        "(antre device add).",
    }
    return document


def _bearer_roles(route: APIRoute) -> frozenset[str] | None:
    pending = list(route.dependant.dependencies)
    while pending:
        dependant = pending.pop()
        if isinstance(dependant.call, Bearer):
            return dependant.call.roles
        pending.extend(dependant.dependencies)
    return None


def _complete(operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    automatic: list[int] = []
    security = operation.get("security")
    if security:
        automatic.append(401)
        roles = {
            role for requirement in security for scopes in requirement.values() for role in scopes
        }
        if roles and roles != set(auth.ROLES):
            automatic.append(403)
    if operation.get("parameters") or operation.get("requestBody"):
        automatic.append(422)
    if operation.get("requestBody"):
        automatic += [400, 413]
    automatic.append(500)
    for status, response in errors(*automatic).items():
        entry = responses.setdefault(str(status), {})
        entry["description"] = response["description"]
        entry["content"] = {"application/json": {"schema": {"$ref": REF + "ErrorBody"}}}
        if "headers" in response:
            entry["headers"] = response["headers"]
    # Sorted by status: the order a reader looks for them in.
    operation["responses"] = dict(sorted(responses.items()))


LINKED = {
    "Ticket": {"ticket_id": "/id", "token": "/tracking_token"},
    "IssuedTicket": {"ticket_id": "/id", "token": "/tracking_token"},
    "Counter": {"counter_id": "/id"},
}
"""Which path parameters an answer of each model supplies (JSON pointer into it): the
OpenAPI links that let a client (and schemathesis' stateful phase) go from an answer to
every operation on the same resource."""


def _link(document: dict[str, Any]) -> None:
    targets = []  # (operationId, path parameter names)
    for item in document["paths"].values():
        for operation in item.values():
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            if names:
                targets.append((operation["operationId"], names))
    for item in document["paths"].values():
        for operation in item.values():
            for status, response in operation["responses"].items():
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if not status.startswith("2") or not schema:
                    continue
                prefix, ref = (
                    ("/0", schema["items"].get("$ref"))
                    if "items" in schema
                    else ("", schema.get("$ref"))
                )
                supplies = LINKED.get(str(ref).removeprefix(REF), {})
                links = {
                    target: {
                        "operationId": target,
                        "parameters": {n: f"$response.body#{prefix}{supplies[n]}" for n in names},
                    }
                    for target, names in targets
                    if names <= supplies.keys() and target != operation["operationId"]
                }
                if links:
                    response["links"] = links


def _hoist_defs(node: Any, schemas: dict[str, Any]) -> None:
    """Move `$defs` left inside operations (a model's own json schema, used by hand for
    a body the route reads itself) into components, and point their `$ref`s there."""
    if isinstance(node, dict):
        for name, schema in node.pop("$defs", {}).items():
            schemas.setdefault(name, schema)
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            node["$ref"] = REF + ref.removeprefix("#/$defs/")
        for value in node.values():
            _hoist_defs(value, schemas)
    elif isinstance(node, list):
        for value in node:
            _hoist_defs(value, schemas)


def _clean_refs(node: Any) -> None:
    """A response model given in `responses=` is merged by FastAPI into the schema it
    inferred from the route's `-> dict[str, Any]`; the `$ref` alone is the truth."""
    if isinstance(node, dict):
        if "$ref" in node and len(node) > 1:
            for key in [k for k in node if k not in ("$ref", "description", "default")]:
                del node[key]
        for value in node.values():
            _clean_refs(value)
    elif isinstance(node, list):
        for value in node:
            _clean_refs(value)
