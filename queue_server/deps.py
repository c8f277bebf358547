"""Request dependencies as Annotated aliases: who is calling, and the hall runtime."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Header, Query, Request
from fastapi.openapi.models import HTTPBearer as HTTPBearerModel
from fastapi.security.base import SecurityBase
from starlette.requests import HTTPConnection

from queue_server import auth
from queue_server.errors import Unauthorized, forbidden_role
from queue_server.runtime import HallRuntime
from queue_server.store.staff import Principal


async def _runtime(conn: HTTPConnection) -> HallRuntime:
    runtime: HallRuntime = conn.app.state.runtime
    return runtime


Runtime = Annotated[HallRuntime, Depends(_runtime)]


def bearer_token(conn: HTTPConnection) -> str | None:
    header = conn.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def identify(runtime: HallRuntime, token: str | None, roles: frozenset[str]) -> Principal:
    if not token:
        raise Unauthorized(
            "Silakan masuk terlebih dahulu.", "Sign in first (bearer token missing)."
        )
    principal = runtime.tokens.lookup(token, runtime.clock())
    if principal is None:
        raise Unauthorized("Sesi tidak berlaku; silakan masuk lagi.", "Invalid or expired token.")
    if principal.role not in roles:
        raise forbidden_role()
    return principal


class Bearer(SecurityBase):
    """The caller, by bearer token, in one of `roles`. A security scheme to FastAPI, so
    every route that depends on it publishes `security` in the OpenAPI (queue_server.
    openapi adds the roles, 401 and 403 from `roles`)."""

    def __init__(self, roles: frozenset[str]) -> None:
        self.roles = roles
        self.model = HTTPBearerModel(description="A staff session or a device token.")
        self.scheme_name = "bearer"

    # async so it runs on the event loop: a sync dependency would cost a thread hop.
    async def __call__(self, request: Request) -> Principal:
        return identify(request.app.state.runtime, bearer_token(request), self.roles)


def require(roles: frozenset[str]) -> Callable[[Request], Awaitable[Principal]]:
    return Bearer(roles)


Admin = Annotated[Principal, Depends(require(auth.ADMIN))]
Anyone = Annotated[Principal, Depends(require(auth.OPERATOR | auth.DISPLAY | auth.KIOSK))]
"""Any valid token, staff or device."""
Operator = Annotated[Principal, Depends(require(auth.OPERATOR))]
Integration = Annotated[Principal, Depends(require(auth.INTEGRATION))]
Staff = Operator
"""Any signed-in staff user (operator, supervisor, admin)."""
Supervisor = Annotated[Principal, Depends(require(auth.SUPERVISOR))]
Issuer = Annotated[Principal, Depends(require(auth.OPERATOR | auth.KIOSK))]
Watcher = Annotated[Principal, Depends(require(auth.OPERATOR | auth.DISPLAY))]
Listener = Annotated[Principal, Depends(require(auth.OPERATOR | auth.DISPLAY | auth.KIOSK))]
"""Who may read the event log: the same callers as the live WebSocket, so a client can
fill a gap over HTTP with the token it streams with."""


def base_url(runtime: HallRuntime, request: Request) -> str:
    """Base of tracking URLs: the configured public URL, else the address the caller used
    (a kiosk on the LAN reaches the server the way phones on the hall Wi-Fi will)."""
    if runtime.settings.public_url:
        return runtime.settings.public_url
    host = request.headers.get("host")
    if host:
        return f"{request.scope.get('scheme', 'http')}://{host}"
    return str(request.base_url).rstrip("/")


# Query and header parameters several routes share (the same limits everywhere).
IdempotencyKey = Annotated[
    str | None, Header(alias="Idempotency-Key", min_length=1, max_length=128)
]
AgencyFilter = Annotated[str | None, Query(max_length=64)]
Cursor = Annotated[str | None, Query(max_length=16, pattern=r"^\d{1,15}$")]
PageLimit = Annotated[int, Query(ge=1, le=200)]


def agency_scope(caller: Principal) -> str | None:
    """Which agency's cases or dossiers the caller may see: None for every one (an admin,
    a supervisor bound to no agency), else the caller's agency: an agency-bound supervisor
    (an agency's coordinator) sees theirs, as in the reports and the console; an operator
    theirs ("" matches none: an operator with no agency has none)."""
    if caller.role in auth.ADMIN:
        return None
    if caller.role in auth.SUPERVISOR:
        return caller.agency_id
    return caller.agency_id or ""
