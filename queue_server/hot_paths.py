"""The hall's busiest requests, answered without the framework's per-request layers.

Every kiosk's `POST /api/v1/tickets`, every phone's `GET /api/v1/track/<token>` and the
booking page's polled `GET /api/v1/services/<id>/days` pass through here first. Starlette and FastAPI would walk them through exception and
exit-stack middleware, the route list, a dependency solver and a send wrapper per
layer: measured on a 2-core VM, about 45 µs of the ~270 µs of server CPU a durable
ticket cost; for the kept answer of `/days` the walk was a third of its cost (161 µs
against 100 µs for the same answer from a bare FastAPI app). Here the same endpoint
functions run (routes/tickets.py, routes/tracking.py, routes/booking.py), so the answer, its validation and its errors are theirs; only the
walk to them is shorter. Everything else (and any other method or path, even one slash
apart) goes on down the normal stack, which still lists these routes for OpenAPI.

It sits inside `Edge`, so the body limit and the request log apply as for any request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from queue_server.routes import booking, tickets, tracking

Endpoint = Callable[[Request], Awaitable[Response]]

_TRACK_PREFIX = "/api/v1/track/"
_SERVICES_PREFIX, _DAYS = "/api/v1/services/", "/days"


async def _track(request: Request) -> Response:
    token = request.scope["path"][len(_TRACK_PREFIX) :]
    return await tracking.track(token, request)


async def _days(request: Request) -> Response:
    service_id = request.scope["path"][len(_SERVICES_PREFIX) : -len(_DAYS)]
    return await booking.booking_days(service_id, request)


class HotPaths:
    """Pure ASGI: a request for one of the hot routes is answered here; errors go to the
    app's own exception handlers, exactly as Starlette's ExceptionMiddleware would."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        endpoint = _endpoint(scope) if scope["type"] == "http" else None
        if endpoint is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await endpoint(request)
        except Exception as exc:
            handler = _handler_for(scope["app"].exception_handlers, exc)
            if handler is None:
                raise  # ServerErrorMiddleware answers 500, as for any other route
            response = await handler(request, exc)
        await response(scope, receive, send)


def _endpoint(scope: Scope) -> Endpoint | None:
    if scope.get("root_path"):
        return None  # mounted below a prefix: leave the matching to the router
    path, method = scope["path"], scope["method"]
    if method == "POST" and path == "/api/v1/tickets":
        return tickets.issue
    if method == "GET" and path.startswith(_TRACK_PREFIX):
        token = path[len(_TRACK_PREFIX) :]
        # One path segment; `/track/<token>/stream` and the like take the normal route.
        if token and "/" not in token:
            return _track
    if method == "GET" and path.startswith(_SERVICES_PREFIX) and path.endswith(_DAYS):
        service_id = path[len(_SERVICES_PREFIX) : -len(_DAYS)]
        if service_id and "/" not in service_id:  # as the route's one path segment
            return _days
    return None


def _handler_for(
    handlers: dict[object, Callable[..., Awaitable[Response]]], exc: Exception
) -> Callable[..., Awaitable[Response]] | None:
    """The handler Starlette's ExceptionMiddleware would pick: the nearest class in the
    exception's MRO (an HTTPException's status code first). The catch-all (Exception,
    500) belongs to ServerErrorMiddleware, outside: those exceptions are re-raised to it."""
    if isinstance(exc, HTTPException) and exc.status_code in handlers:
        return handlers[exc.status_code]
    for cls in type(exc).__mro__:
        if cls is Exception:
            return None
        handler = handlers.get(cls)
        if handler is not None:
            return handler
    return None
