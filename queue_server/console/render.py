"""Rendering a console page in the console's frame (templates/console/base.html)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from queue_server.console.nav import sections_for
from queue_server.console.session import CONSOLE_ROLES, LANG_COOKIE, ConsolePerson
from queue_server.console.words import WORDS

templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))
HTML = {"Cache-Control": "no-store", "X-Frame-Options": "DENY"}


def language(request: Request) -> str:
    """`?lang=` when given (and remembered in a cookie), else the remembered one, else id."""
    asked = request.query_params.get("lang")
    if asked in WORDS:
        return asked
    kept = request.cookies.get(LANG_COOKIE)
    return kept if kept in WORDS else "id"


def frame(request: Request, person: ConsolePerson | None, lang: str) -> dict[str, Any]:
    here = dict(request.query_params)
    here["lang"] = WORDS[lang]["switch_lang"]
    runtime = request.app.state.runtime
    return {
        "hall": runtime.hall.name,
        "lang": lang,
        "en": lang == "en",
        "t": WORDS[lang],
        "switch_url": f"{request.url.path}?{urlencode(here)}",
        "person": person,
        "nav": sections_for(person.is_admin) if person and person.role in CONSOLE_ROLES else (),
        "here": request.url.path,
        "csrf_field": Markup('<input type="hidden" name="csrf" value="{}">').format(
            escape(person.csrf)
        )
        if person
        else "",
    }


def render(
    request: Request,
    person: ConsolePerson | None,
    template: str,
    *,
    title: str,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    lang = language(request)
    response = templates.TemplateResponse(
        request,
        template,
        {**frame(request, person, lang), "title": title, **context},
        status_code=status,
        headers=HTML,
    )
    if request.query_params.get("lang") in WORDS:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, path="/", samesite="lax")
    return response


def refused(request: Request, person: ConsolePerson | None, why: str) -> HTMLResponse:
    """The 403 page: what happened and what to do next, in the page's language."""
    t = WORDS[language(request)]
    return render(
        request,
        person,
        "console/refused.html",
        title=t[f"refused_{why}"],
        status=403,
        reason=t[f"refused_{why}"],
        next_step=t[f"refused_{why}_next"],
    )
