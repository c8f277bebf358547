"""The server's front door: `/`, a page saying what this server offers and where, and
`/docs`, the API reference, both working on a hall LAN with no internet.

Swagger UI's script and style come from the `fastapi-offline` package (a maintained copy
of swagger-ui-dist 5, which reads OpenAPI 3.1) and are served by the server itself under
/static/swagger-ui: FastAPI's own /docs fetches them from a CDN, a blank page offline.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from queue_server.deps import Runtime

router = APIRouter(tags=["home"])
templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))

SWAGGER_UI = "/static/swagger-ui"
SWAGGER_FILES = Path(fastapi_offline.__file__).resolve().parent / "static"


def swagger_files() -> StaticFiles:
    return StaticFiles(directory=SWAGGER_FILES)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def home(request: Request, runtime: Runtime) -> HTMLResponse:
    hall = runtime.hall
    context = {
        "hall": hall.name,
        "opens": f"{hall.opens:%H:%M}",
        "closes": f"{hall.closes:%H:%M}",
        "services": len(hall.services),
        "counters": len(hall.counters),
    }
    return templates.TemplateResponse(request, "home.html", context)


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
async def docs(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title} · API",
        swagger_js_url=f"{SWAGGER_UI}/swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER_UI}/swagger-ui.css",
        swagger_favicon_url=f"{SWAGGER_UI}/favicon.png",
        # Swagger UI would send the document to validator.swagger.io for its badge.
        swagger_ui_parameters={"validatorUrl": None},
    )
