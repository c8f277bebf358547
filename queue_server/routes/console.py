"""The console's door: sign-in, sign-out and the home page with the sections a person may
open (docs/console.md). Each section lives in its own module (routes/console_*.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from queue_server.console.render import language, render
from queue_server.console.session import (
    PATH,
    ConsoleUser,
    clear_session,
    read_form,
    safe_next,
    same_origin,
    session_person,
    set_session,
)
from queue_server.console.words import WORDS
from queue_server.deps import Runtime
from queue_server.errors import RateLimited, Unauthorized
from queue_server.sign_in import password_sign_in, sign_out

router = APIRouter(include_in_schema=False)


@router.get(PATH)
async def console_home(request: Request, user: ConsoleUser) -> HTMLResponse:
    t = WORDS[language(request)]
    return render(request, user, "console/index.html", title=t["home"])


def _sign_in_page(
    request: Request, back_to: str, name: str = "", error: str = "", status: int = 200
) -> HTMLResponse:
    t = WORDS[language(request)]
    return render(
        request,
        None,
        "console/login.html",
        title=t["sign_in"],
        status=status,
        back_to=back_to,
        name=name,
        error=error,
    )


@router.get(f"{PATH}/login")
async def sign_in_form(request: Request, next: str | None = None) -> Response:
    back_to = safe_next(next)
    if session_person(request) is not None:
        return RedirectResponse(back_to, status_code=303)
    return _sign_in_page(request, back_to)


@router.post(f"{PATH}/login")
async def sign_in(request: Request, runtime: Runtime) -> Response:
    form = await read_form(request)
    back_to = safe_next(form.get("next"))
    name, password = form.get("username", "").strip(), form.get("password", "")
    t = WORDS[language(request)]
    lang = language(request)
    if not same_origin(request):
        return _sign_in_page(request, back_to, name, t["refused_form"], 403)
    if not name or not password or len(name) > 64 or len(password) > 256:
        return _sign_in_page(request, back_to, name, t["empty"], 422)
    address = request.client.host if request.client else "-"
    try:
        signed = await password_sign_in(runtime, name, password, address)
    except RateLimited as refused:
        text = refused.message_en if lang == "en" else refused.message
        page = _sign_in_page(request, back_to, name, text, 429)
        page.headers["Retry-After"] = str(refused.retry_after)
        return page
    except Unauthorized:
        return _sign_in_page(request, back_to, name, t["wrong"], 401)
    # An operator signs in (the password was right) but is shown that the console is not
    # for them; the session is theirs to use in the counter client, not here.
    response = RedirectResponse(back_to, status_code=303)
    lifetime = int(runtime.settings.session_hours * 3600)
    set_session(response, signed.token, lifetime, secure=request.url.scheme == "https")
    return response


@router.post(f"{PATH}/logout")
async def sign_out_here(request: Request, runtime: Runtime) -> Response:
    person = session_person(request)
    response = RedirectResponse(f"{PATH}/login", status_code=303)
    if person is not None:
        form = await read_form(request)
        if same_origin(request) and form.get("csrf") == person.csrf:
            await sign_out(runtime, person.token)
    clear_session(response)
    return response
