"""The app factory: wires settings, runtime, middleware and routers. Nothing else."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from queue_core.hall import Hall
from queue_core.spoken_call import VOICE_DIR
from queue_server import openapi
from queue_server.console import session as console_session
from queue_server.edge import CompactJSON, Edge, install_error_handlers
from queue_server.hot_paths import HotPaths
from queue_server.routes import (
    announcements,
    audit,
    auth,
    booking,
    booking_pages,
    catalogue,
    complaint,
    complaint_pages,
    console,
    console_audit,
    console_cases,
    console_floor,
    console_hall,
    console_hall_booking,
    console_hall_entries,
    console_reports,
    console_staff,
    counters,
    display,
    dossier,
    events,
    hall_admin,
    home,
    notifications,
    pickup,
    reports,
    staff,
    survey,
    survey_report,
    tickets,
    tracking,
)
from queue_server.runtime import Clock, HallRuntime, utc_now
from queue_server.settings import Settings

STATIC = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings, *, clock: Clock = utc_now, hall: Hall | None = None) -> FastAPI:
    runtime = HallRuntime(settings, clock=clock, hall=hall)
    access_log = settings.access_log.open("a", buffering=1) if settings.access_log else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        # Everything loaded by now (routes, models, the hall, the server's own modules)
        # lives all day. Frozen, the collector's full passes no longer walk it: they had
        # stopped the whole server for ~45 ms every ~1,300 requests at the morning rush.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            await runtime.stop()
            if access_log is not None:
                access_log.close()

    app = FastAPI(
        title="Antre hall server",
        version="0.1.0",
        summary="Queue management for Mal Pelayanan Publik halls",
        lifespan=lifespan,
        # /docs is served by routes/home.py from assets on this server (works offline).
        docs_url=None,
        redoc_url=None,
        default_response_class=CompactJSON,
        # A hall server sends nothing off the LAN, and looking up telemetry providers on
        # every request cost more than the tracking lookup itself.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.runtime = runtime
    app.state.survey_limit = survey.PostLimit()
    install_error_handlers(app)
    console_session.install(app)
    openapi.install(app)
    # Busiest first: Starlette tries routes in order (kiosks and phones outnumber the rest).
    # The routers' routes already carry their prefix and tags; adding them to the app's
    # own route list skips the per-request walk FastAPI makes through included routers
    # (about 20 µs a request, a tenth of a tracking lookup).
    for module in (
        tickets,
        tracking,
        catalogue,
        counters,
        events,
        auth,
        announcements,
        audit,
        display,
        staff,
        survey,
        survey_report,
        reports,
        booking,
        notifications,
        complaint,
        pickup,  # before dossier: /dossiers/ready is not a /dossiers/{id}
        dossier,
        hall_admin,
    ):
        app.router.routes.extend(module.router.routes)
    app.router.routes.extend(booking_pages.router.routes)
    app.router.routes.extend(complaint_pages.router.routes)
    app.router.routes.extend(console.router.routes)
    app.router.routes.extend(console_reports.router.routes)
    app.router.routes.extend(console_cases.router.routes)
    app.router.routes.extend(console_floor.router.routes)
    app.router.routes.extend(console_staff.router.routes)
    app.router.routes.extend(console_audit.router.routes)
    app.router.routes.extend(console_hall.router.routes)
    app.router.routes.extend(console_hall_entries.router.routes)
    app.router.routes.extend(console_hall_booking.router.routes)
    app.router.routes.extend(home.router.routes)
    app.mount(home.SWAGGER_UI, home.swagger_files(), name="swagger-ui")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/voice", StaticFiles(directory=VOICE_DIR), name="voice")
    # Added first, so it runs inside Edge (body limit, request log) and the error handlers.
    app.add_middleware(HotPaths)
    app.add_middleware(Edge, body_limit=settings.max_body_bytes, stream=access_log)
    return app
