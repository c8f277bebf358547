"""Who is using the console: a staff session held in a cookie.

The console signs in through the same password check as the REST login
(queue_server.sign_in) and keeps the session token in an HttpOnly, SameSite=Strict cookie:
scripts on the page cannot read it, and other sites cannot send it along. Forms carry a
CSRF field derived from the session token as well, and the Origin of a POST must be this
server, because a hall LAN is shared with many machines we do not control."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import parse_qs, quote, urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from starlette.requests import HTTPConnection

from queue_server import auth
from queue_server.runtime import HallRuntime
from queue_server.store.staff import Principal

COOKIE = "antre_console"
LANG_COOKIE = "antre_console_lang"
PATH = "/admin"
CONSOLE_ROLES = auth.SUPERVISOR
ADMIN_ROLES = auth.ADMIN


@dataclass(frozen=True)
class ConsolePerson:
    """The signed-in person and the session behind them."""

    principal: Principal
    token: str

    @property
    def name(self) -> str:
        return self.principal.name

    @property
    def role(self) -> str:
        return self.principal.role

    @property
    def agency_id(self) -> str | None:
        """An agency-bound supervisor's agency: their pages show only it."""
        return self.principal.agency_id

    @property
    def is_admin(self) -> bool:
        return self.principal.role in ADMIN_ROLES

    @property
    def csrf(self) -> str:
        return csrf_for(self.token)


class SignInNeeded(Exception):
    """No valid console session: the browser goes to the sign-in page and comes back."""

    def __init__(self, back_to: str) -> None:
        self.back_to = back_to


class NotForYourRole(Exception):
    """Signed in, but this page is not for this role (403, a page that says so)."""

    def __init__(self, person: ConsolePerson | None) -> None:
        self.person = person


class BadForm(Exception):
    """A console form without a valid CSRF field or from another origin (403)."""


def csrf_for(token: str) -> str:
    return hmac.new(token.encode(), b"antre-console-form", hashlib.sha256).hexdigest()[:32]


def session_person(conn: HTTPConnection) -> ConsolePerson | None:
    """The console session of this request or WebSocket, if its cookie holds a live one
    (any role: the caller decides what the role may see)."""
    token = conn.cookies.get(COOKIE)
    if not token:
        return None
    runtime: HallRuntime = conn.app.state.runtime
    principal = runtime.tokens.lookup(token, runtime.clock())
    if principal is None or principal.kind != "user":
        return None
    return ConsolePerson(principal, token)


def _back_to(conn: HTTPConnection) -> str:
    query = conn.url.query
    return conn.url.path + (f"?{query}" if query else "")


def _person_in(conn: HTTPConnection, roles: frozenset[str]) -> ConsolePerson:
    person = session_person(conn)
    if person is None:
        raise SignInNeeded(_back_to(conn))
    if person.role not in roles:
        raise NotForYourRole(person)
    return person


async def _supervisor(request: Request) -> ConsolePerson:
    return _person_in(request, CONSOLE_ROLES)


async def _admin(request: Request) -> ConsolePerson:
    return _person_in(request, ADMIN_ROLES)


ConsoleUser = Annotated[ConsolePerson, Depends(_supervisor)]
"""A supervisor or an admin signed in to the console."""
ConsoleAdmin = Annotated[ConsolePerson, Depends(_admin)]
"""An admin signed in to the console."""


def same_origin(conn: HTTPConnection) -> bool:
    """The Origin (or, without it, the Referer) names this server, or is absent (a
    browser always sends Origin on a POST and a WebSocket; tools may not)."""
    source = conn.headers.get("origin") or conn.headers.get("referer")
    if not source or source == "null":
        return source is None
    parts = urlsplit(source)
    # A WebSocket's own URL is ws:// or wss://; the page that opened it is http(s)://.
    scheme = {"ws": "http", "wss": "https"}.get(conn.url.scheme, conn.url.scheme)
    return f"{parts.scheme}://{parts.netloc}" == f"{scheme}://{conn.url.netloc}"


async def read_form(request: Request) -> dict[str, str]:
    """A urlencoded form (the body limit is the Edge's): no multipart dependency."""
    body = (await request.body()).decode("utf-8", "replace")
    return {k: v[0] for k, v in parse_qs(body, max_num_fields=200).items()}


async def check_form(request: Request, person: ConsolePerson) -> dict[str, str]:
    """The form's fields, once its CSRF field and Origin are right; `BadForm` otherwise."""
    form = await read_form(request)
    if not same_origin(request) or not hmac.compare_digest(form.get("csrf", ""), person.csrf):
        raise BadForm()
    return form


def safe_next(value: str | None) -> str:
    """Where to go after signing in: only a console path of this server (never an
    address elsewhere: `//evil.example` or `https://…` would make an open redirect)."""
    if value and value.startswith(PATH) and not value.startswith("//") and "\\" not in value:
        return value
    return PATH


def to_sign_in(back_to: str) -> RedirectResponse:
    return RedirectResponse(f"{PATH}/login?next={quote(safe_next(back_to))}", status_code=303)


def set_session(response: Response, token: str, max_age: int, secure: bool) -> None:
    response.set_cookie(
        COOKIE, token, max_age=max_age, path="/", httponly=True, samesite="strict", secure=secure
    )


def clear_session(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")


def install(app: FastAPI) -> None:
    """Turn the console's exceptions into a redirect or a 403 page."""
    from queue_server.console.render import refused

    @app.exception_handler(SignInNeeded)
    async def _sign_in(_: Request, exc: SignInNeeded) -> Response:
        return to_sign_in(exc.back_to)

    @app.exception_handler(NotForYourRole)
    async def _role(request: Request, exc: NotForYourRole) -> Response:
        return refused(request, exc.person, "role")

    @app.exception_handler(BadForm)
    async def _form(request: Request, _: BadForm) -> Response:
        return refused(request, session_person(request), "form")
