"""Sign-in, who am I, sign-out. The password check itself (and its throttle) is
queue_server.sign_in's, shared with the console's sign-in form."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from queue_core.events import iso
from queue_server.deps import Anyone, Runtime, Staff, bearer_token
from queue_server.openapi import errors
from queue_server.sign_in import password_sign_in, sign_out

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


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


@router.post("/login", responses=errors(401, 429))
async def login(body: Login, request: Request, runtime: Runtime) -> Session:
    address = request.client.host if request.client else "-"
    signed = await password_sign_in(runtime, body.username, body.password, address)
    return Session(
        access_token=signed.token,
        role=signed.principal.role,
        expires_at=iso(signed.expires),
        agency_id=signed.principal.agency_id,
    )


@router.get("/me")
async def me(caller: Anyone) -> Me:
    """Who this token belongs to: apps check their token at start with it."""
    kind: Literal["user", "device"] = "user" if caller.kind == "user" else "device"
    return Me(kind=kind, name=caller.name, role=caller.role, agency_id=caller.agency_id)


@router.post("/logout", status_code=204)
async def logout(request: Request, runtime: Runtime, caller: Staff) -> None:
    """End the caller's own session: its token gets 401 from the next request on, and a
    WebSocket open with it is closed (4401)."""
    token = bearer_token(request) or ""
    await sign_out(runtime, token)
