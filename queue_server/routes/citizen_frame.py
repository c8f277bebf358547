"""What templates/citizen.html (the frame of the booking and complaint phone pages) needs
from every page: the hall's name, the language and its words, and the language switch's
link back to the same page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request


def frame(
    request: Request, hall: str, lang: str, words: dict[str, str], *, drop: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The frame's context. `drop`: query parameters the switched page must not repeat
    (a one-time notice, say)."""
    here = dict(request.query_params)
    here["lang"] = words["switch_lang"]
    for name in drop:
        here.pop(name, None)
    return {
        "hall": hall,
        "lang": lang,
        "t": words,
        "switch_url": f"{request.url.path}?{urlencode(here)}",
    }
