"""Sign-in, who am I, sign-out.

Login throttling (auth.LoginThrottle) reserves an attempt before the password is checked,
on the event loop and before any await: a burst of concurrent guesses cannot all slip in
while the first ones are still being hashed."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from queue_core.events import iso
from queue_server import accounts, actions, auth
from queue_server.deps import Anyone, Runtime, Staff, bearer_token
from queue_server.errors import RateLimited, Unauthorized
from queue_server.store import staff

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
log = logging.getLogger("antre.auth")


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class Session(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    role: str
    expires_at: str
    agency_id: str | None


class Me(BaseModel):
    kind: Literal["user", "device"]
    name: str
    role: str
    agency_id: str | None


def _refused(wait: int) -> RateLimited:
    return RateLimited(
        f"Terlalu banyak percobaan masuk. Coba lagi dalam {wait} detik.",
        f"Too many sign-in attempts. Try again in {wait} seconds.",
        retry_after=wait,
    )


@router.post("/login")
async def login(body: Login, request: Request, runtime: Runtime) -> Session:
    address = request.client.host if request.client else "-"
    # Reserved here, before the first await: the attempt counts from now on, so requests
    # already in flight see it and are refused without reaching argon2.
    attempt = runtime.throttle.reserve(body.username, address)
    if attempt.refused:
        raise _refused(attempt.retry_after)
    found = staff.user_for_login(runtime.reader, body.username)
    # argon2 takes tens of milliseconds on purpose; keep it off the event loop.
    ok = await run_in_threadpool(auth.check_password, found[1] if found else None, body.password)
    # One line per password check: the audit trail of sign-ins (and what the throttle's
    # test counts). The name is repr'd: it is the caller's text, it must not forge lines.
    log.info(
        "password checked for user %r from %s: %s", body.username, address, "ok" if ok else "wrong"
    )
    if found is None or not ok or not found[2]:
        runtime.throttle.failed(attempt)
        raise Unauthorized("Nama pengguna atau kata sandi salah.", "Wrong user name or password.")
    runtime.throttle.succeeded(attempt)
    principal = found[0]
    token = auth.new_token()
    lifetime = timedelta(hours=runtime.settings.session_hours)
    expires = await runtime.writer(
        actions.start_session, principal.id, auth.hash_token(token), lifetime
    )
    return Session(
        access_token=token,
        role=principal.role,
        expires_at=iso(expires),
        agency_id=principal.agency_id,
    )


@router.get("/me")
async def me(caller: Anyone) -> Me:
    """Who this token belongs to: apps check their token at start with it."""
    return Me(kind=caller.kind, name=caller.name, role=caller.role, agency_id=caller.agency_id)  # type: ignore[arg-type]


@router.post("/logout", status_code=204)
async def logout(request: Request, runtime: Runtime, caller: Staff) -> None:
    """End the caller's own session: its token gets 401 from the next request on, and a
    WebSocket open with it is closed (4401)."""
    token = bearer_token(request) or ""
    await runtime.writer(lambda tx: accounts.logout(tx.conn, tx.now, auth.hash_token(token)))
    runtime.credentials_changed()
