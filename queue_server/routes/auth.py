"""POST /api/v1/auth/login."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from queue_core.events import iso
from queue_server import actions, auth, shapes
from queue_server.deps import Runtime
from queue_server.errors import RateLimited, Unauthorized
from queue_server.openapi import answers
from queue_server.store import staff

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


@router.post("/login", responses=answers(shapes.Session, 401, 429))
async def login(body: Login, request: Request, runtime: Runtime) -> dict[str, Any]:
    client = request.client.host if request.client else "-"
    user_key, client_key = f"user:{body.username.lower()}", f"addr:{client}"
    wait = runtime.throttle.blocked_for(user_key, client_key)
    if wait > 0:
        seconds = int(wait) + 1
        raise RateLimited(
            f"Terlalu banyak percobaan masuk. Coba lagi dalam {seconds} detik.",
            f"Too many sign-in attempts. Try again in {seconds} seconds.",
            retry_after=seconds,
        )
    found = staff.user_for_login(runtime.reader, body.username)
    # argon2 takes tens of milliseconds on purpose; keep it off the event loop.
    ok = await run_in_threadpool(auth.check_password, found[1] if found else None, body.password)
    if found is None or not ok:
        runtime.throttle.failed(user_key, client_key)
        raise Unauthorized("Nama pengguna atau kata sandi salah.", "Wrong user name or password.")
    runtime.throttle.succeeded(user_key)
    principal = found[0]
    token = auth.new_token()
    lifetime = timedelta(hours=runtime.settings.session_hours)
    expires = await runtime.writer(
        actions.start_session, principal.id, auth.hash_token(token), lifetime
    )
    return {
        "access_token": token,
        "token_type": "bearer",
        "role": principal.role,
        "expires_at": iso(expires),
        "agency_id": principal.agency_id,
    }
