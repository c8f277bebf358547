"""The server's edge: error shapes, body limits and the request log.

No stack trace, SQL or path reaches a client; every error answers in the contract's shape
in Indonesian and English. The request log redacts tokens: browsers can only pass the
board's device token in the query string, and tracking tokens are bearer secrets too.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from typing import Any, TextIO

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from queue_core.errors import DomainError
from queue_core.events import compact_json
from queue_server.errors import error_body

log = logging.getLogger("antre.server")

_HTTP_ERRORS = {
    # Starlette's own 400: a body it could not decode (not UTF-8, a broken form).
    400: (
        "bad_request",
        "Isi permintaan tidak dapat dibaca sebagai JSON.",
        "The request body could not be read as JSON.",
    ),
    401: ("unauthorized", "Silakan masuk terlebih dahulu.", "Please sign in first."),
    403: ("forbidden", "Anda tidak diizinkan.", "You are not allowed to do this."),
    404: ("not_found", "Tidak ditemukan.", "Not found."),
    405: ("method_not_allowed", "Metode tidak diizinkan.", "Method not allowed."),
    413: ("payload_too_large", "Permintaan terlalu besar.", "The request is too large."),
    415: ("unsupported_media_type", "Kirim data sebagai JSON.", "Send the data as JSON."),
}


def error_response(
    status: int, code: str, message: str, message_en: str, **headers: str
) -> JSONResponse:
    return CompactJSON(
        error_body(code, message, message_en), status_code=status, headers=headers or None
    )


def _fields(exc: RequestValidationError) -> str:
    """Which fields were wrong, never what was in them (a NIK could be)."""
    names = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header")]
        names.append(".".join(loc) or "body")
    return ", ".join(dict.fromkeys(names))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else {}
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:  # RFC 9110: how many seconds before trying again
            headers["Retry-After"] = str(retry_after)
        return error_response(exc.status, exc.code, exc.message, exc.message_en, **headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        if any(err.get("type") == "json_invalid" for err in exc.errors()):
            return error_response(
                422,
                "validation_error",
                "Isi permintaan bukan JSON yang dapat dibaca. Periksa tanda kutip, koma "
                "dan kurung.",
                "The request body is not JSON that could be read. Check its quotes, commas "
                "and brackets.",
            )
        fields = _fields(exc)
        return error_response(
            422,
            "validation_error",
            f"Data tidak valid: {fields}.",
            f"Invalid data: {fields}.",
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, message, message_en = _HTTP_ERRORS.get(
            exc.status_code, ("http_error", "Permintaan gagal.", "The request failed.")
        )
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request)
        return error_response(exc.status_code, code, message, message_en, **headers)

    @app.exception_handler(Exception)
    async def _crash(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return error_response(
            500,
            "internal_error",
            "Terjadi gangguan pada server. Silakan coba lagi.",
            "The server had a problem. Please try again.",
        )


def allowed_methods(request: Request) -> str:
    """Every method some route answers at this path (RFC 9110's `Allow` of a 405).
    Starlette names only the first route that matched the path, but GET and POST of
    one path are separate routes here."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return ", ".join(sorted(methods))


_SECRET_QUERY = re.compile(r"((?:^|&)token=)[^&]*")
_SECRET_PATH = re.compile(
    r"(/t/|/track/|/survey/(?!counter/)|/b/|/by-token/|/c/)([A-Za-z0-9_-]{6})[A-Za-z0-9_-]*"
)
"""Tracking tokens, booking and complaint manage tokens (each works as a key to its page)."""


def redact(path: str, query: str) -> str:
    if any(p in path for p in ("/t/", "/track/", "/survey/", "/b/", "/by-token/", "/c/")):
        path = _SECRET_PATH.sub(r"\1\2…", path)
    if query:
        return path + "?" + (_SECRET_QUERY.sub(r"\1***", query) if "token=" in query else query)
    return path


def printable(text: str) -> str:
    """`text` with every control or otherwise unprintable character (and, then, the
    backslash) escaped as Python does (`\\n`, `\\x1b`): one log line per request, no
    terminal codes. The common case, all printable, costs one C-level scan."""
    if text.isprintable():
        return text
    return text.encode("unicode_escape").decode("ascii")


class CompactJSON(JSONResponse):
    """JSON answers through the shared encoder (see queue_core.events.compact_json)."""

    def render(self, content: Any) -> bytes:
        return compact_json(content).encode()


class Edge:
    """The outermost layer, pure ASGI: refuses oversized bodies before they are read, and
    writes one line per request to stderr (directly: `logging`'s record machinery cost
    more than the rest of a tracking lookup)."""

    def __init__(self, app: ASGIApp, body_limit: int, stream: TextIO | None = None) -> None:
        self.app, self.body_limit, self.stream = app, body_limit, stream
        self._second = -1
        self._stamp = ""

    def _now(self) -> str:
        now = time.time()
        second = int(now)
        if second != self._second:
            self._second = second
            self._stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(second))
        return f"{self._stamp},{int(now % 1 * 1000):03d}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 101 if kind == "websocket" else 500
        accepted = False

        async def send_wrapper(message: Message) -> None:
            nonlocal status, accepted
            sent = message["type"]
            if sent in ("http.response.start", "websocket.http.response.start"):
                status = message["status"]
            elif sent == "websocket.close" and not accepted:
                status = 403  # closed before the handshake completed: refused
            elif sent == "websocket.accept":
                accepted = True
            await send(message)

        try:
            if kind == "http" and not self._body_fits(scope):
                status = 413
                await error_response(413, *_HTTP_ERRORS[413])(scope, receive, send)
            elif kind == "http" and _declared_length(scope) is None:
                await self._counted(scope, receive, send_wrapper)
            else:
                await self.app(scope, receive, send_wrapper)
        finally:
            client = scope.get("client") or ("-", 0)
            query = scope.get("query_string", b"").decode("latin-1")
            # The path as it was sent (still percent-encoded), so `%0A` stays three
            # characters; and every field printable, so no request writes a second line
            # or terminal codes into the log, whatever the server in front decoded.
            raw = scope.get("raw_path")
            path = raw.decode("latin-1") if raw else scope["path"]
            request = f"{client[0]} {scope.get('method', 'WS')} {redact(path, query)}"
            if not request.isprintable():  # escaping is char by char: the whole at once
                request = printable(request)
            (self.stream or sys.stderr).write(
                f"{self._now()} antre.access {request} {status} "
                f"{(time.perf_counter() - started) * 1000:.1f}ms\n"
            )

    def _body_fits(self, scope: Scope) -> bool:
        declared = _declared_length(scope)
        return declared is None or (declared.isdigit() and int(declared) <= self.body_limit)

    async def _counted(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A body without Content-Length (chunked) is counted as it arrives. With one, the
        HTTP parser already holds the body to the declared length."""
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.body_limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await error_response(413, *_HTTP_ERRORS[413])(scope, receive, send)


def _declared_length(scope: Scope) -> bytes | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return value  # type: ignore[no-any-return]
    return None


class _TooLarge(Exception):
    pass


def configure_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
    root = logging.getLogger("antre")
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    root.propagate = False
